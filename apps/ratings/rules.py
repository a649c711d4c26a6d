"""The rating rules, read from the rule table (:mod:`apps.core.rules`) in force on the period's end date.

* ``ratings.score_bands``: the lowest score of each level on the 100-point scale (fail below the last);
* ``ratings.excellent_cap_percent``: within each grassroots organization, those rated excellent may be at most
  this share of those rated good or above (the excellent included);
* ``ratings.disciplined_not_excellent``: a member disciplined in the period may not be rated excellent.

Each refusal names the rule's regulation and the numbers, so the user sees what to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from apps.core import rules
from apps.core.errors import DomainError
from apps.ratings.choices import GOOD_OR_ABOVE, LEVELS, Level

BANDS = "ratings.score_bands"
CAP = "ratings.excellent_cap_percent"
DISCIPLINED = "ratings.disciplined_not_excellent"


def _cite(regulation: str) -> str:
    return _("Quy định %(r)s") % {"r": regulation}


def _num(value: Decimal) -> str:
    """A number as people write it: 20, 85, 89.5 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _label(level: str) -> str:
    return str(Level(level).label)


def band_of(score: Decimal, on_date: dt.date) -> str:
    """The level a score falls in, by the bands in force on ``on_date``."""
    bands = rules.value(BANDS, on_date)
    for level in LEVELS[:-1]:
        if score >= Decimal(str(bands[level])):
            return level
    return Level.FAIL


def band_text(level: str, on_date: dt.date) -> str:
    bands = rules.value(BANDS, on_date)
    floors = [Decimal(str(bands[lv])) for lv in LEVELS[:-1]]
    i = LEVELS.index(Level(level))
    if i == 0:
        return _("từ %(lo)s điểm") % {"lo": _num(floors[0])}
    if i == len(LEVELS) - 1:
        return _("dưới %(hi)s điểm") % {"hi": _num(floors[-1])}
    return _("từ %(lo)s đến dưới %(hi)s điểm") % {"lo": _num(floors[i]), "hi": _num(floors[i - 1])}


def check_score(level: str, score: Decimal | None, on_date: dt.date, *, field: str = "score") -> None:
    """A score must fall in the band of the level it comes with."""
    if score is None:
        return
    if not Decimal(0) <= score <= Decimal(100):
        raise DomainError(_("Điểm phải từ 0 đến 100."), code="invalid", field=field)
    found = band_of(score, on_date)
    if found != level:
        rule = rules.rule(BANDS, on_date)
        raise DomainError(
            _("%(cite)s: %(score)s điểm thuộc mức %(found)s (%(band)s), không phải %(level)s (%(want)s).")
            % {
                "cite": _cite(rule.regulation),
                "score": _num(score),
                "found": _label(found),
                "band": band_text(found, on_date),
                "level": _label(level),
                "want": band_text(level, on_date),
            },
            code="score_band",
            field=field,
        )


def check_not_disciplined(level: str, disciplined: bool, name: str, on_date: dt.date) -> None:
    if level != Level.EXCELLENT or not disciplined:
        return
    rule = rules.rule(DISCIPLINED, on_date)
    if rule.value:
        raise DomainError(
            _("%(cite)s: đảng viên bị kỷ luật trong kỳ không được xếp loại %(level)s (%(name)s).")
            % {"cite": _cite(rule.regulation), "level": _label(Level.EXCELLENT), "name": name},
            code="disciplined_excellent",
            field="level",
        )


def cap_allows(excellent: int, good_or_above: int, percent: Decimal) -> bool:
    """Whether ``excellent`` is within ``percent`` of ``good_or_above`` (exactly the share is allowed)."""
    return Decimal(excellent) * 100 <= percent * Decimal(good_or_above)


def check_cap(levels: Iterable[str], on_date: dt.date, *, whose: str, what: str) -> None:
    """The excellent level is capped at a share of those rated good or above.

    ``whose`` names where it is counted ("Chi bộ Sở Tư pháp"), ``what`` what is counted ("đảng viên")."""
    chosen = list(levels)
    excellent = sum(1 for lv in chosen if lv == Level.EXCELLENT)
    good_or_above = sum(1 for lv in chosen if lv in GOOD_OR_ABOVE)
    rule = rules.rule(CAP, on_date)
    percent = Decimal(str(rule.value))
    if cap_allows(excellent, good_or_above, percent):
        return
    raise DomainError(
        _(
            "%(cite)s: số %(what)s %(excellent_label)s (%(excellent)d) vượt %(percent)s%% số %(good_label)s trở lên "
            "(%(good)d) của %(whose)s; tối đa %(most)d."
        )
        % {
            "cite": _cite(rule.regulation),
            "what": what,
            "excellent_label": _label(Level.EXCELLENT),
            "excellent": excellent,
            "percent": _num(percent),
            "good_label": _label(Level.GOOD),
            "good": good_or_above,
            "whose": whose,
            "most": int(percent * good_or_above // 100),
        },
        code="excellent_cap",
        field="level",
        params={"excellent": excellent, "good_or_above": good_or_above, "percent": str(percent), "rule": CAP},
    )

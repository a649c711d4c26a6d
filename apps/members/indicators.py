"""Indicators on members, for targets, reports and the dashboard (see ``apps.core.indicators``).

What each one counts, for the subtrees of the question's organizations:

* ``members.count`` (level): the members whose membership is open on the last day counted (``question.until``);
  read from the member-count rollup (``counts.py``).
* ``members.admitted`` (flow): memberships started by admission (and, with ``include_readmitted=yes``, by
  readmission) on a day of the period.
* ``members.lost`` (flow): memberships ended on a day of the period for a reason that takes the member off the
  committee's roll (deceased, struck off, expelled, resigned, transferred out of the committee; ``reason``
  narrows it to one).
* ``members.transfers_in`` / ``members.transfers_out`` (flow): memberships started by a transfer from outside the
  committee, and ended by a transfer out of it.

Where an event is counted. Each record is counted in a subtree as that subtree stood on the record's date: a
start on the day it started (the organization under its parent of that day), an end on the member's last day in
the organization (the day before the end date, or the day itself for a membership that ended the day it began).
So a member who left a cell on the day the cell was merged away is counted where the cell stood the day before,
and one who left the merged committee on its first day is counted in it. An end is dated by its end date.

Several organizations: a record is counted once, however the subtrees overlap. For a term spanning a merger the
question names the committee and its predecessors; each event falls in exactly one of them.

Figures are read from the rollups (``counts.py`` for the level, ``flows.py`` for the flows), so asking about
the root of a million members costs a few small index reads; the evidence lists the same records from the
memberships themselves, limited to what the user may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.indicators import Evidence, Figure, Indicator, IndicatorKind, Parameter, Question
from apps.members import counts, flows
from apps.members.choices import EndReason, StartReason
from apps.members.models import Membership
from apps.members.selectors import PERM_VIEW
from apps.organizations.models import OrganizationName, TreePath

YES, NO, ALL = "yes", "no", "all"

# The flows: a start reason or an end reason that moves a member onto or off the committee's roll.
ADMISSION_FLOWS = (StartReason.ADMITTED.value, StartReason.READMITTED.value)
LOST_FLOWS = flows.END_FLOWS


# ---------------------------------------------------------------- the records behind each figure


def _paths_on(roots: Sequence[int], day: Any) -> QuerySet[TreePath]:
    """Closure rows putting the membership's organization under one of ``roots`` on ``day``."""
    return TreePath.objects.filter(
        ancestor_id__in=list(roots), descendant_id=OuterRef("organization_id"), valid_from__lte=day
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def started(roots: Sequence[int], reasons: Sequence[str], start: dt.date | None, until: dt.date) -> QuerySet[Membership]:
    """Memberships started for one of ``reasons`` in [start, until], in the subtrees as they stood that day."""
    qs = Membership.objects.filter(start_reason__in=list(reasons), valid_from__lte=until)
    if start is not None:
        qs = qs.filter(valid_from__gte=start)
    return qs.filter(Exists(_paths_on(roots, OuterRef("valid_from"))))


def ended(roots: Sequence[int], reasons: Sequence[str], start: dt.date | None, until: dt.date) -> QuerySet[Membership]:
    """Memberships ended for one of ``reasons`` in [start, until], in the subtrees as they stood on the member's
    last day in the organization (the day before the end, or the end day for a membership that began that day)."""
    qs = Membership.objects.filter(end_reason__in=list(reasons), valid_to__lte=until)
    if start is not None:
        qs = qs.filter(valid_to__gte=start)
    # the closure row valid on the member's last day: the day before the end (valid_from <= end - 1 < valid_to),
    # or the end day itself when the membership began that day; one EXISTS, so the database can plan a semi-join
    last_day = (
        TreePath.objects.filter(ancestor_id__in=list(roots), descendant_id=OuterRef("organization_id"))
        .filter(valid_from__lte=OuterRef("valid_to"))
        .filter(Q(valid_from__lt=OuterRef("valid_to")) | Q(Exact(OuterRef("valid_to"), OuterRef("valid_from"))))
        .filter(
            Q(valid_to__isnull=True)
            | Q(valid_to__gt=OuterRef("valid_to"))
            | (Q(valid_to=OuterRef("valid_to")) & Q(GreaterThan(OuterRef("valid_to"), OuterRef("valid_from"))))
        )
    )
    return qs.filter(Exists(last_day))


def current(roots: Sequence[int], on_date: dt.date) -> QuerySet[Membership]:
    """Memberships open on ``on_date`` in the subtrees as they stood that day (what ``counts`` counts)."""
    return Membership.objects.open_on(on_date).filter(Exists(_paths_on(roots, on_date)))


# ---------------------------------------------------------------- parameters


def _admission_reasons(params: Any) -> tuple[str, ...]:
    return ADMISSION_FLOWS if params.get("include_readmitted", NO) == YES else (StartReason.ADMITTED.value,)


def _lost_reasons(params: Any) -> tuple[str, ...]:
    reason = params.get("reason", ALL)
    return LOST_FLOWS if reason == ALL else (reason,)


YES_NO = ((NO, _("Không")), (YES, _("Có")))
INCLUDE_READMITTED = Parameter("include_readmitted", _("Tính cả kết nạp lại"), YES_NO)
LOST_REASON = Parameter(
    "reason",
    _("Lý do"),
    (
        (ALL, _("Tất cả lý do")),
        (EndReason.DECEASED.value, EndReason.DECEASED.label),
        (EndReason.STRUCK_OFF.value, EndReason.STRUCK_OFF.label),
        (EndReason.EXPELLED.value, EndReason.EXPELLED.label),
        (EndReason.RESIGNED.value, EndReason.RESIGNED.label),
        (EndReason.TRANSFERRED_OUT.value, EndReason.TRANSFERRED_OUT.label),
    ),
)


# ---------------------------------------------------------------- figures


def outermost(roots: Sequence[int], on_date: dt.date) -> list[int]:
    """The roots that do not lie inside another of them on ``on_date`` (so no subtree is counted twice)."""
    ids = sorted(set(roots))
    if len(ids) < 2:
        return ids
    inner = set(
        TreePath.objects.filter(ancestor_id__in=ids, descendant_id__in=ids, depth__gt=0, valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
        .values_list("descendant_id", flat=True)
    )
    return [i for i in ids if i not in inner]


def _count(q: Question) -> Figure:
    roots = outermost(q.organization_ids, q.until)
    return Figure.count(sum(counts.subtree_counts(roots, q.until).values()))


def _flow_figure(q: Question, starts: Sequence[str], ends: Sequence[str]) -> Figure:
    """From the flow rollup: a few small index reads whatever the size of the subtrees and the period."""
    return Figure.count(flows.total(q.organization_ids, [*starts, *ends], q.start, q.until))


# ---------------------------------------------------------------- evidence


def _name_then(day_field: str) -> Coalesce:
    """The organization's name on the record's date (its current name when it had none that day)."""
    name = OrganizationName.objects.filter(
        organization_id=OuterRef("organization_id"), valid_from__lte=OuterRef(day_field)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(day_field)))
    return Coalesce(Subquery(name.values("name")[:1]), F("organization__name"))


def _shaped(qs: QuerySet[Membership], user: Any, day_field: str) -> QuerySet[Membership]:
    """Limited to what the user may see, in the order of names, with the organization's name of the time."""
    return (
        qs.visible_to(user, PERM_VIEW)  # type: ignore[attr-defined]
        .select_related("person")
        .annotate(organization_name=_name_then("valid_from"))
        .order_by("person__sort_key", "person_id", day_field, "id")
    )


def _person_cell(m: Membership) -> tuple[str, str]:
    return (m.person.full_name, reverse("members:detail", args=[m.person_id]))


def _organization_cell(m: Membership) -> tuple[str, str]:
    return (getattr(m, "organization_name", ""), reverse("organizations:detail", args=[m.organization_id]))


def _current_evidence(q: Question, user: Any) -> Evidence:
    qs = _shaped(current(q.organization_ids, q.until), user, "valid_from")
    return Evidence(
        queryset=qs,
        columns=[_("Họ và tên"), _("Tổ chức"), _("Sinh hoạt từ ngày")],
        row=lambda m: [_person_cell(m), _organization_cell(m), format_date(m.valid_from)],
        note=_("Đảng viên đang sinh hoạt ngày %(d)s.") % {"d": format_date(q.until)},
    )


def _started_evidence(q: Question, user: Any, reasons: Sequence[str]) -> Evidence:
    qs = _shaped(started(q.organization_ids, reasons, q.start, q.until), user, "valid_from")
    return Evidence(
        queryset=qs,
        columns=[_("Họ và tên"), _("Tổ chức"), _("Ngày"), _("Lý do"), _("Số quyết định")],
        row=lambda m: [
            _person_cell(m),
            _organization_cell(m),
            format_date(m.valid_from),
            m.get_start_reason_display(),
            m.decision_symbol,
        ],
    )


def _ended_evidence(q: Question, user: Any, reasons: Sequence[str]) -> Evidence:
    qs = _shaped(ended(q.organization_ids, reasons, q.start, q.until), user, "valid_to")
    return Evidence(
        queryset=qs,
        columns=[_("Họ và tên"), _("Tổ chức"), _("Ngày"), _("Lý do"), _("Số quyết định"), _("Nơi chuyển đến")],
        row=lambda m: [
            _person_cell(m),
            _organization_cell(m),
            format_date(m.valid_to),
            m.get_end_reason_display(),
            m.decision_symbol,
            m.destination,
        ],
    )


# ---------------------------------------------------------------- registration

MEMBERS = _("đảng viên")
AS_STOOD = _(
    "Mỗi bản ghi được tính theo cây tổ chức vào ngày của nó; khi hỏi nhiều tổ chức (ví dụ đảng bộ và các đảng bộ "
    "tiền thân), mỗi bản ghi chỉ được tính một lần."
)

indicators.register(
    Indicator(
        key="members.count",
        label=_("Số đảng viên"),
        kind=IndicatorKind.LEVEL,
        unit=MEMBERS,
        compute=_count,
        evidence=_current_evidence,
        description=format_lazy(
            "{}{}",
            _(
                "Số đảng viên đang sinh hoạt (kể cả sinh hoạt tạm thời) trong các tổ chức trực thuộc vào ngày cuối kỳ "
                "(hoặc ngày xem, nếu sớm hơn). "
            ),
            AS_STOOD,
        ),
    )
)
indicators.register(
    Indicator(
        key="members.admitted",
        label=_("Số đảng viên kết nạp"),
        kind=IndicatorKind.FLOW,
        unit=MEMBERS,
        compute=lambda q: _flow_figure(q, _admission_reasons(q.params), ()),
        evidence=lambda q, user: _started_evidence(q, user, _admission_reasons(q.params)),
        description=format_lazy(
            "{}{}",
            _(
                "Số đảng viên được kết nạp trong kỳ (theo ngày bắt đầu sinh hoạt do kết nạp); "
                "tùy chọn tính cả những người được kết nạp lại. "
            ),
            AS_STOOD,
        ),
        parameters=(INCLUDE_READMITTED,),
    )
)
indicators.register(
    Indicator(
        key="members.lost",
        label=_("Số đảng viên giảm"),
        kind=IndicatorKind.FLOW,
        unit=MEMBERS,
        compute=lambda q: _flow_figure(q, (), _lost_reasons(q.params)),
        evidence=lambda q, user: _ended_evidence(q, user, _lost_reasons(q.params)),
        description=format_lazy(
            "{}{}",
            _(
                "Số đảng viên ra khỏi danh sách của đảng bộ trong kỳ: từ trần, xóa tên, khai trừ, xin ra khỏi Đảng, "
                "chuyển sinh hoạt ra ngoài đảng bộ (hoặc một lý do được chọn). Chuyển sinh hoạt giữa các tổ chức trong "
                "đảng bộ và sắp xếp tổ chức không tính. Được tính ở tổ chức nơi đảng viên sinh hoạt ngày cuối cùng. "
            ),
            AS_STOOD,
        ),
        parameters=(LOST_REASON,),
        higher_is_better=False,
    )
)
indicators.register(
    Indicator(
        key="members.transfers_in",
        label=_("Số đảng viên chuyển đến từ ngoài đảng bộ"),
        kind=IndicatorKind.FLOW,
        unit=MEMBERS,
        compute=lambda q: _flow_figure(q, (StartReason.TRANSFERRED_IN.value,), ()),
        evidence=lambda q, user: _started_evidence(q, user, (StartReason.TRANSFERRED_IN.value,)),
        description=format_lazy(
            "{}{}",
            _(
                "Số đảng viên chuyển sinh hoạt đến từ ngoài đảng bộ trong kỳ (không tính chuyển sinh hoạt giữa các tổ "
                "chức trong đảng bộ). "
            ),
            AS_STOOD,
        ),
    )
)
indicators.register(
    Indicator(
        key="members.transfers_out",
        label=_("Số đảng viên chuyển đi ngoài đảng bộ"),
        kind=IndicatorKind.FLOW,
        unit=MEMBERS,
        compute=lambda q: _flow_figure(q, (), (EndReason.TRANSFERRED_OUT.value,)),
        evidence=lambda q, user: _ended_evidence(q, user, (EndReason.TRANSFERRED_OUT.value,)),
        description=format_lazy(
            "{}{}",
            _(
                "Số đảng viên chuyển sinh hoạt ra ngoài đảng bộ trong kỳ (không tính chuyển sinh hoạt giữa các tổ chức "
                "trong đảng bộ). "
            ),
            AS_STOOD,
        ),
        higher_is_better=False,
    )
)

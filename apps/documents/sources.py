"""The stored texts that cite documents: a small registry of "citing sources" (a model and the texts of its rows),
so the documents app indexes and shows them without the apps that own them importing it back.

Each entry says which texts of a row to index (a decision's symbol is given with its date and issuer, so the
citation resolves to the right registry entry), the row's date (for citations without one), its organization (for
the audit entry), who may see it and where it is shown. :func:`register_source` adds one; an entry whose model is
not installed is skipped (the portal's articles, until that app has them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.dates import format_date


@dataclass(frozen=True)
class CitingSource:
    label: str  # "meetings.meeting"
    name: Any  # what the row is called on a "cited by" list
    perm: str  # who may see a row: ``visible_to(user, perm)`` of the model's queryset
    texts: Callable[[Any], dict[str, str]]  # field -> text to index
    date_of: Callable[[Any], dt.date | None] = lambda obj: None
    organization_id: Callable[[Any], int | None] = lambda obj: getattr(obj, "organization_id", None)
    url: Callable[[Any], str] = lambda obj: obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    describe: Callable[[Any], str] = str
    # the rows a user may see (by default the model's own ``visible_to``)
    visible: Callable[[Any, Any], models.QuerySet[Any]] | None = None
    related: tuple[str, ...] = ()  # select_related for the "cited by" list

    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def installed(self) -> bool:
        try:
            self.model()
        except LookupError:
            return False
        return True

    def visible_rows(self, user: Any) -> models.QuerySet[Any]:
        if self.visible is not None:
            return self.visible(self, user)
        return self.model()._default_manager.visible_to(user, self.perm)  # type: ignore[attr-defined,no-any-return]


SOURCES: dict[str, CitingSource] = {}


def register_source(source: CitingSource) -> None:
    SOURCES[source.label] = source


def available_sources() -> list[CitingSource]:
    """The sources whose model is installed and has its table (an app still without migrations is skipped)."""
    from django.db import connection

    tables = set(connection.introspection.table_names())
    return [s for s in SOURCES.values() if s.installed() and s.model()._meta.db_table in tables]


def source_for(obj: models.Model) -> CitingSource | None:
    return SOURCES.get(obj._meta.label_lower)


def _decision_text(symbol: str, day: dt.date | None, issuer: str) -> str:
    """A decision as a document would cite it, so the parser reads its date and issuing body."""
    if not symbol:
        return ""
    text = symbol
    if day is not None:
        text += f", ngày {format_date(day, 'dash')}"
    if issuer:
        text += f" của {issuer}"
    return text


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# ---------------------------------------------------------------- the sources of this project


def _reorganization_org(obj: Any) -> int | None:
    return obj.links.order_by("id").values_list("organization_id", flat=True).first()  # type: ignore[no-any-return]


register_source(
    CitingSource(
        label="organizations.reorganization",
        name=_("Sắp xếp tổ chức"),
        perm="organizations.view",
        texts=lambda r: {
            "decision": _decision_text(r.decision_symbol, r.decision_date, r.decision_issuer),
            "title": r.title,
            "note": r.note,
        },
        date_of=lambda r: r.decision_date or r.effective_on,
        organization_id=_reorganization_org,
        url=lambda r: _url("organizations:detail", org) if (org := _reorganization_org(r)) else "",
        describe=lambda r: f"{r.get_kind_display()} {format_date(r.effective_on)}" + (f": {r.title}" if r.title else ""),
    )
)
register_source(
    CitingSource(
        label="targets.resolution",
        name=_("Nghị quyết, chỉ tiêu"),
        perm="targets.view",
        texts=lambda r: {"symbol": _decision_text(r.symbol, r.issued_on, r.issuer), "title": r.title, "text": r.text},
        date_of=lambda r: r.issued_on,
        organization_id=lambda r: r.term.organization_id,
        url=lambda r: _url("targets:term_report", r.term_id),
        describe=lambda r: f"{r.symbol}: {r.title}",
        related=("term",),
    )
)
register_source(
    CitingSource(
        label="meetings.meeting",
        name=_("Biên bản sinh hoạt chi bộ"),
        perm="meetings.view",
        texts=lambda m: {"minutes": m.minutes},
        date_of=lambda m: m.on_date,
        url=lambda m: _url("meetings:detail", m.pk),
        describe=lambda m: f"{m.organization.name}, {format_date(m.on_date)}" + (f": {m.topic}" if m.topic else ""),
        related=("organization",),
    )
)


def _article_texts(a: Any) -> dict[str, str]:
    return {f: getattr(a, f) or "" for f in ("title", "lead", "body") if hasattr(a, f)}


def _articles_visible(source: CitingSource, user: Any) -> models.QuerySet[Any]:
    manager = source.model()._default_manager
    public = manager.public() if hasattr(manager, "public") else manager.none()  # type: ignore[attr-defined]
    return manager.visible_to(user, source.perm) | public  # type: ignore[attr-defined,no-any-return]


register_source(
    CitingSource(
        label="portal.article",
        name=_("Bài viết trên trang tin"),
        perm="portal.write",
        texts=_article_texts,
        date_of=lambda a: timezone.localdate(a.publish_at) if getattr(a, "publish_at", None) else None,
        describe=lambda a: getattr(a, "title", str(a)),
        visible=_articles_visible,
    )
)

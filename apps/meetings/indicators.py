"""Meeting indicators, for targets, reports and the dashboard (see ``apps.core.indicators``).

* ``meetings.regularity`` (rate): of the cells in the question's subtrees (in at least one month of the period that
  is over by the day asked, each month's subtree as it stood on the 15th), those that met (a closed meeting, regular
  or thematic) in every such month.
* ``meetings.thematic_regularity`` (rate): of the cells in the subtrees in at least one complete calendar quarter
  of the period, those that held a thematic meeting in each such quarter.
* ``meetings.attendance_rate`` (rate): members present over members expected (present + excused + unexcused;
  those exempt are not expected) at the closed meetings of the organizations in the subtrees, in the months of the
  period.

The figures read the monthly rollup (:mod:`apps.meetings.rollups`), never the attendance rows. The evidence lists,
limited to what the user may see: per cell, its months met and its meetings and attendance in the period (for the
two regularity figures); per closed meeting, those present and expected (for the attendance rate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.indicators import Evidence, Figure, Indicator, IndicatorKind, Question
from apps.meetings import rollups
from apps.meetings.choices import AttendanceStatus
from apps.meetings.models import Meeting, MeetingMonthRollup
from apps.meetings.selectors import PERM_VIEW
from apps.organizations.choices import CELL_KINDS
from apps.organizations.models import Organization, TreePath

EXPECTED = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)


def _start(q: Question) -> dt.date:
    if q.start is not None:
        return q.start
    first = MeetingMonthRollup.objects.order_by("month").values_list("month", flat=True).first()
    return first or q.until


def _regularity(q: Question) -> Figure:
    r = rollups.subtree_regularity(q.organization_ids, _start(q), q.until)
    return Figure.rate(r.regular, r.cells)


def _thematic(q: Question) -> Figure:
    r = rollups.subtree_regularity(q.organization_ids, _start(q), q.until)
    return Figure.rate(r.thematic_regular, r.cells_with_quarters)


def _attendance(q: Question) -> Figure:
    a = rollups.subtree_attendance(q.organization_ids, _start(q), q.until)
    return Figure.rate(a.present, a.expected)


# ---------------------------------------------------------------- evidence


def _sum(q: Question, field: str, condition: Q | None = None) -> Coalesce:
    rows = MeetingMonthRollup.objects.filter(
        organization_id=OuterRef("pk"), month__gte=rollups.month_of(_start(q)), month__lte=q.until
    )
    if condition is not None:
        rows = rows.filter(condition)
    value = rows.order_by().values("organization_id").annotate(n=Sum(field) if field != "months" else Count("id")).values("n")
    return Coalesce(Subquery(value, output_field=IntegerField()), 0)


def _cells(q: Question, user: Any) -> QuerySet[Organization]:
    start = _start(q)
    inside = TreePath.objects.filter(
        ancestor_id__in=list(q.organization_ids), descendant_id=OuterRef("pk"), valid_from__lte=q.until
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
    return (
        Organization.objects.visible_to(user, PERM_VIEW)
        .filter(kind__in=CELL_KINDS)
        .filter(Exists(inside))
        .annotate(
            months_met=_sum(q, "months", Q(regular_held__gt=0) | Q(thematic_held__gt=0)),
            regular=_sum(q, "regular_held"),
            thematic=_sum(q, "thematic_held"),
            expected=_sum(q, "expected"),
            present=_sum(q, "present"),
        )
        .order_by("sort_key", "id")
    )


def _cell_evidence(q: Question, user: Any) -> Evidence:
    return Evidence(
        queryset=_cells(q, user),
        columns=[
            _("Chi bộ"),
            _("Số tháng có họp"),
            _("Sinh hoạt thường kỳ"),
            _("Sinh hoạt chuyên đề"),
            _("Có mặt"),
            _("Phải dự"),
        ],
        row=lambda o: [
            (o.name, reverse("organizations:detail", args=[o.pk])),
            o.months_met,
            o.regular,
            o.thematic,
            o.present,
            o.expected,
        ],
        note=_("Các chi bộ thuộc phạm vi trong kỳ; mỗi tháng tính theo cây tổ chức ngày 15 của tháng."),
    )


def _meeting_evidence(q: Question, user: Any) -> Evidence:
    start = rollups.month_of(_start(q))
    inside = TreePath.objects.filter(
        ancestor_id__in=list(q.organization_ids), descendant_id=OuterRef("organization_id"), valid_from__lte=OuterRef("on_date")
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("on_date")))
    qs = (
        Meeting.objects.visible_to(user, PERM_VIEW)
        .filter(closed_at__isnull=False, on_date__gte=start, on_date__lte=q.until)
        .filter(Exists(inside))
        .select_related("organization")
        .annotate(
            n_present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
            n_expected=Count("attendances", filter=Q(attendances__status__in=EXPECTED)),
        )
        .order_by("on_date", "organization__sort_key", "id")
    )
    return Evidence(
        queryset=qs,
        columns=[_("Ngày họp"), _("Tổ chức"), _("Loại"), _("Có mặt"), _("Phải dự")],
        row=lambda m: [
            (format_date(m.on_date), reverse("meetings:detail", args=[m.pk])),
            m.organization.name,
            m.get_kind_display(),
            m.n_present,
            m.n_expected,
        ],
        note=_("Các buổi sinh hoạt đã kết thúc trong kỳ; đảng viên miễn sinh hoạt không tính vào số phải dự."),
    )


indicators.register(
    Indicator(
        key="meetings.regularity",
        label=_("Tỉ lệ chi bộ sinh hoạt đều đặn hằng tháng"),
        kind=IndicatorKind.RATE,
        unit="%",
        compute=_regularity,
        evidence=_cell_evidence,
        description=_(
            "Số chi bộ có họp (buổi sinh hoạt đã kết thúc) trong mọi tháng của kỳ đã qua, trên số chi bộ thuộc phạm vi; "
            "mỗi tháng tính theo cây tổ chức ngày 15 của tháng."
        ),
    )
)
indicators.register(
    Indicator(
        key="meetings.thematic_regularity",
        label=_("Tỉ lệ chi bộ sinh hoạt chuyên đề mỗi quý"),
        kind=IndicatorKind.RATE,
        unit="%",
        compute=_thematic,
        evidence=_cell_evidence,
        description=_("Số chi bộ có sinh hoạt chuyên đề trong mọi quý trọn vẹn của kỳ, trên số chi bộ thuộc phạm vi."),
    )
)
indicators.register(
    Indicator(
        key="meetings.attendance_rate",
        label=_("Tỉ lệ đảng viên dự sinh hoạt"),
        kind=IndicatorKind.RATE,
        unit="%",
        compute=_attendance,
        evidence=_meeting_evidence,
        description=_(
            "Số lượt đảng viên có mặt trên số lượt phải dự (có mặt, vắng có lý do, vắng không lý do) ở các buổi sinh "
            "hoạt đã kết thúc trong kỳ."
        ),
    )
)

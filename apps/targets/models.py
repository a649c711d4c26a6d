"""Terms, their congresses and resolutions, the targets a resolution sets and the values entered by hand.

A target's result is never stored: it is computed from an indicator (see :mod:`apps.core.indicators`) or read
from the latest :class:`Measurement` entered by hand, and judged by :mod:`apps.targets.status`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.organizations.models import Organization
from apps.targets.choices import Comparator, TargetGroup, TargetKind, TargetPeriod
from apps.targets.querysets import CongressQuerySet, MeasurementQuerySet, ResolutionQuerySet, TargetQuerySet, TermQuerySet

ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


class Term(AuditedModel):
    """A term (nhiệm kỳ) of an organization, e.g. 2020-2025, from its congress to the next."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="terms", verbose_name=_("tổ chức"))
    label = models.CharField(_("nhiệm kỳ"), max_length=20)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    # Organizations whose subtrees the term's targets cover besides its own (e.g. the committees it was formed
    # from, for a term that began before a merger). Empty: the organization and the predecessors it absorbed whole.
    covers = models.ManyToManyField(Organization, blank=True, related_name="+", verbose_name=_("phạm vi"))

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "-start_date"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "label"],
                name="term_unique_label",
                violation_error_message=_("Tổ chức đã có nhiệm kỳ này."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="term_end_after_start",
                violation_error_message=_("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}, nhiệm kỳ {self.label}"

    @property
    def last_day(self) -> dt.date:
        """The last day of the term: the day before the next congress (or the organization's end) takes over."""
        return self.end_date - dt.timedelta(days=1)

    def years(self) -> list[int]:
        """The calendar years the term reviews one by one: those it begins in or covers to their end."""
        last = self.last_day.year if self.last_day >= dt.date(self.last_day.year, 12, 31) else self.last_day.year - 1
        return list(range(self.start_date.year, last + 1))


class Congress(AuditedModel):
    term = models.OneToOneField(Term, on_delete=models.PROTECT, related_name="congress")
    # the organization that held it (a term that began before a merger was opened by a predecessor's congress)
    held_by = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("tổ chức đại hội"))
    ordinal = models.PositiveSmallIntegerField(_("lần thứ"))
    opened_on = models.DateField(_("khai mạc"))
    closed_on = models.DateField(_("bế mạc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    delegates_summoned = models.PositiveIntegerField(_("đại biểu được triệu tập"), null=True, blank=True)
    delegates_present = models.PositiveIntegerField(_("đại biểu có mặt"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__gte=F("opened_on")),
                name="congress_close_after_open",
                violation_error_message=_("Ngày bế mạc phải từ ngày khai mạc trở đi."),
            ),
            models.CheckConstraint(
                condition=Q(delegates_present__isnull=True)
                | Q(delegates_summoned__isnull=True)
                | Q(delegates_present__lte=F("delegates_summoned")),
                name="congress_present_le_summoned",
                violation_error_message=_("Số đại biểu có mặt không thể vượt số được triệu tập."),
            ),
        ]

    def __str__(self) -> str:
        return f"Đại hội lần thứ {self.roman}"

    @property
    def roman(self) -> str:
        return roman(self.ordinal)


class Resolution(AuditedModel):
    """The congress resolution (or another resolution of the term) that sets targets."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="resolutions")
    symbol = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    title = models.CharField(_("trích yếu"), max_length=500)
    text = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(_("tệp"), upload_to="resolutions/%Y", blank=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["term", "issued_on", "id"]
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")

    def __str__(self) -> str:
        return f"Nghị quyết {self.symbol}"


class Target(AuditedModel):
    """A target (chỉ tiêu) set by a resolution, in the committee's own words."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="targets")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    statement = models.TextField(_("nội dung chỉ tiêu"))
    group = models.CharField(_("nhóm"), max_length=24, choices=TargetGroup.choices, default=TargetGroup.PARTY_BUILDING)
    kind = models.CharField(_("loại"), max_length=16, choices=TargetKind.choices)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    baseline = models.DecimalField(_("giá trị đầu nhiệm kỳ"), max_digits=14, decimal_places=2, null=True, blank=True)
    comparator = models.CharField(_("so sánh"), max_length=16, choices=Comparator.choices, default=Comparator.AT_LEAST)
    goal = models.DecimalField(_("mục tiêu"), max_digits=14, decimal_places=2, null=True, blank=True)
    goal_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    period = models.CharField(_("kỳ tính"), max_length=16, choices=TargetPeriod.choices, default=TargetPeriod.WHOLE_TERM)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2, default=Decimal(1))
    indicator = models.CharField(_("chỉ số tính tự động"), max_length=64, blank=True)
    indicator_params = models.JSONField(_("tham số chỉ số"), default=dict, blank=True)
    # Organizations whose subtrees this target counts; empty: those of its term.
    covers = models.ManyToManyField(Organization, blank=True, related_name="+", verbose_name=_("phạm vi"))
    note = models.TextField(_("ghi chú"), blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "number"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "number"],
                name="target_unique_number",
                violation_error_message=_("Số thứ tự chỉ tiêu đã có trong nghị quyết."),
            ),
            models.CheckConstraint(
                condition=Q(comparator="by_date", goal_date__isnull=False) | (~Q(comparator="by_date") & Q(goal__isnull=False)),
                name="target_has_goal",
                violation_error_message=_("Chỉ tiêu cần mục tiêu (hoặc hạn hoàn thành đối với mốc)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.statement[:80]}"

    @property
    def is_computed(self) -> bool:
        return bool(self.indicator)

    @property
    def term(self) -> Term:
        return self.resolution.term


class Measurement(AuditedModel):
    """A value entered by hand for a target, with the date it holds on and its evidence. Never edited: a
    correction is a new measurement, a mistaken one is withdrawn with a reason; the history stays."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="measurements")
    on_date = models.DateField(_("số liệu tính đến ngày"))
    # For a target judged each year: the year the value belongs to.
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    # For a milestone: the day it was completed (empty: not yet).
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    evidence = models.CharField(_("căn cứ"), max_length=500)
    evidence_symbol = models.CharField(_("số, ký hiệu văn bản căn cứ"), max_length=64, blank=True)
    evidence_file = models.FileField(_("tệp căn cứ"), upload_to="evidence/%Y", blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entered_by_label = models.CharField(_("người nhập"), max_length=150)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(_("lý do rút"), max_length=500, blank=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["target", "-on_date", "-id"]
        verbose_name = _("kết quả nhập tay")
        verbose_name_plural = _("kết quả nhập tay")
        indexes = [models.Index(fields=["target", "on_date"], name="measurement_target_idx")]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value} ({self.on_date})"

"""Review periods and the reviews of members and organizations in them.

Each review records three steps, each with its date and who recorded it: the self-assessment, the proposal (a
cell's proposal for its members; for an organization, the proposal of the body above it) and the committee's
decision. The current level is derived from the latest step recorded (:attr:`StepsMixin.level`), never stored
beside them.

There is no discipline module yet: whether a member was disciplined in the period is recorded on the review
itself (``disciplined_in_period`` with a note), by the cell or the committee, and the rule that a disciplined
member may not be rated excellent reads that flag.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.members.models import Person
from apps.organizations.models import Organization
from apps.ratings.choices import Level, PeriodKind, Step
from apps.ratings.querysets import MemberReviewQuerySet, OrganizationReviewQuerySet, ReviewPeriodQuerySet

SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ReviewPeriod(AuditedModel):
    """A review (yearly, quarterly, per term or ad hoc) of the members and organizations of a subtree."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="review_periods", verbose_name=_("tổ chức")
    )
    kind = models.CharField(_("loại đợt"), max_length=16, choices=PeriodKind.choices, default=PeriodKind.YEARLY)
    year = models.PositiveSmallIntegerField(_("năm"))
    label = models.CharField(_("tên đợt"), max_length=120, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = ReviewPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-end_date", "organization", "id"]
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = _("đợt đánh giá, xếp loại")
        indexes = [models.Index(fields=["end_date"], name="review_period_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="review_period_interval",
                violation_error_message=_("Ngày kết thúc đợt phải từ ngày bắt đầu trở đi."),
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "start_date", "end_date"],
                name="review_period_unique",
                violation_error_message=_("Tổ chức đã có đợt đánh giá này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization.name}"

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        if self.kind == PeriodKind.YEARLY:
            return f"Năm {self.year}"
        return f"{self.get_kind_display()} {self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y}"


class StepsMixin(models.Model):
    """The three steps of a review. ``level`` is the latest step recorded."""

    self_level = models.CharField(_("tự xếp loại"), max_length=16, choices=Level.choices, blank=True)
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE)
    self_note = models.CharField(_("nhận xét tự đánh giá"), max_length=1000, blank=True)
    self_on = models.DateField(_("ngày tự đánh giá"), null=True, blank=True)
    self_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    proposed_level = models.CharField(_("mức đề xuất"), max_length=16, choices=Level.choices, blank=True)
    proposed_score = models.DecimalField(
        _("điểm đề xuất"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    proposed_on = models.DateField(_("ngày đề xuất"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_by_label = models.CharField(_("người đề xuất"), max_length=150, blank=True)

    decided_level = models.CharField(_("mức quyết định"), max_length=16, choices=Level.choices, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by_label = models.CharField(_("người quyết định"), max_length=150, blank=True)
    decision_symbol = models.CharField(_("số, ký hiệu quyết định"), max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def level(self) -> str:
        """The current level: the decision, else the proposal, else the self-assessment ('' when none)."""
        return self.decided_level or self.proposed_level or self.self_level

    @property
    def step(self) -> str:
        if self.decided_level:
            return Step.DECIDED
        if self.proposed_level:
            return Step.PROPOSED
        if self.self_level:
            return Step.SELF
        return ""

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level else ""

    @property
    def step_label(self) -> str:
        return str(Step(self.step).label) if self.step else ""

    def decided_by_day(self, day: dt.date) -> str:
        """The decided level as of ``day`` ('' when the decision came later)."""
        return self.decided_level if self.decided_on is not None and self.decided_on <= day else ""


def _step_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(self_level="") | Q(self_on__isnull=False),
            name=f"{prefix}_self_dated",
            violation_error_message=_("Tự đánh giá cần có ngày."),
        ),
        models.CheckConstraint(
            condition=Q(proposed_level="") | Q(proposed_on__isnull=False),
            name=f"{prefix}_proposal_dated",
            violation_error_message=_("Đề xuất cần có ngày."),
        ),
        models.CheckConstraint(
            condition=Q(decided_level="") | Q(decided_on__isnull=False),
            name=f"{prefix}_decision_dated",
            violation_error_message=_("Quyết định cần có ngày."),
        ),
    ]


class MemberReview(StepsMixin, AuditedModel):
    """One member's review in a period."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.PROTECT, related_name="member_reviews")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("đảng viên"))
    # The grassroots organization the member belonged to at the period's end (where the cap is counted) and the
    # organization of the membership itself (the cell that proposes).
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="member_reviews", verbose_name=_("tổ chức cơ sở đảng")
    )
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ"))
    disciplined_in_period = models.BooleanField(_("bị kỷ luật trong kỳ"), default=False)
    discipline_note = models.CharField(_("ghi chú kỷ luật"), max_length=500, blank=True)

    objects = MemberReviewQuerySet.as_manager()

    class Meta:
        ordering = ["period", "person__sort_key", "id"]
        verbose_name = _("đánh giá, xếp loại đảng viên")
        verbose_name_plural = _("đánh giá, xếp loại đảng viên")
        indexes = [
            models.Index(fields=["period", "organization"], name="member_review_org_idx"),
            models.Index(fields=["person", "period"], name="member_review_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person"],
                name="member_review_unique",
                violation_error_message=_("Đảng viên đã có bản đánh giá trong đợt này."),
            ),
            *_step_constraints("member_review"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.period.title}"


class OrganizationReview(StepsMixin, AuditedModel):
    """One organization's review in a period."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.PROTECT, related_name="organization_reviews")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="organization_reviews", verbose_name=_("tổ chức")
    )

    objects = OrganizationReviewQuerySet.as_manager()

    class Meta:
        ordering = ["period", "organization__sort_key", "id"]
        verbose_name = _("đánh giá, xếp loại tổ chức đảng")
        verbose_name_plural = _("đánh giá, xếp loại tổ chức đảng")
        indexes = [models.Index(fields=["organization", "period"], name="org_review_org_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization"],
                name="org_review_unique",
                violation_error_message=_("Tổ chức đã có bản đánh giá trong đợt này."),
            ),
            *_step_constraints("org_review"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.period.title}"

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.core.text import full_name
from apps.members.choices import (
    LEAVING_REASONS,
    EducationLevel,
    EndReason,
    Gender,
    MembershipKind,
    MemberStatus,
    PostKind,
    StartReason,
    TheoryLevel,
)
from apps.members.querysets import MembershipQuerySet, PersonQuerySet, PostHoldingQuerySet
from apps.organizations.models import Organization


class Person(AuditedModel):
    """A Party member's record. Status is derived from the dated facts below, never stored."""

    family_name = models.CharField(_("họ"), max_length=60, blank=True)
    middle_name = models.CharField(_("tên đệm"), max_length=80, blank=True)
    given_name = models.CharField(_("tên"), max_length=60)
    # indexed with the birth date (duplicates are the same folded name and birth date), and by trigrams on
    # PostgreSQL (search); a plain index on it alone would only cost every insert
    name_folded = models.CharField(max_length=220, editable=False)
    sort_key = models.CharField(max_length=800, editable=False)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, blank=True)
    religion = models.CharField(_("tôn giáo"), max_length=40, blank=True)
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    education_level = models.CharField(_("trình độ học vấn"), max_length=16, choices=EducationLevel.choices, blank=True)
    theory_level = models.CharField(_("lý luận chính trị"), max_length=16, choices=TheoryLevel.choices, blank=True)
    admission_date = models.DateField(_("ngày vào Đảng"))
    full_member_date = models.DateField(_("ngày chính thức"), null=True, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, blank=True)
    # The organization holding the record: the one of the current membership, or the last one.
    # indexed by person_org_sort_idx (organization, sort_key)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people", db_index=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="member_record"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["organization", "sort_key"], name="person_org_sort_idx"),
            models.Index(fields=["sort_key"], name="person_sort_idx"),
            models.Index(fields=["name_folded", "birth_date"], name="person_name_birth_idx"),
            models.Index(fields=["birth_date"], name="person_birth_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=~Q(citizen_id=""),
                name="person_citizen_id_unique",
                violation_error_message=_("Số CCCD đã có trong hệ thống."),
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~Q(card_number=""),
                name="person_card_unique",
                violation_error_message=_("Số thẻ đảng viên đã có trong hệ thống."),
            ),
            models.CheckConstraint(
                condition=Q(admission_date__gt=F("birth_date")),
                name="person_admitted_after_birth",
                violation_error_message=_("Ngày vào Đảng phải sau ngày sinh."),
            ),
            models.CheckConstraint(
                condition=Q(full_member_date__isnull=True) | Q(full_member_date__gt=F("admission_date")),
                name="person_full_after_admission",
                violation_error_message=_("Ngày chính thức phải sau ngày vào Đảng."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.family_name, self.middle_name, self.given_name)

    def status_on(self, on_date: dt.date | None = None, last: Membership | None = None) -> str:
        on_date = on_date or timezone.localdate()
        if last is not None and last.valid_to is not None and last.valid_to <= on_date and last.end_reason in LEAVING_REASONS:
            return MemberStatus.LEFT
        if self.full_member_date is not None and self.full_member_date <= on_date:
            return MemberStatus.FULL
        return MemberStatus.PROBATIONARY

    def seniority_years(self, on_date: dt.date | None = None) -> int:
        on_date = on_date or timezone.localdate()
        years = on_date.year - self.admission_date.year
        if (on_date.month, on_date.day) < (self.admission_date.month, self.admission_date.day):
            years -= 1
        return max(years, 0)


class Membership(AuditedModel):
    """A member's activity in one organization over a dated interval. One open interval at a time."""

    # both indexed first in the composite indexes below (and person by one_open_membership)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", db_index=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships", db_index=False)
    kind = models.CharField(_("hình thức"), max_length=16, choices=MembershipKind.choices, default=MembershipKind.PERMANENT)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    start_reason = models.CharField(_("lý do bắt đầu"), max_length=20, choices=StartReason.choices)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=20, choices=EndReason.choices, blank=True)
    # For a temporary transfer: the organization that keeps the member's official record.
    home_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_symbol = models.CharField(_("số quyết định, giấy giới thiệu"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    destination = models.CharField(_("nơi chuyển đến, chuyển đi"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    reorganization_id = models.BigIntegerField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person", "valid_from", "id"]
        indexes = [
            models.Index(fields=["organization", "valid_from"], name="membership_org_idx"),
            models.Index(fields=["person", "valid_from"], name="membership_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="one_open_membership",
                violation_error_message=_("Đảng viên đang sinh hoạt ở một tổ chức khác."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_interval",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | ~Q(end_reason=""),
                name="membership_end_has_reason",
                violation_error_message=_("Kết thúc sinh hoạt phải có lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization} {self.valid_from}–{self.valid_to or ''}"


class PostHolding(AuditedModel):
    """Who held a post (Secretary, Standing Committee member ...) in an organization, from when to when."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="post_holdings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts")
    post = models.CharField(_("chức vụ"), max_length=24, choices=PostKind.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    term_label = models.CharField(_("nhiệm kỳ"), max_length=20, blank=True)
    decision_symbol = models.CharField(_("quyết định"), max_length=64, blank=True)

    objects = PostHoldingQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "post", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="post_interval",
                violation_error_message=_("Ngày thôi giữ chức vụ phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["organization", "post"],
                condition=Q(valid_to__isnull=True, post="secretary"),
                name="one_current_secretary",
                violation_error_message=_("Tổ chức đã có Bí thư đương nhiệm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.person}"


class MemberCountDelta(models.Model):
    """Derived rollup: how the member count of ``node``'s subtree changes on ``on_date``.

    Maintained by the membership services (for each membership change, one row per ancestor) and rebuilt
    for the organizations a reorganization touched, so the count of any subtree on any date is the sum
    of one indexed range: ``SUM(delta) WHERE node = X AND on_date <= D``.
    """

    # db_index=False: the unique (node, on_date) index serves lookups by node.
    node = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    on_date = models.DateField()
    delta = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "on_date"], name="count_delta_unique")]
        # The whole tree as of a date reads the deltas of a date range across all nodes (see counts.py).
        indexes = [models.Index(fields=["on_date", "node", "delta"], name="count_delta_date_idx")]


class MemberCountCheckpointDate(models.Model):
    """Derived: a date at which every node's subtree count is kept in ``MemberCountCheckpoint``.

    Only dates listed here are complete, so a reader may start from them; a node without a row on such a
    date has no members in its subtree then.
    """

    on_date = models.DateField(unique=True)

    class Meta:
        ordering = ["on_date"]


class MemberCountCheckpoint(models.Model):
    """Derived rollup: the member count of ``node``'s subtree on a checkpoint date (the running sum of
    ``MemberCountDelta`` up to and including that date). Rows with no members may be absent.

    A count on D reads the checkpoint nearest to D and the deltas between them, so neither one subtree nor the
    whole tree needs to sum its history from the beginning.
    """

    node = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    on_date = models.DateField()
    members = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "on_date"], name="count_checkpoint_node_unique")]
        # The whole tree on a date reads every row of one checkpoint date from this index alone.
        indexes = [models.Index(fields=["on_date", "node", "members"], name="count_checkpoint_date_idx")]


class MemberFlowDelta(models.Model):
    """Derived rollup: how many memberships in ``node``'s subtree started or ended on ``on_date`` by ``flow``
    (a start reason such as ``admitted`` or an end reason such as ``deceased``; see ``flows.py``).

    Maintained by the membership services and the reorganizations like ``MemberCountDelta``, so the admissions
    of any subtree over any period are the sum of one indexed range instead of a scan of the memberships.
    """

    # db_index=False: the unique (node, flow, on_date) index serves lookups by node.
    node = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    on_date = models.DateField()
    flow = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "flow", "on_date"], name="flow_delta_unique")]


class MemberFlowMonth(models.Model):
    """Derived rollup: the sums of ``MemberFlowDelta`` per calendar month (``month`` is its first day), so a period
    of years reads one row per month and flow plus the days of its first and last months."""

    node = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    flow = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "flow", "month"], name="flow_month_unique")]

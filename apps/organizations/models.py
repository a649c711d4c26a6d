"""The organization tree, dated.

``ParentLink`` rows are the truth: who sat under whom, from when to when. Two tables are derived from
them by the services and never written elsewhere:

* ``TreePath``: the dated closure (ancestor, descendant, interval), so a subtree *as of any date* is one
  indexed query;
* ``ScopePath``: the closure of the tree as it stands now (an ended organization stays at its last
  place), which the scoping mechanism uses.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.organizations.choices import OrganizationKind, ReorganizationKind, Sector
from apps.organizations.querysets import OrganizationQuerySet, ReorganizationQuerySet


class Organization(AuditedModel):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    kind = models.CharField(_("loại tổ chức"), max_length=32, choices=OrganizationKind.choices)
    host_body = models.CharField(_("cơ quan, đơn vị"), max_length=255, blank=True)
    sector = models.CharField(_("khối, loại hình"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    founded_on = models.DateField(_("ngày thành lập"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("founded_on")),
                name="org_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày thành lập."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def alive_on(self, on_date: dt.date) -> bool:
        return self.founded_on <= on_date and (self.ended_on is None or self.ended_on > on_date)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class OrganizationName(AuditedModel):
    """The names an organization has borne, dated (a rename closes one and opens the next)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(_("tên"), max_length=255)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organization", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["organization"], condition=Q(valid_to__isnull=True), name="one_open_name_per_org"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="org_name_interval",
                violation_error_message=_("Khoảng thời gian không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Reorganization(AuditedModel):
    """A dated event that changed the tree, citing its decision (e.g. 1628-QĐ/TU of 27-6-2019)."""

    kind = models.CharField(_("loại"), max_length=16, choices=ReorganizationKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"), db_index=True)
    decision_symbol = models.CharField(_("số, ký hiệu quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.CharField(_("nội dung"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    request_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=150, blank=True)

    objects = ReorganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")

    def __str__(self) -> str:
        decision = f" ({self.decision_symbol})" if self.decision_symbol else ""
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}{decision}"


class ReorganizationLink(AuditedModel):
    """What one reorganization did to one organization, with the lineage it created."""

    class Role(models.TextChoices):
        FOUNDED = "founded", _("thành lập")
        RENAMED = "renamed", _("đổi tên")
        MOVED = "moved", _("chuyển trực thuộc")
        ENDED = "ended", _("kết thúc")
        RECEIVED = "received", _("tiếp nhận")

    reorganization = models.ForeignKey(Reorganization, on_delete=models.PROTECT, related_name="links")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reorganization_links")
    role = models.CharField(max_length=16, choices=Role.choices)
    # Lineage: the organization this one came from (for founded/received) or went into (for ended).
    predecessor = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="predecessor_links")
    old_parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    new_parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    old_name = models.CharField(max_length=255, blank=True)
    new_name = models.CharField(max_length=255, blank=True)
    members_moved = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["reorganization", "id"]


class ParentLink(AuditedModel):
    child = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="parent_links")
    parent = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="child_links")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reorganization = models.ForeignKey(Reorganization, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["child", "valid_from"]
        indexes = [models.Index(fields=["parent", "valid_from"], name="parentlink_parent_idx")]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(valid_to__isnull=True), name="one_open_parent"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="parentlink_interval",
                violation_error_message=_("Khoảng thời gian không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=~Q(child=F("parent")),
                name="parentlink_not_self",
                violation_error_message=_("Một tổ chức không thể trực thuộc chính nó."),
            ),
        ]


class TreePath(models.Model):
    """Derived: ``ancestor`` contains ``descendant`` during [valid_from, valid_to). Depth 0 is existence."""

    ancestor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="descendant_paths")
    descendant = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ancestor_paths")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "valid_from"], name="treepath_anc_idx"),
            models.Index(fields=["descendant", "valid_from"], name="treepath_desc_idx"),
        ]


class ScopePath(models.Model):
    """Derived: the closure of the tree as it stands now (ended organizations at their last place)."""

    ancestor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="scope_descendants")
    descendant = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="scope_ancestors")
    depth = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "descendant"], name="scopepath_unique")]
        indexes = [models.Index(fields=["descendant"], name="scopepath_desc_idx")]


class OrganizationCountDelta(models.Model):
    """Derived rollup: how many organizations of a ``kind`` and ``sector`` lie under ``node`` changes on ``on_date``.

    One row per (node, date, kind, sector) with the net change: +1 where a ``TreePath`` row of depth > 0 below the
    node begins, -1 where one ends. The number under a node on D is the sum of its rows up to D (one indexed range,
    read from the index alone on PostgreSQL). Kept by :mod:`apps.organizations.counts` whenever the closure is
    rebuilt (the difference of the touched organizations' contributions) or an organization's kind or sector is
    corrected.
    """

    # db_index=False: the unique (node, on_date, kind, sector) index serves lookups by node.
    node = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    on_date = models.DateField()
    kind = models.CharField(max_length=32)
    sector = models.CharField(max_length=32)
    delta = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "on_date", "kind", "sector"], name="org_count_delta_unique"),
        ]
        indexes = [models.Index(fields=["node", "on_date"], include=["kind", "sector", "delta"], name="org_count_delta_node_idx")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.on_date} {self.kind}/{self.sector} {self.delta:+d}"


class OrganizationFoundingDelta(models.Model):
    """Derived rollup: how many organizations of a ``kind``, ``sector`` and ``origin`` were founded under ``node``
    on ``on_date`` (the founding reorganization's date; under the node on the organization's founding day).

    ``origin`` is ``new`` (set up from nothing) or ``reorganized`` (formed by a merge or a split). The foundings in
    a period under a node are the sum of its rows in the period. Kept by :mod:`apps.organizations.counts` with the
    closure, like :class:`OrganizationCountDelta`.
    """

    node = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    on_date = models.DateField()
    kind = models.CharField(max_length=32)
    sector = models.CharField(max_length=32)
    origin = models.CharField(max_length=16)
    delta = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "on_date", "kind", "sector", "origin"], name="org_founding_delta_unique"),
        ]
        indexes = [
            models.Index(fields=["node", "on_date"], include=["kind", "sector", "origin", "delta"], name="org_founding_node_idx")
        ]

    def __str__(self) -> str:
        return f"{self.node_id} {self.on_date} {self.kind}/{self.sector}/{self.origin} {self.delta:+d}"

"""The document registry: Party and State documents, the links between them, and the index of the citations that
stored texts make of them.

A document's identity is its issuer, kind, number and date (numbers restart for each kind in each term, so
``1628-QĐ/TU`` alone is not unique). Its status (in force, amended, replaced, expired) is derived from the links
and its dates by ``selectors.status_of``, never stored. :class:`CitationRef` is derived too: rewritten by
``services.index_citations`` whenever a citing text is saved or the index rebuilt.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.documents.choices import Access, DocumentSystem, DocumentType, LinkKind
from apps.documents.querysets import DocumentLinkQuerySet, DocumentQuerySet
from apps.organizations.models import Organization


class Document(AuditedModel):
    """One document in the registry of ``organization`` (who registered it and, for an internal one, whose
    subtree may read it)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="documents", verbose_name=_("sổ văn bản của")
    )
    system = models.CharField(_("hệ thống"), max_length=8, choices=DocumentSystem.choices, default=DocumentSystem.PARTY)
    type_code = models.CharField(_("loại văn bản"), max_length=8, choices=DocumentType.choices)
    number = models.CharField(_("số"), max_length=16)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=32)
    symbol = models.CharField(_("số, ký hiệu"), max_length=64, db_index=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True, help_text=_("Để trống chỉ khi chưa rõ."))
    expires_on = models.DateField(_("hết hiệu lực từ ngày"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="documents/%Y/", blank=True, max_length=300)
    access = models.CharField(_("phạm vi"), max_length=8, choices=Access.choices, default=Access.INTERNAL)
    # fold(symbol, title, issuing body): what the registry's search compares
    search_folded = models.CharField(max_length=900, editable=False, default="")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        indexes = [
            models.Index(fields=["organization", "-issued_on"], name="document_org_idx"),
            models.Index(fields=["access", "-issued_on"], name="document_access_idx"),
            models.Index(fields=["type_code", "-issued_on"], name="document_type_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "type_code", "number", "issued_on"],
                name="document_identity_unique",
                violation_error_message=_("Văn bản cùng cơ quan, loại, số và ngày ban hành đã có trong sổ."),
            ),
            models.UniqueConstraint(
                fields=["issuer_code", "type_code", "number"],
                condition=Q(issued_on__isnull=True),
                name="document_identity_undated_unique",
                violation_error_message=_("Văn bản cùng cơ quan, loại và số (chưa rõ ngày) đã có trong sổ."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="document_expiry_after_issue",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày ban hành."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_code_display()} {self.symbol}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:detail", args=[self.pk])


class DocumentLink(AuditedModel):
    """``source`` amends, replaces, implements or cites ``target``, from ``effective_on`` (empty: from the source's
    date). Shown on both: "amends X" on the source, "amended by Y" on the target."""

    source = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="links_out", verbose_name=_("văn bản"))
    target = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="links_in", verbose_name=_("văn bản được liên kết")
    )
    kind = models.CharField(_("quan hệ"), max_length=16, choices=LinkKind.choices)
    effective_on = models.DateField(_("từ ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = DocumentLinkQuerySet.as_manager()

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        indexes = [models.Index(fields=["target", "kind"], name="document_link_target_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="document_link_unique",
                violation_error_message=_("Hai văn bản đã có liên kết này."),
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="document_link_not_self",
                violation_error_message=_("Văn bản không thể liên kết với chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class CitationRef(models.Model):
    """Derived: the text in ``field`` of a stored object cites a document, at ``start``..``end``; ``document`` is
    the registry entry it resolved to (empty while the document is not registered). Written only by
    ``services.index_citations``, which replaces the rows of one object and field at a time."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=64)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations")
    symbol = models.CharField(max_length=64)
    type_code = models.CharField(max_length=8, blank=True)
    cited_on = models.DateField(null=True, blank=True)
    body = models.CharField(max_length=255, blank=True)
    text = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["content_type", "object_id", "field", "start"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "field"], name="citation_source_idx"),
            models.Index(fields=["document"], name="citation_document_idx"),
            models.Index(fields=["symbol"], name="citation_symbol_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field}@{self.start} → {self.symbol}"

"""Forms of the registry pages: they parse input; the services in ``services.py`` decide and write."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.dates import parse_date
from apps.documents import selectors
from apps.documents.choices import Access, DocumentType, LinkKind
from apps.documents.models import Document
from apps.documents.services import MAX_FILE_BYTES, PERM_CHANGE
from apps.organizations.forms import OrganizationChoiceField, ServiceForm, VietDateField, changeable_organizations
from apps.organizations.models import Organization, ScopePath

TYPE_CHOICES = [("", _("— theo ký hiệu —")), *DocumentType.choices]


class DocumentForm(ServiceForm):
    """Register a document (with ``organization``) or correct one (``document`` given)."""

    organization = OrganizationChoiceField(label=_("Sổ văn bản của"), queryset=None)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=64, help_text=_("Ví dụ 1628-QĐ/TU, 07-QĐi/TW, 13/2023/NĐ-CP."))
    type_code = forms.ChoiceField(label=_("Loại văn bản"), choices=TYPE_CHOICES, required=False)
    issued_on = VietDateField(label=_("Ngày ban hành"), required=False, help_text=_("Để trống chỉ khi chưa rõ."))
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = forms.CharField(label=_("Tóm tắt nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    access = forms.ChoiceField(label=_("Phạm vi"), choices=Access.choices, initial=Access.INTERNAL, widget=forms.RadioSelect)
    expires_on = VietDateField(label=_("Hết hiệu lực từ ngày"), required=False)
    file = forms.FileField(
        label=_("Tệp văn bản"),
        required=False,
        help_text=_("PDF hoặc Word (.pdf, .docx, .doc), tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, document: Document | None = None, **kwargs: Any) -> None:
        if document is not None:
            kwargs.setdefault(
                "initial",
                {
                    "symbol": document.symbol,
                    "type_code": document.type_code,
                    "issued_on": document.issued_on,
                    "issuing_body": document.issuing_body,
                    "title": document.title,
                    "summary": document.summary,
                    "access": document.access,
                    "expires_on": document.expires_on,
                    "version": document.version,
                },
            )
        super().__init__(*args, user=user, **kwargs)
        if document is not None:
            del self.fields["organization"]
            self.fields["file"].label = _("Thay tệp văn bản")
        else:
            orgs = changeable_organizations(user, PERM_CHANGE)
            self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
            self.fields["organization"].initial = _top_organization(orgs)

    def clean_file(self) -> Any:
        f = self.cleaned_data.get("file")
        if f and f.size > MAX_FILE_BYTES:
            raise forms.ValidationError(gettext("Tệp văn bản lớn hơn 20 MB."))
        return f

    def service_data(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("symbol", "type_code", "issued_on", "issuing_body", "title", "summary")}
        data |= {"access": self.cleaned_data["access"], "expires_on": self.cleaned_data["expires_on"]}
        return data


def _top_organization(orgs: Any) -> Organization | None:
    """The one organization of the choices that contains all the others (the user's committee), if there is one."""
    ids = list(orgs.values_list("pk", flat=True)[:2001])
    if not ids or len(ids) > 2000:
        return None
    below = set(
        ScopePath.objects.filter(ancestor_id__in=ids, descendant_id__in=ids, depth__gte=1).values_list("descendant_id", flat=True)
    )
    tops = [pk for pk in ids if pk not in below]
    return orgs.get(pk=tops[0]) if len(tops) == 1 else None


def prefill(query: Any) -> dict[str, Any]:
    """The register form's initial values from a citation's "register it" link: ``?symbol=&ngay=&co_quan=&loai=``."""
    initial: dict[str, Any] = {}
    if query.get("symbol"):
        initial["symbol"] = query["symbol"][:64]
    if query.get("ngay"):
        with contextlib.suppress(ValueError):
            initial["issued_on"] = parse_date(query["ngay"])
    if query.get("co_quan"):
        initial["issuing_body"] = query["co_quan"][:255]
    if query.get("loai") in DocumentType.values:
        initial["type_code"] = query["loai"]
    if query.get("trich_yeu"):
        initial["title"] = query["trich_yeu"][:500]
    return initial


class LinkForm(ServiceForm):
    """This document amends, replaces, implements or cites another, named by its symbol (and date when several
    visible documents share it)."""

    kind = forms.ChoiceField(label=_("Văn bản này"), choices=LinkKind.choices)
    target_symbol = forms.CharField(label=_("Số, ký hiệu văn bản kia"), max_length=64)
    target_date = VietDateField(
        label=_("Ngày ban hành văn bản kia"), required=False, help_text=_("Khi có nhiều văn bản cùng số.")
    )
    effective_on = VietDateField(label=_("Từ ngày"), required=False, help_text=_("Để trống: từ ngày ban hành văn bản này."))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    field_map = {"target": "target_symbol"}

    def __init__(self, *args: Any, user: Any, document: Document, **kwargs: Any) -> None:
        self.document = document
        super().__init__(*args, user=user, **kwargs)

    def clean(self) -> dict[str, Any]:
        from django.utils.translation import gettext as _g

        from apps.documents.citations import canonical_symbol

        data = super().clean() or {}
        raw = data.get("target_symbol")
        if not raw:
            return data
        symbol = canonical_symbol(raw)
        if symbol is None:
            self.add_error("target_symbol", _g("Số, ký hiệu không đúng dạng (ví dụ 1628-QĐ/TU)."))
            return data
        qs = selectors.documents_visible(self.user).filter(symbol=symbol)
        day: dt.date | None = data.get("target_date")
        if day is not None:
            qs = qs.filter(issued_on=day)
        found = list(qs[:2])
        if not found:
            self.add_error("target_symbol", _g("Sổ văn bản chưa có văn bản %(s)s (trong phạm vi của bạn).") % {"s": symbol})
        elif len(found) > 1:
            self.add_error("target_date", _g("Có nhiều văn bản %(s)s; hãy nhập ngày ban hành.") % {"s": symbol})
        else:
            data["target"] = found[0]
        return data

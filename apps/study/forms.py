"""Forms of the study pages: they parse input; the services in ``services.py`` decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.documents.citations import canonical_symbol
from apps.members.models import Person
from apps.members.selectors import people_visible
from apps.organizations.forms import OrganizationChoiceField, ServiceForm, VietDateField
from apps.organizations.models import Organization
from apps.study.choices import ReporterRole
from apps.study.models import Campaign, Reporter, Session
from apps.study.selectors import PERM_CHANGE


def changeable_organizations(user: Any) -> QuerySet[Organization]:
    """Current organizations on which the user may organize study."""
    return Organization.objects.visible_to(user, PERM_CHANGE).filter(ended_on__isnull=True).order_by("sort_key", "id")


class CampaignForm(ServiceForm):
    organization = OrganizationChoiceField(label=_("Tổ chức triển khai"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Tên đợt học tập"), max_length=300)
    document_symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản"),
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "18-NQ/TW", "autocomplete": "off"}),
    )
    document_date = VietDateField(label=_("Ngày ban hành"), required=False)
    document_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    document_title = forms.CharField(label=_("Trích yếu văn bản"), max_length=500, required=False)
    start_date = VietDateField(label=_("Từ ngày"))
    end_date = VietDateField(label=_("Đến ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        orgs = changeable_organizations(user)
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["organization"].initial = orgs.first()

    def clean_document_symbol(self) -> str:
        raw = self.cleaned_data["document_symbol"]
        symbol = canonical_symbol(raw)
        if symbol is None:
            raise forms.ValidationError(
                gettext("Không đọc được số, ký hiệu “%(v)s”. Viết như 18-NQ/TW hoặc 13/2023/NĐ-CP.") % {"v": raw}
            )
        return symbol

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "organization": c["organization"],
            "title": c["title"],
            "document_symbol": c["document_symbol"],
            "document_date": c.get("document_date"),
            "document_issuer": c.get("document_issuer") or "",
            "document_title": c.get("document_title") or "",
            "start_date": c["start_date"],
            "end_date": c["end_date"],
            "note": c.get("note") or "",
        }


class ReporterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Reporter) -> str:  # type: ignore[override]
        return f"{obj.person.full_name} ({obj.get_role_display()}, {obj.organization.name})"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:  # type: ignore[override]
        return f"{obj.held_on:%d/%m/%Y} · {obj.organization.name}"


class SessionForm(ServiceForm):
    """Plan (or record) a session of a campaign, held by an organization of its subtree."""

    organization = OrganizationChoiceField(label=_("Tổ chức học tập"), queryset=Organization.objects.none())
    held_on = VietDateField(label=_("Ngày học tập"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    reporter = ReporterChoiceField(label=_("Báo cáo viên"), queryset=Reporter.objects.none(), required=False, empty_label="—")
    makeup_for = SessionChoiceField(
        label=_("Học bù cho buổi"),
        queryset=Session.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Chỉ chọn khi đây là buổi học bù cho đảng viên vắng buổi trước."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from apps.organizations.models import TreePath

        today = timezone.localdate()
        inside = TreePath.objects.filter(ancestor_id=campaign.organization_id, valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=today)
        )
        self.fields["organization"].queryset = changeable_organizations(user).filter(  # type: ignore[attr-defined]
            pk__in=inside.values("descendant_id")
        )
        self.fields["reporter"].queryset = (  # type: ignore[attr-defined]
            Reporter.objects.visible_to(user, "study.view")
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
            .select_related("person", "organization")
            .order_by("person__sort_key", "id")
        )
        self.fields["makeup_for"].queryset = (  # type: ignore[attr-defined]
            Session.objects.visible_to(user, PERM_CHANGE)
            .filter(campaign=campaign)
            .select_related("organization")
            .order_by("held_on", "id")
        )

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "organization": c["organization"],
            "held_on": c["held_on"],
            "place": c.get("place") or "",
            "reporter": c.get("reporter"),
            "makeup_for": c.get("makeup_for"),
            "note": c.get("note") or "",
        }


class ReporterForm(ServiceForm):
    """Add a member to the roster of reporters or propagandists, found by party card number or citizen ID."""

    member = forms.CharField(
        label=_("Số thẻ đảng viên hoặc số CCCD"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Đảng viên phải thuộc phạm vi bạn quản lý."),
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=ReporterRole.choices, widget=forms.RadioSelect, initial=ReporterRole.REPORTER
    )
    organization = OrganizationChoiceField(label=_("Thuộc tổ chức"), queryset=Organization.objects.none())
    valid_from = VietDateField(label=_("Từ ngày"))
    decision_symbol = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=64, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        orgs = changeable_organizations(user)
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["organization"].initial = orgs.first()

    def clean_member(self) -> Person:
        raw = "".join(self.cleaned_data["member"].split())
        person = (
            people_visible(self.user).filter(Q(card_number=raw) | Q(citizen_id=raw)).order_by("id").first()
            if raw.isdigit()
            else None
        )
        if person is None:
            raise forms.ValidationError(
                gettext("Không tìm thấy đảng viên có số thẻ hoặc số CCCD “%(v)s” trong phạm vi của bạn.") % {"v": raw}
            )
        return person

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "person": c["member"],
            "role": c["role"],
            "organization": c["organization"],
            "valid_from": c["valid_from"],
            "decision_symbol": c.get("decision_symbol") or "",
            "note": c.get("note") or "",
        }

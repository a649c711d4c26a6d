"""Forms of the member pages. They parse and check input; the services in ``services.py`` decide and write.

Organization choices are scoped to where the user may change members (``members.change``); dates are
read the way documents write them; a service's :class:`DomainError` is shown next to the field it names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core import signing
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.dates import format_date
from apps.core.text import nfc
from apps.members.choices import (
    LEAVING_REASONS,
    EducationLevel,
    EndReason,
    Gender,
    MembershipKind,
    PostKind,
    StartReason,
    TheoryLevel,
)
from apps.members.models import Membership, Person
from apps.members.services import PERSON_FIELDS
from apps.members.validation import check_person
from apps.organizations.forms import (
    OrganizationChoiceField,
    ServiceForm,
    VietDateField,
    changeable_organizations,
    set_choices,
)
from apps.organizations.models import Organization

PERM_CHANGE = "members.change"


def member_organizations(user: Any) -> Any:
    """Current organizations where the user may change members: the choices of every member form."""
    return changeable_organizations(user, PERM_CHANGE)


class MemberEditForm(ServiceForm):
    """A member's facts. ``version`` is the record's version when the form was opened (stale-form check)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    original = forms.CharField(widget=forms.HiddenInput, required=False)
    family_name = forms.CharField(label=_("Họ"), max_length=60, required=False)
    middle_name = forms.CharField(label=_("Tên đệm"), max_length=80, required=False)
    given_name = forms.CharField(label=_("Tên"), max_length=60)
    birth_date = VietDateField(label=_("Ngày sinh"))
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices, widget=forms.RadioSelect)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=40, required=False)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=40, required=False)
    hometown = forms.CharField(label=_("Quê quán"), max_length=255, required=False)
    citizen_id = forms.CharField(
        label=_("Số CCCD"), max_length=12, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    education_level = forms.ChoiceField(label=_("Trình độ học vấn"), choices=EducationLevel.choices, required=False)
    theory_level = forms.ChoiceField(label=_("Lý luận chính trị"), choices=TheoryLevel.choices, required=False)
    admission_date = VietDateField(label=_("Ngày vào Đảng"))
    full_member_date = VietDateField(label=_("Ngày chính thức"), required=False)
    card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=20, required=False)

    SECTIONS = (
        (_("Họ và tên"), ("family_name", "middle_name", "given_name")),
        (
            _("Lý lịch"),
            (
                "birth_date",
                "gender",
                "ethnicity",
                "religion",
                "hometown",
                "citizen_id",
                "phone",
                "email",
                "education_level",
                "theory_level",
            ),
        ),
        (_("Hồ sơ đảng"), ("admission_date", "full_member_date", "card_number")),
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {f: getattr(person, f) for f in PERSON_FIELDS} | {"version": person.version, "original": _sign(person)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # the same checks as the service, but every problem at once, each next to its field
        for name, message in check_person(cleaned):
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[n] for n in names]) for title, names in self.SECTIONS]

    def service_data(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in PERSON_FIELDS}

    def rebase(self, current: Person) -> Rebase:
        """After a stale refusal: carry the other person's changes into the fields this user left alone,
        keep this user's input where they typed, and name the fields both changed. The form then holds the
        record's current version, so saving again applies only what this user changed."""
        try:
            original: dict[str, str] | None = signing.loads(self.cleaned_data.get("original") or "", salt=_SALT)
        except signing.BadSignature:
            original = None
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        result = Rebase()
        for name in PERSON_FIELDS:
            if name not in self.cleaned_data:
                continue
            mine, theirs = _norm(self.cleaned_data[name]), _norm(getattr(current, name))
            if mine == theirs:
                continue
            label = str(self.fields[name].label)
            if original is not None and original.get(name) == mine:
                data[name] = self.fields[name].prepare_value(getattr(current, name)) or ""
                result.taken.append((label, _show(self.cleaned_data[name]), _show(getattr(current, name))))
            elif original is not None and original.get(name) == theirs:
                continue  # only this user changed it: their input stands
            else:
                result.conflicts.append((label, _show(self.cleaned_data[name]), _show(getattr(current, name))))
        data["version"] = str(current.version)
        data["original"] = _sign(current)
        self.data = data
        return result


@dataclass
class Rebase:
    #: fields someone else changed and this user had not touched: (label, value opened with, value now)
    taken: list[tuple[str, str, str]] = field(default_factory=list)
    #: fields both changed: (label, this user's input, value now)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)


_SALT = "dangbo.members.edit"


def _norm(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return nfc(str(value))


def _sign(person: Person) -> str:
    """The record as the form was opened, signed, so a stale save can tell who changed what."""
    return signing.dumps({f: _norm(getattr(person, f)) for f in PERSON_FIELDS}, salt=_SALT, compress=True)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value) if value not in (None, "") else "—"


class TransferForm(ServiceForm):
    to_organization = OrganizationChoiceField(label=_("Chuyển đến tổ chức"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=MembershipKind.choices, initial=MembershipKind.PERMANENT, widget=forms.RadioSelect
    )
    on_date = VietDateField(label=_("Ngày chuyển"))
    decision_symbol = forms.CharField(label=_("Số quyết định, giấy giới thiệu"), max_length=64, required=False)
    decision_date = VietDateField(label=_("Ngày quyết định"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    field_map = {"person": "to_organization"}

    def __init__(self, *args: Any, current: Membership | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = member_organizations(self.user)
        if current is not None:
            qs = qs.exclude(pk=current.organization_id)
        set_choices(self.fields["to_organization"], qs)


class EndForm(ServiceForm):
    reason = forms.ChoiceField(
        label=_("Lý do"),
        choices=[(v, label) for v, label in EndReason.choices if v in LEAVING_REASONS],
        widget=forms.RadioSelect,
    )
    on_date = VietDateField(label=_("Ngày kết thúc sinh hoạt"))
    decision_symbol = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    decision_date = VietDateField(label=_("Ngày quyết định"), required=False)
    destination = forms.CharField(
        label=_("Nơi chuyển đến"),
        max_length=255,
        required=False,
        help_text=_("Khi chuyển sinh hoạt ra ngoài đảng bộ: đảng bộ nơi đến."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == EndReason.TRANSFERRED_OUT and not cleaned.get("destination", "").strip():
            self.add_error("destination", gettext("Ghi nơi chuyển đến khi chuyển ra ngoài đảng bộ."))
        if cleaned.get("reason") in {EndReason.EXPELLED, EndReason.STRUCK_OFF} and not cleaned.get("decision_symbol"):
            self.add_error("decision_symbol", gettext("Khai trừ, xóa tên phải ghi số quyết định."))
        return cleaned


class ReadmitForm(ServiceForm):
    organization = OrganizationChoiceField(label=_("Sinh hoạt tại"), queryset=Organization.objects.none())
    reason = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (StartReason.TRANSFERRED_IN, StartReason.TRANSFERRED_IN.label),
            (StartReason.READMITTED, StartReason.READMITTED.label),
        ],
        initial=StartReason.TRANSFERRED_IN,
        widget=forms.RadioSelect,
    )
    on_date = VietDateField(label=_("Ngày bắt đầu sinh hoạt"))
    decision_symbol = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)

    def __init__(self, *args: Any, last: Membership | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last = last
        set_choices(self.fields["organization"], member_organizations(self.user))


class PostAssignForm(ServiceForm):
    organization = OrganizationChoiceField(label=_("Tổ chức"), queryset=Organization.objects.none())
    post = forms.ChoiceField(label=_("Chức vụ"), choices=PostKind.choices)
    valid_from = VietDateField(label=_("Từ ngày"))
    term_label = forms.CharField(
        label=_("Nhiệm kỳ"), max_length=20, required=False, widget=forms.TextInput(attrs={"placeholder": "2020-2025"})
    )
    decision_symbol = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["organization"], member_organizations(self.user))


class PostEndForm(ServiceForm):
    on_date = VietDateField(label=_("Thôi giữ chức vụ từ ngày"))
    field_map = {"valid_to": "on_date"}

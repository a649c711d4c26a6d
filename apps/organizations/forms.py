"""Forms of the reorganization pages. They parse and check input; the services decide and write.

Organization choices are scoped to what the user may change (``visible_to(user, "organizations.change")``),
dates are read the way documents write them (27-6-2019, 27/6/2019), and a :class:`DomainError` raised by
a service is shown next to the field it names (:meth:`ServiceForm.add_domain_error`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.dates import format_date, parse_date
from apps.core.errors import DomainError
from apps.core.text import nfc
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.models import Organization
from apps.organizations.picker import OrganizationPicker, resolve
from apps.organizations.services import Decision, NewOrganization

PERM_CHANGE = "organizations.change"
MAX_BULK_LINES = 2000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


# ---------------------------------------------------------------- fields


class VietDateField(forms.CharField):
    """A date typed as documents write it: 27-6-2019, 27/6/2019, ngày 27 tháng 6 năm 2019."""

    default_error_messages = {
        "invalid": _("Ngày không hợp lệ: “%(value)s”. Viết như 27-6-2019 hoặc 27/6/2019."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "27-6-2019", "autocomplete": "off", "class": "date-input"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if isinstance(value, dt.date):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": text})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return format_date(value, "dash")
        return value

    def run_validators(self, value: Any) -> None:
        # max_length applies to the typed text (checked before parsing), not to the date
        return None


class OrganizationChoiceField(forms.ModelChoiceField):
    """One organization of the field's queryset: a <select> for a few, a search box for many
    (:mod:`apps.organizations.picker`). Accepts the id, or an exact code typed without JavaScript."""

    widget = OrganizationPicker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Organization | None:
        if value in self.empty_values:
            return None
        found = resolve(self.queryset, value)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


class OrganizationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


def set_choices(field: forms.Field, queryset: QuerySet[Organization]) -> None:
    """Scope the choices of an organization field (and the values it accepts)."""
    cast(forms.ModelChoiceField, field).queryset = queryset


def with_value(data: Any, name: str, value: str) -> Any:
    """A copy of bound form data with one value replaced (what the page shows after normalizing)."""
    copy = data.copy() if isinstance(data, QueryDict) else dict(data)
    copy[name] = value
    return copy


def changeable_organizations(user: Any, perm: str = PERM_CHANGE) -> QuerySet[Organization]:
    """Current organizations the user may change, in Vietnamese order: the choices of every form here."""
    return Organization.objects.visible_to(user, perm).filter(ended_on__isnull=True).order_by("sort_key", "id")


# ---------------------------------------------------------------- base form


class ServiceForm(forms.Form):
    """A form whose input goes to a service; the service's domain errors come back next to their field."""

    #: service field name -> form field name, for errors the service raises
    field_map: dict[str, str] = {}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    @property
    def has_field_errors(self) -> bool:
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def add_domain_error(self, exc: DomainError) -> None:
        message = exc.message
        if exc.row is not None and not message.startswith(gettext("Dòng")):
            message = gettext("Dòng %(n)s: %(m)s") % {"n": exc.row, "m": message}
        target = self.field_map.get(exc.field or "", exc.field)
        if target in self.fields:
            self.add_error(target, message)
        else:
            self.add_error(None, message)

    def fingerprint(self) -> str:
        """A short digest of the cleaned input: Apply must carry the digest of what was previewed."""
        data = {k: _plain(v) for k, v in sorted(self.cleaned_data.items()) if k not in {"action", "token"}}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:20]


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, QuerySet) else items
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class DecisionForm(ServiceForm):
    """The decision a reorganization cites, and the date it takes effect."""

    decision_symbol = forms.CharField(
        label=_("Số, ký hiệu quyết định"),
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "1628-QĐ/TU", "autocomplete": "off", "autocapitalize": "characters"}),
    )
    decision_date = VietDateField(label=_("Ngày quyết định"))
    decision_issuer = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": gettext("Ban Thường vụ Tỉnh ủy")}),
    )
    effective_on = VietDateField(label=_("Ngày hiệu lực"), help_text=_("Ngày tổ chức mới bắt đầu, ví dụ 27-6-2019."))

    decision_fields = ("decision_symbol", "decision_date", "decision_issuer", "effective_on")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        decided, effective = cleaned.get("decision_date"), cleaned.get("effective_on")
        if decided and decided > today:
            self.add_error("decision_date", gettext("Ngày quyết định không được sau ngày hôm nay."))
        if effective and effective > today:
            self.add_error("effective_on", gettext("Ngày hiệu lực không được sau ngày hôm nay."))
        if decided and effective and effective < decided:
            self.add_error("effective_on", gettext("Ngày hiệu lực không được trước ngày quyết định."))
        return cleaned

    def decision(self) -> Decision:
        c = self.cleaned_data
        return Decision(symbol=c["decision_symbol"].strip(), date=c["decision_date"], issuer=c["decision_issuer"].strip())

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.decision_fields]

    def decision_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.decision_fields]


def _new_org_fields(form: forms.Form, prefix: str = "new_", required: bool = False) -> None:
    form.fields[f"{prefix}code"] = forms.CharField(
        label=_("Mã tổ chức"), max_length=40, required=required, widget=forms.TextInput(attrs={"autocapitalize": "characters"})
    )
    form.fields[f"{prefix}name"] = forms.CharField(label=_("Tên tổ chức"), max_length=255, required=required)
    form.fields[f"{prefix}kind"] = forms.ChoiceField(
        label=_("Loại tổ chức"), choices=[("", "—"), *OrganizationKind.choices], required=required
    )
    form.fields[f"{prefix}sector"] = forms.ChoiceField(
        label=_("Khối, loại hình"), choices=Sector.choices, initial=Sector.OTHER, required=False
    )
    form.fields[f"{prefix}host_body"] = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=255, required=False)


# ---------------------------------------------------------------- one form per reorganization


class FoundForm(DecisionForm):
    """Found a sub-organization."""

    parent = OrganizationChoiceField(label=_("Trực thuộc"), queryset=Organization.objects.none())
    field_map = {"code": "new_code", "name": "new_name", "kind": "new_kind", "sector": "new_sector", "parent": "parent"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["parent"], changeable_organizations(self.user))
        # only a system administrator founds a top-level organization
        self.fields["parent"].required = not getattr(self.user, "is_superuser", False)
        _new_org_fields(self, required=True)
        self.order_fields(["parent", "new_code", "new_name", "new_kind", "new_sector", "new_host_body"])


class RenameForm(DecisionForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    field_map = {"name": "new_name"}


class MoveForm(DecisionForm):
    new_parent = OrganizationChoiceField(label=_("Chuyển về trực thuộc"), queryset=Organization.objects.none())
    field_map = {"parent": "new_parent"}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        set_choices(self.fields["new_parent"], changeable_organizations(self.user).exclude(pk=organization.pk))
        self.order_fields(["new_parent"])


class DissolveForm(DecisionForm):
    children_to = OrganizationChoiceField(
        label=_("Chuyển các tổ chức trực thuộc về"), queryset=Organization.objects.none(), required=False
    )
    members_to = OrganizationChoiceField(label=_("Chuyển đảng viên về"), queryset=Organization.objects.none(), required=False)
    field_map = {"children": "children_to", "members": "members_to"}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = changeable_organizations(self.user).exclude(pk=organization.pk)
        set_choices(self.fields["children_to"], qs)
        set_choices(self.fields["members_to"], qs)
        self.order_fields(["children_to", "members_to"])


class MergeForm(DecisionForm):
    """Merge several organizations into one: a new one (founded here) or an existing one."""

    TARGET_NEW, TARGET_EXISTING = "new", "existing"

    sources = OrganizationMultipleChoiceField(
        label=_("Các tổ chức hợp nhất"), queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target_mode = forms.ChoiceField(
        label=_("Hợp nhất vào"),
        choices=[(TARGET_NEW, _("Một tổ chức mới")), (TARGET_EXISTING, _("Một tổ chức có sẵn"))],
        initial=TARGET_NEW,
        widget=forms.RadioSelect,
    )
    into = OrganizationChoiceField(label=_("Tổ chức nhận"), queryset=Organization.objects.none(), required=False)
    parent = OrganizationChoiceField(label=_("Tổ chức mới trực thuộc"), queryset=Organization.objects.none(), required=False)
    field_map = {
        "code": "new_code",
        "name": "new_name",
        "kind": "new_kind",
        "sector": "new_sector",
        "parent": "parent",
        "sources": "sources",
        "organization": "sources",
    }

    def __init__(self, *args: Any, candidates: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scoped = changeable_organizations(self.user)
        set_choices(self.fields["sources"], scoped)
        if candidates is not None:
            # validate against everything in scope, offer only the organizations of the chosen level
            self.fields["sources"].widget.choices = [(o.pk, f"{o.name} ({o.code})") for o in candidates]
        set_choices(self.fields["into"], scoped)
        set_choices(self.fields["parent"], scoped)
        _new_org_fields(self)
        self.order_fields(["sources", "target_mode", "new_code", "new_name", "new_kind", "new_sector", "new_host_body", "parent"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        sources = list(cleaned.get("sources") or [])
        if cleaned.get("target_mode") == self.TARGET_EXISTING:
            into = cleaned.get("into")
            if into is None:
                self.add_error("into", gettext("Chọn tổ chức nhận."))
            elif into in sources:
                self.add_error("into", gettext("Tổ chức nhận không thể đồng thời là tổ chức bị hợp nhất."))
            if len(sources) < 1:
                self.add_error("sources", gettext("Chọn ít nhất một tổ chức để hợp nhất."))
        else:
            for name in ("new_code", "new_name", "new_kind"):
                if not cleaned.get(name):
                    self.add_error(name, gettext("Cần điền khi hợp nhất vào tổ chức mới."))
            if cleaned.get("parent") is None and not getattr(self.user, "is_superuser", False):
                self.add_error("parent", gettext("Chọn tổ chức cấp trên của tổ chức mới."))
            if len(sources) < 2 and "sources" not in self.errors:
                self.add_error("sources", gettext("Hợp nhất vào tổ chức mới cần ít nhất hai tổ chức."))
        return cleaned

    def target(self) -> Organization | NewOrganization:
        c = self.cleaned_data
        if c["target_mode"] == self.TARGET_EXISTING:
            return c["into"]  # type: ignore[no-any-return]
        return NewOrganization(
            code=c["new_code"].strip(),
            name=c["new_name"].strip(),
            kind=c["new_kind"],
            host_body=c.get("new_host_body", "").strip(),
            sector=c.get("new_sector") or Sector.OTHER,
        )


class SuccessorForm(forms.Form):
    """One successor of a split: an existing organization, or a new one."""

    existing = OrganizationChoiceField(
        label=_("Tổ chức có sẵn"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— không, khai tổ chức mới —"),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["existing"], changeable_organizations(user))
        _new_org_fields(self, prefix="")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("existing") is None and any(cleaned.get(k) for k in ("code", "name")):
            for name in ("code", "name", "kind"):
                if not cleaned.get(name):
                    self.add_error(name, gettext("Cần điền cho tổ chức mới."))
            code = nfc(cleaned.get("code") or "").upper()
            if code and Organization.objects.filter(code=code).exists():
                # the service refuses it too; said here, the error sits in the row that has it
                self.add_error("code", gettext("Mã tổ chức “%(code)s” đã được dùng.") % {"code": code})
        return cleaned

    def is_blank(self) -> bool:
        c = getattr(self, "cleaned_data", {}) or {}
        return c.get("existing") is None and not c.get("code") and not c.get("name")

    def spec(self) -> Organization | NewOrganization:
        c = self.cleaned_data
        if c.get("existing") is not None:
            return c["existing"]  # type: ignore[no-any-return]
        return NewOrganization(
            code=c["code"].strip(),
            name=c["name"].strip(),
            kind=c["kind"],
            host_body=c.get("host_body", "").strip(),
            sector=c.get("sector") or Sector.OTHER,
        )


SuccessorFormSet = forms.formset_factory(SuccessorForm, extra=0, min_num=2, validate_min=False, max_num=10)


class SplitForm(DecisionForm):
    """Split one organization: sub-organizations go to the successor chosen for each; members to the first
    successor unless assigned one by one."""

    parent = OrganizationChoiceField(
        label=_("Tổ chức mới trực thuộc"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Để trống: cùng cấp trên với tổ chức bị chia tách."),
    )
    field_map = {"parent": "parent", "into": "parent", "effective_on": "effective_on"}

    def __init__(
        self,
        *args: Any,
        slots: int,
        children: list[Organization],
        members: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["parent"], changeable_organizations(self.user))
        self.slots = slots
        choices = [(str(i), gettext("Kế tục %(n)s") % {"n": i + 1}) for i in range(slots)]
        self.child_names: list[str] = []
        for child in children:
            name = f"child_{child.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{child.name} ({child.code})", choices=choices, initial="0", required=False
            )
            self.child_names.append(name)
        self.member_names: list[str] = []
        for person_id, label in members:
            name = f"member_{person_id}"
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, initial="0", required=False)
            self.member_names.append(name)

    def main_fields(self) -> list[forms.BoundField]:
        return [self["parent"]]

    def child_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.child_names]

    def member_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.member_names]

    def assignments(self, successors: int) -> tuple[dict[int, int], dict[int, int]]:
        children: dict[int, int] = {}
        members: dict[int, int] = {}
        for name in self.child_names:
            idx = int(self.cleaned_data.get(name) or 0)
            if idx >= successors:
                self.add_error(name, gettext("Tổ chức kế tục %(n)s chưa được khai.") % {"n": idx + 1})
            children[int(name.removeprefix("child_"))] = idx
        for name in self.member_names:
            idx = int(self.cleaned_data.get(name) or 0)
            if idx >= successors:
                self.add_error(name, gettext("Tổ chức kế tục %(n)s chưa được khai.") % {"n": idx + 1})
            if idx:
                members[int(name.removeprefix("member_"))] = idx
        return children, members


class BulkForm(DecisionForm):
    """A list of reorganizations pasted or uploaded, previewed, then applied as one dated operation."""

    operations = forms.CharField(
        label=_("Danh sách thao tác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocapitalize": "none", "class": "mono"}),
        help_text=_(
            "Mỗi dòng một thao tác: “move MÃ -> MÃ_CẤP_TRÊN”, “merge A, B -> C”, “dissolve X”, "
            "“rename MÃ -> Tên mới”, “found MÃ | Tên | loại -> MÃ_CẤP_TRÊN”. Có thể viết tiếng Việt: "
            "chuyển, hợp nhất, giải thể, đổi tên, thành lập."
        ),
    )
    upload = forms.FileField(
        label=_("Hoặc tải lên tệp CSV, Excel"),
        required=False,
        help_text=_("Cột: thao tác, mã, mã đích, tên, loại; hoặc mỗi dòng một thao tác ở cột đầu."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xls,.ods,.txt"}),
    )

    def add_domain_error(self, exc: DomainError) -> None:
        # a row's error belongs to the list (whose lines the preview shows); a date error to the date
        if exc.field != "effective_on":
            exc = DomainError(exc.message, code=exc.code, field="operations", row=exc.row, params=exc.params)
        super().add_domain_error(exc)

    def clean(self) -> dict[str, Any]:
        from apps.organizations.importers import BulkParseError, parse_text, read_upload

        cleaned = super().clean()
        text = cleaned.get("operations", "") or ""
        upload = cleaned.get("upload")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error("upload", gettext("Tệp quá lớn (tối đa 2 MB)."))
                return cleaned
            try:
                text = read_upload(upload.name, upload.read())
            except BulkParseError as exc:
                self.add_error("upload", list(exc.messages))
                return cleaned
        try:
            ops, normalized = parse_text(text)
        except BulkParseError as exc:
            self.add_error("upload" if upload is not None else "operations", list(exc.messages))
            return cleaned
        if not ops:
            self.add_error("operations", gettext("Chưa có thao tác nào."))
        elif len(ops) > MAX_BULK_LINES:
            self.add_error("operations", gettext("Tối đa %(n)s thao tác mỗi lần.") % {"n": MAX_BULK_LINES})
        cleaned["operations"] = normalized
        cleaned["parsed"] = ops
        # the normalized text is what the preview shows and what Apply sends back
        self.data = with_value(self.data, "operations", normalized)
        cleaned.pop("upload", None)
        return cleaned

    def fingerprint(self) -> str:
        saved = self.cleaned_data.pop("parsed", None)
        try:
            return super().fingerprint()
        finally:
            if saved is not None:
                self.cleaned_data["parsed"] = saved

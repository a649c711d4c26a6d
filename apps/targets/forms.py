"""Forms of the targets pages. They parse and check input; the services in ``services.py`` decide and write.

Numbers are read the way Vietnamese documents write them (``1.234,5``, also ``1234.5``), dates as ``27-6-2019``;
a service's :class:`DomainError` comes back next to the field it names (:meth:`ServiceForm.add_domain_error`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.errors import DomainError
from apps.organizations.forms import ServiceForm, VietDateField, with_value
from apps.targets import report
from apps.targets.choices import Comparator, TargetGroup, TargetKind, TargetPeriod
from apps.targets.models import Measurement, Target
from apps.targets.services import TARGET_FIELDS

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png")

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> Decimal:
    """``1.234,5`` (Vietnamese), ``1234,5``, ``1234.5``, ``1.200`` (one thousand two hundred), ``95%``."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(raw):
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


class NumberField(forms.CharField):
    """A number typed as documents write it: 1.234,5 or 95,5 or 12."""

    default_error_messages = {"invalid": _("Không phải là số: “%(value)s”. Viết như 12 hoặc 95,5.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num-input"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, Decimal):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": text})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return report.vn_number(value)
        return value

    def run_validators(self, value: Any) -> None:
        return None


# ---------------------------------------------------------------- a value entered by hand


def measurement_state(target: Target) -> str:
    """What the form was opened on: the target's version and the values entered so far. Entering a value is
    refused when this changed meanwhile (someone else entered or withdrew a value, or changed the target)."""
    rows = list(target.measurements.current().order_by("id").values_list("id", flat=True))
    return f"{target.version}:{len(rows)}:{rows[-1] if rows else 0}"


class MeasurementForm(ServiceForm):
    """Enter a target's value by hand: the day it holds on, the value (or the day a milestone was completed),
    the year for a target judged each year, and its evidence."""

    state = forms.CharField(widget=forms.HiddenInput)
    on_date = VietDateField(label=_("Số liệu tính đến ngày"))
    value = NumberField(label=_("Giá trị"), required=False)
    done_on = VietDateField(label=_("Ngày hoàn thành"), required=False, help_text=_("Để trống nếu chưa hoàn thành."))
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    evidence = forms.CharField(
        label=_("Căn cứ"),
        max_length=500,
        help_text=_("Văn bản, báo cáo làm căn cứ, ví dụ: Báo cáo tổng kết công tác năm 2021."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "125-BC/ĐU", "autocomplete": "off"}),
    )
    evidence_file = forms.FileField(
        label=_("Tệp căn cứ"), required=False, help_text=_("PDF, Word, Excel hoặc ảnh; tối đa 20 MB.")
    )

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        term = target.resolution.term
        self.fields["state"].initial = measurement_state(target)
        self.fields["on_date"].initial = min(timezone.localdate(), term.last_day)
        if target.kind == TargetKind.MILESTONE:
            del self.fields["value"]
        else:
            del self.fields["done_on"]
            self.fields["value"].required = True
            unit = "%" if target.kind == TargetKind.RATE else target.unit
            if unit:
                self.fields["value"].label = f"{gettext('Giá trị')} ({unit})"
        if target.period == TargetPeriod.EACH_YEAR:
            years = term.years()
            cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]
            self.fields["year"].required = True
            today = timezone.localdate()
            self.fields["year"].initial = today.year - 1 if today.year - 1 in years else years[-1]
        else:
            del self.fields["year"]

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload is None:
            return None
        if upload.size and upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError(gettext("Tệp quá lớn (tối đa 20 MB)."))
        if not upload.name.lower().endswith(EVIDENCE_TYPES):
            raise ValidationError(gettext("Chỉ nhận tệp PDF, Word, Excel, OpenDocument hoặc ảnh JPG, PNG."))
        return upload

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "on_date": c["on_date"],
            "value": c.get("value"),
            "done_on": c.get("done_on"),
            "year": c.get("year"),
            "evidence": c["evidence"],
            "evidence_symbol": c.get("evidence_symbol") or "",
            "evidence_file": c.get("evidence_file"),
        }


class WithdrawForm(ServiceForm):
    reason = forms.CharField(
        label=_("Lý do rút"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": gettext("Ví dụ: nhập nhầm năm")}),
        error_messages={"required": _("Cần ghi lý do rút số liệu.")},
    )

    def __init__(self, *args: Any, measurement: Measurement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measurement = measurement
        self.prefix = f"rut-{measurement.pk}"


# ---------------------------------------------------------------- a target of a resolution

NO_INDICATOR = ""


def indicator_choices() -> list[tuple[str, Any]]:
    return [(NO_INDICATOR, _("Nhập tay (không tính tự động)")), *indicators.choices()]


class TargetForm(ServiceForm):
    """Create or edit a target. The parameters of the chosen indicator are fields of their own
    (``param_<name>``), rendered for the indicator named by ``params_for``."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(
        label=_("Số thứ tự"), min_value=1, max_value=999, required=False, help_text=_("Để trống: số tiếp theo.")
    )
    statement = forms.CharField(label=_("Nội dung chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 3}))
    group = forms.ChoiceField(label=_("Nhóm"), choices=TargetGroup.choices, initial=TargetGroup.PARTY_BUILDING)
    kind = forms.ChoiceField(label=_("Loại"), choices=TargetKind.choices, initial=TargetKind.COUNT)
    unit = forms.CharField(
        label=_("Đơn vị tính"), max_length=40, required=False, widget=forms.TextInput(attrs={"placeholder": gettext("đảng viên")})
    )
    comparator = forms.ChoiceField(label=_("So sánh"), choices=Comparator.choices, initial=Comparator.AT_LEAST)
    goal = NumberField(label=_("Mục tiêu"), required=False)
    goal_date = VietDateField(label=_("Hạn hoàn thành"), required=False, help_text=_("Cho chỉ tiêu dạng mốc."))
    baseline = NumberField(label=_("Giá trị đầu nhiệm kỳ"), required=False)
    period = forms.ChoiceField(label=_("Kỳ tính"), choices=TargetPeriod.choices, initial=TargetPeriod.WHOLE_TERM)
    weight = NumberField(label=_("Trọng số"), required=False, initial=Decimal(1))
    indicator = forms.ChoiceField(label=_("Chỉ số tính tự động"), required=False)
    params_for = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    SECTIONS = (
        (_("Chỉ tiêu"), ("number", "statement", "group")),
        (_("Mục tiêu"), ("kind", "unit", "comparator", "goal", "goal_date", "baseline", "period", "weight")),
    )

    def __init__(
        self,
        *args: Any,
        target: Target | None = None,
        indicator_key: str | None = None,
        params_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if target is not None:
            kwargs.setdefault("initial", {f: getattr(target, f) for f in TARGET_FIELDS} | {"version": target.version})
        super().__init__(*args, **kwargs)
        self.target = target
        cast(forms.ChoiceField, self.fields["indicator"]).choices = indicator_choices()
        if params_url:
            # choosing an indicator brings its parameter fields (the form's own target would be the whole form)
            self.fields["indicator"].widget.attrs.update(
                {
                    "hx-get": params_url,
                    "hx-trigger": "change",
                    "hx-target": "#indicator-params",
                    "hx-select": "#indicator-params",
                    "hx-swap": "outerHTML",
                }
            )
        if self.is_bound:
            chosen = self.data.get("indicator") or NO_INDICATOR
        elif indicator_key is not None:
            chosen = indicator_key
            self.initial["indicator"] = indicator_key
        else:
            chosen = self.initial.get("indicator") or NO_INDICATOR
        try:
            self.chosen_indicator = indicators.get(chosen) if chosen else None
        except DomainError:
            self.chosen_indicator = None
        self.initial["params_for"] = chosen if self.chosen_indicator else NO_INDICATOR
        params = (target.indicator_params or {}) if target is not None and target.indicator == chosen else {}
        for p in self.chosen_indicator.parameters if self.chosen_indicator else ():
            name = f"param_{p.name}"
            if p.choices:
                self.fields[name] = forms.ChoiceField(label=str(p.label), required=False, choices=[("", _("Tất cả")), *p.choices])
            else:
                self.fields[name] = forms.CharField(label=str(p.label), required=False, max_length=64)
            self.initial.setdefault(name, params.get(p.name, ""))

    def param_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n.startswith("param_")]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[n] for n in names]) for title, names in self.SECTIONS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("indicator") or NO_INDICATOR
        if self.chosen_indicator is not None and self.chosen_indicator.parameters and cleaned.get("params_for") != chosen:
            # the parameter fields shown were those of another indicator (a browser without script)
            self.add_error("indicator", gettext("Chỉ số này có tham số: xem lại các tham số bên dưới rồi bấm Lưu lần nữa."))
            self.data = with_value(self.data, "params_for", chosen)
        return cleaned

    def add_domain_error(self, exc: DomainError) -> None:
        if exc.field and f"param_{exc.field}" in self.fields:
            exc = DomainError(exc.message, code=exc.code, field=f"param_{exc.field}")
        super().add_domain_error(exc)

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data = {f: c.get(f) for f in TARGET_FIELDS if f not in {"indicator_params"}}
        for key in ("unit", "note", "indicator"):
            data[key] = data.get(key) or ""
        if data.get("weight") is None:
            data["weight"] = Decimal(1)
        if data.get("number") is None:
            data.pop("number")
        data["indicator_params"] = {
            name.removeprefix("param_"): value
            for name, value in c.items()
            if name.startswith("param_") and value not in ("", None)
        }
        return data

    def differences(self, current: Target) -> list[tuple[str, str, str]]:
        """After a stale refusal: the fields where this user's input differs from the record now."""
        out = []
        mine = self.service_data()
        for name, value in mine.items():
            theirs = getattr(current, name)
            if _show(value) != _show(theirs):
                label = (
                    str(self.fields[name].label)
                    if name in self.fields
                    else str(getattr(Target._meta.get_field(name), "verbose_name", name))
                )
                out.append((label, _show(value), _show(theirs)))
        return out


def _show(value: Any) -> str:
    if value in (None, "", {}):
        return "—"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return report.vn_number(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)

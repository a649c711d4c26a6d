"""Forms of the rating pages: they parse input; the services in ``services.py`` decide and write.

The tables of the period pages post one level (and score) per row, named ``level_<id>`` and ``score_<id>``;
:func:`chosen_levels` reads them, the forms here the fields around them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.organizations.forms import ServiceForm, VietDateField
from apps.ratings.choices import Level


def chosen_levels(data: QueryDict) -> dict[int, dict[str, str]]:
    """The levels (and scores) picked in a table: ``level_<id>``, ``score_<id>``; rows left at “—” are skipped."""
    out: dict[int, dict[str, str]] = {}
    for key in data:
        value = data.get(key, "")
        if key.startswith("level_") and value:
            raw = key[6:]
            if raw.isdigit() and len(raw) < 19:
                out[int(raw)] = {"level": value, "score": data.get(f"score_{raw}", "").strip()}
    return out


class StepForm(ServiceForm):
    """The day of a step recorded for a table of reviews, and the decision's number for a decision."""

    ngay = VietDateField(label=_("Ngày"))
    so_quyet_dinh = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=64, required=False)

    field_map = {"on_date": "ngay"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ngay": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SelfAssessmentForm(ServiceForm):
    """A member's self-assessment: the level, the score on the 100-point scale, a short note, the day."""

    level = forms.ChoiceField(label=_("Tự xếp loại"), choices=Level.choices, widget=forms.RadioSelect)
    score = forms.CharField(
        label=_("Điểm tự chấm"),
        required=False,
        max_length=6,
        help_text=_("Thang 100 điểm; điểm phải thuộc khung của mức đã chọn."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "85"}),
    )
    note = forms.CharField(label=_("Tự nhận xét"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
    on_date = VietDateField(label=_("Ngày tự đánh giá"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on_date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_score(self) -> Decimal | None:
        raw = (self.cleaned_data.get("score") or "").strip().replace(",", ".")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(gettext("Điểm phải là một số, như 85 hoặc 85,5.")) from None
        if not value.is_finite():
            raise forms.ValidationError(gettext("Điểm phải là một số, như 85 hoặc 85,5."))
        return value

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        day: dt.date = data["on_date"]
        return {"level": data["level"], "score": data["score"], "note": data["note"], "on_date": day}

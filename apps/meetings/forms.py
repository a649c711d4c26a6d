"""Forms of the meeting pages: they parse input; the services in ``services.py`` decide and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.meetings import selectors
from apps.meetings.choices import AttendanceStatus, MeetingKind
from apps.meetings.models import Meeting
from apps.members.models import Person
from apps.organizations.forms import OrganizationChoiceField, ServiceForm, VietDateField

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = (".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return obj.full_name


def _check_file(f: Any) -> Any:
    if f is None:
        return f
    if f.size > MAX_FILE_BYTES:
        raise forms.ValidationError(gettext("Tệp lớn hơn 20 MB."))
    if not f.name.lower().endswith(FILE_TYPES):
        raise forms.ValidationError(gettext("Chỉ nhận PDF, Word, Excel, văn bản hoặc ảnh."))
    return f


class MeetingForm(ServiceForm):
    """Plan a meeting (with ``organization``) or change one (with ``meeting``)."""

    organization = OrganizationChoiceField(label=_("Chi bộ"), queryset=None)
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices, widget=forms.RadioSelect, initial=MeetingKind.REGULAR)
    topic = forms.CharField(label=_("Chủ đề"), max_length=300, required=False, help_text=_("Bắt buộc với sinh hoạt chuyên đề."))
    day = VietDateField(label=_("Ngày họp"))
    start = forms.TimeField(label=_("Giờ bắt đầu"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Giờ kết thúc"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    chair = PersonChoiceField(label=_("Chủ trì"), queryset=Person.objects.none(), required=False, empty_label="—")
    secretary = PersonChoiceField(label=_("Thư ký"), queryset=Person.objects.none(), required=False, empty_label="—")
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_map = {"starts_at": "day", "ends_at": "end"}

    def __init__(self, *args: Any, user: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            local_start, local_end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
            kwargs.setdefault(
                "initial",
                {
                    "kind": meeting.kind,
                    "topic": meeting.topic,
                    "day": local_start.date(),
                    "start": local_start.time(),
                    "end": local_end.time(),
                    "place": meeting.place,
                    "chair": meeting.chair_id,
                    "secretary": meeting.secretary_id,
                    "agenda": meeting.agenda,
                    "version": meeting.version,
                },
            )
        super().__init__(*args, user=user, **kwargs)
        self.meeting = meeting
        orgs = selectors.plannable_organizations(user)
        if meeting is None:
            self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
            if orgs.count() == 1:
                self.fields["organization"].initial = orgs.first()
            people = self._people(orgs)
        else:
            del self.fields["organization"]
            people = self._people(orgs.filter(pk=meeting.organization_id))
        for name in ("chair", "secretary"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]

    def _people(self, orgs: QuerySet[Any]) -> QuerySet[Person]:
        today = timezone.localdate()
        return Person.objects.filter(
            id__in=selectors.Membership.objects.filter(
                organization__in=orgs, valid_to__isnull=True, valid_from__lte=today
            ).values("person_id")
        ).order_by("sort_key", "id")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            tz = timezone.get_current_timezone()
            cleaned["starts_at"] = dt.datetime.combine(day, start, tzinfo=tz)
            cleaned["ends_at"] = dt.datetime.combine(day, end, tzinfo=tz)
            if end <= start:
                self.add_error("end", gettext("Giờ kết thúc phải sau giờ bắt đầu."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "kind": c["kind"],
            "topic": c.get("topic") or "",
            "starts_at": c["starts_at"],
            "ends_at": c["ends_at"],
            "place": c["place"],
            "agenda": c.get("agenda") or "",
            "chair": c.get("chair"),
            "secretary": c.get("secretary"),
        }


class DocumentForm(ServiceForm):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    url = forms.URLField(label=_("Đường dẫn"), max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label=_("Hoặc tệp"), required=False, help_text=_("PDF, Word, Excel hoặc ảnh; tối đa 20 MB."))

    def clean_file(self) -> Any:
        return _check_file(self.cleaned_data.get("file"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("url") and not cleaned.get("file") and not self.errors:
            self.add_error("url", gettext("Hãy nhập đường dẫn hoặc chọn tệp."))
        return cleaned


class DecisionForm(ServiceForm):
    text = forms.CharField(label=_("Nội dung biểu quyết"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    votes_for = forms.IntegerField(label=_("Tán thành"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    votes_against = forms.IntegerField(
        label=_("Không tán thành"), min_value=0, initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    votes_abstain = forms.IntegerField(
        label=_("Không biểu quyết"), min_value=0, initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class CloseForm(ServiceForm):
    minutes = forms.CharField(label=_("Biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    minutes_file = forms.FileField(
        label=_("Hoặc tệp biên bản"), required=False, help_text=_("PDF, Word hoặc ảnh chụp; tối đa 20 MB.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, meeting: Meeting, items: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": meeting.version, "minutes": meeting.minutes})
        super().__init__(*args, **kwargs)
        self.items = items
        for item, tick in items:
            self.fields[f"tick_{item.pk}"] = forms.BooleanField(label=item.text, required=False, initial=bool(tick and tick.done))

    def clean_minutes_file(self) -> Any:
        return _check_file(self.cleaned_data.get("minutes_file"))

    def tick_fields(self) -> list[forms.BoundField]:
        return [self[f"tick_{item.pk}"] for item, _t in self.items]

    def ticks(self) -> dict[int, tuple[bool, str]]:
        return {item.pk: (bool(self.cleaned_data.get(f"tick_{item.pk}")), tick.note if tick else "") for item, tick in self.items}


class MarkForm(forms.Form):
    """One tap on the attendance sheet (a correction after closing needs a note)."""

    person = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=AttendanceStatus.choices)
    reason = forms.CharField(max_length=300, required=False)
    note = forms.CharField(max_length=500, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã điểm danh"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "code-input", "spellcheck": "false"}
        ),
    )

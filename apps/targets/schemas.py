"""Input and output shapes of the targets API, one per operation. Dates are ISO 8601; decimal values are written
as strings ("12.50") in answers and accepted as numbers or strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from apps.targets.choices import Comparator, TargetGroup, TargetKind, TargetPeriod
from apps.targets.models import Congress, Measurement, Target, Term
from dangbo.api_types import (
    NO_NUL,
    ApiDate,
    Id,
    Limit,
    Name40,
    Name255,
    Offset,
    Text20,
    Text40,
    Text64,
    Text255,
    Text500,
    Text2000,
    Version,
)


def _encodable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode (no lone surrogate)") from exc
    return value


# Required text: at least one character (the service strips and checks again).
Name20 = Annotated[Text20, StringConstraints(min_length=1)]
Name64 = Annotated[Text64, StringConstraints(min_length=1)]
Name500 = Annotated[Text500, StringConstraints(min_length=1)]
Statement = Annotated[Text2000, StringConstraints(min_length=1)]
# A resolution's full text can be long; still bounded, without NUL.
LongText = Annotated[str, StringConstraints(max_length=200_000, pattern=NO_NUL), AfterValidator(_encodable)]
# The model's columns: DecimalField(max_digits=14, decimal_places=2) and (6, 2) for the weight.
Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]
Weight = Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2, allow_inf_nan=False)]
SmallNumber = Annotated[int, Field(ge=1, le=32767)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
Year = Annotated[int, Field(ge=1900, le=2100)]
ParamName = Annotated[Text64, StringConstraints(min_length=1)]


# ------------------------------------------------------------------ terms, congresses, resolutions


class CongressOut(Schema):
    id: int
    term_id: int
    held_by_id: int
    ordinal: int
    roman: str = Field(description="The ordinal in Roman numerals (VIII)")
    opened_on: dt.date
    closed_on: dt.date
    place: str
    delegates_summoned: int | None
    delegates_present: int | None
    note: str
    version: int

    @staticmethod
    def resolve_roman(obj: Congress) -> str:
        return obj.roman


class TermOut(Schema):
    id: int
    organization_id: int
    organization_code: str
    organization_name: str
    label: str = Field(description="e.g. 2020-2025")
    start_date: dt.date
    end_date: dt.date
    note: str
    cover_ids: list[int] = Field(description="Organizations whose subtrees the term's figures count besides its own")
    congress: CongressOut | None
    version: int

    @staticmethod
    def resolve_organization_code(obj: Term) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_organization_name(obj: Term) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_cover_ids(obj: Term) -> list[int]:
        return sorted(o.pk for o in obj.covers.all())

    @staticmethod
    def resolve_congress(obj: Term) -> Congress | None:
        return getattr(obj, "congress", None)


class TermPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[TermOut]


class TermListQuery(Schema):
    organization: Name40 | None = Field(None, description="Only the terms of the organization with this code")
    limit: Limit = 100
    offset: Offset = 0


class TermCreateIn(Schema):
    organization_id: Id
    label: Name20 = Field(description="e.g. 2020-2025")
    start_date: ApiDate
    end_date: ApiDate
    note: Text2000 = ""
    cover_ids: list[Id] = Field(
        default_factory=list,
        max_length=200,
        description="Organizations whose subtrees the term's figures count (default: the organization and the "
        "predecessors it absorbed whole)",
    )


class CongressIn(Schema):
    ordinal: SmallNumber = Field(description="The congress's number (8 for the 8th)")
    opened_on: ApiDate
    closed_on: ApiDate
    held_by_id: Id | None = Field(None, description="The organization that held it (default: the term's)")
    place: Text255 = ""
    delegates_summoned: Count | None = None
    delegates_present: Count | None = None
    note: Text2000 = ""


class ResolutionOut(Schema):
    id: int
    term_id: int
    symbol: str
    issued_on: dt.date
    issuer: str
    title: str
    text: str
    version: int


class ResolutionIn(Schema):
    symbol: Name64 = Field(description="e.g. 01-NQ/ĐH")
    issued_on: ApiDate
    issuer: Name255
    title: Name500
    text: LongText = ""


# ------------------------------------------------------------------ targets


class TargetOut(Schema):
    id: int
    term_id: int
    resolution_id: int
    resolution_symbol: str
    number: int
    statement: str
    group: str
    group_label: str
    kind: str
    kind_label: str
    unit: str
    baseline: Decimal | None
    comparator: str
    goal: Decimal | None
    goal_date: dt.date | None
    period: str
    weight: Decimal
    indicator: str = Field(description="The registry key of the indicator that computes it; empty: entered by hand")
    indicator_params: dict[str, str]
    cover_ids: list[int]
    note: str
    version: int

    @staticmethod
    def resolve_term_id(obj: Target) -> int:
        return obj.resolution.term_id

    @staticmethod
    def resolve_resolution_symbol(obj: Target) -> str:
        return obj.resolution.symbol

    @staticmethod
    def resolve_group_label(obj: Target) -> str:
        return str(TargetGroup(obj.group).label)

    @staticmethod
    def resolve_kind_label(obj: Target) -> str:
        return str(TargetKind(obj.kind).label)

    @staticmethod
    def resolve_indicator_params(obj: Target) -> dict[str, str]:
        return {str(k): str(v) for k, v in (obj.indicator_params or {}).items()}

    @staticmethod
    def resolve_cover_ids(obj: Target) -> list[int]:
        return sorted(o.pk for o in obj.covers.all())


class ReadingOut(Schema):
    label: str = Field(description="The term's label, or the year for a target judged each year")
    start: dt.date
    end: dt.date
    value: Decimal | None
    done_on: dt.date | None
    status: str
    status_label: str


class ResultOut(Schema):
    as_of: dt.date
    source: str = Field(description="indicator (computed from the records) or manual (entered by hand)")
    value: Decimal | None = Field(description="The whole period's value, or the last year's with a value")
    value_text: str
    done_on: dt.date | None
    status: str = Field(description="exceeded, achieved, not_achieved, on_track, off_track or no_data")
    status_label: str
    progress: int | None = Field(description="Towards the goal, 0-100")
    projected: Decimal | None = Field(description="The value at the end of the period if the pace goes on")
    readings: list[ReadingOut]


class TargetDetailOut(TargetOut):
    goal_text: str
    result: ResultOut

    @staticmethod
    def resolve_goal_text(obj: Target) -> str:
        return obj.goal_text  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_result(obj: Target) -> dict[str, Any]:
        return obj.result_data  # type: ignore[attr-defined,no-any-return]


class AsOfQuery(Schema):
    as_of: ApiDate | None = Field(None, description="Today by default (the end of a finished term)")


class TargetFieldsIn(Schema):
    statement: Statement
    group: TargetGroup = TargetGroup.PARTY_BUILDING
    kind: TargetKind
    unit: Text40 = ""
    baseline: Amount | None = None
    comparator: Comparator = Comparator.AT_LEAST
    goal: Amount | None = Field(None, description="Required unless the comparator is by_date")
    goal_date: ApiDate | None = Field(None, description="Required for a milestone (by_date)")
    period: TargetPeriod = TargetPeriod.WHOLE_TERM
    weight: Weight = Decimal(1)
    indicator: Text64 = Field("", description="A key of GET /indicators; empty: the result is entered by hand")
    indicator_params: dict[ParamName, Text64] = Field(default_factory=dict, max_length=20)
    note: Text2000 = ""


class TargetCreateIn(TargetFieldsIn):
    resolution_id: Id = Field(description="A resolution of the term")
    number: SmallNumber | None = Field(None, description="Default: after the resolution's last target")
    cover_ids: list[Id] = Field(
        default_factory=list, max_length=200, description="Organizations whose subtrees it counts (default: the term's)"
    )


# Fields a PATCH may set to null (clearing them); the others keep their value when omitted.
NULLABLE_TARGET_FIELDS = {"baseline", "goal", "goal_date"}


class TargetUpdateIn(Schema):
    """Change a target. Omitted fields stay; 409 when it changed since ``expected_version``."""

    expected_version: Version
    number: SmallNumber | None = None
    statement: Statement | None = None
    group: TargetGroup | None = None
    kind: TargetKind | None = None
    unit: Text40 | None = None
    baseline: Amount | None = Field(None, description="null clears it")
    comparator: Comparator | None = None
    goal: Amount | None = Field(None, description="null clears it")
    goal_date: ApiDate | None = Field(None, description="null clears it")
    period: TargetPeriod | None = None
    weight: Weight | None = None
    indicator: Text64 | None = None
    indicator_params: dict[ParamName, Text64] | None = Field(None, max_length=20)
    note: Text2000 | None = None

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> TargetUpdateIn:
        cleared = [name for name in self.model_fields_set if getattr(self, name) is None and name not in NULLABLE_TARGET_FIELDS]
        if cleared:
            raise ValueError(f"cannot be null: {', '.join(sorted(cleared))}")
        return self


# ------------------------------------------------------------------ values entered by hand


class MeasurementOut(Schema):
    id: int
    target_id: int
    on_date: dt.date
    year: int | None
    value: Decimal | None
    done_on: dt.date | None
    evidence: str
    evidence_symbol: str
    entered_by_label: str
    created_at: dt.datetime
    withdrawn: bool
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    version: int

    @staticmethod
    def resolve_withdrawn(obj: Measurement) -> bool:
        return obj.withdrawn_at is not None


class MeasurementIn(Schema):
    on_date: ApiDate = Field(description="The day the value holds on")
    value: Amount | None = Field(None, description="Required, except for a milestone")
    done_on: ApiDate | None = Field(None, description="A milestone's completion day (empty: not done yet)")
    year: Year | None = Field(None, description="For a target judged each year: the year (default: that of on_date)")
    evidence: Text500 = Field(description="The document or report the value comes from")
    evidence_symbol: Text64 = ""


class WithdrawIn(Schema):
    reason: Text500


# ------------------------------------------------------------------ indicators


class ChoiceOut(Schema):
    value: str
    label: str


class ParameterOut(Schema):
    name: str
    label: str
    choices: list[ChoiceOut]


class IndicatorOut(Schema):
    key: str
    label: str
    kind: str = Field(description="level (a value on a date), flow (events in a period) or rate (a share in percent)")
    unit: str
    description: str
    higher_is_better: bool
    parameters: list[ParameterOut]


class IndicatorValueQuery(Schema):
    """Any other query parameter is one of the indicator's own parameters (see GET /indicators)."""

    organization: Name40 = Field(description="The code of the organization whose subtree is counted")
    start: ApiDate | None = Field(None, description="Start of the period (flows); none: from the beginning")
    end: ApiDate | None = Field(None, description="End of the period (default: as_of)")
    as_of: ApiDate | None = Field(None, description="The day asked; nothing after it is counted (default: today)")
    limit: Limit = 50
    offset: Offset = 0


class RecordsOut(Schema):
    """The records behind the figure, limited to what the caller may see."""

    note: str
    columns: list[str]
    total: int
    limit: int
    offset: int
    rows: list[list[str]]


class IndicatorValueOut(Schema):
    indicator: str
    label: str
    kind: str
    unit: str
    organization_id: int
    organization_code: str
    start: dt.date | None
    end: dt.date
    as_of: dt.date
    params: dict[str, str]
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    records: RecordsOut


# ------------------------------------------------------------------ the term report (report.TermReport.as_json)


class ReportTermOut(Schema):
    id: int
    organization: str = Field(description="The organization's code")
    organization_name: str = Field(description="Its name during the term")
    label: str
    start_date: dt.date
    end_date: dt.date


class ReportCongressOut(Schema):
    ordinal: int
    roman: str
    opened_on: dt.date
    closed_on: dt.date


class ReportResolutionOut(Schema):
    symbol: str
    issued_on: dt.date
    title: str


class ReportSummaryOut(Schema):
    line: str = Field(description='The committee\'s own phrasing, e.g. "9/10 chỉ tiêu đạt và vượt"')
    total: int
    met: int
    exceeded: int
    achieved: int
    not_achieved: int
    on_track: int
    off_track: int
    no_data: int


class ReportYearOut(Schema):
    year: str
    result: str
    status: str


class ReportTargetOut(Schema):
    number: int
    id: int
    statement: str
    group: str
    goal: str
    result: str
    value: str | None
    status: str
    status_label: str
    source: str
    evidence: str
    evidence_url: str
    years: list[ReportYearOut]
    previous: str = Field(description="The previous term's result of the same indicator")


class ReportPreviousTermOut(Schema):
    label: str
    summary: str
    met: int
    total: int


class TermReportOut(Schema):
    term: ReportTermOut
    as_of: dt.date
    finished: bool
    congress: ReportCongressOut | None
    resolutions: list[ReportResolutionOut]
    summary: ReportSummaryOut
    targets: list[ReportTargetOut]
    previous_term: ReportPreviousTermOut | None

"""Input and output shapes of the study API. Dates are ISO 8601; rates are strings ("99.30") or null."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from apps.study.choices import ReporterRole
from dangbo.api_types import NO_NUL, ApiDate, Id, Limit, Offset, Text64, Text255, Text500, Text2000, Version, _encodable

Text300 = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL), AfterValidator(_encodable)]

Name64 = Annotated[Text64, StringConstraints(min_length=1)]
Name300 = Annotated[Text300, StringConstraints(min_length=1)]


class PageQuery(Schema):
    limit: Limit = 50
    offset: Offset = 0


class CampaignListQuery(PageQuery):
    symbol: Text64 | None = Field(None, description="Số, ký hiệu văn bản, e.g. 33-CT/TW")


class CampaignOut(Schema):
    id: int
    title: str
    document_symbol: str
    document_date: dt.date | None
    document_issuer: str
    document_title: str
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    start_date: dt.date
    end_date: dt.date
    note: str
    version: int


class CampaignPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[CampaignOut]


class CampaignIn(Schema):
    organization_id: Id
    title: Name300
    document_symbol: Name64
    document_date: ApiDate | None = None
    document_issuer: Text255 = ""
    document_title: Text500 = ""
    start_date: ApiDate
    end_date: ApiDate
    note: Text2000 = ""


class ShareOut(Schema):
    organization_id: int | None
    name: str
    expected: int
    studied: int
    missing: int
    rate: Decimal | None


class ParticipationQuery(Schema):
    on_date: ApiDate | None = Field(None, description="Ngày hỏi (mặc định: hôm nay)")
    organization_id: Id | None = Field(None, description="Tổ chức trong phạm vi đợt (mặc định: tổ chức triển khai)")


class ParticipationOut(Schema):
    campaign_id: int
    asked_on: dt.date
    reference_date: dt.date
    overall: ShareOut
    parts: list[ShareOut]


class SessionOut(Schema):
    id: int
    campaign_id: int
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    held_on: dt.date
    place: str
    reporter_id: int | None
    makeup_for_id: int | None
    note: str
    present: int = Field(0, alias="n_present")
    absent: int = Field(0, alias="n_absent")
    version: int


class SessionIn(Schema):
    organization_id: Id
    held_on: ApiDate
    place: Text255 = ""
    reporter_id: Id | None = None
    makeup_for_id: Id | None = None
    note: Text500 = ""


class AttendanceOut(Schema):
    id: int
    person_id: int
    full_name: str = Field(alias="person.full_name")
    present: bool
    absence_reason: str
    version: int


class MarkIn(Schema):
    person_id: Id
    present: bool
    absence_reason: Text300 = ""


class SheetIn(Schema):
    marks: list[MarkIn] = Field(..., min_length=1, max_length=5000)


class SheetOut(Schema):
    present: int
    absent: int
    created: int
    changed: int
    unchanged: int


class CorrectIn(Schema):
    present: bool
    absence_reason: Text300 = ""
    expected_version: Version


class ReporterOut(Schema):
    id: int
    person_id: int
    full_name: str = Field(alias="person.full_name")
    role: ReporterRole
    organization_id: int
    valid_from: dt.date
    valid_to: dt.date | None
    decision_symbol: str
    sessions_led: int = Field(0, alias="n_sessions")
    version: int


class ReporterPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ReporterOut]


class ReporterIn(Schema):
    person_id: Id
    role: ReporterRole
    organization_id: Id
    valid_from: ApiDate
    decision_symbol: Text64 = ""
    note: Text500 = ""


class ReporterEndIn(Schema):
    valid_to: ApiDate
    expected_version: Version

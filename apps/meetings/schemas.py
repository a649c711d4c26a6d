from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AwareDatetime, Field, StringConstraints

from apps.meetings.choices import AttendanceStatus, MeetingKind
from dangbo.api_types import NO_NUL, Id, Limit, Offset, Text500, Text2000, Version

Text300 = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)]


class MeetingOut(Schema):
    id: int
    organization_id: int
    organization: str
    kind: str
    topic: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    on_date: dt.date
    place: str
    status: str
    code: str | None = Field(description="the check-in code while the meeting is open")
    closed_at: dt.datetime | None
    version: int


class DocumentOut(Schema):
    title: str
    href: str
    sent_on: dt.date


class DecisionOut(Schema):
    text: str
    votes_for: int
    votes_against: int
    votes_abstain: int


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    chair_id: int | None
    secretary_id: int | None
    documents: list[DocumentOut]
    decisions: list[DecisionOut]


class MeetingPageOut(Schema):
    count: int
    items: list[MeetingOut]


class MeetingListQuery(Schema):
    organization_id: Id | None = None
    limit: Limit = 100
    offset: Offset = 0


class MeetingPlanIn(Schema):
    organization_id: Id
    kind: MeetingKind = MeetingKind.REGULAR
    topic: Text300 = ""
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: Text300 = Field(min_length=1)
    agenda: Text2000 = ""
    chair_id: Id | None = None
    secretary_id: Id | None = None


class MeetingCloseIn(Schema):
    version: Version
    minutes: Text2000 = Field(min_length=1)


class AttendanceOut(Schema):
    person_id: int
    name: str
    status: str | None
    reason: str
    source: str | None
    checked_in_at: dt.datetime | None


class AttendanceEntryIn(Schema):
    person_id: Id
    status: AttendanceStatus
    reason: Text300 = ""


class AttendanceIn(Schema):
    entries: list[AttendanceEntryIn] = Field(max_length=2000)
    note: Text500 = Field("", description="why, for a correction after the meeting was closed (required then)")


class CheckinIn(Schema):
    code: str = Field(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9 -]+$")

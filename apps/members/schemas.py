"""Input and output shapes of the members API, one per operation. Dates are ISO 8601."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator

from apps.members.choices import EducationLevel, Gender, MembershipKind, TheoryLevel
from apps.members.models import Membership, Person, PostHolding
from dangbo.api_types import (
    ApiDate,
    Id,
    Limit,
    Name60,
    Offset,
    Text12,
    Text20,
    Text40,
    Text60,
    Text64,
    Text80,
    Text100,
    Text254,
    Text255,
    Text500,
    Version,
)

# ------------------------------------------------------------------ reads


class MemberOut(Schema):
    id: int
    family_name: str
    middle_name: str
    given_name: str
    full_name: str
    birth_date: dt.date
    gender: str
    organization_id: int = Field(description="The organization holding the record (current, or the last one)")
    organization_name: str
    admission_date: dt.date
    full_member_date: dt.date | None
    version: int

    @staticmethod
    def resolve_organization_name(obj: Person) -> str:
        return obj.organization.name


class MemberPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[MemberOut]


class MemberListQuery(Schema):
    organization: Id | None = Field(None, description="Only members of this organization's subtree (on ``as_of``)")
    as_of: ApiDate | None = Field(None, description="Today by default")
    status: Literal["current", "left", "all"] = Field(
        "current", description="Active on the date; left the committee's roll; or every record"
    )
    limit: Limit = 100
    offset: Offset = 0


class MemberSearchQuery(Schema):
    q: Text100 = Field(description="Name with diacritics and case ignored, citizen ID or card number")
    limit: Limit = 50
    offset: Offset = 0


class PostsQuery(Schema):
    organization: Id
    as_of: ApiDate | None = Field(None, description="Only posts held on this date")


class MembershipOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None
    start_reason: str
    end_reason: str
    home_organization_id: int | None
    decision_symbol: str
    decision_date: dt.date | None
    destination: str
    note: str

    @staticmethod
    def resolve_organization_name(obj: Membership) -> str:
        return obj.organization.name


class PostOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    person_id: int
    person_name: str
    post: str
    post_label: str
    valid_from: dt.date
    valid_to: dt.date | None
    term_label: str
    decision_symbol: str

    @staticmethod
    def resolve_organization_name(obj: PostHolding) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_person_name(obj: PostHolding) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_post_label(obj: PostHolding) -> str:
        return str(obj.get_post_display())


class MemberDetailOut(MemberOut):
    ethnicity: str
    religion: str
    hometown: str
    citizen_id: str
    phone: str
    email: str
    education_level: str
    theory_level: str
    card_number: str
    status: Literal["probationary", "full", "left"]
    seniority_years: int
    memberships: list[MembershipOut]
    posts: list[PostOut]

    # The endpoint loads the memberships and posts once (``membership_list``, ``post_list``).
    @staticmethod
    def resolve_memberships(obj: Person) -> list[Membership]:
        return obj.membership_list  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_posts(obj: Person) -> list[PostHolding]:
        return obj.post_list  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_status(obj: Person) -> str:
        history = obj.membership_list  # type: ignore[attr-defined]
        return obj.status_on(last=history[-1] if history else None)

    @staticmethod
    def resolve_seniority_years(obj: Person) -> int:
        return obj.seniority_years()


# ------------------------------------------------------------------ writes


class MemberFieldsIn(Schema):
    family_name: Text60 = ""
    middle_name: Text80 = ""
    given_name: Name60
    birth_date: ApiDate
    gender: Gender
    ethnicity: Text40 = ""
    religion: Text40 = ""
    hometown: Text255 = ""
    citizen_id: Text12 = ""
    phone: Text20 = ""
    email: Text254 = ""
    education_level: EducationLevel = EducationLevel.NONE
    theory_level: TheoryLevel = TheoryLevel.NONE
    admission_date: ApiDate
    full_member_date: ApiDate | None = None
    card_number: Text20 = ""


class MemberCreateIn(MemberFieldsIn):
    """Create a record: an admission, a transfer in from outside the committee, a readmission or an import."""

    organization_id: Id
    on_date: ApiDate | None = Field(None, description="Start of activity in the organization (the admission date by default)")
    reason: Literal["admitted", "transferred_in", "readmitted", "imported"] = "admitted"
    decision_symbol: Text64 = ""
    decision_date: ApiDate | None = None


class MemberUpdateIn(Schema):
    """Correct facts of a record. Omitted fields stay; 409 when the record changed since ``expected_version``."""

    expected_version: Version
    family_name: Text60 | None = None
    middle_name: Text80 | None = None
    given_name: Name60 | None = None
    birth_date: ApiDate | None = None
    gender: Gender | None = None
    ethnicity: Text40 | None = None
    religion: Text40 | None = None
    hometown: Text255 | None = None
    citizen_id: Text12 | None = None
    phone: Text20 | None = None
    email: Text254 | None = None
    education_level: EducationLevel | None = None
    theory_level: TheoryLevel | None = None
    admission_date: ApiDate | None = None
    full_member_date: ApiDate | None = Field(None, description="null clears it")
    card_number: Text20 | None = None

    @model_validator(mode="after")
    def _no_null_for_required_facts(self) -> MemberUpdateIn:
        # null means "clear": only the full-member date may be cleared; other fields are omitted to keep them
        cleared = [name for name in self.model_fields_set if getattr(self, name) is None and name != "full_member_date"]
        if cleared:
            raise ValueError(f"cannot be null: {', '.join(sorted(cleared))}")
        return self


class MemberTransferIn(Schema):
    to_organization_id: Id
    on_date: ApiDate
    kind: MembershipKind = MembershipKind.PERMANENT
    decision_symbol: Text64 = ""
    decision_date: ApiDate | None = None
    note: Text500 = ""


class MemberEndIn(Schema):
    on_date: ApiDate
    reason: Literal["transferred_out", "deceased", "struck_off", "expelled", "resigned"]
    decision_symbol: Text64 = ""
    decision_date: ApiDate | None = None
    destination: Text255 = ""

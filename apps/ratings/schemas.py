"""Input and output shapes of the ratings API. Dates are ISO 8601; scores are decimals written as strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from apps.ratings.choices import Level, PeriodKind
from apps.ratings.models import MemberReview, OrganizationReview, ReviewPeriod
from dangbo.api_types import NO_NUL, ApiDate, Id, Limit, Offset, Text64


class PeriodOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    kind: PeriodKind
    year: int
    title: str
    start_date: dt.date
    end_date: dt.date
    note: str

    @staticmethod
    def resolve_organization_name(obj: ReviewPeriod) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_title(obj: ReviewPeriod) -> str:
        return obj.title


class PeriodPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[PeriodOut]


class PageQuery(Schema):
    limit: Limit = 100
    offset: Offset = 0


class ReviewsQuery(Schema):
    organization_id: Id | None = Field(None, description="Only the members of this grassroots organization")
    limit: Limit = 100
    offset: Offset = 0


class StepOut(Schema):
    level: Level | None
    score: Decimal | None = None
    on_date: dt.date | None


class _Steps(Schema):
    """The three steps of a review (member or organization: the same columns, ``StepsMixin``)."""

    @staticmethod
    def resolve_level(obj: MemberReview | OrganizationReview) -> str | None:
        return obj.level or None

    @staticmethod
    def resolve_self_assessment(obj: MemberReview | OrganizationReview) -> dict[str, object]:
        return {"level": obj.self_level or None, "score": obj.self_score, "on_date": obj.self_on}

    @staticmethod
    def resolve_proposal(obj: MemberReview | OrganizationReview) -> dict[str, object]:
        return {"level": obj.proposed_level or None, "score": obj.proposed_score, "on_date": obj.proposed_on}

    @staticmethod
    def resolve_decision(obj: MemberReview | OrganizationReview) -> dict[str, object]:
        return {"level": obj.decided_level or None, "score": None, "on_date": obj.decided_on}


class ReviewOut(_Steps):
    id: int
    period_id: int
    person_id: int
    person_name: str
    organization_id: int = Field(description="The member's grassroots organization at the period's end")
    unit_id: int = Field(description="The member's own organization (cell) at the period's end")
    level: Level | None = Field(description="The current level: the latest step recorded")
    self_assessment: StepOut
    proposal: StepOut
    decision: StepOut
    decision_symbol: str
    disciplined_in_period: bool
    version: int

    @staticmethod
    def resolve_person_name(obj: MemberReview) -> str:
        return obj.person.full_name


class ReviewPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ReviewOut]


class DecisionRowIn(Schema):
    person_id: Id
    level: Level


class DecisionsIn(Schema):
    organization_id: Id = Field(description="The grassroots organization whose members are decided")
    decided_on: ApiDate
    decision_symbol: Text64 = ""
    decisions: list[DecisionRowIn] = Field(min_length=1, max_length=5000)


# The model's columns: DecimalField(max_digits=5, decimal_places=2), 0 to 100.


def _encodable(value: str) -> str:
    value.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError: a 422, not a crash
    return value


Note = Annotated[str, StringConstraints(max_length=1000, pattern=NO_NUL), AfterValidator(_encodable)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)]


class SelfAssessmentIn(Schema):
    person_id: Id | None = Field(
        None, description="The member assessed (default: the caller's own record); another's is recorded by their cell"
    )
    level: Level
    score: Score | None = Field(None, description="On the 100-point scale; must fall in the level's band")
    note: Note = ""
    on_date: ApiDate


class ProposalRowIn(Schema):
    person_id: Id
    level: Level
    score: Score | None = None
    disciplined_in_period: bool | None = Field(None, description="Disciplined in the period (null: left as recorded)")


class ProposalsIn(Schema):
    organization_id: Id = Field(description="The grassroots organization whose members are proposed")
    proposed_on: ApiDate
    proposals: list[ProposalRowIn] = Field(min_length=1, max_length=5000)


class SharesQuery(Schema):
    organization_id: Id | None = Field(None, description="The subtree counted (default: the period's organization)")
    as_of: ApiDate | None = Field(None, description="Only decisions made by this day (default: all)")


class LevelCountOut(Schema):
    level: Level
    label: str
    count: int
    share: Decimal | None = Field(description="Percent of those decided")


class SharesOut(Schema):
    organization_id: int
    organization_name: str
    decided: int
    undecided: int
    levels: list[LevelCountOut]
    children: list[SharesOut] = Field(default_factory=list, description="The organizations directly below")


class OrganizationReviewOut(_Steps):
    id: int
    period_id: int
    organization_id: int
    organization_name: str
    level: Level | None = Field(description="The current level: the latest step recorded")
    self_assessment: StepOut
    proposal: StepOut
    decision: StepOut
    decision_symbol: str
    version: int

    @staticmethod
    def resolve_organization_name(obj: OrganizationReview) -> str:
        return str(getattr(obj.organization, "name_then", obj.organization.name))


class OrganizationSelfAssessmentIn(Schema):
    organization_id: Id = Field(description="The organization assessing itself (one the period's committee rates)")
    level: Level
    score: Score | None = Field(None, description="On the 100-point scale; must fall in the level's band")
    note: Note = ""
    on_date: ApiDate


class OrganizationProposalRowIn(Schema):
    organization_id: Id
    level: Level
    score: Score | None = None


class OrganizationProposalsIn(Schema):
    proposed_on: ApiDate
    proposals: list[OrganizationProposalRowIn] = Field(min_length=1, max_length=5000)


class OrganizationDecisionRowIn(Schema):
    organization_id: Id
    level: Level


class OrganizationDecisionsIn(Schema):
    decided_on: ApiDate
    decision_symbol: Text64 = ""
    decisions: list[OrganizationDecisionRowIn] = Field(min_length=1, max_length=5000)

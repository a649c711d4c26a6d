"""Input and output shapes of the organizations API, one per operation. Dates are ISO 8601."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, model_validator

from apps.organizations.choices import OrganizationKind, ReorganizationKind, Sector
from apps.organizations.models import Organization, Reorganization
from dangbo.api_types import ApiDate, BodyIn, Id, Limit, Name40, Name255, Offset, Text64, Text100, Text255, Text500, Version

# ------------------------------------------------------------------ reads


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    host_body: str
    sector: str
    founded_on: dt.date
    ended_on: dt.date | None
    parent_id: int | None = Field(description="The parent on the list's date (today by default); none for a root")
    version: int

    @staticmethod
    def resolve_kind_label(obj: Organization) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent_id(obj: Organization) -> int | None:
        return getattr(obj, "parent_on_date", None)


class OrganizationPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[OrganizationOut]


class OrganizationListQuery(Schema):
    as_of: ApiDate | None = Field(None, description="Only organizations alive on this date; parents as of this date")
    kind: OrganizationKind | None = None
    parent: Id | None = Field(None, description="Only the direct children of this organization on the date")
    q: Text100 = Field("", description="Name (diacritics ignored) or exact code")
    limit: Limit = 100
    offset: Offset = 0


class AsOfQuery(Schema):
    as_of: ApiDate | None = Field(None, description="Today by default")


class TreeQuery(Schema):
    as_of: ApiDate | None = Field(None, description="Today by default")
    root: Id | None = Field(None, description="Only this organization's subtree")


class TreeNodeOut(Schema):
    id: int
    code: str
    name: str = Field(description="The name borne on the date")
    kind: str
    sector: str
    parent_id: int | None
    depth: int
    members: int = Field(description="Members of the subtree on the date")
    ended_on: dt.date | None


class MemberCountOut(Schema):
    organization_id: int
    as_of: dt.date
    members: int


class NameOut(Schema):
    name: str
    valid_from: dt.date
    valid_to: dt.date | None


class ReorganizationOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_on: dt.date
    decision_symbol: str
    decision_date: dt.date | None
    decision_issuer: str
    title: str
    note: str

    @staticmethod
    def resolve_kind_label(obj: Reorganization) -> str:
        return str(obj.get_kind_display())


class ReorganizationLinkOut(Schema):
    organization_id: int
    role: str
    predecessor_id: int | None
    successor_id: int | None
    old_parent_id: int | None
    new_parent_id: int | None
    old_name: str
    new_name: str
    members_moved: int


class ReorganizationDetailOut(ReorganizationOut):
    links: list[ReorganizationLinkOut]


class ReorganizationPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ReorganizationOut]


class ReorganizationListQuery(Schema):
    organization: Id | None = Field(None, description="Only those that touched this organization")
    kind: ReorganizationKind | None = None
    limit: Limit = 100
    offset: Offset = 0


class HistoryEntryOut(Schema):
    reorganization: ReorganizationOut
    role: str
    predecessor_id: int | None
    successor_id: int | None
    old_parent_id: int | None
    new_parent_id: int | None
    old_name: str
    new_name: str
    members_moved: int


class HistoryOut(Schema):
    organization_id: int
    names: list[NameOut]
    events: list[HistoryEntryOut]


class LineageEntryOut(Schema):
    organization_id: int = Field(description="The predecessor, or the successor")
    reorganization_id: int
    kind: str
    effective_on: dt.date


class LineageOut(Schema):
    organization_id: int
    predecessors: list[LineageEntryOut]
    successors: list[LineageEntryOut]


# ------------------------------------------------------------------ writes


class DecisionIn(BodyIn):
    symbol: Text64 = Field("", description="e.g. 1628-QĐ/TU")
    date: ApiDate | None = None
    issuer: Text255 = ""
    title: Text500 = ""


class NewOrganizationIn(Schema):
    code: Name40
    name: Name255
    kind: OrganizationKind
    host_body: Text255 = ""
    sector: Sector = Sector.OTHER


class OrganizationFoundIn(NewOrganizationIn):
    parent_id: Id | None = Field(None, description="None founds a top-level organization (administrators only)")
    on_date: ApiDate
    decision: DecisionIn | None = None


class OrganizationUpdateIn(Schema):
    """Undated attributes; the name changes through a rename. Omitted fields stay as they are."""

    expected_version: Version
    code: Name40 | None = None
    kind: OrganizationKind | None = None
    host_body: Text255 | None = None
    sector: Sector | None = None


class OrganizationRenameIn(Schema):
    name: Name255
    on_date: ApiDate
    decision: DecisionIn | None = None


class ReorganizationMoveIn(Schema):
    new_parent_id: Id
    on_date: ApiDate
    decision: DecisionIn | None = None


class MergeIn(Schema):
    """Merge sources into an existing organization (``into_id``) or a new one (``new``, under ``parent_id``)."""

    source_ids: list[Id] = Field(min_length=1, max_length=200)
    into_id: Id | None = None
    new: NewOrganizationIn | None = None
    parent_id: Id | None = None
    on_date: ApiDate
    decision: DecisionIn | None = None

    @model_validator(mode="after")
    def _one_target(self) -> MergeIn:
        if (self.into_id is None) == (self.new is None):
            raise ValueError("give exactly one of into_id and new")
        return self


class SplitTargetIn(BodyIn):
    organization_id: Id | None = Field(None, description="An existing organization receiving part of the source")
    new: NewOrganizationIn | None = Field(None, description="Or a new one, founded under parent_id")

    @model_validator(mode="after")
    def _one(self) -> SplitTargetIn:
        if (self.organization_id is None) == (self.new is None):
            raise ValueError("give exactly one of organization_id and new")
        return self


class SplitIn(Schema):
    into: list[SplitTargetIn] = Field(min_length=2, max_length=50)
    parent_id: Id | None = None
    on_date: ApiDate
    child_assignment: dict[Id, Annotated[int, Field(ge=0, le=49)]] = Field(
        default_factory=dict, description="Sub-organization id → index in ``into`` (default: the first)"
    )
    member_assignment: dict[Id, Annotated[int, Field(ge=0, le=49)]] = Field(
        default_factory=dict, description="Member id → index in ``into`` (default: the first)"
    )
    decision: DecisionIn | None = None


class DissolveIn(Schema):
    on_date: ApiDate
    children_to_id: Id | None = None
    members_to_id: Id | None = None
    decision: DecisionIn | None = None


class BulkMoveOp(Schema):
    op: Literal["move"]
    code: Name40
    parent: Name40


class BulkMergeOp(Schema):
    op: Literal["merge"]
    sources: list[Name40] = Field(min_length=1, max_length=200)
    into: Name40


class BulkDissolveOp(Schema):
    op: Literal["dissolve"]
    code: Name40


class BulkFoundOp(Schema):
    op: Literal["found"]
    code: Name40
    name: Name255
    kind: OrganizationKind
    parent: Name40 | None = None
    host_body: Text255 = ""
    sector: Sector = Sector.OTHER


class BulkRenameOp(Schema):
    op: Literal["rename"]
    code: Name40
    name: Name255


BulkOperationIn = Annotated[BulkMoveOp | BulkMergeOp | BulkDissolveOp | BulkFoundOp | BulkRenameOp, Field(discriminator="op")]


class BulkIn(Schema):
    """Many operations as one dated reorganization citing one decision. Organizations are named by code."""

    operations: list[BulkOperationIn] = Field(min_length=1, max_length=2000)
    on_date: ApiDate
    decision: DecisionIn | None = None
    preview: bool = Field(True, description="Run everything and roll it back, answering what applying would do")


class BulkResultOut(Schema):
    applied: bool
    reorganization_id: int | None
    organizations_moved: int
    organizations_ended: int
    organizations_founded: int
    members_moved: int
    lines: list[str]

"""Input and output shapes of the documents API. Dates are ISO 8601."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from apps.documents.choices import Access, DocumentType, LinkKind, Status
from dangbo.api_types import NO_NUL, ApiDate, Id, Limit, Offset, Text64, Text255, Text500, Version, _encodable

Text32 = Annotated[str, StringConstraints(max_length=32, pattern=NO_NUL), AfterValidator(_encodable)]
Text300 = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL), AfterValidator(_encodable)]
Text20000 = Annotated[str, StringConstraints(max_length=20000, pattern=NO_NUL), AfterValidator(_encodable)]
Text100k = Annotated[str, StringConstraints(max_length=100_000, pattern=NO_NUL), AfterValidator(_encodable)]
Name64 = Annotated[Text64, StringConstraints(min_length=1)]
Name255 = Annotated[Text255, StringConstraints(min_length=1)]
Name500 = Annotated[Text500, StringConstraints(min_length=1)]


class DocumentListQuery(Schema):
    q: Text255 = Field("", description="Số, ký hiệu hoặc trích yếu; không phân biệt dấu")
    type_code: DocumentType | None = None
    issuer: Text32 = Field("", description="Ký hiệu cơ quan ban hành, e.g. TU, TW, CP")
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    status: Status | None = None
    limit: Limit = 50
    offset: Offset = 0


class DocumentOut(Schema):
    id: int
    symbol: str
    number: str
    type_code: str
    type_name: str
    system: str
    issuer_code: str
    issuing_body: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    title: str
    summary: str
    access: str
    organization_id: int
    status: str
    has_file: bool
    version: int


class DocumentPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[DocumentOut]


class LinkOut(Schema):
    id: int
    kind: str
    direction: str = Field(description="out: this document acts on the other; in: the other acts on this one")
    label: str
    other_id: int | None = Field(description="null: a document outside the caller's scope")
    other_symbol: str | None
    effective_on: dt.date | None
    note: str


class CitedByOut(Schema):
    source: str
    describe: str
    url: str
    text: str


class DocumentDetailOut(DocumentOut):
    status_label: str
    status_link_id: int | None
    links: list[LinkOut]
    cited_by: list[CitedByOut]


class DocumentIn(Schema):
    organization_id: Id
    symbol: Name64 = Field(description="Số, ký hiệu as typed: 1628-QĐ/TU, 07-QĐi/TW, 13/2023/NĐ-CP")
    type_code: DocumentType | None = Field(None, description="Empty: read from the symbol")
    issued_on: ApiDate | None = None
    issuing_body: Name255
    title: Name500
    summary: Text20000 = ""
    access: Access = Access.INTERNAL
    expires_on: ApiDate | None = None


class LinkIn(Schema):
    target_id: Id
    kind: LinkKind
    effective_on: ApiDate | None = None
    note: Text300 = ""


class LinkCreatedOut(Schema):
    id: int
    source_id: int
    target_id: int
    kind: str
    effective_on: dt.date | None
    note: str


class CitationsIn(Schema):
    text: Text100k


class CitationOut(Schema):
    start: int
    end: int
    text: str
    symbol: str
    number: str
    type: str
    type_code: str
    issuer: str
    date: dt.date | None
    body: str | None
    document_id: int | None = Field(description="the registry entry the caller may read that the citation names")


class CitationsOut(Schema):
    citations: list[CitationOut]


__all__ = ["Version"]

"""Input and output shapes of the portal API. Times are ISO 8601 with their offset; the date line is the one readers
see ("Thứ Năm, 30/07/2020 | 06:00", GMT+7)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from dangbo.api_types import NO_NUL, BodyIn, Id, Limit, Offset, Text200, Text500, Version, _encodable

Text300 = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL), AfterValidator(_encodable)]
Text1000 = Annotated[str, StringConstraints(max_length=1000, pattern=NO_NUL), AfterValidator(_encodable)]
Body = Annotated[str, StringConstraints(max_length=100_000, pattern=NO_NUL), AfterValidator(_encodable)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=NO_NUL), AfterValidator(_encodable)]
Slug = Annotated[str, StringConstraints(max_length=140, pattern=r"^[-a-zA-Z0-9_]*$")]


def _in_range(value: dt.datetime) -> dt.datetime:
    if not 1900 <= value.year <= 2100:
        raise ValueError("the time must lie between 1900 and 2100")
    return value


PublishTime = Annotated[AwareDatetime, AfterValidator(_in_range)]


class PageQuery(Schema):
    limit: Limit = 20
    offset: Offset = 0


class PublicListQuery(PageQuery):
    category: Slug | None = Field(None, description="Đường dẫn chuyên mục (gồm cả chuyên mục con)")


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None
    position: int
    description: str
    url: str


class ArticleSummaryOut(Schema):
    id: int
    title: str
    lead: str
    category_id: int
    category_name: str
    byline: str
    source: str
    publish_at: dt.datetime | None
    dateline: str
    url: str
    view_count: int


class ArticlePageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummaryOut]


class ImageOut(Schema):
    id: int
    caption: str
    credit: str
    alt: str
    width: int
    height: int
    url: str
    thumb_url: str


class ArticleOut(ArticleSummaryOut):
    body: str = Field(description="Nội dung theo cú pháp của tòa soạn")
    body_html: str = Field(description="Nội dung đã dựng thành HTML (đã thoát ký tự, trích dẫn văn bản đã gắn liên kết)")
    images: list[ImageOut]
    breadcrumbs: list[CategoryOut]


class NewsroomArticleOut(ArticleSummaryOut):
    organization_id: int
    status: str
    state: str = Field(description="draft, in_review, scheduled, published, withdrawn")
    review_note: str
    body: str
    cover_id: int | None
    version: int


class NewsroomPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[NewsroomArticleOut]


class NewsroomListQuery(PageQuery):
    state: str | None = Field(None, pattern=r"^(draft|in_review|scheduled|published|withdrawn)$")


class ArticleIn(Schema):
    category_id: Id
    title: Title
    lead: Text1000 = ""
    body: Body = ""
    byline: Text200 = ""
    source: Text200 = ""


class ArticlePatch(Schema):
    version: Version
    category_id: Id | None = None
    title: Title | None = None
    lead: Text1000 | None = None
    body: Body | None = None
    byline: Text200 | None = None
    source: Text200 | None = None


class NoteIn(BodyIn):
    note: Text500 = ""


class PublishIn(BodyIn):
    publish_at: PublishTime | None = Field(None, description="Trống: đăng ngay; một thời điểm sau: hẹn giờ đăng")


class CommentOut(Schema):
    id: int
    article_id: int
    name: str
    body: str
    status: str
    created_at: dt.datetime
    moderation_note: str


class CommentPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[CommentOut]


class CommentQuery(PageQuery):
    status: str = Field("pending", pattern=r"^(pending|approved|rejected)$")


class ModerateIn(Schema):
    approve: bool
    note: Text300 = ""


def category_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "slug": c.slug,
        "parent_id": c.parent_id,
        "position": c.position,
        "description": c.description,
        "url": c.get_absolute_url(),
    }

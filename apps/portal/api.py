"""The portal API: published articles and categories for anyone (no token), the newsroom's workflow and comment
moderation for token holders with a portal role.

Public reads answer only published articles whose time has come. Newsroom reads go through
``visible_to(user, "portal.write")``; writes call the services, which check ``portal.write``, ``portal.publish`` or
``portal.moderate`` on the article's organization, and re-check visibility inside the transaction. A missing
record and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.core.scoping import get_visible_or_404
from apps.portal import citing, markup, selectors, services
from apps.portal.dateline import dateline
from apps.portal.models import Article, Category
from apps.portal.schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePageOut,
    ArticlePatch,
    CategoryOut,
    CommentOut,
    CommentPageOut,
    CommentQuery,
    ModerateIn,
    NewsroomArticleOut,
    NewsroomListQuery,
    NewsroomPageOut,
    NoteIn,
    PublicListQuery,
    PublishIn,
    category_out,
)
from dangbo.api_types import MAX_ID, READ_ERRORS, responses

router = Router(tags=["portal"])

ArticleId = Path(..., ge=1, le=MAX_ID, description="Article id")
CommentId = Path(..., ge=1, le=MAX_ID, description="Comment id")
PUBLIC_ERRORS = {k: v for k, v in READ_ERRORS.items() if k != 401}


def public(ok: Any) -> dict[int, Any]:
    return {200: ok, **PUBLIC_ERRORS}


def _summary(a: Article) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "lead": a.lead,
        "category_id": a.category_id,
        "category_name": a.category.name,
        "byline": a.byline,
        "source": a.source,
        "publish_at": a.publish_at,
        "dateline": dateline(a.publish_at),
        "url": a.get_absolute_url(),
        "view_count": a.view_count,
    }


def _newsroom(a: Article) -> dict[str, Any]:
    return _summary(a) | {
        "organization_id": a.organization_id,
        "status": a.status,
        "state": a.state(),
        "review_note": a.review_note,
        "body": a.body,
        "cover_id": a.cover_id,
        "version": a.version,
    }


def _page(qs: Any, limit: int, offset: int, shape: Any) -> dict[str, Any]:
    return {"total": qs.count(), "limit": limit, "offset": offset, "items": [shape(a) for a in qs[offset : offset + limit]]}


# ------------------------------------------------------------------ public


@router.get("/categories", auth=None, response=public(list[CategoryOut]), summary="Các chuyên mục")
def list_categories(request: HttpRequest) -> Any:
    return [category_out(c) for c in Category.objects.order_by("position", "name", "id")[:1000]]


@router.get("/articles", auth=None, response=public(ArticlePageOut), summary="Các bài đã đăng, mới nhất trước")
def list_articles(request: HttpRequest, filters: Query[PublicListQuery]) -> Any:
    qs = selectors.public_articles()
    if filters.category:
        cat = Category.objects.filter(slug=filters.category).first()
        if cat is None:
            raise NotVisibleError("", code="not_found")
        qs = selectors.category_articles(cat)
    return _page(qs, filters.limit, filters.offset, _summary)


@router.get("/articles/{article_id}", auth=None, response=public(ArticleOut), summary="Một bài đã đăng")
def get_article(request: HttpRequest, article_id: int = ArticleId) -> Any:
    """The article as readers see it (the visit is not counted: the counter counts page visits)."""
    from apps.portal.views import image_url

    a = selectors.public_article_get(article_id)
    pictures = list(a.images.all())
    html = markup.render(a.body, {i.pk: i for i in pictures}, lambda t: citing.link_html(t, None), image_url)
    return _summary(a) | {
        "body": a.body,
        "body_html": str(html),
        "images": [
            {
                "id": i.pk,
                "caption": i.caption,
                "credit": i.credit,
                "alt": i.alt_text,
                "width": i.width,
                "height": i.height,
                "url": image_url(i, "full"),
                "thumb_url": image_url(i, "thumb"),
            }
            for i in pictures
        ],
        "breadcrumbs": [category_out(c) for c in selectors.breadcrumbs(a.category)],
    }


# ------------------------------------------------------------------ newsroom


def _article(request: HttpRequest, pk: int) -> Article:
    return selectors.newsroom_article_get(request.user, pk)


def _visible(request: HttpRequest, article: Article) -> dict[str, Any]:
    """Write-then-verify: the result must still be the caller's to see, else the write rolls back."""
    fresh = selectors.newsroom_articles(request.user).defer(None).filter(pk=article.pk).first()
    if fresh is None:
        raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")
    return _newsroom(fresh)


@router.get("/newsroom/articles", response=responses(NewsroomPageOut), summary="Bài viết trong tòa soạn")
def newsroom_list(request: HttpRequest, filters: Query[NewsroomListQuery]) -> Any:
    qs = selectors.by_state(selectors.newsroom_articles(request.user).defer(None), filters.state or "")
    return _page(qs, filters.limit, filters.offset, _newsroom)


@router.get("/newsroom/articles/{article_id}", response=responses(NewsroomArticleOut), summary="Một bài trong tòa soạn")
def newsroom_get(request: HttpRequest, article_id: int = ArticleId) -> Any:
    return _newsroom(_article(request, article_id))


@router.post("/newsroom/articles", response=responses(NewsroomArticleOut, status=201, write=True), summary="Viết bài mới")
def newsroom_create(request: HttpRequest, payload: ArticleIn) -> Any:
    with transaction.atomic():
        category = get_visible_or_404(Category.objects.all(), request.user, selectors.PERM_WRITE, pk=payload.category_id)
        data = payload.dict(exclude={"category_id"})
        article = services.article_create(actor=request.user, category=category, **data)
        return 201, _visible(request, article)


@router.patch("/newsroom/articles/{article_id}", response=responses(NewsroomArticleOut, write=True), summary="Sửa bài")
def newsroom_update(request: HttpRequest, payload: ArticlePatch, article_id: int = ArticleId) -> Any:
    with transaction.atomic():
        article = _article(request, article_id)
        changes: dict[str, Any] = payload.dict(exclude_unset=True, exclude={"version", "category_id"})
        changes = {k: v for k, v in changes.items() if v is not None}
        if payload.category_id is not None:
            changes["category"] = get_visible_or_404(
                Category.objects.all(), request.user, selectors.PERM_WRITE, pk=payload.category_id
            )
        article = services.article_update(actor=request.user, article=article, expected_version=payload.version, **changes)
        return _visible(request, article)


@router.post("/newsroom/articles/{article_id}/submit", response=responses(NewsroomArticleOut, write=True), summary="Gửi duyệt")
def newsroom_submit(request: HttpRequest, payload: NoteIn, article_id: int = ArticleId) -> Any:
    with transaction.atomic():
        article = services.article_submit(actor=request.user, article=_article(request, article_id), note=payload.note)
        return _visible(request, article)


@router.post(
    "/newsroom/articles/{article_id}/publish",
    response=responses(NewsroomArticleOut, write=True),
    summary="Duyệt đăng ngay hoặc hẹn giờ đăng",
)
def newsroom_publish(request: HttpRequest, payload: PublishIn, article_id: int = ArticleId) -> Any:
    with transaction.atomic():
        article = services.article_publish(
            actor=request.user, article=_article(request, article_id), publish_at=payload.publish_at
        )
        return _visible(request, article)


@router.post("/newsroom/articles/{article_id}/return", response=responses(NewsroomArticleOut, write=True), summary="Trả bài")
def newsroom_return(request: HttpRequest, payload: NoteIn, article_id: int = ArticleId) -> Any:
    with transaction.atomic():
        article = services.article_return(actor=request.user, article=_article(request, article_id), note=payload.note)
        return _visible(request, article)


@router.post("/newsroom/articles/{article_id}/withdraw", response=responses(NewsroomArticleOut, write=True), summary="Gỡ bài")
def newsroom_withdraw(request: HttpRequest, payload: NoteIn, article_id: int = ArticleId) -> Any:
    with transaction.atomic():
        article = services.article_withdraw(actor=request.user, article=_article(request, article_id), note=payload.note)
        return _visible(request, article)


@router.get("/newsroom/comments", response=responses(CommentPageOut), summary="Bình luận cần duyệt")
def newsroom_comments(request: HttpRequest, filters: Query[CommentQuery]) -> Any:
    qs = selectors.comments_for_moderation(request.user).filter(status=filters.status).order_by("created_at", "id")
    return {
        "total": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


@router.post("/newsroom/comments/{comment_id}/moderate", response=responses(CommentOut, write=True), summary="Duyệt bình luận")
def newsroom_moderate(request: HttpRequest, payload: ModerateIn, comment_id: int = CommentId) -> Any:
    with transaction.atomic():
        comment = selectors.comment_get(request.user, comment_id)
        return services.comment_moderate(actor=request.user, comment=comment, approve=payload.approve, note=payload.note)

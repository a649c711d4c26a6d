"""Reads of the portal. Readers' reads are public: published articles whose time has come (``public(now)``), their
categories, images and approved comments. The newsroom's reads are scoped with ``visible_to(user, perm)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core.scoping import get_visible_or_404
from apps.portal.choices import ArticleStatus, CommentStatus
from apps.portal.models import Article, ArticleImage, Category, Comment

PERM_WRITE = "portal.write"
PERM_PUBLISH = "portal.publish"
PERM_MODERATE = "portal.moderate"


# ---------------------------------------------------------------- public


def public_articles(now: dt.datetime | None = None) -> QuerySet[Article]:
    return Article.objects.public(now).select_related("category", "cover").defer("body").order_by("-publish_at", "-id")


def public_article_get(pk: int, now: dt.datetime | None = None) -> Article:
    """A public article with what its page shows (category, cover, images); 404 for a draft, a scheduled or a
    withdrawn one, exactly like a missing one."""
    try:
        return (
            Article.objects.public(now)
            .select_related("category", "category__parent", "category__parent__parent", "organization", "cover")
            .prefetch_related(Prefetch("images", queryset=ArticleImage.objects.order_by("id")))
            .get(pk=pk)
        )
    except Article.DoesNotExist as exc:
        raise Http404 from exc


def related(article: Article, limit: int = 5, now: dt.datetime | None = None) -> list[Article]:
    """The latest other public articles of the same category."""
    return list(public_articles(now).filter(category_id=article.category_id).exclude(pk=article.pk)[:limit])


def breadcrumbs(category: Category) -> list[Category]:
    """The category's path from the top (``Tin tức - Sự kiện`` › ``Hoạt động của Đảng bộ``)."""
    path: list[Category] = []
    node: Category | None = category
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        path.append(node)
        node = node.parent
    return path[::-1]


def menu() -> list[Category]:
    """Top categories with their sub-categories, for the portal's menu."""
    return list(
        Category.objects.filter(parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=Category.objects.order_by("position", "name")))
        .order_by("position", "name")
    )


def category_get(slug: str) -> Category:
    try:
        return Category.objects.select_related("parent", "parent__parent").get(slug=slug)
    except Category.DoesNotExist as exc:
        raise Http404 from exc


def category_articles(category: Category, now: dt.datetime | None = None) -> QuerySet[Article]:
    """Public articles of the category and of its sub-categories."""
    ids = [category.pk, *Category.objects.filter(Q(parent=category) | Q(parent__parent=category)).values_list("pk", flat=True)]
    return public_articles(now).filter(category_id__in=ids)


def approved_comments(article: Article) -> list[Comment]:
    return list(article.comments.approved().order_by("created_at", "id"))


def public_image_get(pk: int, user: Any, now: dt.datetime | None = None) -> ArticleImage:
    """An image readers may load: of a public article; the newsroom also loads those of its drafts."""
    image = ArticleImage.objects.select_related("article").filter(pk=pk).first()
    if image is None:
        raise Http404
    if image.article.is_public(now or timezone.now()):
        return image
    return get_visible_or_404(ArticleImage.objects.all(), user, PERM_WRITE, pk=pk)


# ---------------------------------------------------------------- newsroom


def newsroom_articles(user: Any, perm: str = PERM_WRITE) -> QuerySet[Article]:
    return (
        Article.objects.visible_to(user, perm)
        .select_related("category", "organization", "created_by")
        .defer("body")
        .order_by("-updated_at", "-id")
    )


def newsroom_article_get(user: Any, pk: int, perm: str = PERM_WRITE) -> Article:
    qs = Article.objects.select_related("category", "organization", "cover", "created_by").prefetch_related(
        Prefetch("images", queryset=ArticleImage.objects.order_by("id"))
    )
    return get_visible_or_404(qs, user, perm, pk=pk)


def newsroom_categories(user: Any, perm: str = PERM_WRITE) -> QuerySet[Category]:
    return (
        Category.objects.visible_to(user, perm)
        .select_related("parent", "organization")
        .order_by("organization__name", "position", "name")
    )


def newsroom_image_get(user: Any, pk: int, perm: str = PERM_WRITE) -> ArticleImage:
    return get_visible_or_404(ArticleImage.objects.select_related("article"), user, perm, pk=pk)


def pending_comments(user: Any) -> QuerySet[Comment]:
    return (
        Comment.objects.visible_to(user, PERM_MODERATE)
        .filter(status=CommentStatus.PENDING)
        .select_related("article")
        .order_by("created_at", "id")
    )


def comments_for_moderation(user: Any) -> QuerySet[Comment]:
    return Comment.objects.visible_to(user, PERM_MODERATE).select_related("article")


def comment_get(user: Any, pk: int) -> Comment:
    return get_visible_or_404(comments_for_moderation(user), user, PERM_MODERATE, pk=pk)


@dataclass(frozen=True)
class Desk:
    """The newsroom's counts by state, for the tabs of its list."""

    draft: int
    in_review: int
    scheduled: int
    published: int
    withdrawn: int


def desk(user: Any, now: dt.datetime | None = None) -> Desk:
    now = now or timezone.now()
    published = Q(status=ArticleStatus.PUBLISHED)
    counts = Article.objects.visible_to(user, PERM_WRITE).aggregate(
        draft=Count("pk", filter=Q(status=ArticleStatus.DRAFT)),
        in_review=Count("pk", filter=Q(status=ArticleStatus.IN_REVIEW)),
        scheduled=Count("pk", filter=published & Q(publish_at__gt=now)),
        published=Count("pk", filter=published & Q(publish_at__lte=now)),
        withdrawn=Count("pk", filter=Q(status=ArticleStatus.WITHDRAWN)),
    )
    return Desk(**counts)


def by_state(qs: QuerySet[Article], state: str, now: dt.datetime | None = None) -> QuerySet[Article]:
    now = now or timezone.now()
    if state == "scheduled":
        return qs.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now)
    if state == "published":
        return qs.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
    if state in ArticleStatus.values:
        return qs.filter(status=state)
    return qs

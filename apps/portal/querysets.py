"""Querysets of the portal. The newsroom's reads are scoped (``visible_to(user, "portal.write")``); the public's are
``public(now)``: published articles whose time has come, in categories of any portal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.utils import timezone

from apps.core.scoping import ScopedQuerySet
from apps.portal.choices import ArticleStatus, CommentStatus

if TYPE_CHECKING:
    from apps.portal.models import Article, ArticleImage, Category, Comment  # noqa: F401


class CategoryQuerySet(ScopedQuerySet["Category"]):
    scope_field = "organization"


class ArticleQuerySet(ScopedQuerySet["Article"]):
    scope_field = "organization"

    def public(self, now: dt.datetime | None = None) -> Self:
        """What a reader may open: published, and its publication time has come (a scheduled article stays
        hidden until then by this condition alone)."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now or timezone.now())


class ArticleImageQuerySet(ScopedQuerySet["ArticleImage"]):
    scope_field = "article__organization"


class CommentQuerySet(ScopedQuerySet["Comment"]):
    scope_field = "article__organization"

    def approved(self) -> Self:
        return self.filter(status=CommentStatus.APPROVED)

"""The committee's public news portal: categories, articles with their images, and readers' comments.

A portal belongs to an organization (the committee whose portal it is); the newsroom sees and writes what lies
under the organizations its roles are assigned on. Readers see published articles whose ``publish_at`` has come:
a scheduled article is simply one published for a later time, so no worker has to flip it (``querysets.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.core.text import fold
from apps.organizations.models import Organization
from apps.portal.choices import ArticleState, ArticleStatus, CommentStatus
from apps.portal.querysets import ArticleImageQuerySet, ArticleQuerySet, CategoryQuerySet, CommentQuerySet


class Category(AuditedModel):
    """A category (chuyên mục) or, with a parent, a sub-category; ``position`` orders siblings in the menu."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="portal_categories", verbose_name=_("cổng thông tin của")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("chuyên mục cha")
    )
    name = models.CharField(_("tên chuyên mục"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:category", args=[self.slug])


_FIGURE = re.compile(r"\[\[[^\]]*\]\]")


def searchable_text(title: str, lead: str, body: str) -> str:
    """The article's words for search: folded (no case, no diacritics), figures' markers left out."""
    return fold(" ".join((title, lead, _FIGURE.sub(" ", body or ""))))


class Article(AuditedModel):
    """An article. ``body`` is the portal's simple markup (``markup.py``): paragraphs, headings, quotes and
    figures, rendered escaped, with citations of Party documents linked."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="portal_articles", verbose_name=_("cổng thông tin của")
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("chuyên mục"))
    slug = models.SlugField(_("đường dẫn"), max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=300)
    lead = models.TextField(_("sapo (đoạn dẫn)"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"), max_length=100_000, blank=True)
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    publish_at = models.DateTimeField(_("thời gian đăng"), null=True, blank=True)
    cover = models.ForeignKey(
        "ArticleImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ảnh đại diện")
    )
    review_note = models.CharField(_("ghi chú biên tập"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người viết")
    )
    # Written only by one UPDATE ... SET view_count = view_count + 1 per visit (selectors.article_visit); Article.save
    # never writes it back, so an edit made while readers visit loses no visit.
    view_count = models.PositiveBigIntegerField(_("lượt xem"), default=0, editable=False)
    # fold(title, lead, body): what the one search compares (apps/search; full-text indexed on PostgreSQL)
    search_folded = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="portal_article_public_idx"),
            models.Index(fields=["category", "status", "-publish_at"], name="portal_article_cat_idx"),
            models.Index(fields=["organization", "status"], name="portal_article_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="portal_article_published_has_time",
                violation_error_message=_("Bài đã duyệt đăng phải có thời gian đăng."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_folded = searchable_text(self.title, self.lead, self.body)
        # The visit counter is only ever incremented in SQL; writing back the value read with the row would undo
        # the visits counted in between.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "view_count"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:article", args=[self.slug or "bai-viet", self.pk])

    def state(self, now: dt.datetime | None = None) -> str:
        if self.status == ArticleStatus.PUBLISHED:
            now = now or timezone.now()
            return ArticleState.SCHEDULED if self.publish_at is None or self.publish_at > now else ArticleState.PUBLISHED
        return str(self.status)

    def get_state_display(self, now: dt.datetime | None = None) -> str:
        return str(ArticleState(self.state(now)).label)

    def is_public(self, now: dt.datetime | None = None) -> bool:
        return self.state(now) == ArticleState.PUBLISHED


class ArticleImage(AuditedModel):
    """An image of an article, checked and resized when uploaded (``images.py``): ``file`` at most
    :data:`apps.portal.images.MAX_WIDTH` wide, ``thumb`` for lists and feeds."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="images", verbose_name=_("bài viết"))
    file = models.CharField(_("tệp ảnh"), max_length=300)
    thumb = models.CharField(_("ảnh thu nhỏ"), max_length=300)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(_("chú thích"), max_length=500, blank=True)
    credit = models.CharField(_("tác giả ảnh"), max_length=120, blank=True)
    alt = models.CharField(_("mô tả ảnh cho người khiếm thị"), max_length=300, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        ordering = ["article", "id"]
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")

    def __str__(self) -> str:
        return self.caption or self.original_name or f"ảnh {self.pk}"

    @property
    def alt_text(self) -> str:
        return self.alt or self.caption or str(self.article.title if self.article_id else "")


class Comment(AuditedModel):
    """A reader's comment: held as pending until someone holding ``portal.moderate`` approves it. The address it
    came from is kept only as a keyed hash (for the rate limit and for spotting abuse)."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="comments", verbose_name=_("bài viết"))
    name = models.CharField(_("họ tên"), max_length=80)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    body = models.TextField(_("ý kiến"), max_length=2000)
    status = models.CharField(_("trạng thái"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    ip_hash = models.CharField(max_length=64, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người duyệt")
    )
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    moderation_note = models.CharField(_("lý do"), max_length=300, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="portal_comment_article_idx"),
            models.Index(fields=["ip_hash", "created_at"], name="portal_comment_ip_idx"),
            models.Index(fields=["status", "created_at"], name="portal_comment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"

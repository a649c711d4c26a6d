from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    """What the newsroom decided. Whether a published article is already public, or still scheduled, is derived
    from ``publish_at`` and the clock (see :meth:`apps.portal.models.Article.state`), never stored beside it."""

    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã duyệt đăng")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


class ArticleState(models.TextChoices):
    """The status as readers and the newsroom see it at a moment: a published article whose time has not come is
    scheduled."""

    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Chờ duyệt")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    PUBLISHED = "published", _("Đã đăng")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class AuditEventType(models.TextChoices):
    CATEGORY_CREATED = "portal.category_created", _("Tạo chuyên mục")
    CATEGORY_UPDATED = "portal.category_updated", _("Sửa chuyên mục")
    ARTICLE_CREATED = "portal.article_created", _("Viết bài")
    ARTICLE_UPDATED = "portal.article_updated", _("Sửa bài")
    ARTICLE_SUBMITTED = "portal.article_submitted", _("Gửi bài chờ duyệt")
    ARTICLE_RETURNED = "portal.article_returned", _("Trả bài về biên tập")
    ARTICLE_PUBLISHED = "portal.article_published", _("Duyệt đăng bài")
    ARTICLE_WITHDRAWN = "portal.article_withdrawn", _("Gỡ bài")
    IMAGE_UPLOADED = "portal.image_uploaded", _("Tải ảnh lên")
    IMAGE_UPDATED = "portal.image_updated", _("Sửa chú thích ảnh")
    COMMENT_POSTED = "portal.comment_posted", _("Bạn đọc gửi bình luận")
    COMMENT_MODERATED = "portal.comment_moderated", _("Duyệt bình luận")

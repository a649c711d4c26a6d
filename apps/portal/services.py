"""Writes of the portal: categories, the newsroom's workflow, images, readers' comments and their moderation.

The workflow by role (permissions in ``apps.accounts.permissions``, each checked on the article's organization):

* ``portal.write`` (editor, editor-in-chief, propaganda board): write a draft, edit it, add images, submit it;
* ``portal.publish`` (editor-in-chief): publish now or at a later time (a scheduled article is a published one
  whose ``publish_at`` lies ahead), return an article to its writer, withdraw it, correct a published article,
  manage categories;
* ``portal.moderate`` (editor, editor-in-chief): approve or reject readers' comments.

Every service records its audit event in the same transaction. The visit counter is not a service: it is one SQL
increment per visit (``counter.py``), with no audit row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import IO, Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core import audit, scoping
from apps.core.errors import DomainError, StaleObjectError, full_clean
from apps.core.text import fold, nfc
from apps.organizations.models import Organization
from apps.portal import citing, guard, images, markup
from apps.portal.choices import ArticleStatus, AuditEventType, CommentStatus
from apps.portal.models import Article, ArticleImage, Category, Comment

PERM_WRITE = "portal.write"
PERM_PUBLISH = "portal.publish"
PERM_MODERATE = "portal.moderate"

ARTICLE_FIELDS = ("category", "title", "lead", "body", "byline", "source", "cover")
READER = "bạn đọc"


def nfc_text(value: str) -> str:
    """NFC with line breaks kept (a body's paragraphs), trailing spaces trimmed."""
    lines = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def make_slug(text: str, max_length: int = 200) -> str:
    """``phat-huy-vai-tro-nêu-guong`` without marks: "Đại hội" → ``dai-hoi``."""
    return slugify(fold(text))[:max_length].strip("-") or "bai-viet"


def _stale() -> StaleObjectError:
    return StaleObjectError(
        _("Bài viết đã được người khác sửa sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; hãy tải lại trang."),
        code="stale",
    )


def _snapshot(article: Article) -> dict[str, Any]:
    return audit.snapshot(article, fields=[*ARTICLE_FIELDS, "slug", "status", "publish_at", "review_note"])


def _bump(article: Article) -> None:
    article.version += 1
    article.updated_at = timezone.now()


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


# ---------------------------------------------------------------- categories


def _unique_category_slug(slug: str) -> str:
    base, n = slug, 2
    while Category.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@audit.service
def category_create(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    parent: Category | None = None,
    slug: str = "",
    position: int = 0,
    description: str = "",
) -> Category:
    scoping.require(actor, PERM_PUBLISH, organization.pk)
    if parent is not None and parent.organization_id != organization.pk:
        raise DomainError(_("Chuyên mục cha phải thuộc cùng cổng thông tin."), field="parent", code="other_portal")
    category = Category(
        organization=organization,
        parent=parent,
        name=nfc(name),
        slug=_unique_category_slug(make_slug(slug or name, 140)),
        position=position,
        description=nfc(description),
    )
    full_clean(category, exclude=["organization", "parent"])
    category.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.CATEGORY_CREATED,
        target=category,
        organization_id=organization.pk,
        after=audit.snapshot(category),
    )
    return category


@audit.service
def category_update(
    *, actor: Any, category: Category, name: str, parent: Category | None, position: int, description: str = ""
) -> Category:
    scoping.require(actor, PERM_PUBLISH, category.organization_id)
    before = audit.snapshot(category)
    walker = parent
    while walker is not None:
        if walker.pk == category.pk:
            raise DomainError(_("Chuyên mục không thể nằm dưới chính nó."), field="parent", code="cycle")
        walker = walker.parent
    if parent is not None and parent.organization_id != category.organization_id:
        raise DomainError(_("Chuyên mục cha phải thuộc cùng cổng thông tin."), field="parent", code="other_portal")
    category.name, category.parent, category.position, category.description = nfc(name), parent, position, nfc(description)
    full_clean(category, exclude=["organization", "parent"])
    category.version += 1
    category.updated_at = timezone.now()
    category.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.CATEGORY_UPDATED,
        target=category,
        organization_id=category.organization_id,
        before=before,
        after=audit.snapshot(category),
    )
    return category


# ---------------------------------------------------------------- articles


def _check_content(article: Article) -> None:
    known = set(article.images.values_list("pk", flat=True)) if article.pk else set()
    unknown = [i for i in markup.image_ids(article.body) if i not in known]
    if unknown:
        raise DomainError(
            _("Nội dung gọi ảnh %(ids)s không thuộc bài này.") % {"ids": ", ".join(str(i) for i in unknown)},
            field="body",
            code="unknown_image",
        )
    if article.cover_id is not None and article.cover_id not in known:
        raise DomainError(_("Ảnh đại diện phải là ảnh của bài này."), field="cover", code="unknown_image")


@audit.service
def article_create(
    *,
    actor: Any,
    category: Category,
    title: str,
    lead: str = "",
    body: str = "",
    byline: str = "",
    source: str = "",
) -> Article:
    """A new draft in ``category``; it belongs to the category's portal."""
    scoping.require(actor, PERM_WRITE, category.organization_id)
    article = Article(
        organization_id=category.organization_id,
        category=category,
        title=nfc(title),
        slug=make_slug(title),
        lead=nfc(lead),
        body=nfc_text(body),
        byline=nfc(byline),
        source=nfc(source),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    full_clean(article, exclude=["organization", "category", "cover", "created_by"])
    _check_content(article)
    article.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.ARTICLE_CREATED,
        target=article,
        organization_id=article.organization_id,
        after=_snapshot(article),
    )
    return article


def _require_edit(actor: Any, article: Article) -> None:
    scoping.require(actor, PERM_WRITE, article.organization_id)
    if article.status in (ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN) and not (
        actor is None or scoping.can(actor, PERM_PUBLISH, article.organization_id)
    ):
        raise DomainError(
            _("Bài đã duyệt đăng chỉ Tổng biên tập được sửa; hãy đề nghị trả bài về biên tập."),
            code="published_locked",
        )


@audit.service
def article_update(*, actor: Any, article: Article, expected_version: int, **changes: Any) -> Article:
    """Change the text of an article (``category``, ``title``, ``lead``, ``body``, ``byline``, ``source``,
    ``cover``). A draft or an article in review: anyone with ``portal.write``; a published one: the editor-in-chief."""
    article = _locked(article)
    _require_edit(actor, article)
    if article.version != expected_version:
        raise _stale()
    unknown = set(changes) - set(ARTICLE_FIELDS)
    if unknown:
        raise TypeError(f"article_update() got unexpected fields {sorted(unknown)}")
    before = _snapshot(article)
    category = changes.get("category")
    if category is not None and category.organization_id != article.organization_id:
        raise DomainError(_("Chuyên mục phải thuộc cùng cổng thông tin với bài viết."), field="category", code="other_portal")
    for name, value in changes.items():
        if name == "body":
            value = nfc_text(value)
        elif isinstance(value, str):
            value = nfc(value)
        setattr(article, name, value)
    if "title" in changes and article.status == ArticleStatus.DRAFT:
        article.slug = make_slug(article.title)  # the address is fixed once the article has been public
    full_clean(article, exclude=["organization", "category", "cover", "created_by"])
    _check_content(article)
    after = _snapshot(article)
    if after == before:
        return article
    _bump(article)
    article.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.ARTICLE_UPDATED,
        target=article,
        organization_id=article.organization_id,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
    )
    if article.status == ArticleStatus.PUBLISHED:
        citing.index(article, actor)
    return article


def _transition(actor: Any, article: Article, event: str, status: str, note: str = "", **extra: Any) -> Article:
    before = _snapshot(article)
    article.status = status
    article.review_note = nfc(note)[:500]
    for name, value in extra.items():
        setattr(article, name, value)
    full_clean(article, exclude=["organization", "category", "cover", "created_by"])
    _bump(article)
    article.save()
    after = _snapshot(article)
    audit.record(
        actor=actor,
        event_type=event,
        target=article,
        organization_id=article.organization_id,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
        note=note,
    )
    return article


def _wrong_state(article: Article) -> DomainError:
    return DomainError(
        _("Bài đang ở trạng thái “%(s)s”; không thực hiện được thao tác này.") % {"s": article.get_state_display()},
        code="wrong_state",
    )


@audit.service
def article_submit(*, actor: Any, article: Article, note: str = "") -> Article:
    """A draft goes to the editor-in-chief for review."""
    article = _locked(article)
    scoping.require(actor, PERM_WRITE, article.organization_id)
    if article.status != ArticleStatus.DRAFT:
        raise _wrong_state(article)
    if not article.body.strip():
        raise DomainError(_("Bài chưa có nội dung."), field="body", code="empty")
    return _transition(actor, article, AuditEventType.ARTICLE_SUBMITTED, ArticleStatus.IN_REVIEW, note)


@audit.service
def article_return(*, actor: Any, article: Article, note: str = "") -> Article:
    """Back to its writer as a draft (from review, or taken down from publication), with the reason."""
    article = _locked(article)
    scoping.require(actor, PERM_PUBLISH, article.organization_id)
    if article.status == ArticleStatus.DRAFT:
        raise _wrong_state(article)
    return _transition(actor, article, AuditEventType.ARTICLE_RETURNED, ArticleStatus.DRAFT, note)


@audit.service
def article_publish(
    *, actor: Any, article: Article, publish_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Article:
    """Publish now, or at ``publish_at`` (scheduled: hidden from readers until then, by the public query alone).
    Also re-schedules an article already published for later, and republishes a withdrawn one."""
    article = _locked(article)
    scoping.require(actor, PERM_PUBLISH, article.organization_id)
    now = now or timezone.now()
    if publish_at is not None and (publish_at.tzinfo is None or publish_at.utcoffset() is None):
        raise DomainError(_("Thời gian đăng phải có múi giờ."), field="publish_at", code="naive")
    if article.status == ArticleStatus.PUBLISHED and article.is_public(now):
        raise DomainError(_("Bài đã được đăng."), code="wrong_state")
    if not article.title.strip() or not article.body.strip():
        raise DomainError(_("Bài chưa có tiêu đề hoặc nội dung."), field="body", code="empty")
    when = publish_at or now
    article = _transition(actor, article, AuditEventType.ARTICLE_PUBLISHED, ArticleStatus.PUBLISHED, "", publish_at=when)
    citing.index(article, actor)
    return article


@audit.service
def article_withdraw(*, actor: Any, article: Article, note: str) -> Article:
    """Take a published (or scheduled) article off the portal; its address then answers 404."""
    article = _locked(article)
    scoping.require(actor, PERM_PUBLISH, article.organization_id)
    if article.status != ArticleStatus.PUBLISHED:
        raise _wrong_state(article)
    if not note.strip():
        raise DomainError(_("Cần ghi lý do gỡ bài."), field="note", code="required")
    return _transition(actor, article, AuditEventType.ARTICLE_WITHDRAWN, ArticleStatus.WITHDRAWN, note)


# ---------------------------------------------------------------- images


@audit.service
def image_add(
    *,
    actor: Any,
    article: Article,
    upload: IO[bytes] | bytes,
    caption: str = "",
    credit: str = "",
    alt: str = "",
    original_name: str = "",
) -> ArticleImage:
    """Check, resize and attach an image; refused with a Vietnamese message if it is not a JPEG, PNG or WebP
    image or is too large (nothing is stored then)."""
    _require_edit(actor, article)
    stored = images.store(upload)
    try:
        image = ArticleImage(
            article=article,
            file=stored.file,
            thumb=stored.thumb,
            content_type=stored.content_type,
            width=stored.width,
            height=stored.height,
            caption=nfc(caption),
            credit=nfc(credit),
            alt=nfc(alt),
            original_name=nfc(original_name)[:255],
        )
        full_clean(image, exclude=["article"])
        image.save()
        audit.record(
            actor=actor,
            event_type=AuditEventType.IMAGE_UPLOADED,
            target=image,
            organization_id=article.organization_id,
            after=audit.snapshot(image),
        )
    except Exception:
        images.remove(stored)
        raise
    return image


@audit.service
def image_update(*, actor: Any, image: ArticleImage, caption: str, credit: str = "", alt: str = "") -> ArticleImage:
    _require_edit(actor, image.article)
    before = audit.snapshot(image, fields=["caption", "credit", "alt"])
    image.caption, image.credit, image.alt = nfc(caption), nfc(credit), nfc(alt)
    full_clean(image, exclude=["article"])
    image.version += 1
    image.updated_at = timezone.now()
    image.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.IMAGE_UPDATED,
        target=image,
        organization_id=image.article.organization_id,
        before=before,
        after=audit.snapshot(image, fields=["caption", "credit", "alt"]),
    )
    return image


# ---------------------------------------------------------------- comments


@audit.service
def comment_post(
    *,
    article: Article,
    name: str,
    body: str,
    email: str = "",
    address: str = "",
    honeypot: str = "",
    now: dt.datetime | None = None,
) -> Comment:
    """A reader's comment on a public article, held as pending. Refused (``DomainError``) over the limits of
    ``guard.py``; a robot caught by the honeypot gets :class:`guard.SpamError` and nothing is kept."""
    now = now or timezone.now()
    if not Article.objects.public(now).filter(pk=article.pk).exists():
        raise DomainError(_("Bài viết không nhận bình luận."), code="not_public")
    name, body, email = nfc(name), nfc_text(body), nfc(email)
    guard.check_text(name, body, honeypot)
    digest = guard.ip_hash(address)
    recent = Comment.objects.filter(ip_hash=digest, created_at__gt=now - guard.rate_window())
    count = recent.count()
    if count >= guard.rate_limit():
        raise guard.rate_error(count)
    if recent.filter(article=article, body=body).exists():
        raise DomainError(_("Bạn đã gửi bình luận này rồi; bình luận đang chờ duyệt."), field="body", code="duplicate")
    comment = Comment(article=article, name=name, email=email, body=body, ip_hash=digest, created_at=now, updated_at=now)
    full_clean(comment, exclude=["article", "moderated_by"])
    comment.save()
    audit.record(
        actor=READER,
        event_type=AuditEventType.COMMENT_POSTED,
        target=comment,
        organization_id=article.organization_id,
        after={"article": article.pk, "name": name, "status": comment.status},
    )
    return comment


@audit.service
def comment_moderate(*, actor: Any, comment: Comment, approve: bool, note: str = "") -> Comment:
    """Approve (shown under the article) or reject (never shown) a comment; a decision can be changed."""
    comment = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
    scoping.require(actor, PERM_MODERATE, comment.article.organization_id)
    before = {"status": comment.status, "moderation_note": comment.moderation_note}
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderation_note = nfc(note)[:300]
    comment.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
    comment.moderated_at = timezone.now()
    comment.version += 1
    comment.updated_at = comment.moderated_at
    comment.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.COMMENT_MODERATED,
        target=comment,
        organization_id=comment.article.organization_id,
        before=before,
        after={"status": comment.status, "moderation_note": comment.moderation_note},
    )
    return comment

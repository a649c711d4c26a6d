"""The newsroom (tòa soạn): the desk of articles by state, writing and editing with images, review and publication
by role, the comment moderation queue and the categories. Every page needs a login and a portal role; an article
outside the user's scope answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.core.scoping import can, require_scope
from apps.organizations.models import Organization
from apps.portal import selectors, services
from apps.portal.choices import ArticleState, ArticleStatus, AuditEventType, CommentStatus
from apps.portal.dateline import dateline, parse_local
from apps.portal.forms import ArticleForm, CategoryEditForm, CategoryForm, ImageEditForm, ImageForm, NoteForm, PublishForm
from apps.portal.models import Article
from apps.portal.selectors import PERM_MODERATE, PERM_PUBLISH, PERM_WRITE

STATES = [("", gettext_lazy("Tất cả"))] + [(s.value, s.label) for s in ArticleState]


def _error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_WRITE)
    state = request.GET.get("trang_thai", "")
    if state and state not in ArticleState.values:
        raise Http404
    qs = selectors.by_state(selectors.newsroom_articles(request.user), state)
    page = Paginator(qs, 30).get_page(request.GET.get("trang"))
    counts = selectors.desk(request.user)
    return render(
        request,
        "portal/newsroom/desk.html",
        {
            "page": page,
            "state": state,
            "tabs": [(value, label, getattr(counts, value, None)) for value, label in STATES],
            "now": timezone.now(),
            "pending_comments": selectors.pending_comments(request.user).count(),
            "can_publish": _publishes_somewhere(request.user),
        },
    )


def _publishes_somewhere(user: Any) -> bool:
    from apps.core.scoping import has_scope

    return has_scope(user, PERM_PUBLISH)


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_WRITE)
    categories = selectors.newsroom_categories(request.user)
    form = ArticleForm(request.POST or None, categories=categories)
    form.fields.pop("cover")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "cover")}
        try:
            with transaction.atomic():
                article = services.article_create(actor=request.user, **data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu bản nháp. Bạn có thể tải ảnh lên và gửi duyệt."))
            return redirect("portal:edit", article.pk)
    return render(request, "portal/newsroom/edit.html", {"form": form, "article": None})


def _edit_context(request: HttpRequest, article: Article, form: ArticleForm | None = None) -> dict[str, Any]:
    user = request.user
    images = list(article.images.all())
    state = article.state()
    can_publish = can(user, PERM_PUBLISH, article.organization_id)
    editable = article.status not in (ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN) or can_publish
    if form is None:
        form = ArticleForm(
            initial={
                "category": article.category_id,
                "title": article.title,
                "lead": article.lead,
                "body": article.body,
                "byline": article.byline,
                "source": article.source,
                "cover": article.cover_id,
                "version": article.version,
            },
            categories=selectors.newsroom_categories(user).filter(organization_id=article.organization_id),
            images=images,
        )
    return {
        "article": article,
        "form": form,
        "images": images,
        "image_form": ImageForm(),
        "publish_form": PublishForm(),
        "note_form": NoteForm(),
        "state": state,
        "editable": editable,
        "can_publish": can_publish,
        "can_submit": state == ArticleState.DRAFT,
        "dateline": dateline(article.publish_at),
        "history": _history(article),
    }


def _history(article: Article) -> list[tuple[Any, str]]:
    """The article's last audit events with their labels (who submitted, published, returned it, and why)."""
    from apps.core.models import AuditEvent

    labels = dict(AuditEventType.choices)
    events = AuditEvent.objects.filter(target_type=article._meta.label_lower, target_id=str(article.pk))
    return [(e, str(labels.get(e.event_type, e.event_type))) for e in events.order_by("-occurred_at", "-id")[:20]]


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.newsroom_article_get(request.user, pk)
    if request.method != "POST":
        return render(request, "portal/newsroom/edit.html", _edit_context(request, article))
    form = ArticleForm(
        request.POST,
        categories=selectors.newsroom_categories(request.user).filter(organization_id=article.organization_id),
        images=list(article.images.all()),
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        cover_id = data.pop("cover")
        data["cover"] = next((i for i in article.images.all() if i.pk == cover_id), None)
        try:
            with transaction.atomic():
                services.article_update(actor=request.user, article=article, expected_version=version, **data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu bài viết."))
            return redirect("portal:edit", article.pk)
    return render(request, "portal/newsroom/edit.html", _edit_context(request, article, form), status=400)


@login_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    from apps.portal.views import _article_context

    article = selectors.newsroom_article_get(request.user, pk)
    return render(request, "portal/article.html", _article_context(request, article, preview=True, related=[], comments=[]))


@login_required
@require_POST
def article_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the workflow: ``gui-duyet`` (submit), ``dang`` (publish now or at a time), ``tra-lai`` (return
    to the writer), ``go-bai`` (withdraw)."""
    article = selectors.newsroom_article_get(request.user, pk)
    note = NoteForm(request.POST)
    note_text = note.cleaned_data["note"] if note.is_valid() else ""
    try:
        with transaction.atomic():
            if action == "gui-duyet":
                services.article_submit(actor=request.user, article=article, note=note_text)
                messages.success(request, _("Đã gửi bài chờ Tổng biên tập duyệt."))
            elif action == "dang":
                form = PublishForm(request.POST)
                when = None
                if form.is_valid() and form.cleaned_data["date"].strip():
                    try:
                        when = parse_local(form.cleaned_data["date"], form.cleaned_data["time"])
                    except ValueError:
                        raise DomainError(_("Ngày giờ đăng không hợp lệ (ví dụ 30-7-2020, 06:00)."), code="bad_date") from None
                article = services.article_publish(actor=request.user, article=article, publish_at=when)
                if article.is_public():
                    messages.success(request, _("Đã đăng bài."))
                else:
                    messages.success(request, _("Đã hẹn giờ đăng: %(d)s.") % {"d": dateline(article.publish_at)})
            elif action == "tra-lai":
                services.article_return(actor=request.user, article=article, note=note_text)
                messages.success(request, _("Đã trả bài về biên tập."))
            elif action == "go-bai":
                services.article_withdraw(actor=request.user, article=article, note=note_text)
                messages.success(request, _("Đã gỡ bài khỏi cổng thông tin."))
            else:
                raise Http404
    except DomainError as exc:
        _error(request, exc)
    return redirect("portal:edit", article.pk)


@login_required
@require_POST
def image_upload(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.newsroom_article_get(request.user, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp ảnh."))
        return redirect("portal:edit", article.pk)
    upload = form.cleaned_data["file"]
    try:
        with transaction.atomic():
            image = services.image_add(
                actor=request.user,
                article=article,
                upload=upload,
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
                alt=form.cleaned_data["alt"],
                original_name=upload.name or "",
            )
    except DomainError as exc:
        # the page opens at its top, where the refusal is shown (not scrolled down to the images)
        _error(request, exc)
        return redirect("portal:edit", article.pk)
    messages.success(
        request,
        _("Đã tải ảnh lên (%(w)s × %(h)s). Chèn vào bài bằng dòng [[ảnh:%(id)s]].")
        % {"w": image.width, "h": image.height, "id": image.pk},
    )
    return redirect(f"{reverse('portal:edit', args=[article.pk])}#anh")


@login_required
@require_POST
def image_edit(request: HttpRequest, pk: int) -> HttpResponse:
    image = selectors.newsroom_image_get(request.user, pk)
    form = ImageEditForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.image_update(actor=request.user, image=image, **form.cleaned_data)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Đã lưu chú thích ảnh."))
    return redirect(f"{reverse('portal:edit', args=[image.article_id])}#anh")


@login_required
def comments(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_MODERATE)
    status = request.GET.get("trang_thai", CommentStatus.PENDING)
    if status not in CommentStatus.values:
        raise Http404
    qs = selectors.comments_for_moderation(request.user).filter(status=status).order_by("created_at", "id")
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "portal/newsroom/comments.html",
        {"page": page, "status": status, "statuses": CommentStatus.choices},
    )


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        raise Http404
    try:
        with transaction.atomic():
            services.comment_moderate(
                actor=request.user, comment=comment, approve=decision == "approve", note=request.POST.get("note", "")[:300]
            )
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã duyệt bình luận của %(n)s.") % {"n": comment.name}
            if decision == "approve"
            else _("Đã không duyệt bình luận của %(n)s.") % {"n": comment.name},
        )
    return redirect(f"{reverse('portal:comments')}?trang_thai={request.POST.get('from', CommentStatus.PENDING)}")


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_WRITE)
    from apps.core.scoping import organization_ids_for

    orgs = Organization.objects.all()
    if not request.user.is_superuser:
        orgs = orgs.filter(pk__in=organization_ids_for(request.user, PERM_PUBLISH))
    form = CategoryForm(
        request.POST or None,
        organizations=orgs.order_by("sort_key"),
        categories=selectors.newsroom_categories(request.user, PERM_PUBLISH),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.category_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã tạo chuyên mục."))
            return redirect("portal:categories")
    rows = selectors.newsroom_categories(request.user)
    return render(
        request,
        "portal/newsroom/categories.html",
        {"form": form, "rows": rows, "can_publish": _publishes_somewhere(request.user)},
    )


@login_required
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a category, move it, change its place in the menu or its description (``portal.publish``)."""
    from apps.core.scoping import get_visible_or_404
    from apps.portal.models import Category

    category = get_visible_or_404(Category.objects.select_related("parent", "organization"), request.user, PERM_PUBLISH, pk=pk)
    form = CategoryEditForm(
        request.POST or None, category=category, categories=selectors.newsroom_categories(request.user, PERM_PUBLISH)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu chuyên mục."))
            return redirect("portal:categories")
    return render(
        request,
        "portal/newsroom/category_edit.html",
        {"form": form, "category": category},
        status=422 if request.method == "POST" else 200,
    )

"""The public pages of the portal: no login. Readers see published articles whose time has come; every other
article answers 404, like a missing one. Each visit to an article adds one to its counter in one SQL statement."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.core.errors import DomainError
from apps.portal import citing, guard, images, markup, selectors, services
from apps.portal.counter import count_visit
from apps.portal.forms import CommentForm
from apps.portal.models import Article, ArticleImage, Category

VARIANTS = {"full": "file", "thumb": "thumb"}


def image_url(image: ArticleImage, variant: str = "full") -> str:
    return reverse("portal:image", args=[image.pk, variant])


def site_name() -> str:
    configured = getattr(settings, "DANGBO_PORTAL_TITLE", "")
    if configured:
        return str(configured)
    top = Category.objects.filter(parent__isnull=True).select_related("organization").order_by("position", "id").first()
    return _("Cổng thông tin %(org)s") % {"org": top.organization.name} if top else _("Cổng thông tin")


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"menu": selectors.menu(), "site_name": site_name(), **extra}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_articles(), 13).get_page(request.GET.get("trang"))
    articles = list(page.object_list)
    return render(
        request,
        "portal/home.html",
        _context(request, page=page, top=articles[0] if articles and page.number == 1 else None, articles=articles),
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """The readers' search: published articles by their words, diacritics ignored, in the portal's own layout
    (the one search of ``apps.search``, articles only)."""
    from apps.search.services import search as one_search

    raw = request.GET.get("q", "")
    _query, groups = one_search(request.user, raw, kinds=["articles"], limit=30)
    hits = [h for g in groups for h in g.hits]
    return render(request, "portal/search.html", _context(request, q=raw, hits=hits))


@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = selectors.category_get(slug)
    page = Paginator(selectors.category_articles(cat), 15).get_page(request.GET.get("trang"))
    return render(
        request,
        "portal/category.html",
        _context(request, category=cat, crumbs=selectors.breadcrumbs(cat), page=page, current_category=cat),
    )


def _article_context(request: HttpRequest, article: Article, **extra: Any) -> dict[str, Any]:
    pictures = {i.pk: i for i in article.images.all()}
    body = markup.render(article.body, pictures, lambda text: citing.link_html(text, request.user), image_url)
    cover = article.cover if article.cover_id and str(article.cover_id) not in _figures(article) else None
    return _context(
        request,
        article=article,
        body=body,
        cover=cover,
        cover_figure=markup.figure(cover, image_url, eager=True) if cover else "",
        crumbs=selectors.breadcrumbs(article.category),
        current_category=article.category,
        og_image=request.build_absolute_uri(image_url(article.cover)) if article.cover_id and article.cover else "",
        canonical=request.build_absolute_uri(article.get_absolute_url()),
        **extra,
    )


def _figures(article: Article) -> set[str]:
    return {str(i) for i in markup.image_ids(article.body)}


@require_safe
def article(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    art = selectors.public_article_get(pk)
    if slug != art.slug:
        return redirect(art, permanent=True)
    if request.method == "GET":  # HEAD (link checkers) is not a visit
        count_visit(art.pk)
        art.view_count += 1
    return _article_page(request, art, CommentForm())


def _article_page(request: HttpRequest, art: Article, form: CommentForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "portal/article.html",
        _article_context(request, art, related=selectors.related(art), comments=selectors.approved_comments(art), form=form),
        status=status,
    )


@require_safe
def article_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    art = selectors.public_article_get(pk)
    return render(request, "portal/print.html", _article_context(request, art))


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader's comment: held for moderation; over a limit, the article again with the reason beside the form."""
    art = selectors.public_article_get(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _article_page(request, art, form, status=400)
    try:
        services.comment_post(
            article=art,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            honeypot=form.cleaned_data["website"],
            address=request.META.get("REMOTE_ADDR", ""),
        )
    except guard.SpamError:
        pass  # a robot: nothing is kept, and the answer does not tell it so
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _article_page(request, art, form, status=400)
    messages.success(request, _("Cảm ơn bạn. Bình luận đã được gửi và sẽ hiện sau khi được duyệt."))
    return redirect(f"{art.get_absolute_url()}#binh-luan")


@require_safe
def image(request: HttpRequest, pk: int, variant: str) -> HttpResponseBase:
    if variant not in VARIANTS:
        raise Http404
    picture = selectors.public_image_get(pk, request.user)
    try:
        path = images.path_of(getattr(picture, VARIANTS[variant]))
        handle = path.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=picture.content_type)
    public = picture.article.is_public()
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    articles: QuerySet[Article] = Article.objects.public().only("pk", "slug", "updated_at").order_by("-publish_at")[:50_000]
    return render(
        request,
        "portal/sitemap.xml",
        {
            "base": request.build_absolute_uri("/")[:-1],
            "articles": articles,
            "categories": Category.objects.order_by("position", "id"),
            "now": timezone.now(),
        },
        content_type="application/xml; charset=utf-8",
    )

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext

from apps.core.dateparam import as_of
from apps.core.htmx import render_page
from apps.core.models import AuditEvent
from apps.core.pagecache import cached_page
from apps.core.scoping import can
from apps.organizations import picker, selectors


@login_required
@cached_page
def tree(request: HttpRequest) -> HttpResponse:
    """The tree as it stood on a date (?ngay=1-1-2019), with the member count of every subtree.

    The tops of the user's tree and two levels below them come with the page; deeper levels load when opened.
    """
    on_date, date_error = as_of(request)
    nodes = selectors.tree_browser(request.user, on_date, levels=2)
    context = {
        "nodes": nodes,
        "on_date": on_date,
        "date_error": date_error,
        "total_orgs": selectors.organizations_visible(request.user).alive_on(on_date).count(),
        "total_members": sum(n.members for n in nodes),
    }
    return render_page(request, "organizations/tree.html", context, fragment="tree")


@login_required
@cached_page
def tree_children(request: HttpRequest, pk: int) -> HttpResponse:
    """One level of the tree under an organization, on a date: what an opened node loads."""
    org = selectors.organization_get(request.user, pk=pk)
    on_date, _error = as_of(request)
    depth = int(request.GET.get("sau", "1")) if request.GET.get("sau", "1").isdigit() else 1
    nodes = selectors.tree_children(request.user, [org.id], on_date, depth=min(depth, 50))
    return render(request, "organizations/_children.html", {"nodes": nodes, "on_date": on_date})


@login_required
def pick(request: HttpRequest) -> HttpResponse:
    """The organizations a picker offers for what the user typed: from the field's own choices (the signed
    token), scoped again for the user; at most ``PICK_LIMIT``."""
    try:
        within, name = picker.read_token(request.GET.get("t", ""), request.user)
    except picker.BadToken:
        return HttpResponseBadRequest(gettext("Biểu mẫu đã cũ; hãy tải lại trang."))
    query = (request.GET.get(picker.typed_name(name)) or request.GET.get("q") or "")[:100]
    found = selectors.pick_organizations(within, query, limit=picker.PICK_LIMIT + 1)
    context = {"name": name, "orgs": found[: picker.PICK_LIMIT], "more": len(found) > picker.PICK_LIMIT, "query": query.strip()}
    return render(request, "organizations/_pick_results.html", context)


@login_required
@cached_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    from apps.members.selectors import members_of, posts_of_organization

    org = selectors.organization_get(request.user, pk=pk)
    on_date, date_error = as_of(request)
    names = selectors.names_on([org.id], on_date)
    members = members_of(request.user, org, on_date=on_date, subtree=request.GET.get("pham_vi") != "truc_tiep")
    page = Paginator(members, 50).get_page(request.GET.get("trang"))
    from apps.organizations import hooks

    context = {
        "org": org,
        "on_date": on_date,
        "date_error": date_error,
        "name_on_date": names.get(org.id, org.name),
        "alive": org.alive_on(on_date),
        "crumbs": selectors.breadcrumbs(request.user, org, on_date),
        "children": selectors.children_on(request.user, org, on_date),
        "parent": selectors.parent_on(org, on_date),
        "member_count": hooks.membership().subtree_counts([org.id], on_date).get(org.id, 0),
        "page": page,
        "posts": posts_of_organization(request.user, org, on_date),
        "history": selectors.history(org),
        "lineage": selectors.lineage(org),
        "names": org.names.order_by("valid_from"),
        "can_change": can(request.user, "organizations.change", org.id),
        "audit": AuditEvent.objects.filter(organization_id=org.id, target_type="organizations.organization").order_by(
            "-occurred_at"
        )[:30]
        if can(request.user, "audit.view", org.id)
        else [],
    }
    return render_page(request, "organizations/detail.html", context, fragment="members")

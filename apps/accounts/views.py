"""Who holds which role on an organization: grant and end, by those who may change the organization."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts import services
from apps.accounts.choices import Role
from apps.accounts.forms import RoleEndForm, RoleGrantForm
from apps.accounts.models import RoleAssignment
from apps.core.errors import DomainError
from apps.core.scoping import can
from apps.organizations.selectors import organization_get
from apps.organizations.webflow import done, form_response, verified_write

PERM_CHANGE = "organizations.change"


def _still_in_charge(request: HttpRequest, organization_id: int) -> bool:
    # the user must not take away their own right to manage this organization by accident
    return can(request.user, PERM_CHANGE, organization_id)


@login_required
def organization_roles(request: HttpRequest, pk: int) -> HttpResponse:
    """The roles held on an organization, current first, and a form to grant one."""
    org = organization_get(request.user, pk=pk, perm=PERM_CHANGE)
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(organization=org)
        .select_related("user")
        .order_by(F("valid_to").desc(nulls_first=True), "role", "user__username")
    )
    form = RoleGrantForm(request.POST or None, user=request.user, initial={"valid_from": today})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            verified_write(
                lambda: services.role_grant(
                    actor=request.user, user=c["username"], role=c["role"], organization=org, valid_from=c["valid_from"]
                ),
                lambda a: _still_in_charge(request, org.id),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("accounts:organization_roles", args=[org.pk])
            return done(
                request,
                url,
                gettext("Đã giao vai trò %(r)s cho %(u)s.") % {"r": Role(c["role"]).label, "u": c["username"]},
            )
    context = {"org": org, "assignments": assignments, "form": form, "today": today}
    return form_response(request, "accounts/roles.html", context, invalid=request.method == "POST")


@login_required
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a role assignment (``pk`` is the assignment) on an organization the user may change."""
    assignment = RoleAssignment.objects.select_related("organization", "user").filter(pk=pk).first()
    if assignment is None:
        raise Http404("Không tìm thấy")
    org = organization_get(request.user, pk=assignment.organization_id, perm=PERM_CHANGE)
    form = RoleEndForm(request.POST or None, user=request.user, initial={"on_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            verified_write(
                lambda: services.role_end(actor=request.user, assignment=assignment, on_date=form.cleaned_data["on_date"]),
                lambda a: _still_in_charge(request, org.id),
                gettext("Kết thúc vai trò này sẽ làm bạn mất quyền quản lý tổ chức; hãy nhờ cấp trên thực hiện."),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("accounts:organization_roles", args=[org.pk])
            return done(request, url, gettext("Đã kết thúc vai trò của %(u)s.") % {"u": assignment.user.get_username()})
    context = {"org": org, "assignment": assignment, "form": form}
    return form_response(request, "accounts/role_end.html", context, invalid=request.method == "POST")

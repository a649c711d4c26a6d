"""The write side of the organization pages: reorganizations.

Each page parses a form, calls one service and answers: a redirect (HX-Redirect for HTMX) with a message
when it worked, the form again with the service's error next to the field it names when not. Merge, split
and bulk show a preview first: the service runs inside a transaction that is rolled back, so the preview
is exactly what Apply will do; Apply must carry the digest of the previewed input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps.core import context as action_context
from apps.core.errors import DomainError
from apps.core.models import AuditEvent
from apps.organizations import hooks, selectors, services
from apps.organizations.choices import Sector
from apps.organizations.forms import (
    BulkForm,
    DecisionForm,
    DissolveForm,
    FoundForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    SuccessorFormSet,
    changeable_organizations,
)
from apps.organizations.models import Organization, Reorganization, ReorganizationLink
from apps.organizations.webflow import done, dry_run, form_response, verified_write

T = TypeVar("T")

PERM_CHANGE = "organizations.change"
PERM_VIEW = "organizations.view"


def _verified_write(user: Any, fn: Callable[[], T], touched: Callable[[T], list[int]]) -> T:
    """The service's write, refused and rolled back if an organization it touched left the user's scope."""

    def still_visible(result: T) -> bool:
        ids = set(touched(result))
        return ids <= set(Organization.objects.visible_to(user, PERM_VIEW).filter(pk__in=ids).values_list("pk", flat=True))

    return verified_write(
        fn, still_visible, gettext("Thay đổi này sẽ đưa tổ chức ra ngoài phạm vi của bạn nên không được thực hiện.")
    )


def _require_some_scope(user: Any) -> None:
    if not Organization.objects.visible_to(user, PERM_CHANGE).exists():
        raise Http404("Không tìm thấy")


def _org_for_change(request: HttpRequest, pk: int) -> Organization:
    return selectors.organization_get(request.user, pk=pk, perm=PERM_CHANGE)


def _current_children(org: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(parent_links__parent=org, parent_links__valid_to__isnull=True).order_by("sort_key", "id")
    )


def _reorganization_of(org: Organization) -> Reorganization | None:
    return Reorganization.objects.filter(links__organization=org).order_by("-id").first()


@dataclass
class Preview:
    """What a reorganization did, read back from its links inside the rolled-back transaction."""

    lines: list[str]
    founded: int
    ended: int
    moved: int
    members: int
    audit_rows: int
    result: list[dict[str, Any]]


def _summarize(reorg: Reorganization | None, results: list[Organization], on_date: dt.date) -> Preview:
    lines: list[str] = []
    founded = moved = members = 0
    ended: dict[int, tuple[Organization, list[str], int]] = {}
    if reorg is not None:
        links = ReorganizationLink.objects.filter(reorganization=reorg).select_related(
            "organization", "predecessor", "successor", "old_parent", "new_parent"
        )
        for link in links:
            org = link.organization
            if link.role == ReorganizationLink.Role.FOUNDED:
                founded += 1
                members += link.members_moved
                lines.append(
                    gettext("Thành lập %(o)s (%(c)s), trực thuộc %(p)s")
                    % {"o": link.new_name or org.name, "c": org.code, "p": link.new_parent.name if link.new_parent else "—"}
                    + (gettext(", nhận %(n)s đảng viên") % {"n": link.members_moved} if link.members_moved else "")
                )
            elif link.role == ReorganizationLink.Role.ENDED:
                _o, successors, n = ended.get(org.id, (org, [], 0))
                if link.successor is not None:
                    successors.append(link.successor.name)
                ended[org.id] = (org, successors, n + link.members_moved)
            elif link.role == ReorganizationLink.Role.MOVED:
                moved += 1
                lines.append(
                    gettext("Chuyển %(o)s: %(a)s → %(b)s")
                    % {
                        "o": org.name,
                        "a": link.old_parent.name if link.old_parent else "—",
                        "b": link.new_parent.name if link.new_parent else "—",
                    }
                )
            elif link.role == ReorganizationLink.Role.RECEIVED:
                members += link.members_moved
                if link.members_moved:
                    lines.append(
                        gettext("%(o)s tiếp nhận %(n)s đảng viên sinh hoạt trực tiếp tại %(s)s")
                        % {"o": org.name, "s": link.predecessor.name if link.predecessor else "—", "n": link.members_moved}
                    )
            elif link.role == ReorganizationLink.Role.RENAMED:
                lines.append(gettext("Đổi tên %(a)s → %(b)s") % {"a": link.old_name, "b": link.new_name})
    for org, successors, _n in ended.values():
        if successors:
            lines.append(gettext("%(o)s kết thúc, kế tục bởi %(s)s") % {"o": org.name, "s": ", ".join(successors)})
        else:
            lines.append(gettext("%(o)s kết thúc (giải thể)") % {"o": org.name})
    counts = hooks.membership().subtree_counts([o.id for o in results], on_date)
    result = [
        {"name": o.name, "code": o.code, "members": counts.get(o.id, 0), "children": [c.name for c in _current_children(o)]}
        for o in results
    ]
    rows = AuditEvent.objects.filter(request_id=action_context.current().request_id).count()
    return Preview(lines, founded, len(ended), moved, members, rows, result)


def _simple_page(
    request: HttpRequest,
    *,
    form: DecisionForm,
    title: str,
    submit: str,
    org: Organization | None = None,
    intro: str = "",
    facts: list[tuple[str, str]] | None = None,
    invalid: bool = False,
) -> HttpResponse:
    context = {"form": form, "title": title, "submit": submit, "org": org, "intro": intro, "facts": facts or []}
    return form_response(request, "organizations/change_form.html", context, invalid=invalid)


@login_required
def found(request: HttpRequest) -> HttpResponse:
    """Found a sub-organization (?cap_tren=<id> chooses the parent)."""
    _require_some_scope(request.user)
    initial: dict[str, Any] = {"new_sector": Sector.OTHER}
    raw = request.GET.get("cap_tren", "")
    if raw.isdigit():
        parent = _org_for_change(request, int(raw))
        initial |= {"parent": parent.pk, "new_sector": parent.sector}
    form = FoundForm(request.POST or None, user=request.user, initial=initial)
    title = gettext("Thành lập tổ chức trực thuộc")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            org = _verified_write(
                request.user,
                lambda: services.organization_found(
                    actor=request.user,
                    code=c["new_code"],
                    name=c["new_name"],
                    kind=c["new_kind"],
                    parent=c["parent"],
                    on_date=c["effective_on"],
                    host_body=c["new_host_body"],
                    sector=c["new_sector"],
                    decision=form.decision(),
                ),
                lambda o: [o.pk],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("organizations:detail", args=[org.pk])
            return done(request, url, gettext("Đã thành lập %(o)s.") % {"o": org.name})
    return _simple_page(request, form=form, title=title, submit=gettext("Thành lập"), invalid=request.method == "POST")


@login_required
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_for_change(request, pk)
    form = RenameForm(request.POST or None, user=request.user, initial={"new_name": org.name})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            _verified_write(
                request.user,
                lambda: services.organization_rename(
                    actor=request.user,
                    organization=org,
                    new_name=c["new_name"],
                    on_date=c["effective_on"],
                    decision=form.decision(),
                ),
                lambda o: [o.pk],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("organizations:detail", args=[org.pk])
            return done(request, url, gettext("Đã đổi tên thành %(n)s.") % {"n": c["new_name"]})
    return _simple_page(
        request,
        form=form,
        org=org,
        title=gettext("Đổi tên %(o)s") % {"o": org.name},
        submit=gettext("Đổi tên"),
        intro=gettext("Tên cũ vẫn được giữ trong lịch sử; cây tổ chức xem tại ngày trước đó hiện tên cũ."),
        invalid=request.method == "POST",
    )


@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_for_change(request, pk)
    parent = selectors.parent_on(org, timezone.localdate())
    form = MoveForm(request.POST or None, user=request.user, organization=org)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            _verified_write(
                request.user,
                lambda: services.organization_move(
                    actor=request.user,
                    organization=org,
                    new_parent=c["new_parent"],
                    on_date=c["effective_on"],
                    decision=form.decision(),
                ),
                lambda r: [org.pk, c["new_parent"].pk],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("organizations:detail", args=[org.pk])
            return done(
                request, url, gettext("Đã chuyển %(o)s về trực thuộc %(p)s.") % {"o": org.name, "p": c["new_parent"].name}
            )
    return _simple_page(
        request,
        form=form,
        org=org,
        title=gettext("Chuyển trực thuộc: %(o)s") % {"o": org.name},
        submit=gettext("Chuyển"),
        facts=[(gettext("Hiện trực thuộc"), parent.name if parent else "—")],
        intro=gettext("Các tổ chức trực thuộc và đảng viên đi cùng tổ chức."),
        invalid=request.method == "POST",
    )


@login_required
def dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_for_change(request, pk)
    today = timezone.localdate()
    children = _current_children(org)
    member_count = len(hooks.membership().current_member_ids(org.id, today))
    form = DissolveForm(request.POST or None, user=request.user, organization=org)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            _verified_write(
                request.user,
                lambda: services.organization_dissolve(
                    actor=request.user,
                    organization=org,
                    on_date=c["effective_on"],
                    children_to=c["children_to"],
                    members_to=c["members_to"],
                    decision=form.decision(),
                ),
                lambda r: [org.pk] + [o.pk for o in (c["children_to"], c["members_to"]) if o],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("organizations:detail", args=[org.pk])
            return done(request, url, gettext("Đã giải thể %(o)s.") % {"o": org.name})
    return _simple_page(
        request,
        form=form,
        org=org,
        title=gettext("Giải thể %(o)s") % {"o": org.name},
        submit=gettext("Giải thể"),
        facts=[
            (gettext("Tổ chức trực thuộc hiện có"), str(len(children))),
            (gettext("Đảng viên đang sinh hoạt"), str(member_count)),
        ],
        intro=gettext("Tổ chức còn tổ chức trực thuộc hoặc đảng viên thì phải chọn nơi chuyển đến."),
        invalid=request.method == "POST",
    )


def _merge_candidates(request: HttpRequest, source_ids: list[int]) -> tuple[Organization | None, QuerySet[Organization]]:
    """The organizations offered for a merge: those under one parent (?trong=<id>, or the first source's)."""
    user = request.user
    scoped = changeable_organizations(user)
    raw = request.GET.get("trong", "")
    level: Organization | None = None
    if raw.isdigit():
        level = selectors.organization_get(user, pk=int(raw))
    elif source_ids:
        first = scoped.filter(pk=source_ids[0]).first()
        level = selectors.parent_on(first, timezone.localdate()) if first else None
    if level is None:
        return None, scoped[:300]
    under = scoped.filter(parent_links__parent=level, parent_links__valid_to__isnull=True)
    return level, (under | scoped.filter(pk__in=source_ids)).distinct().order_by("sort_key", "id")


@login_required
def merge(request: HttpRequest) -> HttpResponse:
    """Merge several organizations into a new or an existing one: preview, then apply."""
    _require_some_scope(request.user)
    source_ids = [int(v) for v in request.GET.getlist("nguon") if v.isdigit()]
    level, candidates = _merge_candidates(request, source_ids)
    first = Organization.objects.visible_to(request.user, PERM_CHANGE).filter(pk__in=source_ids[:1]).first()
    initial: dict[str, Any] = {
        "sources": source_ids,
        "parent": level.pk if level else None,
        "new_kind": first.kind if first else "",
        "new_sector": first.sector if first else Sector.OTHER,
    }
    form = MergeForm(request.POST or None, user=request.user, initial=initial, candidates=candidates)
    preview: Preview | None = None
    token = ""
    notice = ""
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        sources = list(c["sources"])

        def run() -> Organization:
            return services.organization_merge(
                actor=request.user,
                sources=sources,
                into=form.target(),
                on_date=c["effective_on"],
                parent=c["parent"],
                decision=form.decision(),
            )

        try:
            if request.POST.get("action") == "apply" and request.POST.get("token") == form.fingerprint():
                target = _verified_write(request.user, run, lambda t: [t.pk])
                url = reverse("organizations:detail", args=[target.pk])
                return done(request, url, gettext("Đã hợp nhất %(n)s tổ chức vào %(o)s.") % {"n": len(sources), "o": target.name})
            if request.POST.get("action") == "apply":
                notice = gettext("Nội dung đã thay đổi sau khi xem trước. Hãy xem lại rồi bấm Áp dụng.")

            def dry() -> Preview:
                target = run()
                return _summarize(_reorganization_of(target), [target], c["effective_on"])

            preview = dry_run(dry)
            token = form.fingerprint()
        except DomainError as exc:
            form.add_domain_error(exc)
    context = {
        "form": form,
        "level": level,
        "levels": changeable_organizations(request.user),
        "preview": preview,
        "token": token,
        "notice": notice,
    }
    invalid = request.method == "POST" and preview is None
    return form_response(request, "organizations/merge.html", context, invalid=invalid)


def _split_slots(request: HttpRequest) -> int:
    raw = request.POST.get("kt-TOTAL_FORMS") if request.method == "POST" else request.GET.get("so")
    try:
        return max(2, min(int(raw or 2), 10))
    except ValueError:
        return 2


@login_required
def split(request: HttpRequest, pk: int) -> HttpResponse:
    """Split one organization into several: preview, then apply."""
    from apps.members.selectors import members_of

    org = _org_for_change(request, pk)
    today = timezone.localdate()
    slots = _split_slots(request)
    children = _current_children(org)
    people = list(members_of(request.user, org, on_date=today, subtree=False)[:1000])
    form = SplitForm(
        request.POST or None,
        user=request.user,
        slots=slots,
        children=children,
        members=[(p.pk, p.full_name) for p in people],
    )
    initial = [{"kind": org.kind, "sector": org.sector} for _i in range(slots)]
    formset = SuccessorFormSet(request.POST or None, prefix="kt", initial=initial, form_kwargs={"user": request.user})
    preview: Preview | None = None
    token = ""
    notice = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        c = form.cleaned_data
        specs = [f.spec() for f in formset.forms if not f.is_blank()]
        child_assignment, member_assignment = form.assignments(len(specs))
        if len(specs) < 2:
            form.add_error(None, gettext("Chia tách cần ít nhất hai tổ chức kế tục."))
        if form.is_valid():
            digest = form.fingerprint() + ":" + _formset_digest(formset)

            def run() -> list[Organization]:
                return services.organization_split(
                    actor=request.user,
                    source=org,
                    into=specs,
                    on_date=c["effective_on"],
                    parent=c["parent"],
                    child_assignment=child_assignment,
                    member_assignment=member_assignment,
                    decision=form.decision(),
                )

            try:
                if request.POST.get("action") == "apply" and request.POST.get("token") == digest:
                    successors = _verified_write(request.user, run, lambda s: [o.pk for o in s] + [org.pk])
                    url = reverse("organizations:detail", args=[org.pk])
                    names = ", ".join(o.name for o in successors)
                    return done(request, url, gettext("Đã chia tách %(o)s thành %(s)s.") % {"o": org.name, "s": names})
                if request.POST.get("action") == "apply":
                    notice = gettext("Nội dung đã thay đổi sau khi xem trước. Hãy xem lại rồi bấm Áp dụng.")

                def dry() -> Preview:
                    successors = run()
                    return _summarize(_reorganization_of(org), successors, c["effective_on"])

                preview = dry_run(dry)
                token = digest
            except DomainError as exc:
                form.add_domain_error(exc)
    context = {
        "org": org,
        "form": form,
        "formset": formset,
        "slots": slots,
        "children": children,
        "member_total": len(people),
        "assign_open": request.method == "POST"
        and any(form[n].errors or form[n].value() not in (None, "", "0") for n in form.member_names),
        "preview": preview,
        "token": token,
        "notice": notice,
    }
    return form_response(request, "organizations/split.html", context, invalid=request.method == "POST" and preview is None)


def _formset_digest(formset: Any) -> str:
    rows = [
        {k: (v.pk if isinstance(v, Model) else v) for k, v in sorted(f.cleaned_data.items())}
        for f in formset.forms
        if not f.is_blank()
    ]
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:20]


@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Many moves, merges and dissolutions pasted or uploaded: preview, then apply as one operation."""
    _require_some_scope(request.user)
    form = BulkForm(request.POST or None, request.FILES or None, user=request.user)
    result: services.BulkResult | None = None
    token = ""
    notice = ""
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data

        def run(preview: bool) -> services.BulkResult:
            return services.reorganization_bulk(
                actor=request.user, operations=c["parsed"], on_date=c["effective_on"], decision=form.decision(), preview=preview
            )

        try:
            if request.POST.get("action") == "apply" and request.POST.get("token") == form.fingerprint():
                applied = _verified_write(request.user, lambda: run(False), _bulk_touched)
                return done(
                    request,
                    reverse("organizations:tree"),
                    gettext("Đã áp dụng: %(m)s tổ chức chuyển, %(e)s kết thúc, %(f)s thành lập, %(p)s đảng viên chuyển theo.")
                    % {
                        "m": applied.organizations_moved,
                        "e": applied.organizations_ended,
                        "f": applied.organizations_founded,
                        "p": applied.members_moved,
                    },
                )
            if request.POST.get("action") == "apply":
                notice = gettext("Nội dung đã thay đổi sau khi xem trước. Hãy xem lại rồi bấm Áp dụng.")
            result = run(True)
            token = form.fingerprint()
        except DomainError as exc:
            form.add_domain_error(exc)
    context = {"form": form, "result": result, "token": token, "notice": notice}
    return form_response(request, "organizations/bulk.html", context, invalid=request.method == "POST" and result is None)


def _bulk_touched(result: services.BulkResult) -> list[int]:
    if result.reorganization is None:
        return []
    return list(
        ReorganizationLink.objects.filter(reorganization=result.reorganization)
        .values_list("organization_id", flat=True)
        .distinct()
    )

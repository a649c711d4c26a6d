"""Rendered pages kept for their reader until something they can see changes.

A page is stored per user, language, address (query string included), HTMX target and today's date, together
with the *generations* of what the user can see, and served only while those are still current: one
generation per organization a role is assigned on (its subtree is the user's scope), one for the user's own
member record, and an *epoch* for everything not tied to one organization (the tree's shape, names, accounts,
documents). Every service reports, when its transaction commits, what it changed (:func:`apps.core.audit.record`
collects it from the audit events): each organization it wrote, with all its ancestors (now and on any date),
gets a new generation, so the next view of a page that could show the change misses the cache and is rendered
again. Writes in one cell leave the pages of every other cell's readers in place.

Generations are random tokens, never counters, so a value lost from the cache (evicted, flushed) comes back as a
value no stored page carries. The order of events makes a stale page impossible: a page is stored with the
generations read *before* it was rendered, and a service announces its change only *after* its commit. (Two
readers may store the same page one after the other; the later write wins, and if it carries older generations
the next view renders the page again.)

The cache must be shared by every process that serves pages or writes (``DANGBO_REDIS_URL``); it is off
otherwise (``DANGBO_PAGE_CACHE``). The CSRF token and the CSP nonce are taken out of the stored page and put
back fresh for each request. A request with messages waiting, and a response that is not a plain 200 page,
are never stored.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils import timezone, translation

PREFIX = "dangbo:page:"
EPOCH = PREFIX + "epoch"
#: bumped by every change: the key of readers who see everything (the unrestricted)
EVERYTHING = PREFIX + "all"
CSRF_MARK = "__dangbo_csrf_token__"
NONCE_MARK = "__dangbo_csp_nonce__"
HEADER = "X-Dangbo-Page-Cache"
#: above this many organizations (or member records) a change is announced as the epoch's
MANY = 5000
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def enabled() -> bool:
    return bool(getattr(settings, "DANGBO_PAGE_CACHE", False))


def org_key(organization_id: int) -> str:
    return f"{PREFIX}org:{organization_id}"


def person_key(person_id: int) -> str:
    return f"{PREFIX}person:{person_id}"


def _fresh() -> str:
    return secrets.token_hex(8)


def _renew(keys: Iterable[str]) -> None:
    """New generations for the keys: every page stored with the old ones is out of date."""
    fresh = {k: _fresh() for k in keys}
    if fresh:
        cache.set_many(fresh, timeout=None)


def generations(keys: list[str]) -> list[str]:
    """The current generation of each key; a missing one is created (fresh, never a value seen before)."""
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for k in missing:
            cache.add(k, _fresh(), timeout=None)
        found.update(cache.get_many(missing))
    return [str(found.get(k, "")) for k in keys]


# -- announcing changes ------------------------------------------------------------------------------------


def changed(organization_ids: Iterable[int] = (), person_ids: Iterable[int] = (), *, everything: bool = False) -> None:
    """What a committed service changed: new generations for the organizations, their ancestors at any time,
    the organizations the people are members of now, the people's own records, and the epoch when
    ``everything``. Called by :mod:`apps.core.audit` after the commit."""
    if not enabled():
        return
    orgs = set(organization_ids)
    people = set(person_ids)
    if len(orgs) > MANY or len(people) > MANY:
        everything = True
    keys = {EVERYTHING}
    if everything:
        keys.add(EPOCH)
    else:
        from apps.members.models import Membership
        from apps.organizations.models import ScopePath, TreePath

        people_list = sorted(people)
        for i in range(0, len(people_list), 1000):
            orgs.update(
                Membership.objects.filter(person_id__in=people_list[i : i + 1000], valid_to__isnull=True).values_list(
                    "organization_id", flat=True
                )
            )
        touched = sorted(orgs)
        ancestors = set(touched)
        for i in range(0, len(touched), 1000):
            chunk = touched[i : i + 1000]
            ancestors.update(ScopePath.objects.filter(descendant_id__in=chunk).values_list("ancestor_id", flat=True))
            ancestors.update(TreePath.objects.filter(descendant_id__in=chunk).values_list("ancestor_id", flat=True))
        keys.update(org_key(o) for o in ancestors)
        keys.update(person_key(p) for p in people)
    _renew(keys)


def own_changed(person_ids: Iterable[int]) -> None:
    """Only what the people see of themselves changed (their notices): new generations for their own keys."""
    if enabled():
        _renew({person_key(p) for p in person_ids})


def clear() -> None:
    """Every stored page is out of date (after a command that wrote outside the services, a deployment)."""
    if enabled():
        _renew([EPOCH, EVERYTHING])


# -- reading and storing pages -----------------------------------------------------------------------------


def _anchors(user: Any) -> list[str]:
    from apps.accounts.scoping import assignments_now
    from apps.core.scoping import is_unrestricted

    if is_unrestricted(user):
        return [EPOCH, EVERYTHING]
    keys = [EPOCH]
    keys.extend(org_key(o) for o in sorted(set(assignments_now(user).values_list("organization_id", flat=True))))
    from apps.members.models import Person

    own = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    if own is not None:
        keys.append(person_key(own))
    return keys


SESSION_ANCHORS = "_dangbo_page_anchors"


def _page_key(request: HttpRequest, anchors: list[str]) -> str:
    parts = [
        str(request.user.pk),
        translation.get_language() or "",
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        timezone.localdate().isoformat(),
        *anchors,
    ]
    return PREFIX + "p:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def lookup(request: HttpRequest) -> tuple[str, list[str], Any]:
    """The page's key, the current generations of the reader's anchors, and what is stored under the key, in
    one round trip to the cache when the reader's anchors are known.

    The anchors are kept in the session, stamped with the epoch and the date they were found on (roles are
    dated, and any change of roles or of whose record is whose starts a new epoch), so a page served from the
    cache reads no table but the session's and the user's. A stored page carries the generations it was
    rendered under; it is served only while they are still the current ones."""
    session = getattr(request, "session", None)
    today = timezone.localdate().isoformat()
    kept = session.get(SESSION_ANCHORS) if session is not None else None
    if kept and kept[1] == today:
        anchors = list(kept[2])
        key = _page_key(request, anchors)
        found = cache.get_many([key, *anchors])
        if all(a in found for a in anchors) and str(found[anchors[0]]) == kept[0]:  # anchors[0] is the epoch
            return key, [str(found[a]) for a in anchors], found.get(key)
    anchors = _anchors(request.user)
    values = generations(anchors)
    if session is not None:
        session[SESSION_ANCHORS] = [values[0], today, anchors]
    key = _page_key(request, anchors)
    return key, values, cache.get(key)


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(storage._loaded_messages or storage._queued_messages)


def _strip(request: HttpRequest, body: str) -> str:
    """The page with this request's CSRF tokens and CSP nonce replaced by marks."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        body = _TOKEN.sub(lambda m: CSRF_MARK if _unmasks_to(m.group(0), secret) else m.group(0), body)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        body = body.replace(nonce, NONCE_MARK)
    return body


def _unmasks_to(token: str, secret: str) -> bool:
    try:
        return bool(_unmask_cipher_token(token) == secret)
    except Exception:
        return False


def _fill(request: HttpRequest, body: str) -> str:
    if CSRF_MARK in body:
        body = body.replace(CSRF_MARK, get_token(request))
    if NONCE_MARK in body:
        body = body.replace(NONCE_MARK, str(request.csp_nonce))  # type: ignore[attr-defined]
    return body


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache while nothing its reader can see has changed (GET, signed-in)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled() or request.method != "GET" or not request.user.is_authenticated or _has_messages(request):
            return view(request, *args, **kwargs)
        key, values, stored = lookup(request)  # generations read before the page is rendered
        if stored is not None and stored[0] == values:
            _generations, content_type, body = stored
            response = HttpResponse(_fill(request, body), content_type=content_type)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _has_messages(request)
            and "text/html" in response.get("Content-Type", "")
        ):
            body = _strip(request, response.content.decode(response.charset))
            cache.set(key, (values, response["Content-Type"], body), timeout=settings.DANGBO_PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response

    return wrapper

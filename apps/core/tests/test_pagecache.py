"""The page cache: a reader's repeated view is served from the cache until something they can see changes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.choices import Role
from apps.core import pagecache
from apps.core.testing import make_org, make_person, make_user
from apps.members import services as member_services
from apps.members.choices import MembershipKind
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    settings.DANGBO_PAGE_CACHE = True
    cache.clear()


@pytest.fixture
def story() -> dict[str, Any]:
    committee = make_org("CCQ", name="Đảng bộ Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    c1 = make_org("C1", name="Chi bộ Sở Tài chính", parent=committee, on_date=D(2005, 1, 1))
    c2 = make_org("C2", name="Chi bộ Sở Xây dựng", parent=committee, on_date=D(2005, 1, 1))
    return {
        "committee": committee,
        "c1": c1,
        "c2": c2,
        "an": make_person(c1, given_name="An", phone="0912345678", on_date=D(2012, 3, 1)),
        "binh": make_person(c2, given_name="Bình", on_date=D(2012, 3, 1)),
        "clerk": make_user("vanphong", role=Role.OFFICE_CLERK, organization=committee),
        "secretary1": make_user("bithu1", role=Role.CELL_SECRETARY, organization=c1),
        "secretary2": make_user("bithu2", role=Role.CELL_SECRETARY, organization=c2),
    }


def login(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def state(response: Any) -> str:
    return str(response.headers.get(pagecache.HEADER, "none"))


def member_page(person: Any) -> str:
    return reverse("members:detail", args=[person.pk])


def test_a_repeated_view_is_served_from_the_cache_with_a_fresh_csrf_token_and_nonce(story: dict[str, Any]) -> None:
    # the same reader in two browsers: the second is served the page the first had rendered
    first = login(story["clerk"], enforce_csrf_checks=True).get(member_page(story["an"]))
    client = login(story["clerk"], enforce_csrf_checks=True)
    second = client.get(member_page(story["an"]))
    assert (state(first), state(second)) == ("miss", "hit")
    html = second.content.decode()
    assert "0912345678" in html and pagecache.CSRF_MARK not in html and pagecache.NONCE_MARK not in html
    # the nonce in the page is the one this response's policy allows
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert f"'nonce-{nonce}'" in second.headers["Content-Security-Policy"]
    # the CSRF token in the page served from the cache is this browser's: its form post is accepted
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    posted = client.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert posted.status_code == 302


def test_a_change_in_the_readers_scope_is_seen_at_once(story: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    client = login(story["clerk"])
    pages = [member_page(story["an"]), reverse("organizations:detail", args=[story["c1"].pk]), reverse("members:list")]
    for page in pages:
        client.get(page)
        assert state(client.get(page)) == "hit"
    an = story["an"]
    with django_capture_on_commit_callbacks(execute=True):
        member_services.member_update(actor=None, person=an, expected_version=an.version, data={"phone": "0987654321"})
    again = client.get(member_page(an))
    assert state(again) == "miss" and "0987654321" in again.content.decode()
    # the cell's page and the committee's list contain the member too: rendered again
    assert [state(client.get(p)) for p in pages[1:]] == ["miss", "miss"]


def test_a_change_in_another_cell_leaves_the_readers_pages_in_place(
    story: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    secretary1 = login(story["secretary1"])
    secretary2 = login(story["secretary2"])
    for client, person in ((secretary1, story["an"]), (secretary2, story["binh"])):
        client.get(member_page(person))
    binh = story["binh"]
    with django_capture_on_commit_callbacks(execute=True):
        member_services.member_update(actor=None, person=binh, expected_version=binh.version, data={"phone": "0900000001"})
    assert state(secretary1.get(member_page(story["an"]))) == "hit"
    assert state(secretary2.get(member_page(binh))) == "miss"


def test_a_member_transferred_in_appears_on_the_receiving_cells_pages(
    story: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    secretary2 = login(story["secretary2"])
    listing = reverse("members:list")
    assert "Bình" in secretary2.get(listing).content.decode()
    assert state(secretary2.get(listing)) == "hit"
    an = story["an"]
    with django_capture_on_commit_callbacks(execute=True):
        member_services.member_transfer(
            actor=None, person=an, to_organization=story["c2"], on_date=dt.date.today(), kind=MembershipKind.PERMANENT
        )
    after = secretary2.get(listing)
    assert state(after) == "miss" and "An" in after.content.decode()


def test_a_rename_changes_every_readers_pages(story: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    secretary2 = login(story["secretary2"])
    tree = reverse("organizations:tree")
    secretary2.get(tree)
    assert state(secretary2.get(tree)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        org_services.organization_rename(
            actor=None, organization=story["c2"], new_name="Chi bộ Sở Xây dựng và Quy hoạch", on_date=dt.date.today()
        )
    after = secretary2.get(tree)
    assert state(after) == "miss" and "Chi bộ Sở Xây dựng và Quy hoạch" in after.content.decode()


def test_readers_never_share_a_page(story: dict[str, Any]) -> None:
    clerk = login(story["clerk"])
    secretary2 = login(story["secretary2"])
    page = member_page(story["an"])
    assert state(clerk.get(page)) == "miss" and state(clerk.get(page)) == "hit"
    # the same address for a reader whose scope does not hold the member: not found, never the clerk's page
    assert secretary2.get(page).status_code == 404
    assert secretary2.get(page).status_code == 404


def test_nothing_is_kept_when_the_cache_is_off(story: dict[str, Any], settings: Any) -> None:
    settings.DANGBO_PAGE_CACHE = False
    client = login(story["clerk"])
    client.get(member_page(story["an"]))
    assert state(client.get(member_page(story["an"]))) == "none"


def test_a_page_with_a_message_waiting_is_not_served_from_the_cache(story: dict[str, Any]) -> None:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client = login(story["clerk"])
    page = member_page(story["an"])
    client.get(page)
    # a message left for the next page (as a form does after saving) is shown, so the page is rendered for it
    storage = CookieStorage(client.get(page).wsgi_request)
    response = client.get(page)
    storage.add(constants.SUCCESS, "Đã lưu hồ sơ.")
    storage.update(response)
    client.cookies.update(response.cookies)
    shown = client.get(page)
    assert state(shown) == "none" and "Đã lưu hồ sơ." in shown.content.decode()


def test_a_reader_whose_roles_end_no_longer_sees_the_pages(
    story: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from apps.accounts import services as account_services
    from apps.accounts.models import RoleAssignment

    secretary = login(story["secretary1"])
    listing = reverse("members:list")
    secretary.get(listing)
    assert state(secretary.get(listing)) == "hit" and "An" in secretary.get(listing).content.decode()
    assignment = RoleAssignment.objects.get(user=story["secretary1"])
    with django_capture_on_commit_callbacks(execute=True):
        account_services.role_end(actor=None, assignment=assignment)
    after = secretary.get(listing)
    assert state(after) == "miss" and story["an"].given_name + "</a>" not in after.content.decode()
    assert secretary.get(member_page(story["an"])).status_code == 404


def test_the_header_badge_of_notices_is_never_stale(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    from apps.meetings import tasks
    from apps.meetings.tests.world import build, plan

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = build()
    member = login(world.users["member"])
    tree = reverse("organizations:tree")
    member.get(tree)
    assert state(member.get(tree)) == "hit"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    plan(world, start=dt.datetime.combine(tomorrow, dt.time(14, 0), tzinfo=timezone.get_current_timezone()))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_tomorrow.call() == 1
    with_notice = member.get(tree)
    assert state(with_notice) == "miss" and 'class="mt-badge"' in with_notice.content.decode()
    assert state(member.get(tree)) == "hit"
    member.get(reverse("meetings:mine"))  # seen: marked read
    read = member.get(tree)
    assert state(read) == "miss" and 'class="mt-badge"' not in read.content.decode()


def test_commands_that_write_outside_the_services_put_every_page_out_of_date(story: dict[str, Any]) -> None:
    from django.core.management import call_command

    client = login(story["clerk"])
    client.get(member_page(story["an"]))
    assert state(client.get(member_page(story["an"]))) == "hit"
    call_command("rebuild_counts", verbosity=0)
    assert state(client.get(member_page(story["an"]))) == "miss"

"""The organization picker: a <select> for a few choices, a search box with scoped HTMX results for many."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.accounts.choices import Role
from apps.core.testing import make_org, make_user
from apps.organizations import picker
from apps.organizations.choices import OrganizationKind
from apps.organizations.forms import FoundForm, MoveForm
from apps.organizations.models import Organization, ParentLink

pytestmark = pytest.mark.django_db

D = dt.date
DECISION = {"decision_symbol": "12-QĐ/ĐU", "decision_date": "1-7-2019", "decision_issuer": "Ban Thường vụ Đảng ủy"}


@pytest.fixture
def world() -> dict[str, Any]:
    root = make_org("TU", name="Đảng bộ tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    kcq = make_org(
        "KCQ", name="Đảng bộ Khối Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    kdn = make_org(
        "KDN", name="Đảng bộ Khối Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    c1 = make_org("C1", name="Chi bộ Sở Tài chính", parent=kcq, on_date=D(2005, 1, 1))
    c2 = make_org("C2", name="Chi bộ Sở Xây dựng", parent=kcq, on_date=D(2005, 1, 1))
    c3 = make_org("C3", name="Chi bộ Trường Đại học", parent=kcq, on_date=D(2005, 1, 1))
    d1 = make_org("D1", name="Chi bộ Công ty Cấp nước", parent=kdn, on_date=D(2005, 1, 1))
    d2 = make_org("D2", name="Chi bộ Công ty Xây dựng số 2", parent=kdn, on_date=D(2005, 1, 1))
    return {
        "root": root,
        "kcq": kcq,
        "kdn": kdn,
        "c1": c1,
        "c2": c2,
        "c3": c3,
        "d1": d1,
        "d2": d2,
        "clerk": make_user("vanphong", role=Role.OFFICE_CLERK, organization=kcq),
        "other": make_user("khoidn", role=Role.OFFICE_CLERK, organization=kdn),
    }


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(picker, "SELECT_MAX", 2)


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_in(html: str, name: str = "parent") -> str:
    match = re.search(rf'name="{name}_q"[^>]*hx-get="[^"]*\?t=([^"&]+)"', html, re.S)
    assert match, "the picker carries its token"
    return unquote(unescape(match.group(1)))


def pick(client: Client, token: str, text: str, name: str = "parent") -> Any:
    return client.get(reverse("organizations:pick"), {"t": token, f"{name}_q": text})


def offered(response: Any) -> list[str]:
    return re.findall(r'<span class="code">([^<]+)</span>', response.content.decode())


def test_the_field_accepts_an_id_or_a_typed_code_and_refuses_what_is_outside_its_choices(world):
    field = FoundForm(user=world["clerk"]).fields["parent"]
    assert field.clean(str(world["c1"].pk)) == world["c1"]
    assert field.clean("c2") == world["c2"]  # a code, typed in any case
    assert field.clean("  KCQ ") == world["kcq"]
    with translation.override("vi"):
        for outside in (str(world["d1"].pk), "D1", "khong-co"):
            with pytest.raises(ValidationError) as err:
                field.clean(outside)
            assert err.value.messages == [
                "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
            ]


def test_a_few_choices_stay_a_select_and_many_become_a_search_box(world, monkeypatch):
    clerk = login(world["clerk"])
    html = clerk.get(reverse("organizations:found")).content.decode()
    assert '<select name="parent"' in html and 'name="parent_q"' not in html
    monkeypatch.setattr(picker, "SELECT_MAX", 2)
    html = clerk.get(reverse("organizations:found")).content.decode()
    assert '<select name="parent"' not in html
    assert 'name="parent_q"' in html and 'for="id_parent"' in html and 'id="id_parent"' in html
    assert "Chi bộ Sở Tài chính" not in html  # the choices are not listed: they are searched


def test_without_javascript_the_typed_code_founds_under_that_organization(world, small_threshold):
    clerk = login(world["clerk"])
    data = DECISION | {
        "parent_q": "c1",
        "new_code": "C1A",
        "new_name": "Chi bộ Phòng Ngân sách",
        "new_kind": OrganizationKind.ATTACHED_CELL,
        "new_sector": "state_agency",
        "effective_on": "1-7-2019",
    }
    response = clerk.post(reverse("organizations:found"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert ParentLink.objects.get(child__code="C1A").parent == world["c1"]
    # a code outside the user's choices is refused next to the field, the text kept in the box
    response = clerk.post(reverse("organizations:found"), data | {"parent_q": "D1", "new_code": "C1B"})
    assert response.status_code == 422
    assert response.context["form"].errors["parent"]
    assert 'value="D1"' in response.content.decode()
    assert not Organization.objects.filter(code="C1B").exists()


def test_a_picked_id_wins_over_the_text_typed_to_find_it(world, small_threshold):
    clerk = login(world["clerk"])
    data = DECISION | {
        "parent": str(world["c3"].pk),
        "parent_q": "dai hoc",
        "new_code": "C3A",
        "new_name": "Chi bộ Khoa Luật",
        "new_kind": OrganizationKind.ATTACHED_CELL,
        "new_sector": "state_agency",
        "effective_on": "1-7-2019",
    }
    assert clerk.post(reverse("organizations:found"), data).status_code == 302
    assert ParentLink.objects.get(child__code="C3A").parent == world["c3"]


def test_the_search_answers_only_from_the_fields_choices_in_the_users_scope(world, small_threshold):
    clerk, other = login(world["clerk"]), login(world["other"])
    token = token_in(clerk.get(reverse("organizations:found")).content.decode())
    assert offered(pick(clerk, token, "tai chinh")) == ["C1"]  # diacritics and case ignored
    assert offered(pick(clerk, token, "XÂY DỰNG")) == ["C2"]  # not the other subtree's D2
    assert offered(pick(clerk, token, "cong ty")) == []
    assert "Không có tổ chức nào khớp" in pick(clerk, token, "cong ty").content.decode()
    assert offered(pick(clerk, token, "c3")) == ["C3"]  # a code
    assert set(offered(pick(clerk, token, "c"))) == {"KCQ", "C1", "C2", "C3"}
    assert 'type="radio" name="parent" value="{}"'.format(world["c1"].pk) in pick(clerk, token, "c1").content.decode()
    # the other subtree's user cannot use the token, nor forge one
    assert pick(other, token, "tai chinh").status_code == 400
    assert pick(clerk, token[:-2] + "xx", "tai chinh").status_code == 400
    own = token_in(other.get(reverse("organizations:found")).content.decode())
    assert offered(pick(other, own, "xay dung")) == ["D2"]
    assert offered(pick(other, own, "tai chinh")) == []
    assert Client().get(reverse("organizations:pick"), {"t": token, "parent_q": "c"}).status_code == 302


def test_the_search_follows_the_fields_own_queryset(world, small_threshold):
    form = MoveForm(user=world["clerk"], organization=world["c1"])
    html = str(form["new_parent"])
    token = token_in(html, "new_parent")
    response = pick(login(world["clerk"]), token, "chi bo", name="new_parent")
    assert offered(response) == ["C3", "C2"] or sorted(offered(response)) == ["C2", "C3"]
    assert world["c1"].code not in offered(response)  # the organization being moved is not a choice


def test_the_search_is_capped(world, small_threshold):
    for i in range(25):
        make_org(f"P{i:02d}", name=f"Chi bộ Phòng {i:02d}", parent=world["kcq"], on_date=D(2006, 1, 1))
    clerk = login(world["clerk"])
    token = token_in(clerk.get(reverse("organizations:found")).content.decode())
    response = pick(clerk, token, "phong")
    assert len(offered(response)) == picker.PICK_LIMIT
    assert "gõ thêm để thu hẹp" in response.content.decode()


def test_the_token_survives_scattered_ids():
    ids = [3, 4, 5, 9, 12, 13, 40, 41, 42, 43, 1000]
    ranges = picker._ranges(picker._runs(ids))
    assert [pk for first, last in ranges for pk in range(first, last + 1)] == ids

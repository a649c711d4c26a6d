"""The targets API: every endpoint for every persona (see tests/api_matrix.py), then behaviour.

The personas hold the Office's role (which may change targets) on A or B. A's committee has two terms: 2015-2020
with its congress and a computed target, and 2020-2025 (no congress recorded yet) with a computed target, a rate
entered by hand each year and a milestone. B has a term of its own, for the persona on B.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from apps.accounts.choices import Role
from apps.accounts.services import api_token_create
from apps.core import indicators
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from apps.members import counts
from apps.targets import report, services
from apps.targets.models import Congress, Measurement, Resolution, Target, Term
from apps.targets.results import evaluate
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, call, run, state

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/targets"


class TargetsWorld(World):
    terms: dict[str, Term]
    targets: dict[str, Target]
    measurements: dict[str, Measurement]

    def term(self, key: str) -> int:
        return self.terms[key].pk

    def target(self, key: str) -> int:
        return self.targets[key].pk


def _resolution(term: Term, symbol: str, issued_on: dt.date) -> Resolution:
    return services.resolution_record(
        actor=None,
        term=term,
        symbol=symbol,
        issued_on=issued_on,
        issuer="Đại hội Đảng bộ",
        title=f"Nghị quyết Đại hội {term.label}",
    )


def build() -> TargetsWorld:
    base = build_world(role=Role.OFFICE_CLERK)
    world = TargetsWorld(orgs=base.orgs, people=base.people, tokens=base.tokens)
    a, b = world.orgs["A"], world.orgs["B"]
    prev = services.term_create(actor=None, organization=a, label="2015-2020", start_date=D(2015, 7, 1), end_date=D(2020, 7, 1))
    services.congress_record(actor=None, term=prev, ordinal=7, opened_on=D(2015, 7, 20), closed_on=D(2015, 7, 22))
    now = services.term_create(actor=None, organization=a, label="2020-2025", start_date=D(2020, 7, 1), end_date=D(2025, 7, 1))
    other = services.term_create(actor=None, organization=b, label="2020-2025", start_date=D(2020, 7, 1), end_date=D(2025, 7, 1))
    r_prev = _resolution(prev, "01-NQ/ĐH", D(2015, 7, 22))
    r_now = _resolution(now, "01-NQ/ĐH", D(2020, 7, 30))
    r_other = _resolution(other, "01-NQ/ĐH", D(2020, 7, 30))
    members: dict[str, Any] = {
        "statement": "Số đảng viên",
        "kind": "count",
        "unit": "đảng viên",
        "goal": Decimal(3),
        "indicator": "members.count",
    }
    targets = {
        "prev_members": services.target_create(actor=None, resolution=r_prev, **members),
        "members": services.target_create(actor=None, resolution=r_now, **members),
        "study": services.target_create(
            actor=None,
            resolution=r_now,
            statement="Tỉ lệ đảng viên học tập nghị quyết",
            kind="rate",
            goal=Decimal(90),
            period="each_year",
        ),
        "website": services.target_create(
            actor=None,
            resolution=r_now,
            statement="Đưa trang tin điện tử vào hoạt động",
            kind="milestone",
            comparator="by_date",
            goal_date=D(2022, 12, 31),
        ),
        "other": services.target_create(actor=None, resolution=r_other, statement="Tỉ lệ học tập", kind="rate", goal=Decimal(90)),
    }
    world.terms = {"prev": prev, "now": now, "other": other}
    world.targets = targets
    world.measurements = {
        "study": services.measurement_enter(
            actor=None, target=targets["study"], on_date=D(2021, 12, 31), value=Decimal(95), evidence="Báo cáo năm 2021"
        ),
        "other": services.measurement_enter(
            actor=None, target=targets["other"], on_date=D(2021, 12, 31), value=Decimal(99), evidence="Báo cáo năm 2021"
        ),
    }
    return world


@pytest.fixture
def world() -> TargetsWorld:
    return build()


def T(world: World) -> TargetsWorld:
    assert isinstance(world, TargetsWorld)
    return world


def _ids(data: Any) -> set[int]:
    return {item["id"] for item in data["items"]}


def _term_created(world: World, data: Any) -> None:
    term = Term.objects.get(pk=data["id"])
    assert term.organization_id == world.org("A1") and term.label == "2020-2025"
    assert data["organization_code"] == "A1" and data["congress"] is None


def _congress_recorded(world: World, data: Any) -> None:
    assert Congress.objects.get(term=T(world).terms["now"]).pk == data["id"]
    assert data["roman"] == "VIII" and data["held_by_id"] == world.org("A")


def _target_created(world: World, data: Any) -> None:
    target = Target.objects.get(pk=data["id"])
    # numbered after the resolution's last target
    assert target.number == T(world).targets["website"].number + 1
    assert data["result"]["status"] == evaluate(target, dt.date.fromisoformat(data["result"]["as_of"])).status


def _withdrawn(world: World, data: Any) -> None:
    assert data["withdrawn"] is True and data["withdrawn_reason"] == "Nhập nhầm năm"


ENDPOINTS = [
    Endpoint("terms", "get", lambda w: f"{API}/terms", "list", ids=_ids, targets=lambda w: {T(w).term("prev"), T(w).term("now")}),
    Endpoint("terms of an organization", "get", lambda w: f"{API}/terms?organization=A", "object"),
    Endpoint("term", "get", lambda w: f"{API}/terms/{T(w).term('now')}", "object"),
    Endpoint("congress", "get", lambda w: f"{API}/terms/{T(w).term('prev')}/congress", "object"),
    Endpoint("resolutions", "get", lambda w: f"{API}/terms/{T(w).term('now')}/resolutions", "object"),
    Endpoint("targets", "get", lambda w: f"{API}/terms/{T(w).term('now')}/targets", "object"),
    Endpoint("report", "get", lambda w: f"{API}/terms/{T(w).term('now')}/report?as_of=2021-12-31", "object"),
    Endpoint("target", "get", lambda w: f"{API}/{T(w).target('study')}?as_of=2022-06-30", "object"),
    Endpoint("measurements", "get", lambda w: f"{API}/{T(w).target('study')}/measurements", "object"),
    Endpoint(
        "indicator value", "get", lambda w: f"{API}/indicators/members.count/value?organization=A&as_of=2021-01-01", "object"
    ),
    Endpoint(
        "create term",
        "post",
        lambda w: f"{API}/terms",
        "write",
        body=lambda w: {
            "organization_id": w.org("A1"),
            "label": "2020-2025",
            "start_date": "2020-06-01",
            "end_date": "2025-06-01",
        },
        success=201,
        check=_term_created,
    ),
    Endpoint(
        "record congress",
        "post",
        lambda w: f"{API}/terms/{T(w).term('now')}/congress",
        "write",
        body=lambda w: {"ordinal": 8, "opened_on": "2020-07-29", "closed_on": "2020-07-30", "place": "Sóc Trăng"},
        success=201,
        check=_congress_recorded,
    ),
    Endpoint(
        "record resolution",
        "post",
        lambda w: f"{API}/terms/{T(w).term('now')}/resolutions",
        "write",
        body=lambda w: {
            "symbol": "05-NQ/ĐU",
            "issued_on": "2021-03-01",
            "issuer": "Ban Chấp hành",
            "title": "Về công tác kiểm tra",
        },
        success=201,
    ),
    Endpoint(
        "create target",
        "post",
        lambda w: f"{API}/terms/{T(w).term('now')}/targets",
        "write",
        body=lambda w: {
            "resolution_id": T(w).targets["members"].resolution_id,
            "statement": "Kết nạp đảng viên mới",
            "kind": "count",
            "goal": 10,
            "indicator": "members.admitted",
            "indicator_params": {"include_readmitted": "yes"},
        },
        success=201,
        check=_target_created,
    ),
    Endpoint(
        "update target",
        "patch",
        lambda w: f"{API}/{T(w).target('study')}",
        "write",
        body=lambda w: {"expected_version": T(w).targets["study"].version, "goal": "92.5"},
    ),
    Endpoint(
        "enter measurement",
        "post",
        lambda w: f"{API}/{T(w).target('study')}/measurements",
        "write",
        body=lambda w: {"on_date": "2022-12-31", "value": 88, "evidence": "Báo cáo năm 2022", "evidence_symbol": "45-BC/ĐU"},
        success=201,
    ),
    Endpoint(
        "withdraw measurement",
        "post",
        lambda w: f"{API}/measurements/{T(w).measurements['study'].pk}/withdraw",
        "write",
        body=lambda w: {"reason": "Nhập nhầm năm"},
        check=_withdrawn,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_scope(endpoint: Endpoint, persona: str, world: TargetsWorld) -> None:
    run(endpoint, persona, world)


def test_indicator_registry_is_the_same_for_every_caller(world: TargetsWorld) -> None:
    assert call(world, "anonymous", "get", f"{API}/indicators").status_code == 401
    keys = [i.key for i in indicators.registered()]
    for persona in ("no_role", "role", "other"):
        data = call(world, persona, "get", f"{API}/indicators").json()
        assert [i["key"] for i in data] == keys
    admitted = next(i for i in data if i["key"] == "members.admitted")
    registered = indicators.get("members.admitted")
    assert admitted["kind"] == registered.kind and admitted["label"] == str(registered.label)
    assert [p["name"] for p in admitted["parameters"]] == [p.name for p in registered.parameters]
    assert admitted["parameters"][0]["choices"] == [
        {"value": v, "label": str(label)} for v, label in registered.parameters[0].choices
    ]


def test_a_role_that_only_views_targets_reads_but_cannot_write(world: TargetsWorld) -> None:
    board = make_user("api_board", role=Role.ORGANIZATION_BOARD, organization=world.orgs["A"])
    world.tokens["board"] = api_token_create(actor=None, user=board, name="test")[1]
    assert call(world, "board", "get", f"{API}/terms/{world.term('now')}").status_code == 200
    before = state()
    writes: list[tuple[str, str, dict[str, Any]]] = [
        (
            "post",
            f"{API}/terms/{world.term('now')}/resolutions",
            {"symbol": "1", "issued_on": "2021-01-01", "issuer": "x", "title": "y"},
        ),
        ("patch", f"{API}/{world.target('study')}", {"expected_version": world.targets["study"].version, "goal": 91}),
        ("post", f"{API}/{world.target('study')}/measurements", {"on_date": "2022-12-31", "value": 88, "evidence": "Báo cáo"}),
    ]
    for method, path, body in writes:
        response = call(world, "board", method, path, body)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found", path
    assert state() == before


# ------------------------------------------------------------------ behaviour


def test_terms_filtered_by_organization_code(world: TargetsWorld) -> None:
    data = call(world, "role", "get", f"{API}/terms?organization=A").json()
    assert _ids(data) == {world.term("prev"), world.term("now")} and data["total"] == 2
    now = next(t for t in data["items"] if t["id"] == world.term("now"))
    assert now["organization_code"] == "A" and now["congress"] is None
    prev = next(t for t in data["items"] if t["id"] == world.term("prev"))
    assert prev["congress"]["ordinal"] == 7 and prev["congress"]["roman"] == "VII"
    assert call(world, "role", "get", f"{API}/terms?organization=A1").json()["total"] == 0
    assert call(world, "role", "get", f"{API}/terms?organization=B").status_code == 404
    assert call(world, "role", "get", f"{API}/terms?organization=NOPE").status_code == 404
    page = call(world, "role", "get", f"{API}/terms?limit=1&offset=1").json()
    assert page["total"] == 2 and len(page["items"]) == 1


def test_a_term_without_a_congress_answers_404_for_it(world: TargetsWorld) -> None:
    response = call(world, "role", "get", f"{API}/terms/{world.term('now')}/congress")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_report_is_the_term_report(world: TargetsWorld) -> None:
    response = call(world, "role", "get", f"{API}/terms/{world.term('now')}/report?as_of=2021-12-31")
    assert response.status_code == 200
    data = response.json()
    assert data == report.build(world.terms["now"], D(2021, 12, 31)).as_json()
    members = next(t for t in data["targets"] if t["id"] == world.target("members"))
    assert Decimal(members["value"]) == counts.subtree_count(world.org("A"), D(2021, 12, 31))
    assert data["summary"]["total"] == 3 and data["previous_term"]["label"] == "2015-2020"
    # by default: as the report takes it (today, or the end of a finished term)
    finished = call(world, "role", "get", f"{API}/terms/{world.term('prev')}/report").json()
    assert finished == report.build(world.terms["prev"]).as_json() and finished["finished"] is True
    # a target of that term is judged on the same day by default
    target = call(world, "role", "get", f"{API}/{world.target('prev_members')}").json()
    assert target["result"]["as_of"] == finished["as_of"]
    assert target["result"]["status"] == next(t["status"] for t in finished["targets"] if t["id"] == target["id"])


def test_target_result_with_readings_per_year(world: TargetsWorld) -> None:
    url = f"{API}/{world.target('study')}"
    entered = call(
        world, "role", "post", f"{url}/measurements", {"on_date": "2022-12-31", "value": "80", "evidence": "Báo cáo 2022"}
    )
    assert entered.status_code == 201 and entered.json()["year"] == 2022
    data = call(world, "role", "get", f"{url}?as_of=2023-03-01").json()
    expected = evaluate(Target.objects.get(pk=world.target("study")), D(2023, 3, 1))
    result = data["result"]
    assert [r["label"] for r in result["readings"]] == [str(y) for y in world.terms["now"].years()]
    assert [r["status"] for r in result["readings"]] == expected.statuses
    assert [None if r["value"] is None else Decimal(r["value"]) for r in result["readings"]] == [
        r.value for r in expected.readings
    ]
    assert result["status"] == expected.status and result["progress"] == expected.progress
    by_year = {r["label"]: r for r in result["readings"]}
    # 95 against at least 90 in 2021, 80 in 2022: one year not achieved makes the target not achieved
    assert by_year["2021"]["status"] == "exceeded" and by_year["2022"]["status"] == "not_achieved"
    assert result["status"] == "not_achieved" and result["source"] == "manual"


def test_computed_target_counts_its_covered_subtree(world: TargetsWorld) -> None:
    body = {
        "resolution_id": world.targets["members"].resolution_id,
        "number": 9,
        "statement": "Đảng viên Chi bộ Kế toán",
        "kind": "count",
        "goal": 2,
        "indicator": "members.count",
        "cover_ids": [world.org("A1")],
    }
    response = call(world, "role", "post", f"{API}/terms/{world.term('now')}/targets", body)
    assert response.status_code == 201, response.json()
    data = call(world, "role", "get", f"{API}/{response.json()['id']}?as_of=2021-06-30").json()
    assert data["number"] == 9 and data["cover_ids"] == [world.org("A1")] and data["indicator"] == "members.count"
    assert Decimal(data["result"]["value"]) == counts.subtree_count(world.org("A1"), D(2021, 6, 30))
    assert data["result"]["source"] == "indicator" and data["goal_text"] == report.goal_text(Target.objects.get(pk=data["id"]))
    # a subtree outside the caller's scope cannot be covered
    outside = call(
        world, "role", "post", f"{API}/terms/{world.term('now')}/targets", body | {"number": 10, "cover_ids": [world.org("B")]}
    )
    assert outside.status_code == 404 and not Target.objects.filter(number=10).exists()


def test_withdrawing_a_value_falls_back_to_the_one_before(world: TargetsWorld) -> None:
    target = world.targets["other"]
    services.measurement_enter(actor=None, target=target, on_date=D(2022, 6, 30), value=Decimal(70), evidence="Báo cáo sơ kết")
    token_other = f"{API}/{target.pk}"
    assert Decimal(call(world, "other", "get", f"{token_other}?as_of=2022-12-31").json()["result"]["value"]) == 70
    latest = Measurement.objects.filter(target=target).order_by("-on_date").first()
    assert latest is not None
    response = call(world, "other", "post", f"{API}/measurements/{latest.pk}/withdraw", {"reason": "Số liệu chưa được duyệt"})
    assert response.status_code == 200 and response.json()["withdrawn"] is True
    assert Decimal(call(world, "other", "get", f"{token_other}?as_of=2022-12-31").json()["result"]["value"]) == 99
    history = call(world, "other", "get", f"{token_other}/measurements").json()
    assert [(m["on_date"], m["withdrawn"]) for m in history] == [("2022-06-30", True), ("2021-12-31", False)]
    again = call(world, "other", "post", f"{API}/measurements/{latest.pk}/withdraw", {"reason": "lần nữa"})
    assert again.status_code == 422 and again.json()["error"]["code"] == "invalid"


def test_stale_update_is_409_and_keeps_the_target(world: TargetsWorld) -> None:
    url = f"{API}/{world.target('study')}"
    version = call(world, "role", "get", url).json()["version"]
    first = call(world, "role", "patch", url, {"expected_version": version, "goal": 92})
    assert first.status_code == 200 and first.json()["version"] == version + 1 and Decimal(first.json()["goal"]) == 92
    stale = call(world, "role", "patch", url, {"expected_version": version, "goal": 80})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    assert Target.objects.get(pk=world.target("study")).goal == 92


def _error(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.json()
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "field", "row", "details"}
    return error


def test_domain_errors_name_their_field(world: TargetsWorld) -> None:
    before = state()
    targets_url = f"{API}/terms/{world.term('now')}/targets"
    base = {"resolution_id": world.targets["members"].resolution_id, "statement": "Chỉ tiêu", "kind": "rate", "goal": 90}
    assert _error(call(world, "role", "post", targets_url, base | {"goal": 150}))["field"] == "goal"
    assert _error(call(world, "role", "post", targets_url, base | {"indicator": "no.such"}))["field"] == "indicator"
    params = {"kind": "count", "indicator": "members.admitted", "indicator_params": {"colour": "red"}}
    assert _error(call(world, "role", "post", targets_url, base | params))["field"] == "colour"
    wrong = base | {"resolution_id": world.targets["other"].resolution_id}
    assert _error(call(world, "role", "post", targets_url, wrong))["field"] == "resolution_id"
    computed = f"{API}/{world.target('members')}/measurements"
    error = _error(call(world, "role", "post", computed, {"on_date": "2021-12-31", "value": 3, "evidence": "Báo cáo"}))
    assert (error["code"], error["field"]) == ("computed", "value")
    manual = f"{API}/{world.target('study')}/measurements"
    assert (
        _error(call(world, "role", "post", manual, {"on_date": "2021-12-31", "value": 3, "evidence": "  "}))["field"]
        == "evidence"
    )
    assert (
        _error(call(world, "role", "post", manual, {"on_date": "2021-12-31", "value": 3, "evidence": "x", "year": 2026}))["field"]
        == "year"
    )
    congress = f"{API}/terms/{world.term('prev')}/congress"
    again = {"ordinal": 7, "opened_on": "2015-07-20", "closed_on": "2015-07-22"}
    assert _error(call(world, "role", "post", congress, again))["field"] == "term"
    assert state() == before


def test_invalid_input_answers_the_one_error_shape(world: TargetsWorld) -> None:
    before = state()
    bad_date = {"organization_id": world.org("A"), "label": "2025-2030", "start_date": "1/7/2025", "end_date": "2030-07-01"}
    error = _error(call(world, "role", "post", f"{API}/terms", bad_date))
    assert error["code"] == "invalid" and error["details"][0]["loc"][-1] == "start_date"
    url = f"{API}/{world.target('study')}"
    nulled = _error(call(world, "role", "patch", url, {"expected_version": world.targets["study"].version, "statement": None}))
    assert nulled["code"] == "invalid"
    too_precise = {"expected_version": world.targets["study"].version, "goal": "90.125"}
    assert _error(call(world, "role", "patch", url, too_precise))["details"][0]["loc"][-1] == "goal"
    assert _error(call(world, "role", "get", f"{API}/{2**70}"))["code"] == "invalid"
    assert state() == before


def test_indicator_value_with_its_records(world: TargetsWorld) -> None:
    url = f"{API}/indicators/members.count/value?organization=A&as_of=2021-01-01"
    data = call(world, "role", "get", url).json()
    members = counts.subtree_count(world.org("A"), D(2021, 1, 1))
    assert Decimal(data["value"]) == members and data["organization_id"] == world.org("A")
    assert data["records"]["total"] == members and len(data["records"]["rows"]) == members
    assert all(isinstance(cell, str) for row in data["records"]["rows"] for cell in row)
    names = {world.people[k].full_name for k in ("pa", "pa2")}
    assert {row[0] for row in data["records"]["rows"]} == names
    assert len(data["records"]["columns"]) == len(data["records"]["rows"][0])
    # a page at a time
    second = call(world, "role", "get", f"{url}&limit=1&offset=1").json()["records"]
    first = call(world, "role", "get", f"{url}&limit=1").json()["records"]
    assert second["total"] == members and {first["rows"][0][0], second["rows"][0][0]} == names
    # the same figure as the registry computes, with the indicator's own parameters
    flow = call(
        world,
        "role",
        "get",
        f"{API}/indicators/members.admitted/value?organization=A&start=2012-01-01&end=2012-12-31&include_readmitted=yes",
    ).json()
    as_of = dt.date.fromisoformat(flow["as_of"])
    question = indicators.Question((world.org("A"),), D(2012, 1, 1), D(2012, 12, 31), as_of, {"include_readmitted": "yes"})
    assert Decimal(flow["value"]) == indicators.compute("members.admitted", question).value
    assert flow["params"] == {"include_readmitted": "yes"} and flow["records"]["total"] == int(Decimal(flow["value"]))


def test_indicator_value_refusals(world: TargetsWorld) -> None:
    value = f"{API}/indicators/members.admitted/value"
    assert call(world, "role", "get", f"{API}/indicators/no.such/value?organization=A").status_code == 404
    # an organization outside the caller's scope answers like a missing one
    assert call(world, "role", "get", f"{value}?organization=R").status_code == 404
    assert call(world, "role", "get", f"{value}?organization=B1").status_code == 404
    assert _error(call(world, "role", "get", f"{value}?organization=A&colour=red"))["field"] == "colour"
    assert _error(call(world, "role", "get", f"{value}?organization=A&include_readmitted=maybe"))["field"] == "include_readmitted"
    backwards = _error(call(world, "role", "get", f"{value}?organization=A&start=2020-01-01&end=2019-01-01"))
    assert backwards["field"] == "start"


def test_list_queries_do_not_grow_with_rows(world: TargetsWorld, django_assert_max_num_queries: Any) -> None:
    a1 = world.orgs["A1"]
    for year in range(1990, 2015, 5):
        term = services.term_create(
            actor=None,
            organization=a1,
            label=f"{year}-{year + 5}",
            start_date=D(year, 1, 1),
            end_date=D(year + 5, 1, 1),
            covers=[a1],
        )
        services.congress_record(
            actor=None, term=term, ordinal=1 + (year - 1990) // 5, opened_on=D(year, 1, 2), closed_on=D(year, 1, 3)
        )
    resolution = world.targets["members"].resolution
    for i in range(10):
        services.target_create(
            actor=None, resolution=resolution, statement=f"Chỉ tiêu {i}", kind="count", goal=Decimal(i), covers=[a1]
        )
    # token, the caller's scope, count, page, covers
    with django_assert_max_num_queries(6):
        assert call(world, "role", "get", f"{API}/terms").json()["total"] == 7
    # token, scope, term, targets, covers, current measurements
    with django_assert_max_num_queries(6):
        assert len(call(world, "role", "get", f"{API}/terms/{world.term('now')}/targets").json()) == 13


def test_a_write_whose_result_the_caller_could_not_see_is_rolled_back(world: TargetsWorld, monkeypatch: Any) -> None:
    from apps.targets import selectors

    real = selectors.terms_visible
    calls = []

    def visible_once(user: Any, perm: str = "targets.view") -> Any:
        # the term is found before the write; afterwards it has (as if) left the caller's scope
        calls.append(perm)
        return real(user, perm) if len(calls) == 1 else real(user, perm).none()

    monkeypatch.setattr(selectors, "terms_visible", visible_once)
    before = state()
    body = {"symbol": "05-NQ/ĐU", "issued_on": "2021-03-01", "issuer": "Ban Chấp hành", "title": "Về công tác kiểm tra"}
    response = call(world, "role", "post", f"{API}/terms/{world.term('now')}/resolutions", body)
    assert response.status_code == 404 and len(calls) == 2
    assert state() == before and not Resolution.objects.filter(symbol="05-NQ/ĐU").exists()


def test_api_writes_are_audited_as_api_calls_of_the_token_user(world: TargetsWorld) -> None:
    body = {"on_date": "2022-12-31", "value": 91, "evidence": "Báo cáo năm 2022"}
    response = call(world, "role", "post", f"{API}/{world.target('study')}/measurements", body)
    assert response.status_code == 201 and response.json()["entered_by_label"] == "api_role"
    event = AuditEvent.objects.get(event_type="target.measured", target_id=str(world.target("study")), source="api")
    assert event.actor_label == "api_role" and str(event.request_id) == response["X-Request-ID"]

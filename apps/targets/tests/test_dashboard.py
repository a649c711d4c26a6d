"""The Standing Committee's dashboard: which term it shows, its figures, charts and the off-track box, the
drill-down into the organizations below (the same indicator over each child's subtree), and its query count."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import indicators
from apps.core.indicators import Question
from apps.core.testing import make_org, make_person
from apps.targets import report
from apps.targets.choices import Status
from apps.targets.results import evaluate
from apps.targets.tests.test_views import build_story, find, login, text_of

pytestmark = pytest.mark.django_db
D = dt.date
URL = reverse("targets:dashboard")


@pytest.fixture
def story() -> dict[str, Any]:
    return build_story()


def asked(target: Any, day: dt.date, index: int = 0) -> Question:
    """The question the target's indicator is asked for one of its periods on ``day``."""
    question = evaluate(target, day).questions[index]
    assert question is not None
    return question


def drill_rows(html: str) -> dict[int, str]:
    """Organization id -> the value shown in the drill-down table."""
    rows = re.findall(r'<tr data-org="(\d+)">.*?data-testid="drill-value">([^<]*)</a>', html, re.S)
    return {int(pk): value for pk, value in rows}


def test_dashboard_opens_on_the_users_highest_committee_with_a_term(story):
    response = login(story["leader"]).get(URL + "?ngay=1-3-2023")
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    assert "Đảng bộ Các cơ quan và Doanh nghiệp tỉnh" in text and "Nhiệm kỳ 2020-2025" in text
    data = report.build(story["term"], D(2023, 3, 1), with_previous=False)
    assert data.summary_line in text
    # every target, with its status colour, its result linked to its evidence, and a progress bar where it has one
    assert html.count('data-testid="target-card"') == len(data.rows) == 5
    for row in data.rows:
        assert f'class="badge status-{row.status}"' in html
        assert row.evidence_url.replace("&", "&amp;") in html
        card = find(rf'id="chi-tieu-{row.target_id}".*?</article>', html).group(0)
        if row.progress is not None and row.value is not None:
            assert f'max="100" value="{row.progress}"' in card
        else:
            assert "<progress" not in card, "no bar without a value"
    # both charts are drawn on the server
    assert 'data-testid="status-chart"' in html and 'data-testid="goal-chart"' in html
    assert "<script" not in html.split("</head>")[1], "no script in the page body (strict CSP)"


def test_off_track_box_lists_what_is_behind(story):
    day = D(2023, 3, 1)
    response = login(story["leader"]).get(URL + "?ngay=1-3-2023")
    box = find(r'data-testid="attention">(.*?)</section>', response.content.decode()).group(1)
    results = {t: evaluate(story[t], day) for t in ("admitted", "members", "meetings", "private", "milestone")}
    behind = {t for t, r in results.items() if r.status in (Status.OFF_TRACK, Status.NOT_ACHIEVED)}
    assert behind, "the story has targets behind schedule on 1-3-2023"
    for name in results:
        anchor = f'href="#chi-tieu-{story[name].pk}"'
        assert (anchor in box) == (name in behind), name
    # an in-progress target shows where its pace leads
    row = next(r for r in report.build(story["term"], day, with_previous=False).rows if r.target_id == story["admitted"].pk)
    assert results["admitted"].projected is not None and row.projected
    card = find(rf'id="chi-tieu-{story["admitted"].pk}".*?</article>', response.content.decode()).group(0)
    assert f"<dd>{row.projected}</dd>" in card


def test_status_chart_counts_match_the_summary(story):
    response = login(story["leader"]).get(URL + "?ngay=1-3-2023")
    html = response.content.decode()
    chart = find(r'data-testid="status-chart"[^>]*>(.*?)</ol>', html).group(1)
    counts = [int(n) for n in re.findall(r'chart-count">(\d+)<', chart)]
    widths = [float(w) for w in re.findall(r'<rect class="fill status-[a-z_]+" width="([0-9.]+)"', chart)]
    summary = report.build(story["term"], D(2023, 3, 1), with_previous=False).summary
    assert counts == [
        summary.exceeded,
        summary.achieved,
        summary.on_track,
        summary.off_track,
        summary.not_achieved,
        summary.no_data,
    ]
    assert widths == [round(100 * n / summary.total, 1) for n in counts], "each bar is its share of all targets"


def test_goal_chart_bars_are_the_result_as_a_share_of_the_goal(story):
    """The goal line sits at two thirds of each bar; a result at the goal reaches it, half the goal half-way."""
    html = login(story["leader"]).get(URL + "?ngay=1-3-2023").content.decode()
    chart = find(r'data-testid="goal-chart">(.*?)</ol>', html).group(1)
    widths = [float(w) for w in re.findall(r'<rect class="fill status-[a-z_]+" width="([0-9.]+)"', chart)]
    goal_x = float(find(r'class="goal-line" x1="([0-9.]+)"', chart).group(1))
    expected = []
    for name in ("admitted", "members", "meetings", "private", "milestone"):
        r = evaluate(story[name], D(2023, 3, 1))
        t = r.target
        share = 0.0 if r.value is None or t.goal is None else float(r.value / t.goal)
        expected.append(round(min(share, 100 / goal_x) * goal_x, 1))
    assert widths == expected
    assert widths[1] == goal_x, "9 members against a goal of 9 reach the goal line"


def test_a_finished_term_as_of_its_end(story):
    """The 2015-2020 term, chosen from the term list (its end is the day the next term began)."""
    term = story["old"]
    response = login(story["leader"]).get(URL + f"?to_chuc={story['merged'].pk}&nhiem_ky={term.pk}")
    assert response.status_code == 200
    text = text_of(response)
    data = report.build(term, term.last_day, with_previous=False)
    assert data.summary_line in text and data.summary_line.startswith("1/1 chỉ tiêu đạt và vượt")
    assert "Chỉ tiêu không đạt" in text, "a finished term's box names what was not achieved"


def test_the_dashboard_on_another_date_rolls_up_as_of_that_day(story):
    client = login(story["leader"])
    day = D(2021, 12, 31)
    response = client.get(URL + "?ngay=31-12-2021")
    expected = report.value_text(evaluate(story["admitted"], day))
    assert expected == "2 đảng viên"
    card = find(rf'id="chi-tieu-{story["admitted"].pk}".*?</article>', response.content.decode()).group(0)
    assert f'data-testid="result">{expected}</a>' in card


def test_drill_down_equals_the_indicator_over_each_child(story):
    target = story["admitted"]
    client = login(story["leader"])
    response = client.get(URL + f"?ngay=1-3-2023&chi_tieu={target.pk}")
    assert response.status_code == 200
    shown = drill_rows(response.content.decode())
    cells = story["cells"]
    assert set(shown) == {c.pk for c in cells.values()}, "the children of the committee on that day"
    result = evaluate(target, D(2023, 3, 1))
    question = asked(target, D(2023, 3, 1))
    for cell in cells.values():
        figure = indicators.compute(target.indicator, dataclasses.replace(question, organization_ids=(cell.pk,)))
        assert shown[cell.pk] == report.with_unit(figure.value, target), cell.code
    assert shown[cells["TC"].pk] == "2 đảng viên"
    assert result.value is not None
    assert sum(int(v.split()[0]) for v in shown.values()) == int(result.value)


def test_drill_down_before_the_merger_lists_the_committees_then(story):
    """On 1-1-2019 the committee did not exist yet: its term counted the two bloc committees it was formed from."""
    target = story["old"].resolutions.get().targets.get()
    response = login(story["leader"]).get(
        URL + f"?to_chuc={story['merged'].pk}&nhiem_ky={story['old'].pk}&ngay=1-1-2019&chi_tieu={target.pk}"
    )
    shown = drill_rows(response.content.decode())
    assert set(shown) == {story["kcq"].pk, story["kdn"].pk}
    question = asked(target, D(2019, 1, 1))
    for org in (story["kcq"], story["kdn"]):
        figure = indicators.compute(target.indicator, dataclasses.replace(question, organization_ids=(org.pk,)))
        assert shown[org.pk] == report.with_unit(figure.value, target)
    assert shown[story["kcq"].pk] == "1 đảng viên" and shown[story["kdn"].pk] == "1 đảng viên"


def test_walking_down_before_the_merger(story):
    """On 1-1-2019 the bloc committee of agencies, under the province then, shows its part of the term of the
    committee it later merged into, and its crumbs lead back to that committee."""
    old = story["old"]
    target = old.resolutions.get().targets.get()
    client = login(story["leader"])
    top = client.get(URL + f"?to_chuc={story['merged'].pk}&nhiem_ky={old.pk}&ngay=1-1-2019&chi_tieu={target.pk}")
    link = find(rf'<tr data-org="{story["kcq"].pk}">\s*<td[^>]*><a href="([^"]+)"', top.content.decode()).group(1)
    response = client.get(link.replace("&amp;", "&"))
    html = response.content.decode()
    assert "Chỉ tiêu Nghị quyết nhiệm kỳ 2015-2020 của Đảng bộ Các cơ quan và Doanh nghiệp tỉnh" in text_of(response)
    question = dataclasses.replace(asked(target, D(2019, 1, 1)), organization_ids=(story["kcq"].pk,))
    part = report.with_unit(indicators.compute(target.indicator, question).value, target)
    assert f'data-testid="part-value">{part}</a>' in html
    crumbs = find(r'<nav class="crumbs"[^>]*>(.*?)</nav>', html).group(1)
    assert f"to_chuc={story['merged'].pk}" in crumbs and "Đảng bộ tỉnh Sóc Trăng" not in crumbs
    # the drill-down goes on to the cells of the bloc committee on that day
    rows = drill_rows(client.get(link.replace("&amp;", "&")).content.decode())
    assert set(rows) == {story["cells"]["VP"].pk, story["cells"]["TC"].pk}


def test_drill_down_as_an_htmx_fragment(story):
    target = story["admitted"]
    client = login(story["leader"])
    response = client.get(URL + f"?ngay=1-3-2023&chi_tieu={target.pk}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="drill"' in html
    assert len(drill_rows(html)) == 3
    # a target entered by hand has no drill-down
    manual = client.get(URL + f"?ngay=1-3-2023&chi_tieu={story['private'].pk}", HTTP_HX_REQUEST="true")
    assert manual.status_code == 404


def test_walking_down_to_a_grassroots_organization(story):
    """A child's link opens its own dashboard: the term above, counted in its subtree, and its children in turn."""
    target = story["admitted"]
    client = login(story["leader"])
    top = client.get(URL + f"?ngay=1-3-2023&chi_tieu={target.pk}").content.decode()
    cell = story["cells"]["TC"]
    link = find(rf'<tr data-org="{cell.pk}">\s*<td[^>]*><a href="([^"]+)"', top).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    assert "Chi bộ Sở Tài chính" in text and "tính trong phạm vi tổ chức này" in text
    question = dataclasses.replace(asked(target, D(2023, 3, 1)), organization_ids=(cell.pk,))
    part = report.with_unit(indicators.compute(target.indicator, question).value, target)
    card = find(rf'id="chi-tieu-{target.pk}".*?</article>', html).group(0)
    assert f'data-testid="part-value">{part}</a>' in card
    assert "(50% của toàn đảng bộ)" in card, "2 of the committee's 4 admissions"
    # the breadcrumbs lead back up to the committee's dashboard
    assert f"to_chuc={story['merged'].pk}" in html
    # a cell has nothing below it: no drill-down to offer
    plain = client.get(URL + f"?to_chuc={cell.pk}&nhiem_ky={story['term'].pk}&ngay=1-3-2023").content.decode()
    assert 'data-testid="target-card"' in plain and 'data-testid="open-drill"' not in plain
    # and the part's figure leads to the records of that cell only
    evidence = find(r'href="([^"]+)" data-testid="part-value"', card).group(1).replace("&amp;", "&")
    rows = client.get(evidence)
    assert rows.status_code == 200 and f'<b data-testid="evidence-value">{part}</b>' in rows.content.decode()


def test_scoping_of_the_dashboard(story):
    # a cell secretary sees their cell only; the committee's term is not theirs
    secretary = login(story["secretary"])
    response = secretary.get(URL)
    assert response.status_code == 200
    assert "Chưa có nhiệm kỳ nào trong phạm vi của bạn" in text_of(response)
    assert secretary.get(URL + f"?to_chuc={story['merged'].pk}").status_code == 404
    assert secretary.get(URL + "?to_chuc=abc").status_code == 404
    # the stranger's committee is not reachable, nor are the drill-down's rows
    stranger = login(story["stranger"])
    assert stranger.get(URL + f"?to_chuc={story['cells']['TC'].pk}&nhiem_ky={story['term'].pk}").status_code == 404
    own = stranger.get(URL)
    assert "Đảng bộ tỉnh khác" in text_of(own)


def test_dashboard_query_count_is_bounded(story, django_assert_max_num_queries):
    client = login(story["leader"])
    url = URL + "?ngay=1-3-2023"
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    drill = URL + f"?ngay=1-3-2023&chi_tieu={story['admitted'].pk}"
    client.get(drill, HTTP_HX_REQUEST="true")
    with django_assert_max_num_queries(50):
        assert client.get(drill, HTTP_HX_REQUEST="true").status_code == 200


def test_dashboard_does_not_compute_the_drill_down_until_asked(story):
    """More organizations below cost the page nothing: only an opened target computes its children."""
    client = login(story["leader"])
    url = URL + "?ngay=1-3-2023"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(6):
        cell = make_org(f"EXTRA{i}", name=f"Chi bộ thêm {i}", parent=story["merged"], on_date=D(2020, 1, 1))
        make_person(
            cell, given_name=f"Thêm{i}", birth_date=D(1980, 1, 1 + i), admission_date=D(2021, 2, 1 + i), on_date=D(2021, 2, 1 + i)
        )
    client.get(url)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
    # the opened target's drill-down lists the new cells too
    rows = drill_rows(client.get(url + f"&chi_tieu={story['admitted'].pk}").content.decode())
    assert len(rows) == 3 + 6


def test_drill_down_sorted_by_value_either_way(story):
    target = story["admitted"]
    client = login(story["leader"])

    def values(order: str) -> list[int]:
        html = client.get(URL + f"?ngay=1-3-2023&chi_tieu={target.pk}&sap_xep={order}", HTTP_HX_REQUEST="true").content
        return [int(v.split()[0]) for v in drill_rows(html.decode()).values()]

    by_name = values("")
    assert values("cao") == sorted(by_name, reverse=True)
    assert values("thap") == sorted(by_name)
    assert len(set(by_name)) > 1, "the story's cells differ, so the order shows"
    html = client.get(URL + f"?ngay=1-3-2023&chi_tieu={target.pk}&sap_xep=cao").content.decode()
    current = find(r'<nav class="periods drill-order".*?</nav>', html).group(0)
    assert 'aria-current="true">Cao trước<' in current

"""The demo tells the article's story, through the services, with consistent derived rows and working logins.

The demo is built once for the module (about a minute) inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from apps.core.demo.logins import USERS
from apps.core.demo.story import Story
from apps.core.demo.story_base import Summary
from apps.core.models import AuditEvent
from apps.core.scoping import can
from apps.members import counts
from apps.members import selectors as member_selectors
from apps.members.choices import EndReason, PostKind, StartReason
from apps.members.models import Membership, Person, PostHolding
from apps.members.validation import check_citizen_id
from apps.organizations import selectors, tree
from apps.organizations.choices import Sector
from apps.organizations.models import Organization, Reorganization, TreePath

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[Summary]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        summary = Story().build()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def admin(demo: Summary) -> object:
    return get_user_model().objects.get(username="quantri")


def names(nodes: list[selectors.TreeNode]) -> list[str]:
    return [n.name for n in nodes]


def brute(org_id: int, on_date: dt.date) -> int:
    inside = TreePath.objects.filter(ancestor_id=org_id, valid_from__lte=on_date).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on_date)
    )
    return (
        Membership.objects.filter(organization_id__in=inside.values("descendant_id"), valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
        .count()
    )


def test_the_tree_on_the_three_dates(admin: object) -> None:
    before = selectors.tree_as_of(admin, D(2019, 1, 1))
    assert names(before) == ["Đảng bộ tỉnh Sóc Trăng"]
    assert names(before[0].children) == ["Đảng bộ Khối Các cơ quan tỉnh", "Đảng bộ Khối Doanh nghiệp tỉnh"]
    merged = selectors.tree_as_of(admin, D(2021, 1, 1))
    assert names(merged) == ["Đảng bộ tỉnh Sóc Trăng"]
    assert names(merged[0].children) == ["Đảng bộ Các cơ quan và Doanh nghiệp tỉnh Sóc Trăng"]
    today = selectors.tree_as_of(admin, dt.date.today())
    assert names(today) == ["Đảng bộ thành phố Cần Thơ"]
    assert names(today[0].children) == ["Đảng bộ các cơ quan Đảng tỉnh", "Đảng bộ Ủy ban nhân dân tỉnh"]
    # every grassroots organization of 2021 is under one of today's successors
    kept = {n.code for n in selectors.flatten(today)}
    ended = {n.code for n in selectors.flatten(merged)} - kept
    assert ended <= set(Organization.objects.filter(ended_on__isnull=False).values_list("code", flat=True))


def test_counts_on_the_tree_match_the_memberships(admin: object) -> None:
    for on_date in (D(2019, 1, 1), D(2019, 6, 27), D(2021, 1, 1), D(2025, 2, 1), dt.date.today()):
        nodes = selectors.flatten(selectors.tree_as_of(admin, on_date))
        assert nodes
        for node in nodes:
            assert node.members == brute(node.id, on_date), (node.code, on_date)
    # the merger moved the cells and their members with them: the day before, the province's count is the sum of
    # the two blocs'; on the day, it is the merged committee's
    code = {o.code: o.id for o in Organization.objects.filter(code__in=["TU-ST", "KCQ-ST", "KDN-ST", "CCQDN-ST"])}
    eve, day = D(2019, 6, 26), D(2019, 6, 27)
    assert counts.subtree_count(code["TU-ST"], eve) == counts.subtree_count(code["KCQ-ST"], eve) + counts.subtree_count(
        code["KDN-ST"], eve
    )
    assert counts.subtree_count(code["TU-ST"], day) == counts.subtree_count(code["CCQDN-ST"], day) > 0
    assert counts.subtree_count(code["KCQ-ST"], day) == counts.subtree_count(code["KDN-ST"], day) == 0


def test_derived_tables_are_consistent(demo: Summary) -> None:
    assert tree.verify() == []
    assert counts.verify() == []
    assert counts.checkpoint_dates()  # the demo reads counts from yearly checkpoints


def test_the_article_facts(demo: Summary) -> None:
    merger = Reorganization.objects.get(decision_symbol="1628-QĐ/TU")
    assert merger.effective_on == D(2019, 6, 27) == merger.decision_date
    assert merger.decision_issuer == "Ban Thường vụ Tỉnh ủy Sóc Trăng"
    merged = Organization.objects.get(code="CCQDN-ST")
    assert {link.organization.code for link in merger.links.filter(role="ended")} == {"KCQ-ST", "KDN-ST"}
    assert set(merger.links.filter(role="ended").values_list("successor", flat=True)) == {merged.id}
    # two Party organizations set up in private enterprises during the 2015-2020 term (Directive 33-CT/TW)
    private = Organization.objects.filter(
        sector=Sector.PRIVATE_ENTERPRISE, founded_on__gte=D(2019, 3, 18), founded_on__lte=D(2020, 7, 29)
    )
    assert private.count() == 2
    assert all(selectors.parent_on(org, D(2020, 7, 29)) == merged for org in private)
    founding = [link.reorganization for org in private for link in org.reorganization_links.filter(role="founded")]
    assert sorted(r.decision_symbol for r in founding) == ["118-QĐ/ĐU", "162-QĐ/ĐU"]
    # the Secretary the article names, for the 2020-2025 term
    secretary = PostHolding.objects.get(organization=merged, post=PostKind.SECRETARY, term_label="2020-2025")
    assert secretary.person.full_name == "Lý Bình Cang"
    assert secretary.valid_from == D(2020, 7, 31) and secretary.valid_to == D(2025, 2, 1)
    # the committee ended in 2025 and the province merged into Cần Thơ on 1-7-2025
    assert merged.ended_on == D(2025, 2, 1)
    assert Organization.objects.get(code="TU-ST").ended_on == D(2025, 7, 1)
    assert selectors.lineage(merged)["successors"]


def test_the_private_enterprise_foundings_cite_directive_33_on_their_history(demo: Summary) -> None:
    private = Organization.objects.filter(
        sector=Sector.PRIVATE_ENTERPRISE, founded_on__gte=D(2019, 3, 18), founded_on__lte=D(2020, 7, 29)
    )
    assert private.count() == 2
    for org in private:
        founded = [h.reorganization.title for h in selectors.history(org) if h.role == "founded"]
        assert len(founded) == 1 and "Chỉ thị 33-CT/TW ngày 18-3-2019" in founded[0], (org.code, founded)


def test_members_are_plausible_and_recorded_through_services(demo: Summary) -> None:
    people = Person.objects.all()
    assert 2500 <= demo.members == people.count() <= 3500
    assert AuditEvent.objects.filter(event_type="member.created").count() == people.count()
    for p in people.exclude(citizen_id=""):
        assert check_citizen_id(p.citizen_id, p.birth_date, p.gender) is None, p
    assert people.filter(citizen_id__startswith="094").count() > people.count() * 0.7
    khmer = people.filter(ethnicity="Khmer")
    assert khmer.count() > 100
    assert khmer.filter(religion="Phật giáo Nam tông Khmer").count() > khmer.count() * 0.8
    assert khmer.filter(middle_name="", given_name__contains=" ").exists()  # two-syllable given names
    family = dict(people.filter(ethnicity="Kinh").values_list("family_name").annotate(n=Count("id")).order_by("-n")[:1])
    assert list(family) == ["Nguyễn"]
    reasons = set(Membership.objects.exclude(end_reason="").values_list("end_reason", flat=True))
    assert {EndReason.TRANSFERRED, EndReason.TRANSFERRED_OUT, EndReason.DECEASED, EndReason.REORGANIZED} <= reasons
    assert Membership.objects.filter(start_reason=StartReason.TEMPORARY).exists()
    assert member_selectors.contradictory_dates(get_user_model().objects.get(username="quantri")) == []


def test_deliberate_data_quality_problems(admin: object) -> None:
    groups = member_selectors.duplicate_groups(admin)
    keys = {g["key"].split(" · ")[0] for g in groups}
    assert keys == {"tran thi hong nhung", "thach so phal"}
    missing = {p.full_name for p in member_selectors.missing_fields(admin) if not p.citizen_id}
    assert {"Lê Văn Hậu", "Tran Thi Hong Nhung"} <= missing


def test_logins_and_what_each_user_sees(demo: Summary, settings: Any) -> None:
    # the demo hashed its passwords before the tests' fast hasher was set
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for u in USERS:
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": u.username, "password": u.password})
        assert response.status_code == 302, u.username
        assert client.get(reverse("organizations:tree")).status_code == 200
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[d.username for d in USERS])}
    party_cell = Organization.objects.get(code="CB-BTCTU")
    justice = Organization.objects.get(code="CB-STP")
    merged = Organization.objects.get(code="CCQDN-ST")
    assert selectors.organizations_visible(users["vanphong"]).filter(pk=merged.pk).exists()  # the history it inherited
    assert can(users["vanphong"], "organizations.change", party_cell.id)
    assert not can(users["bantochuc"], "organizations.change", party_cell.id)
    assert can(users["bantochuc"], "members.change", justice.id)
    assert selectors.organizations_visible(users["lanhdao"]).count() == Organization.objects.count()
    assert not can(users["lanhdao"], "organizations.change", justice.id)
    own = Person.objects.get(user=users["dangvien"])
    assert list(member_selectors.people_visible(users["dangvien"])) == [own]
    secretary = Person.objects.get(user=users["bithu"])
    assert PostHolding.objects.filter(
        person=secretary, organization=justice, post=PostKind.SECRETARY, valid_to__isnull=True
    ).exists()
    assert set(member_selectors.people_visible(users["bithu"]).values_list("organization_id", flat=True)) == {justice.id}


def test_commands(demo: Summary) -> None:
    out = io.StringIO()
    call_command("demo_data", "--if-empty", stdout=out)
    assert "không nạp" in out.getvalue()
    assert Person.objects.count() == demo.members
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for u in USERS:
        assert f"{u.username}" in text and u.password in text


# ---------------------------------------------------------------- the term report tells the article's "9/10"


def _report(organization_code: str, label: str, as_of: dt.date | None = None) -> Any:
    from apps.targets import report
    from apps.targets.models import Term

    term = Term.objects.get(organization__code=organization_code, label=label)
    return report.build(term, as_of)


def _private_target(rep: Any) -> Any:
    return next(r for r in rep.rows if "doanh nghiệp ngoài khu vực nhà nước" in r.statement)


def test_the_2015_2020_report_reads_nine_of_ten(admin: object) -> None:
    from apps.core import indicators
    from apps.targets.models import Target

    rep = _report("CCQDN-ST", "2015-2020")
    assert rep.finished
    assert rep.summary.total == 10 and rep.summary.met == 9
    assert rep.summary_line.startswith("9/10 chỉ tiêu đạt và vượt")
    private = _private_target(rep)
    assert private.status == "not_achieved" and private.value == 2
    assert [r.number for r in rep.rows if not r.met] == [private.number]
    # the figure is the two cells founded in private enterprises, down to their rows
    result = next(r for r in rep.results if r.target.pk == private.target_id)
    question = result.questions[0]
    evidence = indicators.get("organizations.founded").evidence(question, admin)
    codes = sorted(o.code for o in evidence.queryset)
    assert codes == ["CB-DNTN-PLA", "CB-DNTN-TMX"]
    # computed targets carry no value typed by hand
    computed = Target.objects.filter(resolution__term=rep.term).exclude(indicator="")
    assert computed.count() >= 6 and not computed.filter(measurements__isnull=False).exists()


def test_the_report_follows_the_records(admin: object) -> None:
    """A third organization in a private enterprise makes it 10/10; a founding recorded by mistake as private
    (corrected to a state enterprise) takes one away again."""
    from apps.organizations import services as org_services

    # the committee has ended since; a founding of 2020 is recorded under a grassroots committee that was in it
    # then and still exists
    day = D(2020, 6, 15)
    inside = TreePath.objects.filter(ancestor__code="CCQDN-ST", depth__gte=1, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    parent = (
        Organization.objects.filter(pk__in=inside.values("descendant_id"), ended_on__isnull=True, kind="grassroots_committee")
        .order_by("code")
        .first()
    )
    assert parent is not None
    with transaction.atomic():
        org_services.organization_found(
            actor=admin,
            code="CB-DNTN-TEST",
            name="Chi bộ Công ty TNHH Thử nghiệm",
            kind="attached_cell",
            parent=parent,
            on_date=day,
            sector=Sector.PRIVATE_ENTERPRISE,
        )
        rep = _report("CCQDN-ST", "2015-2020")
        assert rep.summary_line.startswith("10/10 chỉ tiêu đạt và vượt")
        assert _private_target(rep).value == 3
        transaction.set_rollback(True)
    cell = Organization.objects.get(code="CB-DNTN-TMX")
    with transaction.atomic():
        org_services.organization_update(
            actor=admin, organization=cell, expected_version=cell.version, data={"sector": Sector.STATE_ENTERPRISE}
        )
        rep = _report("CCQDN-ST", "2015-2020")
        assert _private_target(rep).value == 1
        assert rep.summary.met == 9 and _private_target(rep).status == "not_achieved"
        transaction.set_rollback(True)
    # a date inside the term sees the term in progress: one cell founded by then, the pace decides
    rep = _report("CCQDN-ST", "2015-2020", D(2019, 12, 31))
    assert not rep.finished and _private_target(rep).value == 1
    assert rep.summary_line.startswith("Tính đến ngày 31/12/2019")


def test_the_later_terms(admin: object) -> None:
    rep = _report("CCQDN-ST", "2020-2025")
    assert rep.finished and rep.previous is not None and rep.previous.term.label == "2015-2020"
    assert any(r.previous for r in rep.rows)  # the same indicator in both terms is compared
    today = _report("DBCQD-ST", "2025-2030", dt.date.today())
    assert not today.finished and today.summary_line.startswith("Tính đến ngày")
    statuses = {r.status for r in today.rows}
    assert statuses & {"on_track", "off_track"}


# ---------------------------------------------------------------- ratings


def test_ratings_a_decision_with_too_many_excellent_members_is_refused_naming_the_rule(admin: object) -> None:
    from apps.ratings.choices import GOOD_OR_ABOVE, Level
    from apps.ratings.models import MemberReview, ReviewPeriod

    period = ReviewPeriod.objects.get(organization__code="DBUBND-ST", year=2025)
    cell = Organization.objects.get(code="CB-STP")
    reviews = list(MemberReview.objects.filter(period=period, organization=cell).select_related("person"))
    assert len(reviews) >= 10 and all(r.decided_level and r.proposed_level and r.self_level for r in reviews)
    good = [r for r in reviews if r.decided_level in GOOD_OR_ABOVE]
    excellent = [r for r in reviews if r.decided_level == Level.EXCELLENT]
    assert 0 < len(excellent) * 100 <= 20 * len(good)  # the demo keeps the cap
    # the member and the Secretary see their reviews: dangvien's own history, bithu's cell on the period page
    own = Person.objects.get(user__username="dangvien")
    assert MemberReview.objects.filter(person=own, self_by__username="dangvien").count() == 2
    in_cell = MemberReview.objects.filter(organization=cell)
    assert in_cell.filter(period__year=2024).exists()
    assert in_cell.filter(proposed_by__username="bithu").count() == in_cell.count()
    # the committee decides again with one excellent member too many: refused as a whole, the rule named on the page
    wanted = len(good) // 5 + 1
    chosen = {r.person_id: (Level.EXCELLENT if i < wanted else Level.GOOD) for i, r in enumerate(good)}
    client = Client()
    client.force_login(admin)  # type: ignore[arg-type]
    data = {f"level_{pid}": level for pid, level in chosen.items()} | {"ngay": "20-1-2026", "so_quyet_dinh": "99-QĐ/ĐU"}
    response = client.post(reverse("ratings:decide", args=[period.pk, cell.pk]), data)
    assert response.status_code == 422
    page = response.content.decode()
    expected = (
        f"Quy định 366-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ ({wanted}) vượt 20% số Hoàn thành tốt nhiệm vụ "
        f"trở lên ({len(good)}) của Chi bộ Sở Tư pháp"
    )
    assert 'data-testid="refusal"' in page and expected in page
    assert sorted(
        MemberReview.objects.filter(period=period, organization=cell).values_list("decided_level", flat=True)
    ) == sorted(r.decided_level for r in reviews)
    # within the cap it goes through
    chosen = {pid: (Level.EXCELLENT if i < wanted - 1 else Level.GOOD) for i, pid in enumerate(chosen)}
    data = {f"level_{pid}": level for pid, level in chosen.items()} | {"ngay": "20-1-2026", "so_quyet_dinh": "99-QĐ/ĐU"}
    with transaction.atomic():
        response = client.post(reverse("ratings:decide", args=[period.pk, cell.pk]), data)
        assert response.status_code == 302
        assert MemberReview.objects.filter(period=period, organization=cell, decision_symbol="99-QĐ/ĐU").count() == len(good)
        transaction.set_rollback(True)


def test_ratings_the_2015_2020_target_6_is_computed_from_organization_reviews_and_met_every_year(admin: object) -> None:
    from apps.core import indicators
    from apps.targets.models import Target

    rep = _report("CCQDN-ST", "2015-2020")
    row = next(r for r in rep.rows if r.number == 6)
    target = Target.objects.get(pk=row.target_id)
    assert target.indicator == "ratings.organization_share" and not target.measurements.exists()
    result = next(r for r in rep.results if r.target.pk == row.target_id)
    assert result.source == "indicator"
    values = [reading.value for reading in result.readings]
    assert [reading.label for reading in result.readings] == ["2015", "2016", "2017", "2018", "2019"]
    assert all(v is not None and v >= 80 for v in values), values
    assert values == sorted(values) and values[0] < 84 and values[-1] > 89  # about 82.4 rising to 90.2
    assert row.met and all(s in ("achieved", "exceeded") for s in result.statuses)
    assert rep.summary.met == 9
    # each year's figure is the decided reviews behind it, down to their rows
    question = result.questions[0]
    assert question is not None
    figure = indicators.compute("ratings.organization_share", question)
    evidence = indicators.get("ratings.organization_share").evidence(question, admin)
    assert figure.denominator is not None and evidence.queryset.count() == figure.denominator > 40
    assert sum(1 for r in evidence.queryset if r.decided_level in ("excellent", "good")) == figure.numerator


# ---------------------------------------------------------------- study


def _study_row(rep: Any) -> Any:
    return next(r for r in rep.rows if "học tập, quán triệt" in r.statement)


def _study_brute(term: Any) -> tuple[int, int]:
    """Studied and expected members over the term's campaigns, from the attendance rows and memberships."""
    from apps.study.models import Campaign, SessionAttendance

    studied = expected = 0
    for campaign in Campaign.objects.filter(end_date__gte=term.start_date, end_date__lte=term.last_day):
        day = campaign.end_date
        inside = TreePath.objects.filter(ancestor_id=campaign.organization_id, valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )
        people = set(
            Membership.objects.filter(organization_id__in=inside.values("descendant_id"), valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .values_list("person_id", flat=True)
        )
        present = set(
            SessionAttendance.objects.filter(session__campaign=campaign, session__held_on__lte=day, present=True).values_list(
                "person_id", flat=True
            )
        )
        expected += len(people)
        studied += len(people & present)
    return studied, expected


def test_the_2015_2020_study_target_is_computed_from_attendance(admin: object) -> None:
    from apps.core import indicators
    from apps.study import credits
    from apps.study.models import Campaign, Session

    rep = _report("CCQDN-ST", "2015-2020")
    row = _study_row(rep)
    result = next(r for r in rep.results if r.target.pk == row.target_id)
    assert result.source == "indicator" and result.target.indicator == "study.participation"
    assert not result.target.measurements.exists()
    assert 99 < row.value < 100 and row.status in ("achieved", "exceeded")
    assert rep.summary_line.startswith("9/10 chỉ tiêu đạt và vượt")
    question = result.questions[0]
    assert question is not None
    figure = indicators.compute("study.participation", question)
    assert (figure.numerator, figure.denominator) == _study_brute(rep.term)
    assert figure.value == row.value
    # campaigns of both bloc committees before the merger and of the merged committee after it, with make-ups
    covered = set(Campaign.objects.filter(end_date__lte=D(2020, 7, 28)).values_list("organization__code", flat=True))
    assert covered == {"KCQ-ST", "KDN-ST", "CCQDN-ST"}
    assert Session.objects.filter(makeup_for__isnull=False, held_on__lte=D(2020, 7, 28)).exists()
    assert credits.verify() == []
    # the 2020-2025 term reads the same indicator year by year
    later = next(r for r in _report("CCQDN-ST", "2020-2025").results if r.target.indicator == "study.participation")
    assert [reading.label for reading in later.readings] == ["2020", "2021", "2022", "2023", "2024"]
    assert all(reading.value is not None and reading.value > 98 for reading in later.readings)


def test_two_percent_absent_without_makeup_flips_the_study_target(admin: object) -> None:
    from apps.study import services as study
    from apps.study.models import Campaign, SessionAttendance

    rep = _report("CCQDN-ST", "2015-2020")
    term = rep.term
    members = counts.subtree_count(term.organization_id, term.last_day)
    wanted = -(-members * 2 // 100)  # 2%, rounded up
    # members of the merged committee on the end of Directive 33-CT/TW's campaign who studied at their regular
    # session only (no make-up to fall back on)
    campaign = Campaign.objects.get(document_symbol="33-CT/TW", organization__code="CCQDN-ST")
    day = campaign.end_date
    inside = TreePath.objects.filter(ancestor_id=campaign.organization_id, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    current = Membership.objects.filter(organization_id__in=inside.values("descendant_id"), valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    once = (
        SessionAttendance.objects.filter(session__campaign=campaign, present=True)
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n=1)
        .values("person_id")
    )
    rows = list(
        SessionAttendance.objects.filter(
            session__campaign=campaign,
            session__makeup_for__isnull=True,
            present=True,
            person_id__in=once,
        )
        .filter(person_id__in=current.values("person_id"))
        .order_by("person_id")[:wanted]
    )
    assert len(rows) == wanted > 30
    studied, expected = _study_brute(term)
    with transaction.atomic():
        for row in rows:
            study.attendance_correct(actor=admin, attendance=row, present=False, absence_reason="Vắng, không học bù")
        flipped = _report("CCQDN-ST", "2015-2020")
        row_after = _study_row(flipped)
        assert row_after.value < 99 and row_after.status == "not_achieved"
        assert _study_brute(term) == (studied - wanted, expected)
        assert flipped.summary.met == 8 and flipped.summary_line.startswith("8/10 chỉ tiêu đạt và vượt")
        assert AuditEvent.objects.filter(event_type="study.attendance_corrected").count() == wanted
        transaction.set_rollback(True)
    assert _report("CCQDN-ST", "2015-2020").summary_line.startswith("9/10")


def test_searching_quyet_dinh_1628_finds_the_decision_the_articles_and_the_events_that_cite_it(admin: object) -> None:
    from apps.search.services import search

    _query, groups = search(admin, "quyet dinh 1628")
    found = {g.source.key: g.hits for g in groups}
    assert [h.url for h in found["documents"]] == [f"/van-ban/{_document('1628-QĐ/TU').pk}/"]
    kinds = {str(h.meta) for h in found["cited"]}
    assert "Bài viết trên trang tin" in kinds  # the congress article
    assert "Sắp xếp tổ chức" in kinds  # the merger of 2019 cites it
    # a visitor, not signed in, finds the published articles only
    _query, public = search(None, "quyet dinh 1628")
    assert {g.source.key for g in public} <= {"articles"}
    page = Client().get("/tim-kiem/", {"q": "dai hoi dang bo"}).content.decode()
    first = page.index('data-kind="articles"')
    # the article whose title holds every word comes first, its words marked whatever their diacritics
    assert page.index("Khai mạc <mark>Đại</mark> <mark>hội</mark>", first) < page.index("Phát huy vai trò nêu gương", first)


def _document(symbol: str) -> Any:
    from apps.documents.models import Document

    return Document.objects.get(symbol=symbol)

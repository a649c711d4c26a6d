import datetime as dt

import pytest

from apps.accounts.choices import Role
from apps.core.errors import DomainError, NotVisibleError, StaleObjectError
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import counts, selectors, services
from apps.members.choices import EndReason, MembershipKind, MemberStatus
from apps.members.models import Membership
from apps.organizations.choices import OrganizationKind

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def two_cells():
    root = make_org("ROOT", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("CA", parent=root, name="Chi bộ Văn phòng", on_date=D(2000, 1, 1))
    b = make_org("CB", parent=root, name="Chi bộ Tài chính", on_date=D(2000, 1, 1))
    return root, a, b


def test_transfer_closes_one_interval_and_opens_the_next(two_cells):
    root, a, b = two_cells
    p = make_person(a, on_date=D(2012, 3, 1))
    services.member_transfer(actor=None, person=p, to_organization=b, on_date=D(2020, 5, 1), decision_symbol="12-QĐ/ĐU")
    rows = list(Membership.objects.filter(person=p).order_by("valid_from"))
    assert [(m.organization.code, m.valid_from, m.valid_to, m.end_reason) for m in rows] == [
        ("CA", D(2012, 3, 1), D(2020, 5, 1), EndReason.TRANSFERRED),
        ("CB", D(2020, 5, 1), None, ""),
    ]
    p.refresh_from_db()
    assert p.organization == b
    assert counts.subtree_count(a.id, D(2020, 4, 30)) == 1
    assert counts.subtree_count(a.id, D(2020, 5, 1)) == 0
    assert counts.subtree_count(b.id, D(2020, 5, 1)) == 1
    assert counts.subtree_count(root.id, D(2020, 5, 1)) == 1
    assert counts.verify() == []
    # both organizations keep a trace in their audit log
    orgs = set(
        AuditEvent.objects.filter(event_type="member.transferred", target_id=str(p.pk)).values_list("organization_id", flat=True)
    )
    assert orgs == {a.id, b.id}


def test_temporary_transfer_and_return_keep_the_home_organization(two_cells):
    _root, a, b = two_cells
    p = make_person(a)
    temp = services.member_transfer(actor=None, person=p, to_organization=b, on_date=D(2021, 1, 1), kind=MembershipKind.TEMPORARY)
    assert temp.home_organization == a
    p.refresh_from_db()
    assert p.organization == a  # the record stays home
    home_sec = make_user(role=Role.CELL_SECRETARY, organization=a)
    host_sec = make_user(role=Role.CELL_SECRETARY, organization=b)
    assert list(selectors.people_visible(home_sec)) == [p]
    assert list(selectors.people_visible(host_sec)) == [p]  # the host sees the member while hosting
    back = services.member_transfer(actor=None, person=p, to_organization=a, on_date=D(2021, 7, 1))
    assert back.start_reason == "returned"
    assert list(selectors.people_visible(host_sec)) == []  # hosting ended


def test_ending_a_record_keeps_it_with_its_reason(two_cells):
    _root, a, _b = two_cells
    p = make_person(a, full_member_date=D(2013, 3, 1))
    assert p.status_on(D(2020, 1, 1)) == MemberStatus.FULL
    services.member_end(actor=None, person=p, on_date=D(2022, 2, 2), reason=EndReason.DECEASED)
    last = Membership.objects.filter(person=p).latest("valid_from")
    assert p.status_on(D(2023, 1, 1), last=last) == MemberStatus.LEFT
    assert counts.subtree_count(a.id, D(2022, 2, 2)) == 0
    with pytest.raises(DomainError):
        services.member_end(actor=None, person=p, on_date=D(2022, 3, 1), reason=EndReason.DECEASED)


def test_impossible_facts_are_refused_naming_the_field(two_cells):
    _root, a, _b = two_cells
    with pytest.raises(DomainError) as err:
        make_person(a, birth_date=D(2000, 6, 1), admission_date=D(2018, 5, 1))
    assert err.value.field == "admission_date"
    with pytest.raises(DomainError) as err:
        make_person(a, admission_date=D(2015, 1, 1), full_member_date=D(2015, 10, 1))
    assert err.value.field == "full_member_date"
    with pytest.raises(DomainError) as err:
        make_person(a, citizen_id="094080000001", birth_date=D(1980, 5, 17), gender="F")
    assert err.value.field == "citizen_id"


def test_stale_update_is_refused_and_changes_nothing(two_cells):
    _root, a, _b = two_cells
    p = make_person(a)
    opened = p.version
    services.member_update(actor=None, person=p, expected_version=opened, data={"hometown": "Sóc Trăng"})
    with pytest.raises(StaleObjectError):
        services.member_update(actor=None, person=p, expected_version=opened, data={"hometown": "Cần Thơ"})
    p.refresh_from_db()
    assert p.hometown == "Sóc Trăng"


def test_cell_secretary_cannot_see_or_change_another_cell(two_cells):
    _root, a, b = two_cells
    mine = make_person(a, given_name="Mai")
    theirs = make_person(b, given_name="Lan")
    sec = make_user(role=Role.CELL_SECRETARY, organization=a)
    assert list(selectors.people_visible(sec)) == [mine]
    assert [p.given_name for p in selectors.search_people(sec, "lan")] == []
    with pytest.raises(NotVisibleError):
        services.member_update(actor=sec, person=theirs, expected_version=theirs.version, data={"hometown": "X"})
    with pytest.raises(NotVisibleError):
        services.member_transfer(actor=sec, person=mine, to_organization=b, on_date=D(2022, 1, 1))


def test_member_sees_only_their_own_record(two_cells):
    _root, a, _b = two_cells
    me = make_person(a, given_name="Tâm")
    make_person(a, given_name="Hòa")
    user = make_user(role=Role.MEMBER, organization=a)
    me.user = user
    from apps.core import audit

    with audit.service_scope():
        me.save(update_fields=["user"])
    assert list(selectors.people_visible(user)) == [me]


def test_search_ignores_diacritics_and_ranks_exact_first(two_cells):
    _root, a, _b = two_cells
    make_person(a, family_name="Lý", middle_name="Bình", given_name="Căng")
    exact = make_person(a, family_name="Lý", middle_name="Bình", given_name="Cang")
    make_person(a, family_name="Lê", middle_name="Bình", given_name="Cảnh")
    admin = make_user(superuser=True)
    found = selectors.search_people(admin, "ly binh cang")
    assert {p.full_name for p in found} == {"Lý Bình Căng", "Lý Bình Cang"}
    assert selectors.search_people(admin, "Lý Bình Cang")[0] == exact
    assert [p.full_name for p in selectors.search_people(admin, "dang")] == []


def test_readmission_waits_the_months_the_rule_requires(two_cells):
    _root, a, _b = two_cells
    p = make_person(a)
    services.member_end(actor=None, person=p, on_date=D(2022, 1, 10), reason=EndReason.RESIGNED)
    with pytest.raises(DomainError) as err:
        services.member_readmit(actor=None, person=p, organization=a, on_date=D(2024, 6, 1), reason="readmitted")
    assert err.value.code == "readmission_too_early" and "232-QĐ/TW" in err.value.message
    services.member_readmit(actor=None, person=p, organization=a, on_date=D(2025, 1, 10), reason="readmitted")
    assert counts.subtree_count(a.id, D(2025, 1, 10)) == 1

"""Reads of the study app, scoped to the user, and the participation figures.

Participation of a campaign as of a date
----------------------------------------
The *reference date* of a campaign asked on D is the campaign's end date, or D when that comes first
(:func:`reference_date`). On it:

* **expected**: the members of the covered organization's subtree (as the tree stood that day) whose membership is
  open that day, read from the member-count rollup (``apps.members.counts``): members admitted or transferred in
  during the campaign count, those who left before the date do not;
* **studied**: those of them who were present at a session of the campaign (regular or make-up) held on or before
  that date, from the derived ``StudyCredit`` rows (the first session date per member, ``credits.py``) joined to
  the memberships open on the reference date.

Each member is counted where they are a member on the reference date, not where they studied: a member who
studied in one cell and then moved to another counts, as studied, in the second; one who moved out of the
subtree counts in neither figure; one who came in from outside without a session of this campaign counts as
expected and not studied until a make-up session. Nothing derived records where a member is, so transfers and
reorganizations need no update here; a corrected attendance rewrites the member's credit in the same
transaction. The read is bounded by the campaign's credits (index ``study_credit_date_idx``) and the members'
memberships (``membership_person_idx``), never by the history of attendance: see bench/bench_study.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apps.core.errors import DomainError
from apps.core.indicators import Figure
from apps.core.scoping import can, get_visible_or_404, organization_ids_for
from apps.members import counts
from apps.members.models import Membership, Person
from apps.organizations.models import Organization, ParentLink, ScopePath, TreePath
from apps.organizations.selectors import names_on
from apps.study.models import Campaign, Reporter, Session, SessionAttendance, StudyCredit

PERM_VIEW = "study.view"
PERM_CHANGE = "study.change"


def _valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


# ---------------------------------------------------------------- campaigns, sessions, reporters


def campaigns_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user, perm).select_related("organization")


def campaign_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Campaign:
    return get_visible_or_404(campaigns_visible(user, perm), user, perm, pk=pk)


def _session_shape(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("campaign", "organization", "reporter", "reporter__person", "makeup_for").annotate(
        n_present=Count("attendance", filter=Q(attendance__present=True)),
        n_absent=Count("attendance", filter=Q(attendance__present=False)),
    )


def sessions_of(user: Any, campaign: Campaign, perm: str = PERM_VIEW) -> QuerySet[Session]:
    return _session_shape(Session.objects.visible_to(user, perm).filter(campaign=campaign)).order_by(
        "held_on", "organization__sort_key", "id"
    )


def sessions_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Session]:
    return _session_shape(Session.objects.visible_to(user, perm))


def session_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Session:
    qs = Session.objects.select_related("campaign", "campaign__organization", "organization", "reporter__person", "makeup_for")
    return get_visible_or_404(qs, user, perm, pk=pk)


def attendance_of(session: Session) -> QuerySet[SessionAttendance]:
    return SessionAttendance.objects.filter(session=session).select_related("person").order_by("person__sort_key", "person_id")


@dataclass
class SheetLine:
    person: Person
    mark: SessionAttendance | None

    @property
    def state(self) -> str:
        if self.mark is None:
            return "unmarked"
        return "present" if self.mark.present else "absent"


def sheet(session: Session) -> list[SheetLine]:
    """The attendance sheet: the members of the holding organization's subtree on the day, with their marks (and
    anyone marked who has left since). A make-up session lists first those who missed the session it makes up."""
    subtree = (
        TreePath.objects.filter(ancestor_id=session.organization_id).filter(_valid_on(session.held_on)).values("descendant_id")
    )
    on_day = Membership.objects.open_on(session.held_on).filter(organization_id__in=subtree).values("person_id")  # type: ignore[attr-defined]
    marks = {a.person_id: a for a in SessionAttendance.objects.filter(session=session)}
    people = Person.objects.filter(Q(pk__in=on_day) | Q(pk__in=list(marks))).order_by("sort_key", "id")
    lines = [SheetLine(p, marks.get(p.pk)) for p in people]
    if session.makeup_for_id is not None:
        studied = set(
            StudyCredit.objects.filter(campaign_id=session.campaign_id, studied_on__lt=session.held_on).values_list(
                "person_id", flat=True
            )
        )
        lines.sort(key=lambda line: (line.person.pk in studied and line.mark is None, line.person.sort_key))
    return lines


def reporters_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Reporter]:
    return (
        Reporter.objects.visible_to(user, perm)
        .select_related("person", "organization")
        .annotate(n_sessions=Count("sessions"))
        .order_by("organization__sort_key", "role", "person__sort_key", "id")
    )


def reporter_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Reporter:
    return get_visible_or_404(reporters_visible(user, perm), user, perm, pk=pk)


def sessions_led(user: Any, reporter: Reporter, perm: str = PERM_VIEW) -> QuerySet[Session]:
    """The sessions a reporter led, among those the user may see."""
    return _session_shape(Session.objects.visible_to(user, perm).filter(reporter=reporter)).order_by("-held_on", "id")


def reporters_for(organization: Organization, day: dt.date) -> QuerySet[Reporter]:
    """Reporters who may lead a session of ``organization`` on ``day``: active then, in it or above it."""
    above = TreePath.objects.filter(descendant=organization).filter(_valid_on(day)).values("ancestor_id")
    return (
        Reporter.objects.filter(organization_id__in=above)
        .filter(_valid_on(day))
        .select_related("person", "organization")
        .order_by("person__sort_key", "id")
    )


def default_organization(user: Any, campaign: Campaign, perm: str = PERM_VIEW) -> Organization | None:
    """Where a user reads a campaign's participation: the covered organization, or (for a cell secretary below it)
    the highest organization of theirs inside it."""
    if can(user, perm, campaign.organization_id):
        return campaign.organization
    scope = organization_ids_for(user, perm)
    path = (
        ScopePath.objects.filter(ancestor_id=campaign.organization_id, descendant_id__in=scope)
        .select_related("descendant")
        .order_by("depth", "descendant__sort_key")
        .first()
    )
    return path.descendant if path else None


# ---------------------------------------------------------------- participation


def reference_date(campaign: Campaign, on_date: dt.date) -> dt.date:
    """The day a campaign's participation is read on: its end date, or the day asked when that comes first."""
    return min(campaign.end_date, on_date)


def studied_counts(campaign_id: int, node_ids: list[int], day: dt.date) -> dict[int, int]:
    """For each node, the members of its subtree on ``day`` who had studied the campaign by then: the credited
    members' memberships open that day inside the subtrees, counted per organization in the database and added up
    per node here (one probe per credited member, no join to the tree per row)."""
    if not node_ids:
        return {}
    paths = TreePath.objects.filter(ancestor_id__in=node_ids).filter(_valid_on(day))
    credited = StudyCredit.objects.filter(campaign_id=campaign_id, studied_on__lte=day).values("person_id")
    per_org = dict(
        Membership.objects.open_on(day)  # type: ignore[attr-defined]
        .filter(person_id__in=credited, organization_id__in=paths.values("descendant_id"))
        .order_by()
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    out: dict[int, int] = {}
    for ancestor, descendant in paths.values_list("ancestor_id", "descendant_id"):
        if descendant in per_org:
            out[ancestor] = out.get(ancestor, 0) + per_org[descendant]
    return out


@dataclass
class Share:
    organization_id: int | None
    name: str
    expected: int
    studied: int
    kind: str = ""

    @property
    def missing(self) -> int:
        return max(self.expected - self.studied, 0)

    @property
    def rate(self) -> Decimal | None:
        return Figure.rate(self.studied, self.expected).value


@dataclass
class Participation:
    campaign: Campaign
    asked_on: dt.date
    day: dt.date
    organization: Organization
    overall: Share
    parts: list[Share] = field(default_factory=list)

    @property
    def figure(self) -> Figure:
        return Figure.rate(self.overall.studied, self.overall.expected)


def participation(campaign: Campaign, on_date: dt.date, organization: Organization | None = None) -> Participation:
    """The campaign's participation as of ``on_date`` for the subtree of ``organization`` (by default the covered
    one), overall and for each organization directly under it on the reference date. An organization above the
    covered one reads as the covered one; one outside it is refused."""
    day = reference_date(campaign, on_date)
    root = organization or campaign.organization
    if root.pk != campaign.organization_id:
        inside = (
            TreePath.objects.filter(ancestor_id=campaign.organization_id, descendant_id=root.pk).filter(_valid_on(day)).exists()
        )
        above = (
            TreePath.objects.filter(ancestor_id=root.pk, descendant_id=campaign.organization_id).filter(_valid_on(day)).exists()
        )
        if above:
            root = campaign.organization
        elif not inside:
            raise DomainError(
                "Tổ chức không thuộc phạm vi của đợt học tập vào ngày này.", code="outside_subtree", field="organization"
            )
    children = list(ParentLink.objects.filter(parent_id=root.pk).filter(_valid_on(day)).values_list("child_id", flat=True))
    nodes = [root.pk, *children]
    expected = counts.subtree_counts(nodes, day)
    studied = studied_counts(campaign.pk, nodes, day)
    names = names_on(nodes, day)
    kinds = dict(Organization.objects.filter(pk__in=nodes).values_list("pk", "kind"))
    overall = Share(
        root.pk, names.get(root.pk, root.name), expected.get(root.pk, 0), studied.get(root.pk, 0), kinds.get(root.pk, "")
    )
    parts = [Share(c, names.get(c, ""), expected.get(c, 0), studied.get(c, 0), kinds.get(c, "")) for c in children]
    parts = [p for p in parts if p.expected or p.studied]
    direct = Share(
        None,
        "Đảng viên sinh hoạt trực tiếp",
        overall.expected - sum(p.expected for p in parts),
        overall.studied - sum(p.studied for p in parts),
    )
    parts.sort(key=lambda s: (s.rate if s.rate is not None else Decimal(101), s.name))
    if direct.expected or direct.studied:
        parts.append(direct)
    return Participation(campaign, on_date, day, root, overall, parts)


def missing_members(campaign: Campaign, on_date: dt.date, organization: Organization, user: Any) -> QuerySet[Person]:
    """The members of the subtree on the reference date who have not studied the campaign by then (visible ones)."""
    day = reference_date(campaign, on_date)
    subtree = TreePath.objects.filter(ancestor=organization).filter(_valid_on(day)).values("descendant_id")
    on_day = Membership.objects.open_on(day).filter(organization_id__in=subtree).values("person_id")  # type: ignore[attr-defined]
    credited = StudyCredit.objects.filter(campaign=campaign, person_id=OuterRef("pk"), studied_on__lte=day)
    return (
        Person.objects.visible_to(user, "members.view")
        .filter(pk__in=on_day)
        .exclude(Exists(credited))
        .select_related("organization")
        .order_by("sort_key", "id")
    )

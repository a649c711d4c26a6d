"""Writes of the ratings app: periods, and the three steps of each member's and organization's review.

Who may record what:

* a period is opened by the committee that runs it (``ratings.decide`` on its organization);
* a member assesses themself through their own record (``Person.user``), or the cell's Secretary records it
  (``ratings.propose`` on the member's cell);
* the cell proposes (``ratings.propose`` on the cell), the committee decides (``ratings.decide`` on the member's
  grassroots organization);
* an organization assesses itself (``ratings.propose`` or ``ratings.decide`` on it); the committee running the period proposes and
  decides for the organizations below it (``ratings.propose`` / ``ratings.decide`` on the period's organization).

A step is refused once a later one is recorded (a proposal after the decision, a self-assessment after the
proposal); a decision may be made again (a correction), audited with its before and after. Rules (bands, the cap,
the disciplined member) are read as in force on the period's end date, see :mod:`apps.ratings.rules`. The cap on
the excellent level is checked on a bulk decision (a whole grassroots organization's, or a period's
organizations'), and on a single decision that leaves no review of the set undecided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, scoping
from apps.core.dates import format_date
from apps.core.errors import DomainError, NotVisibleError, full_clean
from apps.core.scoping import can
from apps.core.text import nfc
from apps.members.models import Membership, Person
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, TreePath
from apps.ratings import placement
from apps.ratings import rules as rating_rules
from apps.ratings.choices import AuditEventType, Level, PeriodKind
from apps.ratings.models import MemberReview, OrganizationReview, ReviewPeriod

PERM_VIEW = "ratings.view"
PERM_PROPOSE = "ratings.propose"
PERM_DECIDE = "ratings.decide"

STEP_FIELDS = (
    "self_level",
    "self_score",
    "self_note",
    "self_on",
    "proposed_level",
    "proposed_score",
    "proposed_on",
    "decided_level",
    "decided_on",
    "decision_symbol",
)
MEMBER_FIELDS = (*STEP_FIELDS, "disciplined_in_period", "discipline_note")


@dataclass(frozen=True)
class Proposal:
    """One row of a bulk proposal or decision."""

    id: int  # a person's id (member reviews) or an organization's id (organization reviews)
    level: str
    score: Decimal | str | int | None = None  # read by _score
    disciplined_in_period: bool | None = None


# ---------------------------------------------------------------- helpers


def _not_found() -> NotVisibleError:
    return NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")


def _require(actor: Any, perm: str, organization_id: int) -> None:
    scoping.require(actor, perm, organization_id)


def _level(level: str, field: str = "level") -> str:
    if level not in Level.values:
        raise DomainError(_("Mức xếp loại không hợp lệ: %(v)s.") % {"v": level}, code="invalid", field=field)
    return level


def _score(score: Any, field: str = "score") -> Decimal | None:
    if score is None or score == "":
        return None
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        raise DomainError(_("Điểm phải là một số."), code="invalid", field=field) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise DomainError(_("Điểm phải từ 0 đến 100."), code="invalid", field=field)
    return value.quantize(Decimal("0.01"))


def _check_day(period: ReviewPeriod, on_date: dt.date, after: dt.date | None = None, field: str = "on_date") -> None:
    if on_date < period.start_date:
        raise DomainError(
            _("Ngày %(d)s trước khi đợt đánh giá bắt đầu (%(s)s).")
            % {"d": format_date(on_date), "s": format_date(period.start_date)},
            code="invalid",
            field=field,
        )
    if on_date > timezone.localdate():
        raise DomainError(_("Ngày không thể ở tương lai."), code="invalid", field=field)
    if after is not None and on_date < after:
        raise DomainError(
            _("Ngày %(d)s trước bước trước đó (%(a)s).") % {"d": format_date(on_date), "a": format_date(after)},
            code="invalid",
            field=field,
        )


def _actor_label(actor: Any) -> str:
    return audit._actor_label(actor)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _clean(instance: Any) -> None:
    # the fields' own checks; the constraints (one review per period, dated steps) are the database's
    full_clean(instance, exclude=["period", "person", "organization", "unit"], validate_unique=False, validate_constraints=False)


def _refuse_after(review: MemberReview | OrganizationReview, step: str) -> None:
    if step == "self" and (review.proposed_level or review.decided_level):
        raise DomainError(_("Đã có đề xuất hoặc quyết định xếp loại; không sửa tự đánh giá nữa."), code="step_closed")
    if step == "proposed" and review.decided_level:
        raise DomainError(_("Cấp ủy đã quyết định xếp loại; không sửa đề xuất nữa."), code="step_closed")


def _member_name(review: MemberReview) -> str:
    return review.person.full_name


# ---------------------------------------------------------------- periods


@audit.service
def review_period_open(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    start_date: dt.date,
    end_date: dt.date,
    kind: str = PeriodKind.YEARLY,
    label: str = "",
    note: str = "",
) -> ReviewPeriod:
    _require(actor, PERM_DECIDE, organization.pk)
    if kind not in PeriodKind.values:
        raise DomainError(_("Loại đợt không hợp lệ."), code="invalid", field="kind")
    if end_date < start_date:
        raise DomainError(_("Ngày kết thúc đợt phải từ ngày bắt đầu trở đi."), code="invalid", field="end_date")
    if not (start_date.year <= year <= end_date.year):
        raise DomainError(_("Năm của đợt phải nằm trong khoảng thời gian của đợt."), code="invalid", field="year")
    if not organization.alive_on(end_date) and not organization.alive_on(start_date):
        raise DomainError(_("Tổ chức không hoạt động trong thời gian của đợt."), code="invalid", field="organization")
    period = ReviewPeriod(
        organization=organization,
        kind=kind,
        year=year,
        label=nfc(label).strip(),
        start_date=start_date,
        end_date=end_date,
        note=nfc(note).strip(),
    )
    try:
        period.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="invalid") from exc
    period.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.PERIOD_OPENED,
        target=period,
        organization_id=organization.pk,
        after=audit.snapshot(period, ["kind", "year", "label", "start_date", "end_date", "note"]),
    )
    return period


# ---------------------------------------------------------------- member reviews


def _member_reviews(period: ReviewPeriod, person_ids: Sequence[int]) -> dict[int, MemberReview]:
    """The period's reviews of these members, created (unsaved steps empty) where missing; placed where each member
    stood on the period's review day. A member outside the period's subtree then is refused."""
    ids = list(dict.fromkeys(person_ids))
    existing = {
        r.person_id: r
        for r in MemberReview.objects.filter(period=period, person_id__in=ids).select_related("person", "organization", "unit")
    }
    missing = [i for i in ids if i not in existing]
    if missing:
        found = placement.places(period, missing)
        people = Person.objects.in_bulk(missing)
        for pid in missing:
            place = found.get(pid)
            if place is None or pid not in people:
                name = people[pid].full_name if pid in people else str(pid)
                raise DomainError(
                    _("%(n)s không sinh hoạt trong %(o)s vào ngày %(d)s.")
                    % {"n": name, "o": period.organization.name, "d": format_date(placement.review_day(period))},
                    code="not_in_period",
                    field="person",
                )
        MemberReview.objects.bulk_create(
            [
                MemberReview(
                    period=period, person=people[pid], organization_id=found[pid].grassroots_id, unit_id=found[pid].unit_id
                )
                for pid in missing
            ]
        )
        for r in MemberReview.objects.filter(period=period, person_id__in=missing).select_related(
            "person", "organization", "unit"
        ):
            existing[r.person_id] = r
    for r in existing.values():
        r.period = period  # the caller's copy: one read of the period, not one per review
    return existing


def _member_review(period: ReviewPeriod, person: Person) -> MemberReview:
    return _member_reviews(period, [person.pk])[person.pk]


def _record(actor: Any, event: str, review: MemberReview | OrganizationReview, before: dict[str, Any]) -> None:
    """Save a review's step and its audit event (a member's under their cell, an organization's under itself)."""
    review.version += 1
    review.updated_at = timezone.now()
    review.save()
    fields: tuple[str, ...]
    if isinstance(review, MemberReview):
        organization_id, fields = review.unit_id, MEMBER_FIELDS
    else:
        organization_id, fields = review.organization_id, STEP_FIELDS
    audit.record(
        actor=actor,
        event_type=event,
        target=review,
        organization_id=organization_id,
        before=before,
        after=audit.snapshot(review, fields),
    )


@audit.service
def self_assess(
    *,
    actor: Any,
    period: ReviewPeriod,
    person: Person,
    level: str,
    on_date: dt.date,
    score: Any = None,
    note: str = "",
) -> MemberReview:
    """The member's self-assessment: by the member through their own record, or recorded by the cell's Secretary."""
    level, value = _level(level), _score(score)
    review = _member_review(period, person)
    # the member's own record, as stored (not as the caller's copy of it says)
    own = (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and Person.objects.filter(pk=person.pk, user_id=actor.pk).exists()
    )
    if not own:
        _require(actor, PERM_PROPOSE, review.unit_id)
    _refuse_after(review, "self")
    _check_day(period, on_date)
    rating_rules.check_score(level, value, period.end_date)
    rating_rules.check_not_disciplined(level, review.disciplined_in_period, _member_name(review), period.end_date)
    before = audit.snapshot(review, MEMBER_FIELDS)
    review.self_level, review.self_score, review.self_note, review.self_on = level, value, nfc(note).strip(), on_date
    review.self_by = _user(actor)
    _clean(review)
    _record(actor, AuditEventType.SELF_ASSESSED, review, before)
    return review


@audit.service
def self_assess_bulk(
    *,
    actor: Any,
    period: ReviewPeriod,
    organization: Organization,
    assessments: Iterable[Proposal | Mapping[str, Any]],
    on_date: dt.date,
) -> list[MemberReview]:
    """Many members' self-assessments recorded at once by their cells' Secretaries (from the members' written
    reviews), all or nothing."""
    rows = _bulk_rows(assessments)
    reviews = _member_reviews(period, [r.id for r in rows])
    _in_grassroots(period, organization, reviews)
    befores = {r.pk: audit.snapshot(r, MEMBER_FIELDS) for r in reviews.values()}
    for i, row in enumerate(rows, 1):
        review = reviews[row.id]
        try:
            _require(actor, PERM_PROPOSE, review.unit_id)
            _refuse_after(review, "self")
            _check_day(period, on_date)
            score = _score(row.score)
            rating_rules.check_score(row.level, score, period.end_date)
            rating_rules.check_not_disciplined(row.level, review.disciplined_in_period, _member_name(review), period.end_date)
        except DomainError as exc:
            exc.row = i
            raise
        review.self_level, review.self_score, review.self_on, review.self_by = row.level, score, on_date, _user(actor)
    out = [reviews[r.id] for r in rows]
    _save_many(actor, AuditEventType.SELF_ASSESSED, out, befores, MEMBER_FIELDS, lambda r: r.unit_id, SELF_COLUMNS)
    return out


def _apply_proposal(
    review: MemberReview,
    row: Proposal,
    period: ReviewPeriod,
    on_date: dt.date,
    actor: Any,
    discipline_note: str | None = None,
) -> None:
    _refuse_after(review, "proposed")
    _check_day(period, on_date, review.self_on)
    if row.disciplined_in_period is not None:
        review.disciplined_in_period = row.disciplined_in_period
    if discipline_note is not None:
        review.discipline_note = nfc(discipline_note).strip()
    score = _score(row.score)
    rating_rules.check_score(row.level, score, period.end_date)
    rating_rules.check_not_disciplined(row.level, review.disciplined_in_period, _member_name(review), period.end_date)
    review.proposed_level, review.proposed_score, review.proposed_on = row.level, score, on_date
    review.proposed_by, review.proposed_by_label = _user(actor), _actor_label(actor)


@audit.service
def cell_propose(
    *,
    actor: Any,
    period: ReviewPeriod,
    person: Person,
    level: str,
    on_date: dt.date,
    score: Any = None,
    disciplined_in_period: bool | None = None,
    discipline_note: str | None = None,
) -> MemberReview:
    """The cell's proposal for one member (``disciplined_in_period``: None leaves the flag as it is)."""
    row = Proposal(person.pk, _level(level), _score(score), disciplined_in_period)
    review = _member_review(period, person)
    _require(actor, PERM_PROPOSE, review.unit_id)
    before = audit.snapshot(review, MEMBER_FIELDS)
    _apply_proposal(review, row, period, on_date, actor, discipline_note)
    _clean(review)
    _record(actor, AuditEventType.PROPOSED, review, before)
    return review


def _bulk_rows(rows: Iterable[Proposal | Mapping[str, Any]]) -> list[Proposal]:
    out: list[Proposal] = []
    seen: set[int] = set()
    for i, raw in enumerate(rows, 1):
        row = (
            raw
            if isinstance(raw, Proposal)
            else Proposal(int(raw["id"]), str(raw["level"]), raw.get("score"), raw.get("disciplined_in_period"))
        )
        try:
            row = Proposal(row.id, _level(row.level), _score(row.score), row.disciplined_in_period)
        except DomainError as exc:
            exc.row = i
            raise
        if row.id in seen:
            raise DomainError(_("Một dòng bị lặp lại."), code="duplicate", row=i)
        seen.add(row.id)
        out.append(row)
    if not out:
        raise DomainError(_("Chưa chọn mức xếp loại nào."), code="required", field="level")
    return out


SELF_COLUMNS = ("self_level", "self_score", "self_note", "self_on", "self_by_id")
PROPOSAL_COLUMNS = ("proposed_level", "proposed_score", "proposed_on", "proposed_by_id", "proposed_by_label")
MEMBER_PROPOSAL_COLUMNS = (*PROPOSAL_COLUMNS, "disciplined_in_period", "discipline_note")
DECISION_COLUMNS = ("decided_level", "decided_on", "decided_by_id", "decided_by_label", "decision_symbol")


def _save_many(
    actor: Any,
    event: str,
    reviews: list[Any],
    befores: dict[int, dict[str, Any]],
    fields: Sequence[str],
    org_of: Any,
    columns: Sequence[str],
) -> None:
    """Write the step's ``columns`` of the changed reviews, one UPDATE per distinct set of values (a decision is
    a handful of levels), and one audit row per review."""
    now = timezone.now()
    groups: dict[tuple[Any, ...], list[int]] = {}
    events = []
    for r in reviews:
        after = audit.snapshot(r, fields)
        if after == befores[r.pk]:
            continue
        r.version += 1
        r.updated_at = now
        groups.setdefault(tuple(getattr(r, c) for c in columns), []).append(r.pk)
        events.append(
            {
                "event_type": event,
                "organization_id": org_of(r),
                "target_type": r._meta.label_lower,
                "target_id": r.pk,
                "target_repr": str(r),
                "before": befores[r.pk],
                "after": after,
            }
        )
    if not events:
        return
    model = type(reviews[0])
    for values, ids in groups.items():
        model.objects.filter(pk__in=ids).update(
            **dict(zip(columns, values, strict=True)), version=F("version") + 1, updated_at=now
        )
    audit.record_many(events, actor=actor)


def _in_grassroots(period: ReviewPeriod, organization: Organization, reviews: Mapping[int, MemberReview]) -> None:
    for review in reviews.values():
        if review.organization_id != organization.pk:
            raise DomainError(
                _("%(n)s không thuộc %(o)s trong đợt này.") % {"n": review.person.full_name, "o": organization.name},
                code="not_in_organization",
                field="person",
            )


@audit.service
def cell_propose_bulk(
    *,
    actor: Any,
    period: ReviewPeriod,
    organization: Organization,
    proposals: Iterable[Proposal | Mapping[str, Any]],
    on_date: dt.date,
) -> list[MemberReview]:
    """The proposals for many members of one grassroots organization (its cells') in one call; all or nothing."""
    rows = _bulk_rows(proposals)
    reviews = _member_reviews(period, [r.id for r in rows])
    _in_grassroots(period, organization, reviews)
    befores = {r.pk: audit.snapshot(r, MEMBER_FIELDS) for r in reviews.values()}
    for i, row in enumerate(rows, 1):
        review = reviews[row.id]
        try:
            _require(actor, PERM_PROPOSE, review.unit_id)
            _apply_proposal(review, row, period, on_date, actor)
        except DomainError as exc:
            exc.row = i
            raise
    out = [reviews[r.id] for r in rows]
    _save_many(actor, AuditEventType.PROPOSED, out, befores, MEMBER_FIELDS, lambda r: r.unit_id, MEMBER_PROPOSAL_COLUMNS)
    return out


def _apply_decision(review: Any, level: str, period: ReviewPeriod, on_date: dt.date, symbol: str, actor: Any) -> None:
    _check_day(period, on_date, review.proposed_on or review.self_on)
    if isinstance(review, MemberReview):
        rating_rules.check_not_disciplined(level, review.disciplined_in_period, _member_name(review), period.end_date)
    review.decided_level, review.decided_on, review.decision_symbol = level, on_date, nfc(symbol).strip()
    review.decided_by, review.decided_by_label = _user(actor), _actor_label(actor)


def _member_cap(period: ReviewPeriod, organization: Organization, changed: Mapping[int, str]) -> None:
    """The cap over the grassroots organization's decided levels in the period, with ``changed`` applied."""
    levels = dict(
        MemberReview.objects.filter(period=period, organization=organization)
        .exclude(decided_level="")
        .values_list("person_id", "decided_level")
    )
    levels.update(changed)
    rating_rules.check_cap(levels.values(), period.end_date, whose=organization.name, what=_("đảng viên"))


def _others_undecided(period: ReviewPeriod, organization_id: int, person_id: int) -> bool:
    """Whether a member of the grassroots organization on the period's review day, other than this one, has no
    decision yet (the organization's set of decisions is not complete)."""
    day = placement.review_day(period)
    subtree = TreePath.objects.filter(ancestor_id=organization_id, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    decided = MemberReview.objects.filter(period=period, organization_id=organization_id).exclude(decided_level="")
    return (
        Membership.objects.filter(organization_id__in=subtree.values("descendant_id"), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .exclude(person_id=person_id)
        .exclude(person_id__in=decided.values("person_id"))
        .exists()
    )


@audit.service
def committee_decide(
    *,
    actor: Any,
    period: ReviewPeriod,
    person: Person,
    level: str,
    on_date: dt.date,
    decision_symbol: str = "",
) -> MemberReview:
    """The committee's decision for one member. The cap is checked when no member of the member's grassroots
    organization (on the period's review day) is left without a decision."""
    level = _level(level)
    review = _member_review(period, person)
    _require(actor, PERM_DECIDE, review.organization_id)
    before = audit.snapshot(review, MEMBER_FIELDS)
    _apply_decision(review, level, period, on_date, decision_symbol, actor)
    _clean(review)
    if not _others_undecided(period, review.organization_id, person.pk):
        _member_cap(period, review.organization, {person.pk: level})
    _record(actor, AuditEventType.DECIDED, review, before)
    return review


@audit.service
def committee_decide_bulk(
    *,
    actor: Any,
    period: ReviewPeriod,
    organization: Organization,
    decisions: Iterable[Proposal | Mapping[str, Any]],
    on_date: dt.date,
    decision_symbol: str = "",
) -> list[MemberReview]:
    """A grassroots organization's decisions in one call, all or nothing; the cap on the excellent level is checked
    over the organization's decided levels in the period (these included), and refused as a whole."""
    if organization.kind not in GRASSROOTS_KINDS:
        raise DomainError(
            _("Quyết định xếp loại theo từng tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở)."),
            code="not_grassroots",
            field="organization",
        )
    _require(actor, PERM_DECIDE, organization.pk)
    rows = _bulk_rows(decisions)
    reviews = _member_reviews(period, [r.id for r in rows])
    _in_grassroots(period, organization, reviews)
    befores = {r.pk: audit.snapshot(r, MEMBER_FIELDS) for r in reviews.values()}
    for i, row in enumerate(rows, 1):
        try:
            _apply_decision(reviews[row.id], row.level, period, on_date, decision_symbol, actor)
        except DomainError as exc:
            exc.row = i
            raise
    _member_cap(period, organization, {r.id: r.level for r in rows})
    out = [reviews[r.id] for r in rows]
    _save_many(actor, AuditEventType.DECIDED, out, befores, MEMBER_FIELDS, lambda r: r.unit_id, DECISION_COLUMNS)
    return out


# ---------------------------------------------------------------- organization reviews


def _org_reviews(period: ReviewPeriod, org_ids: Sequence[int], *, strict: bool = True) -> dict[int, OrganizationReview]:
    """The period's reviews of these organizations, created where missing; an organization must lie below the
    period's organization on its review day (``strict=False``: or be it, for a self-assessment)."""
    ids = list(dict.fromkeys(org_ids))
    existing = {
        r.organization_id: r
        for r in OrganizationReview.objects.filter(period=period, organization_id__in=ids).select_related("organization")
    }
    missing = [i for i in ids if i not in existing]
    if missing:
        day = placement.review_day(period)
        inside = placement.in_subtree(period.organization_id, missing, day, strict=strict)
        orgs = Organization.objects.in_bulk(missing)
        for oid in missing:
            if oid not in inside or oid not in orgs:
                name = orgs[oid].name if oid in orgs else str(oid)
                raise DomainError(
                    _("%(n)s không thuộc %(o)s vào ngày %(d)s.")
                    % {"n": name, "o": period.organization.name, "d": format_date(day)},
                    code="not_in_period",
                    field="organization",
                )
        OrganizationReview.objects.bulk_create([OrganizationReview(period=period, organization=orgs[oid]) for oid in missing])
        for r in OrganizationReview.objects.filter(period=period, organization_id__in=missing).select_related("organization"):
            existing[r.organization_id] = r
    for r in existing.values():
        r.period = period
    return existing


@audit.service
def organization_self_assess(
    *,
    actor: Any,
    period: ReviewPeriod,
    organization: Organization,
    level: str,
    on_date: dt.date,
    score: Any = None,
    note: str = "",
) -> OrganizationReview:
    level, value = _level(level), _score(score)
    review = _org_reviews(period, [organization.pk])[organization.pk]
    # recorded by the organization's own committee or Secretary
    if actor is not None and not can(actor, PERM_DECIDE, organization.pk):
        _require(actor, PERM_PROPOSE, organization.pk)
    _refuse_after(review, "self")
    _check_day(period, on_date)
    rating_rules.check_score(level, value, period.end_date)
    before = audit.snapshot(review, STEP_FIELDS)
    review.self_level, review.self_score, review.self_note, review.self_on = level, value, nfc(note).strip(), on_date
    review.self_by = _user(actor)
    _clean(review)
    _record(actor, AuditEventType.ORG_SELF_ASSESSED, review, before)
    return review


def _apply_org_proposal(review: OrganizationReview, row: Proposal, period: ReviewPeriod, on_date: dt.date, actor: Any) -> None:
    _refuse_after(review, "proposed")
    _check_day(period, on_date, review.self_on)
    score = _score(row.score)
    rating_rules.check_score(row.level, score, period.end_date)
    review.proposed_level, review.proposed_score, review.proposed_on = row.level, score, on_date
    review.proposed_by, review.proposed_by_label = _user(actor), _actor_label(actor)


@audit.service
def organization_propose(
    *, actor: Any, period: ReviewPeriod, organization: Organization, level: str, on_date: dt.date, score: Any = None
) -> OrganizationReview:
    _require(actor, PERM_PROPOSE, period.organization_id)
    row = Proposal(organization.pk, _level(level), _score(score))
    review = _org_reviews(period, [organization.pk])[organization.pk]
    before = audit.snapshot(review, STEP_FIELDS)
    _apply_org_proposal(review, row, period, on_date, actor)
    _clean(review)
    _record(actor, AuditEventType.ORG_PROPOSED, review, before)
    return review


@audit.service
def organization_propose_bulk(
    *, actor: Any, period: ReviewPeriod, proposals: Iterable[Proposal | Mapping[str, Any]], on_date: dt.date
) -> list[OrganizationReview]:
    _require(actor, PERM_PROPOSE, period.organization_id)
    rows = _bulk_rows(proposals)
    reviews = _org_reviews(period, [r.id for r in rows])
    befores = {r.pk: audit.snapshot(r, STEP_FIELDS) for r in reviews.values()}
    for i, row in enumerate(rows, 1):
        try:
            _apply_org_proposal(reviews[row.id], row, period, on_date, actor)
        except DomainError as exc:
            exc.row = i
            raise
    out = [reviews[r.id] for r in rows]
    _save_many(actor, AuditEventType.ORG_PROPOSED, out, befores, STEP_FIELDS, lambda r: r.organization_id, PROPOSAL_COLUMNS)
    return out


def _org_cap(period: ReviewPeriod, changed: Mapping[int, str]) -> None:
    levels = dict(
        OrganizationReview.objects.filter(period=period).exclude(decided_level="").values_list("organization_id", "decided_level")
    )
    levels.update(changed)
    rating_rules.check_cap(
        levels.values(),
        period.end_date,
        whose=_("các tổ chức đảng thuộc %(o)s") % {"o": period.organization.name},
        what=_("tổ chức đảng"),
    )


@audit.service
def organization_decide(
    *, actor: Any, period: ReviewPeriod, organization: Organization, level: str, on_date: dt.date, decision_symbol: str = ""
) -> OrganizationReview:
    _require(actor, PERM_DECIDE, period.organization_id)
    level = _level(level)
    review = _org_reviews(period, [organization.pk])[organization.pk]
    before = audit.snapshot(review, STEP_FIELDS)
    _apply_decision(review, level, period, on_date, decision_symbol, actor)
    _clean(review)
    if not OrganizationReview.objects.filter(period=period, decided_level="").exclude(pk=review.pk).exists():
        _org_cap(period, {organization.pk: level})
    _record(actor, AuditEventType.ORG_DECIDED, review, before)
    return review


@audit.service
def organization_decide_bulk(
    *,
    actor: Any,
    period: ReviewPeriod,
    decisions: Iterable[Proposal | Mapping[str, Any]],
    on_date: dt.date,
    decision_symbol: str = "",
) -> list[OrganizationReview]:
    """The decisions on the organizations below the period's organization, all or nothing, the cap checked."""
    _require(actor, PERM_DECIDE, period.organization_id)
    rows = _bulk_rows(decisions)
    reviews = _org_reviews(period, [r.id for r in rows])
    befores = {r.pk: audit.snapshot(r, STEP_FIELDS) for r in reviews.values()}
    for i, row in enumerate(rows, 1):
        try:
            _apply_decision(reviews[row.id], row.level, period, on_date, decision_symbol, actor)
        except DomainError as exc:
            exc.row = i
            raise
    _org_cap(period, {r.id: r.level for r in rows})
    out = [reviews[r.id] for r in rows]
    _save_many(actor, AuditEventType.ORG_DECIDED, out, befores, STEP_FIELDS, lambda r: r.organization_id, DECISION_COLUMNS)
    return out

"""Who has studied each campaign, and since when: the derived :class:`StudyCredit` rows.

A member has studied a campaign on date D when present at any of its sessions (regular or make-up) held on or
before D. ``StudyCredit(campaign, person, studied_on)`` keeps the earliest such session date, so "studied by D"
is ``studied_on <= D``. The attendance services call :func:`refresh` for the members whose attendance they
changed, in the same transaction; a correction that removes a member's only presence removes the row, one that
removes the earliest moves it to the next. :func:`verify` compares the rows with a fresh computation.

Where a member is counted is not stored here: the participation figures read the member's organization on the
reference date from the memberships (and the counts rollup), so transfers and reorganizations need no update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Min

from apps.study.models import SessionAttendance, StudyCredit

_CHUNK = 500


def fresh(campaign_id: int, person_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """The first date each member attended a session of the campaign, computed from the attendance."""
    qs = SessionAttendance.objects.filter(session__campaign_id=campaign_id, present=True)
    out: dict[int, dt.date] = {}
    if person_ids is None:
        chunks: list[list[int] | None] = [None]
    else:
        ids = sorted(set(person_ids))
        chunks = [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    for chunk in chunks:
        part = qs if chunk is None else qs.filter(person_id__in=chunk)
        out.update(part.order_by().values("person_id").annotate(first=Min("session__held_on")).values_list("person_id", "first"))
    return out


def refresh(campaign_id: int, person_ids: Iterable[int]) -> int:
    """Rewrite the credits of these members for the campaign from their attendance; answers the rows changed."""
    ids = sorted(set(person_ids))
    if not ids:
        return 0
    wanted = fresh(campaign_id, ids)
    stored: dict[int, StudyCredit] = {}
    for i in range(0, len(ids), _CHUNK):
        stored.update(
            {c.person_id: c for c in StudyCredit.objects.filter(campaign_id=campaign_id, person_id__in=ids[i : i + _CHUNK])}
        )
    gone = [c.pk for pid, c in stored.items() if pid not in wanted]
    moved = []
    for pid, day in wanted.items():
        c = stored.get(pid)
        if c is not None and c.studied_on != day:
            c.studied_on = day
            moved.append(c)
    new = [
        StudyCredit(campaign_id=campaign_id, person_id=pid, studied_on=day) for pid, day in wanted.items() if pid not in stored
    ]
    for i in range(0, len(gone), _CHUNK):
        StudyCredit.objects.filter(pk__in=gone[i : i + _CHUNK]).delete()
    StudyCredit.objects.bulk_update(moved, ["studied_on"], batch_size=1000)
    StudyCredit.objects.bulk_create(new, batch_size=2000)
    return len(gone) + len(moved) + len(new)


def credit(campaign_id: int, person_ids: Iterable[int], day: dt.date) -> int:
    """Members just marked present at a session held on ``day`` (no presence withdrawn): their first session is
    ``day`` unless an earlier one is stored. Answers the rows changed."""
    ids = sorted(set(person_ids))
    stored: dict[int, StudyCredit] = {}
    for i in range(0, len(ids), _CHUNK):
        stored.update(
            {c.person_id: c for c in StudyCredit.objects.filter(campaign_id=campaign_id, person_id__in=ids[i : i + _CHUNK])}
        )
    later = [c for c in stored.values() if c.studied_on > day]
    for c in later:
        c.studied_on = day
    StudyCredit.objects.bulk_update(later, ["studied_on"], batch_size=1000)
    new = [StudyCredit(campaign_id=campaign_id, person_id=pid, studied_on=day) for pid in ids if pid not in stored]
    StudyCredit.objects.bulk_create(new, batch_size=2000)
    return len(later) + len(new)


def verify(campaign_ids: Iterable[int] | None = None) -> list[str]:
    """Differences between the stored credits and a fresh computation (empty when consistent)."""
    from apps.study.models import Campaign

    ids = list(campaign_ids) if campaign_ids is not None else list(Campaign.objects.values_list("pk", flat=True))
    problems = []
    for cid in ids:
        stored = dict(StudyCredit.objects.filter(campaign_id=cid).values_list("person_id", "studied_on"))
        expected = fresh(cid)
        if stored != expected:
            wrong = {p for p in set(stored) | set(expected) if stored.get(p) != expected.get(p)}
            problems.append(f"campaign {cid}: study credits differ for {len(wrong)} members")
    return problems

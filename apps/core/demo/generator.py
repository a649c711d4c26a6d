"""Province- and country-size data for benchmarks (``manage.py generate_data``), loaded in bulk.

The same (members, organizations, seed, until) always gives the same rows, ids included (see
:func:`data_digest`). The tree has five levels: a root, provinces, district-level committees, grassroots
organizations (committees and cells) and cells attached to the grassroots committees; members belong to
cells. History: organizations founded over the years, cells merged, split, renamed and moved, and on
1-7-2025 provinces merged into new ones. Members are admitted, transferred, and some leave.

Unlike the demo, this does not go through the services (a million members would take hours): it writes the
primary rows with COPY (PostgreSQL) or batched INSERTs, then the derived rows the services would have
written: the dated closure and the scope closure computed the way ``apps.organizations.tree`` does, the member
counts the way ``counts.rebuild()`` computes them, and the member flows with ``flows.rebuild()`` in SQL.
``tree.verify()``, ``counts.verify()`` and ``flows.verify()`` hold afterwards. Every organization founded after
the records begin has its founding decision, as ``organization_found`` would record it. One audit event records
the load.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from apps.core import audit
from apps.core.dates import add_months
from apps.core.demo import people
from apps.core.demo.bulk import Table, copy_in_background, indexes_deferred, reset_sequences
from apps.core.text import fold, person_sort_key, sort_key
from apps.members import counts, flows
from apps.members.choices import EndReason, MembershipKind, StartReason
from apps.members.models import (
    MemberCountCheckpoint,
    MemberCountCheckpointDate,
    MemberCountDelta,
    MemberFlowDelta,
    MemberFlowMonth,
    Membership,
    Person,
)
from apps.organizations import counts as org_counts
from apps.organizations.choices import OrganizationKind, ReorganizationKind, Sector
from apps.organizations.models import (
    Organization,
    OrganizationName,
    ParentLink,
    Reorganization,
    ReorganizationLink,
    ScopePath,
    TreePath,
)

D = dt.date
DATA_START = D(1990, 1, 1)  # records begin here; members admitted earlier are imported on this date
MERGE_DAY = D(2025, 7, 1)
ACTOR = "generate_data"

# In the order of their citizen-ID codes (apps.core.demo.people.PROVINCE_CODES).
PROVINCES = [
    "thành phố Hà Nội",
    "tỉnh Hà Giang",
    "tỉnh Cao Bằng",
    "tỉnh Bắc Kạn",
    "tỉnh Tuyên Quang",
    "tỉnh Lào Cai",
    "tỉnh Điện Biên",
    "tỉnh Lai Châu",
    "tỉnh Sơn La",
    "tỉnh Yên Bái",
    "tỉnh Hòa Bình",
    "tỉnh Thái Nguyên",
    "tỉnh Lạng Sơn",
    "tỉnh Quảng Ninh",
    "tỉnh Bắc Giang",
    "tỉnh Phú Thọ",
    "tỉnh Vĩnh Phúc",
    "tỉnh Bắc Ninh",
    "tỉnh Hải Dương",
    "thành phố Hải Phòng",
    "tỉnh Hưng Yên",
    "tỉnh Thái Bình",
    "tỉnh Hà Nam",
    "tỉnh Nam Định",
    "tỉnh Ninh Bình",
    "tỉnh Thanh Hóa",
    "tỉnh Nghệ An",
    "tỉnh Hà Tĩnh",
    "tỉnh Quảng Bình",
    "tỉnh Quảng Trị",
    "tỉnh Thừa Thiên Huế",
    "thành phố Đà Nẵng",
    "tỉnh Quảng Nam",
    "tỉnh Quảng Ngãi",
    "tỉnh Bình Định",
    "tỉnh Phú Yên",
    "tỉnh Khánh Hòa",
    "tỉnh Ninh Thuận",
    "tỉnh Bình Thuận",
    "tỉnh Kon Tum",
    "tỉnh Gia Lai",
    "tỉnh Đắk Lắk",
    "tỉnh Đắk Nông",
    "tỉnh Lâm Đồng",
    "tỉnh Bình Phước",
    "tỉnh Tây Ninh",
    "tỉnh Bình Dương",
    "tỉnh Đồng Nai",
    "tỉnh Bà Rịa - Vũng Tàu",
    "Thành phố Hồ Chí Minh",
    "tỉnh Long An",
    "tỉnh Tiền Giang",
    "tỉnh Bến Tre",
    "tỉnh Trà Vinh",
    "tỉnh Vĩnh Long",
    "tỉnh Đồng Tháp",
    "tỉnh An Giang",
    "tỉnh Kiên Giang",
    "thành phố Cần Thơ",
    "tỉnh Hậu Giang",
    "tỉnh Sóc Trăng",
    "tỉnh Bạc Liêu",
    "tỉnh Cà Mau",
]
# Start from Sóc Trăng so that a one-province run is the seed's province.
_FIRST = people.PROVINCE_CODES.index(people.SOC_TRANG)
PROVINCE_ORDER = list(range(_FIRST, len(PROVINCES))) + list(range(_FIRST))
KHMER_PROVINCES = {"094", "084", "091", "095"}
HOA_PROVINCES = {"094", "079", "091", "095", "092"}
AGENCIES = [
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Kế hoạch và Đầu tư",
    "Thanh tra tỉnh",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giao thông vận tải",
    "Ban Dân tộc",
]
RENAMES = [
    ("Trường Tiểu học", "Trường Tiểu học và THCS"),
    ("Trạm Y tế xã", "Trạm Y tế"),
    ("Công ty TNHH", "Công ty Cổ phần"),
    ("Đảng bộ xã", "Đảng bộ thị trấn"),
]


@dataclass
class Org:
    id: int
    code: str
    name: str
    kind: str
    sector: str
    province: int
    founded: dt.date
    parent: int | None = None
    ended: dt.date | None = None
    end_reorg: int | None = None
    successors: list[int] = field(default_factory=list)
    links: list[list[Any]] = field(default_factory=list)  # [parent_id, from, to, reorganization_id]
    names: list[list[Any]] = field(default_factory=list)  # [name, from, to]
    children: list[int] = field(default_factory=list)
    busy: bool = False  # already part of a reorganization

    def alive(self, day: dt.date) -> bool:
        return self.founded <= day and (self.ended is None or self.ended > day)


@dataclass
class Reorg:
    id: int
    kind: str
    on_date: dt.date
    symbol: str
    issuer: str
    title: str
    links: list[dict[str, Any]] = field(default_factory=list)


class Generator:
    def __init__(self, *, members: int, organizations: int, seed: int, until: dt.date = D(2025, 12, 31)) -> None:
        if organizations < 8:
            raise ValueError("at least 8 organizations")
        self.members = members
        self.organizations = organizations
        self.seed = seed
        self.until = until
        self.rng = random.Random(seed)
        self.orgs: list[Org] = []
        self.reorgs: list[Reorg] = []
        self.moved: defaultdict[tuple[int, int, int], int] = defaultdict(int)  # (reorg, source, successor) -> members
        # the dated closure of each organization: (ancestor, from, to) as ordinals
        self.paths: defaultdict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
        # member-count deltas keyed by node << 20 | date ordinal (ordinals stay below 2**20 until 2871)
        self.deltas: defaultdict[int, int] = defaultdict(int)

    # ------------------------------------------------------------ the tree

    def _org(self, **kw: Any) -> Org:
        org = Org(id=len(self.orgs) + 1, **kw)
        org.names.append([org.name, org.founded, None])
        if org.parent is not None:
            org.links.append([org.parent, org.founded, None, None])
            self.orgs[org.parent - 1].children.append(org.id)
        self.orgs.append(org)
        return org

    def _reorg(self, kind: str, on_date: dt.date, title: str, issuer: str = "Ban Thường vụ Tỉnh ủy") -> Reorg:
        number = self.rng.randint(100, 2999)
        symbol = f"{number}-QĐ/TW" if kind == ReorganizationKind.MERGE and "tỉnh" in title.lower() else f"{number}-QĐ/TU"
        r = Reorg(id=len(self.reorgs) + 1, kind=kind, on_date=on_date, symbol=symbol, issuer=issuer, title=title)
        self.reorgs.append(r)
        return r

    def _day_between(self, start: dt.date, end: dt.date) -> dt.date | None:
        if end <= start:
            return None
        return D.fromordinal(self.rng.randint(start.toordinal(), end.toordinal()))

    def _set_parent(self, org: Org, parent: Org, on_date: dt.date, reorg: Reorg) -> None:
        old = self.orgs[org.parent - 1] if org.parent else None
        org.links[-1][2] = on_date
        org.links.append([parent.id, on_date, None, reorg.id])
        if old is not None:
            old.children.remove(org.id)
        parent.children.append(org.id)
        org.parent = parent.id

    def _end(self, org: Org, on_date: dt.date, reorg: Reorg, successors: list[Org]) -> None:
        org.ended = on_date
        org.end_reorg = reorg.id
        org.successors = [s.id for s in successors]
        org.links[-1][2] = on_date
        org.names[-1][2] = on_date
        if org.parent:
            self.orgs[org.parent - 1].children.remove(org.id)

    def plan_tree(self) -> None:
        rng = self.rng
        m = self.organizations
        n_prov = max(1, min(len(PROVINCES), round(m / 950)))
        merging = n_prov >= 2 and self.until >= MERGE_DAY
        kept = round(n_prov * 11 / 63) if merging else n_prov
        groups: list[list[int]] = []
        i = kept
        while merging and i < n_prov:
            size = 3 if len(groups) % 3 == 2 else 2
            groups.append(list(range(i, min(i + size, n_prov))))
            i += size
        n_dist = max(2 * n_prov, round(m * 0.0117))
        n_splits = max(1, round(m * 0.004))
        rest = m - 1 - n_prov - n_dist - len(groups) - 2 * n_splits
        if rest < 4:
            n_splits = 0
            rest = m - 1 - n_prov - n_dist - len(groups)
        n_grass = max(2, round(rest / 1.9))
        n_attached = rest - n_grass
        n_committees = min(max(1, round(n_grass * 0.25)), n_attached) if n_attached > 0 else 0

        root = self._org(
            code="G-TW",
            name="Toàn Đảng (dữ liệu sinh)",
            kind=OrganizationKind.PARTY_COMMITTEE,
            sector=Sector.OTHER,
            province=-1,
            founded=DATA_START,
        )
        provinces = []
        for p in range(n_prov):
            label = PROVINCES[PROVINCE_ORDER[p % len(PROVINCE_ORDER)]]
            provinces.append(
                self._org(
                    code=f"G{p:02d}",
                    name=f"Đảng bộ {label}",
                    kind=OrganizationKind.PARTY_COMMITTEE,
                    sector=Sector.OTHER,
                    province=p,
                    founded=DATA_START,
                    parent=root.id,
                )
            )
        districts: list[Org] = []
        for k in range(n_dist):
            p = k % n_prov
            nth = k // n_prov
            if nth == 0:
                name = "Đảng bộ Khối Các cơ quan tỉnh"
            elif nth == 1:
                name = "Đảng bộ Khối Doanh nghiệp tỉnh"
            else:
                kind_of = "thị xã" if nth % 7 == 3 else "thành phố" if nth % 11 == 5 else "huyện"
                name = f"Đảng bộ {kind_of} {people.place_name(rng)}"
            districts.append(
                self._org(
                    code=f"G{p:02d}-{nth:03d}",
                    name=name,
                    kind=OrganizationKind.PARTY_COMMITTEE,
                    sector=Sector.OTHER,
                    province=p,
                    founded=DATA_START,
                    parent=provinces[p].id,
                )
            )
        late = D(2022, 12, 31)
        grassroots: list[Org] = []
        for g in range(n_grass):
            dist = districts[rng.randrange(n_dist)]
            bloc = dist.code.rsplit("-", 1)[1]
            committee = g < n_committees
            place = people.place_name(rng)
            if bloc == "000":
                agency = rng.choice(AGENCIES)
                name, sector = (f"Đảng bộ {agency}" if committee else f"Chi bộ {agency}"), Sector.STATE_AGENCY
            elif bloc == "001":
                private = rng.random() < 0.3
                name = f"{'Đảng bộ' if committee else 'Chi bộ'} Công ty {'TNHH' if private else 'Cổ phần'} {place}"
                sector = Sector.PRIVATE_ENTERPRISE if private else Sector.STATE_ENTERPRISE
            elif committee:
                name, sector = f"Đảng bộ xã {place}", Sector.OTHER
            else:
                name, sector = rng.choice(
                    [
                        (f"Chi bộ Trường Tiểu học {place}", Sector.PUBLIC_SERVICE_UNIT),
                        (f"Chi bộ Trường THCS {place}", Sector.PUBLIC_SERVICE_UNIT),
                        (f"Chi bộ Trạm Y tế xã {place}", Sector.PUBLIC_SERVICE_UNIT),
                        (f"Chi bộ Công ty TNHH {place}", Sector.PRIVATE_ENTERPRISE),
                        (f"Chi bộ Quân sự xã {place}", Sector.OTHER),
                    ]
                )
            founded = DATA_START if rng.random() < 0.85 else self._day_between(D(1991, 1, 1), late) or DATA_START
            kind = OrganizationKind.GRASSROOTS_COMMITTEE if committee else OrganizationKind.GRASSROOTS_CELL
            grassroots.append(
                self._org(
                    code=f"{dist.code}-{g:05d}",
                    name=name,
                    kind=kind,
                    sector=sector,
                    province=dist.province,
                    founded=founded,
                    parent=dist.id,
                )
            )
        committees = grassroots[:n_committees]
        attached: list[Org] = []
        for a in range(n_attached):
            parent = committees[a] if a < n_committees else committees[rng.randrange(n_committees)]
            where = "ấp" if parent.name.startswith("Đảng bộ xã") else "Phòng"
            founded = parent.founded if rng.random() < 0.85 else self._day_between(parent.founded, late) or parent.founded
            attached.append(
                self._org(
                    code=f"{parent.code}-{a:05d}",
                    name=f"Chi bộ {where} {people.place_name(rng)} {a % 9 + 1}",
                    kind=OrganizationKind.ATTACHED_CELL,
                    sector=parent.sector,
                    province=parent.province,
                    founded=founded,
                    parent=parent.id,
                )
            )
        self._plan_history(districts, grassroots, attached, n_splits)
        self._plan_province_merges(root, provinces, groups)
        self._plan_foundings()
        assert len(self.orgs) == m, (len(self.orgs), m)

    def _plan_history(self, districts: list[Org], grassroots: list[Org], attached: list[Org], n_splits: int) -> None:
        rng = self.rng
        cells = [o for o in grassroots if o.kind == OrganizationKind.GRASSROOTS_CELL]
        by_district: defaultdict[int, list[Org]] = defaultdict(list)
        for c in cells:
            by_district[c.parent or 0].append(c)
        # merges: a cell taken into a neighbouring cell of the same district
        for _ in range(max(1, round(len(cells) * 0.02))):
            siblings = by_district[rng.choice(sorted(by_district))]
            free = [c for c in siblings if not c.busy]
            if len(free) < 2:
                continue
            target, source = rng.sample(free, 2)
            day = self._day_between(
                max(target.founded, source.founded) + dt.timedelta(days=365), min(self.until, D(2022, 12, 31))
            )
            if day is None:
                continue
            r = self._reorg(
                ReorganizationKind.MERGE, day, f"Hợp nhất {source.name} vào {target.name}", issuer="Ban Thường vụ Huyện ủy"
            )
            r.links.append(
                {
                    "organization": source.id,
                    "role": ReorganizationLink.Role.ENDED,
                    "successor": target.id,
                    "old_parent": source.parent,
                    "moved": (source.id, None),
                }
            )
            r.links.append(
                {
                    "organization": target.id,
                    "role": ReorganizationLink.Role.RECEIVED,
                    "predecessor": source.id,
                    "moved": (source.id, None),
                }
            )
            self._end(source, day, r, [target])
            source.busy = target.busy = True
        # splits: an attached cell split in two
        free_attached = [a for a in attached if not a.busy]
        for source in rng.sample(free_attached, min(n_splits, len(free_attached))):
            day = self._day_between(source.founded + dt.timedelta(days=365), min(self.until, D(2023, 12, 31)))
            parent = self.orgs[(source.parent or 1) - 1]
            r = self._reorg(ReorganizationKind.SPLIT, day or self.until, f"Chia tách {source.name}", issuer="Đảng ủy cơ sở")
            halves = []
            for half in (1, 2):
                new = self._org(
                    code=f"{source.code}-T{half}",
                    name=f"{source.name}.{half}",
                    kind=OrganizationKind.ATTACHED_CELL,
                    sector=source.sector,
                    province=source.province,
                    founded=day or self.until,
                    parent=parent.id,
                )
                new.links[0][3] = r.id
                new.busy = True
                halves.append(new)
                r.links.append(
                    {
                        "organization": new.id,
                        "role": ReorganizationLink.Role.FOUNDED,
                        "predecessor": source.id,
                        "new_parent": parent.id,
                        "new_name": new.name,
                        "moved": (source.id, new.id),
                    }
                )
            r.links.append(
                {
                    "organization": source.id,
                    "role": ReorganizationLink.Role.ENDED,
                    "successor": halves[0].id,
                    "old_parent": parent.id,
                }
            )
            r.links.append({"organization": source.id, "role": ReorganizationLink.Role.ENDED, "successor": halves[1].id})
            self._end(source, day or self.until, r, halves)
            source.busy = True
        # renames
        for org in grassroots:
            if org.busy or rng.random() > 0.03:
                continue
            for before, after in RENAMES:
                if before in org.name:
                    day = self._day_between(org.founded + dt.timedelta(days=1), min(self.until, D(2024, 12, 31)))
                    if day is None:
                        break
                    new_name = org.name.replace(before, after, 1)
                    r = self._reorg(ReorganizationKind.RENAME, day, f"Đổi tên {org.name}", issuer="Ban Thường vụ Huyện ủy")
                    r.links.append(
                        {
                            "organization": org.id,
                            "role": ReorganizationLink.Role.RENAMED,
                            "old_name": org.name,
                            "new_name": new_name,
                        }
                    )
                    org.names[-1][2] = day
                    org.names.append([new_name, day, None])
                    org.name = new_name
                    org.busy = True
                    break
        # moves to another district of the same province
        by_province: defaultdict[int, list[Org]] = defaultdict(list)
        for d in districts:
            by_province[d.province].append(d)
        for org in grassroots:
            if org.busy or rng.random() > 0.01 or len(by_province[org.province]) < 2:
                continue
            new_parent = rng.choice([d for d in by_province[org.province] if d.id != org.parent])
            day = self._day_between(org.founded + dt.timedelta(days=1), min(self.until, D(2024, 12, 31)))
            if day is None:
                continue
            r = self._reorg(ReorganizationKind.MOVE, day, f"Chuyển {org.name} về trực thuộc {new_parent.name}")
            r.links.append(
                {
                    "organization": org.id,
                    "role": ReorganizationLink.Role.MOVED,
                    "old_parent": org.parent,
                    "new_parent": new_parent.id,
                }
            )
            self._set_parent(org, new_parent, day, r)
            org.busy = True

    def _plan_province_merges(self, root: Org, provinces: list[Org], groups: list[list[int]]) -> None:
        for n, group in enumerate(groups):
            sources = [provinces[i] for i in group]
            first = sources[0]
            r = self._reorg(
                ReorganizationKind.MERGE, MERGE_DAY, f"Hợp nhất {', '.join(s.name for s in sources)}", issuer="Bộ Chính trị"
            )
            new = self._org(
                code=f"G-M{n:02d}",
                name=first.name,
                kind=OrganizationKind.PARTY_COMMITTEE,
                sector=Sector.OTHER,
                province=first.province,
                founded=MERGE_DAY,
                parent=root.id,
            )
            new.links[0][3] = r.id
            r.links.append(
                {"organization": new.id, "role": ReorganizationLink.Role.FOUNDED, "new_parent": root.id, "new_name": new.name}
            )
            for source in sources:
                for child_id in list(source.children):
                    child = self.orgs[child_id - 1]
                    r.links.append(
                        {
                            "organization": child.id,
                            "role": ReorganizationLink.Role.MOVED,
                            "old_parent": source.id,
                            "new_parent": new.id,
                        }
                    )
                    self._set_parent(child, new, MERGE_DAY, r)
                r.links.append(
                    {"organization": source.id, "role": ReorganizationLink.Role.ENDED, "successor": new.id, "old_parent": root.id}
                )
                r.links.append({"organization": new.id, "role": ReorganizationLink.Role.RECEIVED, "predecessor": source.id})
                self._end(source, MERGE_DAY, r, [new])

    def _plan_foundings(self) -> None:
        """A founding decision for each organization set up after the records begin and not by a merge or split
        (those have theirs). Numbered from a generator of their own, so the rest of the data is as before."""
        numbers = random.Random(f"{self.seed}-foundings")
        for org in list(self.orgs):
            if org.founded <= DATA_START or not org.links or org.links[0][3] is not None:
                continue
            parent_id = org.links[0][0]
            r = Reorg(
                id=len(self.reorgs) + 1,
                kind=ReorganizationKind.FOUND,
                on_date=org.founded,
                symbol=f"{numbers.randint(100, 2999)}-QĐ/ĐU",
                issuer=f"Ban Thường vụ {self.orgs[parent_id - 1].name}",
                title=f"Thành lập {org.names[0][0]}",
            )
            self.reorgs.append(r)
            org.links[0][3] = r.id
            r.links.append(
                {
                    "organization": org.id,
                    "role": ReorganizationLink.Role.FOUNDED,
                    "new_parent": parent_id,
                    "new_name": org.names[0][0],
                }
            )

    # ------------------------------------------------------------ derived tree rows

    def _topological(self) -> list[Org]:
        order: list[Org] = []
        indegree = {o.id: len({link[0] for link in o.links}) for o in self.orgs}
        kids: defaultdict[int, set[int]] = defaultdict(set)
        for o in self.orgs:
            for link in o.links:
                kids[link[0]].add(o.id)
        ready = sorted(i for i, d in indegree.items() if d == 0)
        while ready:
            node = ready.pop()
            order.append(self.orgs[node - 1])
            for k in sorted(kids[node], reverse=True):
                indegree[k] -= 1
                if indegree[k] == 0:
                    ready.append(k)
        return order

    def tree_paths(self) -> Iterator[tuple[int, int, int, dt.date, dt.date | None]]:
        """The dated closure, computed as ``apps.organizations.tree`` computes it."""
        known: dict[int, list[tuple[int, int, dt.date, dt.date | None]]] = {}
        for org in self._topological():
            mine = [(org.id, 0, org.founded, org.ended)]
            for parent_id, vf, vt, _r in org.links:
                for anc, depth, af, at in known[parent_id]:
                    start = max(vf, af)
                    ends = [e for e in (vt, at) if e is not None]
                    end = min(ends) if ends else None
                    if end is None or end > start:
                        mine.append((anc, depth + 1, start, end))
            known[org.id] = mine
            for anc, depth, start, end in mine:
                yield anc, org.id, depth, start, end

    def scope_paths(self) -> Iterator[tuple[int, int, int]]:
        """Now: the current parent; an ended organization sits under its first successor, else its last parent."""
        up: dict[int, int | None] = {}
        for org in self.orgs:
            last = max(org.links, key=lambda link: link[1])[0] if org.links else None
            up[org.id] = org.successors[0] if org.ended is not None and org.successors else last
        for org in self.orgs:
            node: int | None = org.id
            depth = 0
            seen: set[int] = set()
            while node is not None and node not in seen:
                seen.add(node)
                yield node, org.id, depth
                node = up[node]
                depth += 1

    # ------------------------------------------------------------ writing

    def write_tree(self) -> None:
        t_org = Table(
            Organization,
            ["id", "code", "name", "name_folded", "sort_key", "kind", "host_body", "sector", "founded_on", "ended_on"],
        )
        t_name = Table(OrganizationName, ["id", "organization_id", "name", "valid_from", "valid_to"])
        t_reorg = Table(
            Reorganization,
            ["id", "kind", "effective_on", "decision_symbol", "decision_date", "decision_issuer", "title", "actor_label"],
        )
        t_link = Table(ParentLink, ["id", "child_id", "parent_id", "valid_from", "valid_to", "reorganization_id"])
        for o in self.orgs:
            t_org.add((o.id, o.code, o.name, fold(o.name), sort_key(o.name), o.kind, "", o.sector, o.founded, o.ended))
        t_org.flush()
        name_id = link_id = 0
        for o in self.orgs:
            for name, vf, vt in o.names:
                name_id += 1
                t_name.add((name_id, o.id, name, vf, vt))
        for r in self.reorgs:
            t_reorg.add((r.id, r.kind, r.on_date, r.symbol, r.on_date, r.issuer, r.title, ACTOR))
        t_reorg.flush()
        for o in self.orgs:
            for parent_id, vf, vt, reorg_id in o.links:
                link_id += 1
                t_link.add((link_id, o.id, parent_id, vf, vt, reorg_id))
        t_tree = Table(
            TreePath, ["id", "ancestor_id", "descendant_id", "depth", "valid_from", "valid_to"], batch=100_000, trusted=True
        )
        for n, row in enumerate(self.tree_paths(), start=1):
            t_tree.add((n, *row))
            anc, desc, _depth, vf, vt = row
            self.paths[desc].append((anc, vf.toordinal(), vt.toordinal() if vt else None))
        t_scope = Table(ScopePath, ["id", "ancestor_id", "descendant_id", "depth"], batch=100_000, trusted=True)
        for n, scope_row in enumerate(self.scope_paths(), start=1):
            t_scope.add((n, *scope_row))
        for t in (t_name, t_link, t_tree, t_scope):
            t.flush()

    def write_reorganization_links(self) -> None:
        t = Table(
            ReorganizationLink,
            [
                "id",
                "reorganization_id",
                "organization_id",
                "role",
                "predecessor_id",
                "successor_id",
                "old_parent_id",
                "new_parent_id",
                "old_name",
                "new_name",
                "members_moved",
            ],
        )
        moved: defaultdict[tuple[int, int], dict[int, int]] = defaultdict(dict)
        for (reorg_id, source, successor), n in self.moved.items():
            moved[(reorg_id, source)][successor] = n
        n = 0
        for r in self.reorgs:
            for link in r.links:
                n += 1
                count = 0
                if "moved" in link:
                    source, successor = link["moved"]
                    by_successor = moved.get((r.id, source), {})
                    count = sum(by_successor.values()) if successor is None else by_successor.get(successor, 0)
                t.add(
                    (
                        n,
                        r.id,
                        link["organization"],
                        link["role"],
                        link.get("predecessor"),
                        link.get("successor"),
                        link.get("old_parent"),
                        link.get("new_parent"),
                        link.get("old_name", ""),
                        link.get("new_name", ""),
                        count,
                    )
                )
        t.flush()

    def write_people(self, progress: Callable[[int], None] | None = None) -> None:
        rng = self.rng
        until = self.until
        u_ord = until.toordinal()
        ds_ord = DATA_START.toordinal()
        leaves = [o for o in self.orgs if o.kind in (OrganizationKind.GRASSROOTS_CELL, OrganizationKind.ATTACHED_CELL)]
        stable = [o for o in leaves if o.founded == DATA_START and o.ended is None] or leaves
        weights = [rng.lognormvariate(0, 0.5) for _ in leaves]
        cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        by_province: defaultdict[int, list[Org]] = defaultdict(list)
        for o in leaves:
            by_province[o.province].append(o)

        def pick(day: dt.date, province: int | None = None) -> Org:
            for _ in range(20):
                if province is not None:
                    org = rng.choice(by_province[province])
                else:
                    org = leaves[bisect.bisect_left(cum, rng.random() * total)]
                if org.alive(day):
                    return org
            return rng.choice(stable)

        iso: dict[int, str] = {}

        def day_text(ordinal: int) -> str:
            text = iso.get(ordinal)
            if text is None:
                text = iso[ordinal] = D.fromordinal(ordinal).isoformat()
            return text

        paths = self.paths
        deltas = self.deltas

        def contribute(org_id: int, start: int, end: int | None) -> None:
            """What a membership [start, end) adds to the member counts of the organization's ancestors."""
            for anc, vf, vt in paths[org_id]:
                s = start if start > vf else vf
                e = end if vt is None else vt if end is None else min(end, vt)
                if e is None or e > s:
                    deltas[(anc << 20) | s] += 1
                    if e is not None:
                        deltas[(anc << 20) | e] -= 1

        names: dict[tuple[str, str, str], tuple[str, str]] = {}
        ids = people.CitizenIds()
        hometowns = {p: f"{PROVINCES[PROVINCE_ORDER[p % len(PROVINCE_ORDER)]]}" for p in by_province}
        t_person = Table(
            Person,
            [
                "id",
                "family_name",
                "middle_name",
                "given_name",
                "name_folded",
                "sort_key",
                "birth_date",
                "gender",
                "ethnicity",
                "religion",
                "hometown",
                "citizen_id",
                "education_level",
                "theory_level",
                "admission_date",
                "full_member_date",
                "card_number",
                "organization_id",
            ],
            batch=10**9,  # flushed together below, persons first
            trusted=True,
        )
        t_member = Table(
            Membership,
            [
                "id",
                "person_id",
                "organization_id",
                "kind",
                "valid_from",
                "valid_to",
                "start_reason",
                "end_reason",
                "destination",
                "reorganization_id",
            ],
            batch=10**9,  # flushed together below, persons first
            trusted=True,
        )
        mid = 0
        permanent = MembershipKind.PERMANENT.value
        for pid in range(1, self.members + 1):
            gender = "M" if rng.random() < 0.62 else "F"
            adm = u_ord - 1 - int(min(rng.expovariate(1 / 14.0), 55.0) * 365.25)
            birth = adm - int(rng.triangular(18.3, 45.0, 24.0) * 365.25)
            start = max(adm, ds_ord)
            first = pick(D.fromordinal(start))
            code = people.PROVINCE_CODES[PROVINCE_ORDER[first.province % len(PROVINCE_ORDER)]]
            ethnicity = people.draw_ethnicity(
                rng, khmer=0.25 if code in KHMER_PROVINCES else 0.003, hoa=0.06 if code in HOA_PROVINCES else 0.003
            )
            name = people.draw_name(rng, gender, ethnicity)
            key = (name.family, name.middle, name.given)
            derived = names.get(key)
            if derived is None:
                derived = names[key] = (fold(" ".join(p for p in key if p)), person_sort_key(*key))
            adm_date = D.fromordinal(adm)
            full = add_months(adm_date, 12) + dt.timedelta(days=rng.randint(0, 60))
            full_text = full.isoformat() if full <= until else None
            # how the membership ends, if it does
            age = (u_ord - birth) / 365.25
            r = rng.random()
            end: int | None = None
            end_reason = ""
            if (age > 78 and r < 0.5) or (age > 68 and r < 0.12):
                end = (
                    rng.randint(max(start + 30, birth + int(68 * 365.25)), u_ord)
                    if max(start + 30, birth + int(68 * 365.25)) < u_ord
                    else None
                )
                end_reason = EndReason.DECEASED.value if end else ""
            elif r > 0.93 and start + 60 < u_ord:
                end = rng.randint(start + 30, u_ord)
                end_reason = EndReason.TRANSFERRED_OUT.value
            last = end or u_ord
            x = rng.random()
            moves = 2 if x < 0.05 else 1 if x < 0.25 else 0
            transfers = sorted({rng.randint(start + 1, last - 1) for _ in range(moves)}) if last - start > 2 else []
            org = first
            seg_start = start
            start_reason = StartReason.IMPORTED.value if adm < ds_ord else StartReason.ADMITTED.value
            reorg_id: int | None = None
            for t in [*transfers, None]:
                seg_end = t if t is not None else end
                # follow the organization through its reorganizations
                while org.ended is not None and (seg_end is None or org.ended.toordinal() < seg_end):
                    e = org.ended.toordinal()
                    mid += 1
                    t_member.add(
                        (
                            mid,
                            pid,
                            org.id,
                            permanent,
                            day_text(seg_start),
                            day_text(e),
                            start_reason,
                            EndReason.REORGANIZED.value,
                            "",
                            reorg_id,
                        )
                    )
                    contribute(org.id, seg_start, e)
                    successor = org.successors[pid % len(org.successors)]
                    self.moved[(org.end_reorg or 0, org.id, successor)] += 1
                    reorg_id = org.end_reorg
                    start_reason = StartReason.REORGANIZED.value
                    seg_start = e
                    org = self.orgs[successor - 1]
                mid += 1
                if t is None:
                    t_member.add(
                        (
                            mid,
                            pid,
                            org.id,
                            permanent,
                            day_text(seg_start),
                            day_text(end) if end else None,
                            start_reason,
                            end_reason,
                            "Đảng bộ nơi cư trú" if end_reason == EndReason.TRANSFERRED_OUT else "",
                            reorg_id,
                        )
                    )
                    contribute(org.id, seg_start, end)
                else:
                    t_member.add(
                        (
                            mid,
                            pid,
                            org.id,
                            permanent,
                            day_text(seg_start),
                            day_text(t),
                            start_reason,
                            EndReason.TRANSFERRED.value,
                            "",
                            reorg_id,
                        )
                    )
                    contribute(org.id, seg_start, t)
                    day = D.fromordinal(t)
                    target = pick(day, org.province if rng.random() < 0.8 else None)
                    if target.id == org.id:
                        target = pick(day)
                    org = target if target.id != org.id else org
                    seg_start = t
                    start_reason = StartReason.TRANSFERRED.value
                    reorg_id = None
            t_person.add(
                (
                    pid,
                    name.family,
                    name.middle,
                    name.given,
                    derived[0],
                    derived[1],
                    day_text(birth),
                    gender,
                    name.ethnicity,
                    name.religion,
                    hometowns[first.province],
                    ids.make(code, D.fromordinal(birth), gender),
                    people.EDUCATION.draw(rng),
                    people.THEORY.draw(rng),
                    day_text(adm),
                    full_text,
                    f"{10_000_000 + pid}" if full_text else "",
                    org.id,
                )
            )
            if pid % 50_000 == 0:
                t_person.flush()
                t_member.flush()
                if progress:
                    progress(pid)
        t_person.flush()
        t_member.flush()

    def write_counts(self) -> None:
        """The member-count deltas and checkpoints, as ``counts.rebuild()`` and ``counts.ensure_checkpoints()``
        would compute them."""
        mask = (1 << 20) - 1
        keys = sorted(k for k, v in self.deltas.items() if v)
        if not keys:
            return
        per_day = Counter(k & mask for k in keys)
        monthly: Counter[tuple[int, int]] = Counter()
        for ordinal, n in per_day.items():
            month = D.fromordinal(ordinal)
            monthly[(month.year, month.month)] += n
        dates = counts.plan_checkpoint_dates(monthly)
        MemberCountCheckpointDate.objects.bulk_create([MemberCountCheckpointDate(on_date=d) for d in dates])
        stops = [d.toordinal() for d in dates]
        t_delta = Table(MemberCountDelta, ["id", "node_id", "on_date", "delta"], batch=200_000, trusted=True)
        t_cp = Table(MemberCountCheckpoint, ["id", "node_id", "on_date", "members"], batch=200_000, trusted=True)
        iso: dict[int, str] = {}
        for o in stops:
            iso[o] = D.fromordinal(o).isoformat()
        cp_id = 0
        node = -1
        running = 0
        nxt = 0

        def close_checkpoints(node: int, until: int | None) -> int:
            """Write the node's checkpoints before ``until`` (all when None); answer the next one's index."""
            nonlocal cp_id
            i = nxt
            while i < len(stops) and (until is None or stops[i] < until):
                if running:
                    cp_id += 1
                    t_cp.add((cp_id, node, iso[stops[i]], running))
                i += 1
            return i

        for n, key in enumerate(keys, start=1):
            key_node, day = key >> 20, key & mask
            if key_node != node:
                if node >= 0:
                    close_checkpoints(node, None)
                node, running, nxt = key_node, 0, 0
            nxt = close_checkpoints(node, day)
            delta = self.deltas[key]
            running += delta
            text = iso.get(day)
            if text is None:
                text = iso[day] = D.fromordinal(day).isoformat()
            t_delta.add((n, node, text, delta))
        close_checkpoints(node, None)
        t_delta.flush()
        t_cp.flush()

    def run(self, log: Callable[[str], None] = print) -> dict[str, float]:
        timings: dict[str, float] = {}
        t0 = time.monotonic()

        def lap(label: str) -> None:
            nonlocal t0
            now = time.monotonic()
            timings[label] = now - t0
            log(f"{label}: {now - t0:.1f} s")
            t0 = now

        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET synchronous_commit = off")
                cur.execute("SET work_mem = '256MB'")
                cur.execute("SET maintenance_work_mem = '512MB'")
        tables = [
            Organization,
            OrganizationName,
            ParentLink,
            Reorganization,
            ReorganizationLink,
            TreePath,
            ScopePath,
            Person,
            Membership,
            MemberCountDelta,
            MemberCountCheckpoint,
            MemberFlowDelta,
            MemberFlowMonth,
        ]
        self.plan_tree()
        with indexes_deferred(tables), copy_in_background():
            self.write_tree()
            lap(f"organizations ({len(self.orgs)}), history ({len(self.reorgs)} reorganizations), tree paths")
            self.write_people(progress=lambda n: log(f"  {n} members"))
            self.write_reorganization_links()
            lap(f"members ({self.members}) and memberships")
            self.write_counts()
            lap("member counts (deltas and yearly checkpoints)")
        lap("last rows written, indexes and foreign keys restored")
        # set-based, from the memberships and closure rows now all written (flows.rebuild(), as the services keep it)
        flows.rebuild()
        lap("member flows (days and months)")
        org_counts.rebuild()
        lap("organization counts (by kind and sector)")
        reset_sequences(tables)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                # VACUUM sets the visibility map, so counts read indexes only; it cannot run in a transaction
                cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            lap("vacuum analyze")
        with audit.service_scope():
            audit.record(
                actor=ACTOR,
                event_type="data.generated",
                organization_id=None,
                target_type="",
                after={"members": self.members, "organizations": len(self.orgs), "seed": self.seed, "until": self.until},
                note="manage.py generate_data",
            )
        return timings


def data_digest() -> str:
    """A digest of the generated rows (ids included, times of writing excluded): same seed, same digest."""
    h = hashlib.sha256()
    queries: list[tuple[Any, list[str]]] = [
        (Organization, ["id", "code", "name", "kind", "sector", "founded_on", "ended_on"]),
        (OrganizationName, ["organization_id", "name", "valid_from", "valid_to"]),
        (ParentLink, ["child_id", "parent_id", "valid_from", "valid_to", "reorganization_id"]),
        (Reorganization, ["id", "kind", "effective_on", "decision_symbol", "title"]),
        (ReorganizationLink, ["reorganization_id", "organization_id", "role", "predecessor_id", "successor_id", "members_moved"]),
        (
            Person,
            [
                "id",
                "family_name",
                "middle_name",
                "given_name",
                "birth_date",
                "gender",
                "ethnicity",
                "religion",
                "citizen_id",
                "admission_date",
                "full_member_date",
                "card_number",
                "organization_id",
            ],
        ),
        (
            Membership,
            ["person_id", "organization_id", "valid_from", "valid_to", "start_reason", "end_reason", "reorganization_id"],
        ),
    ]
    for model, fields in queries:
        h.update(model._meta.label.encode())
        for row in model.objects.order_by("id").values_list(*fields).iterator(chunk_size=20_000):
            h.update(repr(tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row)).encode())
    return h.hexdigest()

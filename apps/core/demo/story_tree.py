"""The demo's organizations over time: founded, renamed, merged, split, dissolved."""

from __future__ import annotations

import datetime as dt

from apps.core.demo.story_base import MEMBERS, PLANNED_ENDS, POSTS_END, REORGANIZE
from apps.core.demo.story_members import MembersStory
from apps.core.demo.story_orgs import (
    AGENCIES,
    AGENCIES_BLOC,
    AGENCIES_FOUNDED,
    CAN_THO,
    CAN_THO_DAY,
    DEPARTMENTS_DAY,
    ENTERPRISES,
    ENTERPRISES_BLOC,
    ENTERPRISES_FOUNDED,
    ISSUER_AGENCIES,
    ISSUER_MERGED,
    ISSUER_PEOPLES,
    ISSUER_PROVINCE,
    MERGED,
    MERGER_DAY,
    PARTY_BODIES,
    PEOPLES_COMMITTEE,
    PRIVATE,
    ROOT,
    SPLIT_DAY,
    TO_PARTY_BODIES,
    Cell,
)
from apps.organizations import services as orgs
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.models import Organization
from apps.organizations.services import Decision, NewOrganization

D = dt.date


class TreeStory(MembersStory):
    def plan_tree(self) -> None:
        self.found(ROOT, "Đảng bộ tỉnh Sóc Trăng", OrganizationKind.PARTY_COMMITTEE, Sector.OTHER, None, D(1992, 4, 1))
        for code, name, day, cells in (
            (AGENCIES_BLOC, "Đảng bộ Khối Các cơ quan tỉnh", AGENCIES_FOUNDED, AGENCIES),
            (ENTERPRISES_BLOC, "Đảng bộ Khối Doanh nghiệp tỉnh", ENTERPRISES_FOUNDED, ENTERPRISES),
        ):
            issuer = ISSUER_AGENCIES if code == AGENCIES_BLOC else "Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh"
            self.found(code, name, OrganizationKind.PARTY_COMMITTEE, Sector.OTHER, ROOT, day, Decision(issuer=ISSUER_PROVINCE))
            for cell in cells:
                self.plan_cell(cell, code, cell.founded or day, issuer)
        for code, day, size in (
            ("CB-CDC", D(2018, 10, 1), 10),
            ("CB-VPCCQDN", D(2019, 7, 15), 6),
            ("DB-BVDK-1A", D(2021, 3, 1), 6),
            ("DB-BVDK-1B", D(2021, 3, 1), 6),
            ("CB-STC-2025", DEPARTMENTS_DAY, 3),
            ("CB-SNV-2025", DEPARTMENTS_DAY, 3),
        ):
            self.life[code] = (day, None)
            self.leaves.append(code)
            self.plan_members(code, day, size, cohort=False)
        for cell, day, _symbol in PRIVATE:
            self.life[cell.code] = (day, None)
            self.leaves.append(cell.code)
            self.plan_members(cell.code, day, cell.size, cohort=True)

    def plan_cell(self, cell: Cell, parent: str, day: dt.date, issuer: str) -> None:
        self.found(cell.code, cell.name, cell.kind, cell.sector, parent, day, Decision(issuer=issuer))
        # the planned end is known now, so that members are placed where they can be
        self.life[cell.code] = (day, PLANNED_ENDS.get(cell.code))
        if cell.size:
            self.leaves.append(cell.code)
            self.plan_members(cell.code, day, cell.size, cohort=True)
        for sub in cell.cells:
            self.plan_cell(sub, cell.code, day, issuer)

    def plan_reorganizations(self) -> None:
        o = self.orgs
        self.at(
            D(2016, 3, 1),
            REORGANIZE,
            lambda: orgs.organization_rename(
                actor=None,
                organization=o["CB-DPTTH"],
                new_name="Chi bộ Đài Phát thanh - Truyền hình Sóc Trăng",
                on_date=D(2016, 3, 1),
                decision=Decision("87-QĐ/ĐUK", D(2016, 2, 19), ISSUER_AGENCIES),
            ),
        )
        self.at(
            D(2018, 10, 1),
            REORGANIZE,
            lambda: self.merge(
                ["CB-TTYTDP", "CB-TTHIV"],
                NewOrganization(
                    "CB-CDC",
                    "Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh",
                    OrganizationKind.GRASSROOTS_CELL,
                    sector=Sector.PUBLIC_SERVICE_UNIT,
                ),
                D(2018, 10, 1),
                AGENCIES_BLOC,
                Decision(
                    "312-QĐ/ĐUK",
                    D(2018, 9, 24),
                    ISSUER_AGENCIES,
                    "Hợp nhất hai chi bộ thành Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh",
                ),
            ),
        )
        self.at(
            D(2019, 1, 1),
            REORGANIZE,
            lambda: orgs.organization_rename(
                actor=None,
                organization=o["DB-BVDK-1"],
                new_name="Chi bộ Khoa Nội tổng hợp",
                on_date=D(2019, 1, 1),
                decision=Decision("140-QĐ/ĐUK", D(2018, 12, 20), ISSUER_AGENCIES),
            ),
        )
        self.at(MERGER_DAY, POSTS_END, lambda: self.end_posts([AGENCIES_BLOC, ENTERPRISES_BLOC], MERGER_DAY))
        self.at(
            MERGER_DAY,
            REORGANIZE,
            lambda: self.merge(
                [AGENCIES_BLOC, ENTERPRISES_BLOC],
                NewOrganization(MERGED, "Đảng bộ Các cơ quan và Doanh nghiệp tỉnh Sóc Trăng", OrganizationKind.PARTY_COMMITTEE),
                MERGER_DAY,
                ROOT,
                Decision(
                    "1628-QĐ/TU",
                    MERGER_DAY,
                    ISSUER_PROVINCE,
                    "Hợp nhất Đảng bộ Khối Các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh thành Đảng bộ Các cơ quan và Doanh nghiệp tỉnh",
                ),
            ),
        )
        self.at(
            D(2019, 7, 15),
            REORGANIZE,
            lambda: self.merge(
                ["CB-VPKCQ", "CB-VPKDN"],
                NewOrganization(
                    "CB-VPCCQDN",
                    "Chi bộ Cơ quan Đảng ủy Các cơ quan và Doanh nghiệp tỉnh",
                    OrganizationKind.GRASSROOTS_CELL,
                    sector=Sector.PARTY_AGENCY,
                ),
                D(2019, 7, 15),
                MERGED,
                Decision("05-QĐ/ĐU", D(2019, 7, 10), ISSUER_MERGED),
            ),
        )
        for cell, day, symbol in PRIVATE:
            self.found(
                cell.code,
                cell.name,
                OrganizationKind.GRASSROOTS_CELL,
                cell.sector,
                MERGED,
                day,
                Decision(
                    symbol,
                    day,
                    ISSUER_MERGED,
                    f"Thành lập {cell.name} (thực hiện Chỉ thị 33-CT/TW ngày 18-3-2019 của Ban Bí thư)",
                ),
            )
        self.at(D(2021, 3, 1), POSTS_END, lambda: self.end_posts(["DB-BVDK-1"], D(2021, 3, 1)))
        self.at(
            D(2021, 3, 1),
            REORGANIZE,
            lambda: self.split(
                "DB-BVDK-1",
                [
                    NewOrganization(
                        "DB-BVDK-1A",
                        "Chi bộ Khoa Nội tổng hợp",
                        OrganizationKind.ATTACHED_CELL,
                        sector=Sector.PUBLIC_SERVICE_UNIT,
                    ),
                    NewOrganization(
                        "DB-BVDK-1B",
                        "Chi bộ Khoa Nội tim mạch - Lão học",
                        OrganizationKind.ATTACHED_CELL,
                        sector=Sector.PUBLIC_SERVICE_UNIT,
                    ),
                ],
                D(2021, 3, 1),
                Decision("45-QĐ/ĐU", D(2021, 2, 22), ISSUER_MERGED),
            ),
        )
        # the urban works company was divested: its members moved to where they live, then its cell was dissolved
        self.at(
            D(2021, 5, 31),
            MEMBERS,
            lambda: self.transfer_all_out("CB-CTDT", D(2021, 5, 31), "Đảng bộ phường 2, thành phố Sóc Trăng"),
        )
        self.at(D(2021, 6, 1), POSTS_END, lambda: self.end_posts(["CB-CTDT"], D(2021, 6, 1)))
        self.at(
            D(2021, 6, 1),
            REORGANIZE,
            lambda: orgs.organization_dissolve(
                actor=None,
                organization=o["CB-CTDT"],
                on_date=D(2021, 6, 1),
                decision=Decision("260-QĐ/ĐU", D(2021, 5, 25), ISSUER_MERGED),
            ),
        )
        # 2025: the committee ends, split into the Party bodies' committee and the People's Committee's
        self.at(SPLIT_DAY, POSTS_END, lambda: self.end_posts([MERGED], SPLIT_DAY))
        self.at(SPLIT_DAY, REORGANIZE, self.split_2025)
        self.at(
            DEPARTMENTS_DAY,
            POSTS_END,
            lambda: self.end_posts(["CB-STC", "CB-SKHDT", "CB-STTTT", "CB-SNV", "CB-SLDTBXH", "CB-STNMT"], DEPARTMENTS_DAY),
        )
        self.at(DEPARTMENTS_DAY, REORGANIZE, self.departments_2025)
        self.at(CAN_THO_DAY, REORGANIZE, self.can_tho)

    def split_2025(self) -> None:
        merged = self.orgs[MERGED]
        children = Organization.objects.filter(parent_links__parent=merged, parent_links__valid_to__isnull=True)
        self.split(
            MERGED,
            [
                NewOrganization(PARTY_BODIES, "Đảng bộ các cơ quan Đảng tỉnh", OrganizationKind.PARTY_COMMITTEE),
                NewOrganization(PEOPLES_COMMITTEE, "Đảng bộ Ủy ban nhân dân tỉnh", OrganizationKind.PARTY_COMMITTEE),
            ],
            SPLIT_DAY,
            Decision(
                "2268-QĐ/TU",
                D(2025, 1, 31),
                ISSUER_PROVINCE,
                "Kết thúc hoạt động Đảng bộ Các cơ quan và Doanh nghiệp tỉnh; thành lập Đảng bộ các cơ quan Đảng tỉnh "
                "và Đảng bộ Ủy ban nhân dân tỉnh",
            ),
            child_assignment={c.id: 0 if c.code in TO_PARTY_BODIES else 1 for c in children},
        )

    def departments_2025(self) -> None:
        day = DEPARTMENTS_DAY
        self.merge(
            ["CB-STC", "CB-SKHDT"],
            NewOrganization("CB-STC-2025", "Chi bộ Sở Tài chính", OrganizationKind.GRASSROOTS_CELL, sector=Sector.STATE_AGENCY),
            day,
            PEOPLES_COMMITTEE,
            Decision(
                self.decision(day, "QĐ/ĐU"),
                D(2025, 2, 27),
                ISSUER_PEOPLES,
                "Hợp nhất Chi bộ Sở Tài chính và Chi bộ Sở Kế hoạch và Đầu tư",
            ),
        )
        self.merge(
            ["CB-SNV", "CB-SLDTBXH"],
            NewOrganization("CB-SNV-2025", "Chi bộ Sở Nội vụ", OrganizationKind.GRASSROOTS_CELL, sector=Sector.STATE_AGENCY),
            day,
            PEOPLES_COMMITTEE,
            Decision(
                self.decision(day, "QĐ/ĐU"),
                D(2025, 2, 27),
                ISSUER_PEOPLES,
                "Hợp nhất Chi bộ Sở Nội vụ và Chi bộ Sở Lao động - Thương binh và Xã hội",
            ),
        )
        self.merge(["CB-STTTT"], "CB-SKHCN", day, None, Decision(self.decision(day, "QĐ/ĐU"), D(2025, 2, 27), ISSUER_PEOPLES))
        # the environment department's cell becomes a cell of the agriculture department's committee
        self.merge(["CB-STNMT"], "DB-SNN-1", day, None, Decision(self.decision(day, "QĐ/ĐU"), D(2025, 2, 27), ISSUER_PEOPLES))
        for code, name in (
            ("DB-SNN", "Đảng bộ Sở Nông nghiệp và Môi trường"),
            ("DB-SNN-1", "Chi bộ Văn phòng Sở và lĩnh vực Môi trường"),
        ):
            self.orgs[code] = orgs.organization_rename(
                actor=None,
                organization=Organization.objects.get(code=code),
                new_name=name,
                on_date=day,
                decision=Decision(self.decision(day, "QĐ/ĐU"), D(2025, 2, 27), ISSUER_PEOPLES),
            )

    def can_tho(self) -> None:
        decision = Decision(
            "319-QĐ/TW",
            D(2025, 6, 30),
            "Bộ Chính trị",
            "Hợp nhất Đảng bộ tỉnh Sóc Trăng, Đảng bộ tỉnh Hậu Giang và Đảng bộ thành phố Cần Thơ thành Đảng bộ thành phố Cần Thơ",
        )
        self.orgs[CAN_THO] = orgs.organization_found(
            actor=None,
            code=CAN_THO,
            name="Đảng bộ thành phố Cần Thơ",
            kind=OrganizationKind.PARTY_COMMITTEE,
            parent=None,
            on_date=CAN_THO_DAY,
            decision=decision,
        )
        self.merge([ROOT], CAN_THO, CAN_THO_DAY, None, decision)

"""A small portal for the portal's tests, built through the services::

    R (the committee whose portal it is): "Tin tức - Sự kiện" > "Hoạt động của Đảng bộ"; "Xây dựng Đảng"
    B (another committee beside it): its own category "Tin Đảng bộ B"

Users: ``editor`` (editor on R), ``chief`` (editor-in-chief on R), ``other_chief`` (editor-in-chief on B),
``propaganda`` (propaganda board on R: writes, does not publish), ``nobody`` (no role).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from apps.accounts.choices import Role
from apps.core.testing import make_org, make_user
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization
from apps.portal import services
from apps.portal.dateline import VIETNAM
from apps.portal.models import Article, Category

D = dt.date
#: the seed's date line: Thứ Năm, 30/07/2020 | 06:00 (GMT+7)
PUBLISHED = dt.datetime(2020, 7, 30, 6, 0, tzinfo=VIETNAM)

BODY = """Đại hội đại biểu Đảng bộ lần thứ VIII, nhiệm kỳ 2020 - 2025, khai mạc ngày 29-7-2020.

[[ảnh:{img}]]

**Phóng viên:** Đảng bộ được thành lập thế nào?

Đảng bộ được thành lập theo Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy; 9/10 chỉ tiêu đạt và vượt.

## Nhiệm kỳ mới

> Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng."""


@dataclass
class World:
    orgs: dict[str, Organization]
    users: dict[str, Any]
    categories: dict[str, Category]


def jpeg(width: int = 800, height: int = 450, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


def build() -> World:
    r = make_org(
        "R", name="Đảng bộ Các cơ quan và Doanh nghiệp tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1)
    )
    b = make_org("B", name="Đảng bộ Khối B", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    users = {
        "editor": make_user("bientap", role=Role.EDITOR, organization=r),
        "chief": make_user("tongbientap", role=Role.EDITOR_IN_CHIEF, organization=r),
        "other_chief": make_user("tongbientap_b", role=Role.EDITOR_IN_CHIEF, organization=b),
        "propaganda": make_user("tuyengiao", role=Role.PROPAGANDA, organization=r),
        "nobody": make_user("khongvaitro"),
    }
    news = services.category_create(actor=None, organization=r, name="Tin tức - Sự kiện", position=1)
    activity = services.category_create(actor=None, organization=r, name="Hoạt động của Đảng bộ", parent=news, position=1)
    building = services.category_create(actor=None, organization=r, name="Xây dựng Đảng", position=2)
    other = services.category_create(actor=None, organization=b, name="Tin Đảng bộ B")
    return World({"R": r, "B": b}, users, {"news": news, "activity": activity, "building": building, "other": other})


def published_article(
    world: World,
    title: str = "Phát huy vai trò nêu gương của cán bộ, đảng viên",
    *,
    category: str = "activity",
    when: dt.datetime = PUBLISHED,
    with_image: bool = True,
) -> Article:
    """An article written, illustrated, submitted and published at ``when`` through the services."""
    article = services.article_create(
        actor=None,
        category=world.categories[category],
        title=title,
        lead="Đại hội đánh giá kết quả nhiệm kỳ 2015 - 2020 và đề ra phương hướng nhiệm kỳ mới.",
        body="Nội dung tạm.",
        byline="QUANG BÌNH",
        source="Báo Sóc Trăng",
    )
    if with_image:
        image = services.image_add(
            actor=None,
            article=article,
            upload=jpeg(),
            caption="Đảng ủy quan tâm đổi mới công tác xây dựng Đảng.",
            credit="MỸ LINH",
            original_name="dai-hoi.jpg",
        )
        article = services.article_update(
            actor=None, article=article, expected_version=article.version, body=BODY.format(img=image.pk), cover=image
        )
    article = services.article_submit(actor=None, article=article)
    return services.article_publish(actor=None, article=article, publish_at=when)

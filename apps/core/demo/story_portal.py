"""The demo's news portal: the portal of the Party Committee of Provincial Agencies and Enterprises of Sóc Trăng,
with its categories, the article about its 8th Congress (29-7-2020, term 2020-2025) written in the project's own
words from the facts of the source article, its figures with captions, four related articles, comments (two
approved, one waiting for moderation) and, in the newsroom, a draft and an article waiting for review.

The facts kept: the committee formed on 27-6-2019 by merging the Agencies bloc committee and the Enterprises bloc
committee (Quyết định số 1628-QĐ/TU of the provincial Standing Committee), 9 of 10 targets met or exceeded, more
than 99% of members studied the resolutions, cell meetings per Hướng dẫn số 08-HD/BTCTU (7-8-2018), streamlining
per Nghị quyết số 18-NQ/TW and Đề án số 08-ĐA/TU (24-8-2018), 2 Party organizations set up in private enterprises
against a target of 3 under Chỉ thị số 33-CT/TW (18-3-2019). The figures are plain banners drawn at demo time;
the comments, the related articles' dates and their wording are illustrative.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from apps.core.demo.story_orgs import MERGED
from apps.organizations.models import Organization
from apps.portal import images, services
from apps.portal.models import Article, ArticleImage

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CONGRESS_ARTICLE = "Phát huy vai trò nêu gương, đổi mới, sáng tạo để hoàn thành tốt nhiệm vụ chính trị"

LEAD = (
    "Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII, nhiệm kỳ 2020 - 2025, khai mạc ngày "
    "29-7-2020, nhìn lại việc thực hiện Nghị quyết Đại hội nhiệm kỳ 2015 - 2020 và bàn phương hướng cho 5 năm tới. "
    "Nhân dịp này, đồng chí Bí thư Đảng ủy trao đổi về những việc Đảng bộ đã làm được và những việc phải làm tiếp."
)

BODY = """**Phóng viên:** Đảng bộ mới được hình thành từ hai Đảng bộ Khối. Xin đồng chí cho biết những kết quả chính của nhiệm kỳ vừa qua?

**Bí thư Đảng ủy:** Theo Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy, hai Đảng bộ Khối các cơ quan và Khối doanh nghiệp tỉnh được hợp nhất thành Đảng bộ Các cơ quan và Doanh nghiệp tỉnh. Thời gian chuẩn bị không dài, nhưng Đảng bộ đã sớm ổn định tổ chức, xây dựng quy chế làm việc mới và giữ nhịp lãnh đạo ở tất cả các tổ chức cơ sở đảng. Kết thúc nhiệm kỳ 2015 - 2020, Đảng bộ thực hiện đạt và vượt 9 trên 10 chỉ tiêu mà Nghị quyết Đại hội đề ra.

[[ảnh:{hall}]]

Công tác giáo dục chính trị tư tưởng được đổi mới cả nội dung lẫn cách làm: hơn 99% đảng viên tham gia học tập, quán triệt các nghị quyết, chỉ thị của Đảng; đội ngũ báo cáo viên, tuyên truyền viên được kiện toàn. Sinh hoạt chi bộ đi vào nền nếp, nội dung và quy trình theo Hướng dẫn số 08-HD/BTCTU, ngày 7-8-2018 của Ban Tổ chức Tỉnh ủy.

## Kiểm tra, giám sát và sắp xếp bộ máy

Các cấp ủy và ủy ban kiểm tra trong Đảng bộ triển khai kế hoạch kiểm tra, giám sát có trọng tâm; đơn thư tố cáo đảng viên và khiếu nại kỷ luật đảng được giải quyết đúng thời hạn, đúng quy định.

**Phóng viên:** Việc sắp xếp tổ chức bộ máy tinh gọn được Đảng bộ triển khai ra sao?

**Bí thư Đảng ủy:** Đảng ủy chỉ đạo cấp ủy cơ sở phối hợp với thủ trưởng các cơ quan, đơn vị, doanh nghiệp thực hiện Nghị quyết số 18-NQ/TW của Hội nghị Trung ương 6 khóa XII và Đề án số 08-ĐA/TU, ngày 24-8-2018 của Tỉnh ủy về đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tỉnh.

[[ảnh:{meeting}]]

Ở khu vực kinh tế tư nhân, Đảng ủy lập Ban Chỉ đạo để triển khai Chỉ thị số 33-CT/TW, ngày 18-3-2019 của Ban Bí thư. Trong nhiệm kỳ đã thành lập được 2 tổ chức đảng trong doanh nghiệp tư nhân, chưa đạt chỉ tiêu 3 tổ chức đảng mà Nghị quyết Đại hội đặt ra; đây là việc Đảng bộ tiếp tục làm trong nhiệm kỳ mới.

## Mục tiêu nhiệm kỳ 2020 - 2025

**Phóng viên:** Đảng bộ đặt ra mục tiêu gì cho nhiệm kỳ 2020 - 2025?

> Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ cán bộ, đảng viên; phát huy vai trò hạt nhân chính trị của tổ chức đảng và tính tiên phong, gương mẫu của cán bộ, đảng viên.

**Bí thư Đảng ủy:** Để đạt mục tiêu đó, Đảng ủy tập trung vào công tác giáo dục chính trị tư tưởng, tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; tăng cường kiểm tra tổ chức đảng cấp dưới và đảng viên; phát huy vai trò nêu gương của người đứng đầu; và tạo điều kiện để Đoàn Thanh niên cùng các đoàn thể vận động quần chúng, phát động các phong trào thi đua trong cơ quan, đơn vị và doanh nghiệp.

[[ảnh:{youth}]]

**Phóng viên:** Xin cảm ơn đồng chí!"""

RELATED = [
    (
        "Khai mạc Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII",
        dt.datetime(2020, 7, 29, 15, 30, tzinfo=VN),
        "Sáng 29-7-2020, Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII, nhiệm kỳ 2020 - 2025 "
        "khai mạc với sự tham dự của các đại biểu đại diện cho đảng viên trong toàn Đảng bộ.",
        "Đại hội tổng kết việc thực hiện Nghị quyết Đại hội nhiệm kỳ 2015 - 2020, thảo luận dự thảo văn kiện và bầu "
        "Ban Chấp hành Đảng bộ nhiệm kỳ 2020 - 2025.",
        "BAN BIÊN TẬP",
    ),
    (
        "Một năm sau hợp nhất: Đảng bộ ổn định tổ chức, giữ nền nếp sinh hoạt",
        dt.datetime(2020, 6, 26, 8, 0, tzinfo=VN),
        "Tròn một năm thực hiện Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy, các tổ chức cơ "
        "sở đảng thuộc Đảng bộ Các cơ quan và Doanh nghiệp tỉnh đã đi vào hoạt động ổn định.",
        "Sau hợp nhất, Đảng ủy sớm ban hành quy chế làm việc, phân công cấp ủy viên phụ trách cơ sở và duy trì sinh "
        "hoạt chi bộ định kỳ theo Hướng dẫn số 08-HD/BTCTU, ngày 7-8-2018 của Ban Tổ chức Tỉnh ủy.",
        "MINH THƯ",
    ),
    (
        "Thành lập tổ chức đảng trong doanh nghiệp tư nhân: kết quả bước đầu",
        dt.datetime(2020, 5, 18, 9, 15, tzinfo=VN),
        "Thực hiện Chỉ thị số 33-CT/TW, ngày 18-3-2019 của Ban Bí thư, Đảng bộ đã thành lập được tổ chức đảng tại "
        "hai doanh nghiệp tư nhân.",
        "Ban Chỉ đạo của Đảng ủy tiếp tục tuyên truyền, vận động chủ doanh nghiệp và người lao động để phát triển "
        "đảng viên, tiến tới thành lập thêm tổ chức đảng ở khu vực kinh tế tư nhân.",
        "NGỌC HÂN",
    ),
    (
        "Quán triệt Nghị quyết 18-NQ/TW về sắp xếp tổ chức bộ máy tinh gọn",
        dt.datetime(2020, 3, 12, 14, 0, tzinfo=VN),
        "Đảng ủy tổ chức hội nghị quán triệt Nghị quyết số 18-NQ/TW của Hội nghị Trung ương 6 khóa XII cho cán bộ "
        "chủ chốt các tổ chức cơ sở đảng.",
        "Hội nghị cũng triển khai Đề án số 08-ĐA/TU, ngày 24-8-2018 của Tỉnh ủy; các cơ quan, đơn vị rà soát chức "
        "năng, nhiệm vụ để sắp xếp bộ máy gọn, rõ việc.",
        "THANH TÙNG",
    ),
]


def build_portal(orgs: dict[str, Organization]) -> int:
    """Build the portal of the committee ``orgs[MERGED]``; answers the number of articles."""
    owner = orgs[MERGED]
    news = services.category_create(
        actor=None, organization=owner, name="Tin tức - Sự kiện", position=1, description="Tin hoạt động của Đảng bộ."
    )
    activity = services.category_create(actor=None, organization=owner, name="Hoạt động của Đảng bộ", parent=news, position=1)
    services.category_create(actor=None, organization=owner, name="Đại hội Đảng các cấp", parent=news, position=2)
    building = services.category_create(
        actor=None, organization=owner, name="Xây dựng Đảng", position=2, description="Công tác tổ chức, kiểm tra, tuyên giáo."
    )
    services.category_create(actor=None, organization=owner, name="Học tập và làm theo Bác", parent=building, position=1)
    services.category_create(actor=None, organization=owner, name="Đoàn thể", position=3)

    count = 0
    for title, when, lead, body, byline in RELATED:
        article = services.article_create(
            actor=None,
            category=activity,
            title=title,
            lead=lead,
            body=f"{lead}\n\n{body}",
            byline=byline,
            source="Ban Tuyên giáo",
        )
        cover = _figure(article, title, "Ảnh minh họa.", "BAN BIÊN TẬP", (22, 78, 140))
        article = services.article_update(actor=None, article=article, expected_version=article.version, cover=cover)
        services.article_publish(actor=None, article=article, publish_at=when)
        count += 1

    congress = services.article_create(
        actor=None,
        category=activity,
        title=CONGRESS_ARTICLE,
        lead=LEAD,
        body="",
        byline="QUANG BÌNH (thực hiện)",
        source="Báo Sóc Trăng",
    )
    hall = _figure(
        congress,
        "Đại hội Đảng bộ lần thứ VIII",
        "Đảng ủy và cấp ủy cơ sở chú trọng đổi mới, nâng cao năng lực lãnh đạo công tác xây dựng Đảng.",
        "MỸ LINH",
        (163, 22, 33),
    )
    meeting = _figure(
        congress,
        "Nâng cao năng lực lãnh đạo",
        "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức đảng và chất lượng đội ngũ cán bộ, đảng viên.",
        "QUANG BÌNH",
        (120, 53, 15),
    )
    youth = _figure(
        congress,
        "Tiên phong, gương mẫu",
        "Cán bộ, đảng viên tiên phong, gương mẫu, góp phần hoàn thành nhiệm vụ chính trị của cơ quan, đơn vị và doanh nghiệp.",
        "ĐÌNH HẢI",
        (21, 94, 60),
    )
    congress = services.article_update(
        actor=None,
        article=congress,
        expected_version=congress.version,
        body=BODY.format(hall=hall.pk, meeting=meeting.pk, youth=youth.pk),
        cover=hall,
    )
    congress = services.article_submit(actor=None, article=congress)
    congress = services.article_publish(actor=None, article=congress, publish_at=dt.datetime(2020, 7, 30, 6, 0, tzinfo=VN))
    count += 1

    for name, text, approve in (
        (
            "Trần Văn Hùng",
            "Bài phỏng vấn nêu rõ kết quả và cả chỉ tiêu chưa đạt, rất thẳng thắn. Chúc Đại hội thành công tốt đẹp!",
            True,
        ),
        ("Lâm Thị Sa Ly", "Mong Đảng bộ tiếp tục quan tâm thành lập tổ chức đảng ở các doanh nghiệp tư nhân trong tỉnh.", True),
        ("Nguyễn Minh Tâm", "Xin hỏi toàn văn Nghị quyết Đại hội sẽ được đăng ở đâu để đảng viên tiện theo dõi?", None),
    ):
        comment = services.comment_post(
            article=congress, name=name, body=text, address=f"demo:{name}", now=dt.datetime(2020, 7, 30, 9, 0, tzinfo=VN)
        )
        if approve:
            services.comment_moderate(actor=None, comment=comment, approve=True)

    # the newsroom's desk: an article waiting for the editor-in-chief, and a draft
    services.article_submit(
        actor=None,
        article=services.article_create(
            actor=None,
            category=building,
            title="Chi bộ Sở Tư pháp sinh hoạt chuyên đề về chuyển đổi số",
            lead="Chi bộ chọn chủ đề gắn với nhiệm vụ chuyên môn của cơ quan.",
            body="Chi bộ tổ chức sinh hoạt chuyên đề theo Hướng dẫn số 08-HD/BTCTU, ngày 7-8-2018 của Ban Tổ chức Tỉnh ủy.",
            byline="PV",
        ),
    )
    services.article_create(
        actor=None, category=building, title="Bản nháp: kế hoạch học tập nghị quyết năm mới", body="Đang viết."
    )
    return count + 2


def _figure(article: Article, text: str, caption: str, credit: str, color: tuple[int, int, int]) -> ArticleImage:
    return services.image_add(
        actor=None,
        article=article,
        upload=images.banner(text, color=color),
        caption=caption,
        credit=credit,
        alt=f"{text}: {caption}",
        original_name="demo.jpg",
    )

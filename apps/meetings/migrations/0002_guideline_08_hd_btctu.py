"""Seed the guideline the demo's province follows for cell meetings, with its procedure checklist.

The steps follow the usual order of a cell meeting; the wording is a plausible summary, to be checked against
the text of Hướng dẫn 08-HD/BTCTU (7-8-2018) and edited as data (more guidelines may be added the same way).
"""

import datetime as dt

from django.db import migrations

SYMBOL = "08-HD/BTCTU"
ISSUED_ON = dt.date(2018, 8, 7)
STEPS = [
    ("Kiểm tra số lượng đảng viên dự họp, nêu lý do đảng viên vắng mặt", "all"),
    ("Thông qua chương trình sinh hoạt", "all"),
    ("Thông báo thời sự, chủ trương, nghị quyết mới của cấp trên", "regular"),
    ("Đánh giá việc thực hiện nhiệm vụ tháng, ưu điểm, hạn chế", "regular"),
    ("Phương hướng, nhiệm vụ tháng tới, phân công đảng viên", "regular"),
    ("Sinh hoạt chuyên đề: trình bày, thảo luận, liên hệ thực tế", "thematic"),
    ("Đảng viên phát biểu ý kiến, thảo luận", "all"),
    ("Biểu quyết các nội dung (tán thành, không tán thành, không biểu quyết)", "all"),
    ("Thông qua biên bản, đảng viên góp ý", "all"),
]


def seed(apps, schema_editor):
    Guideline = apps.get_model("meetings", "Guideline")
    ChecklistItem = apps.get_model("meetings", "ChecklistItem")
    guideline, created = Guideline.objects.get_or_create(
        symbol=SYMBOL,
        issued_on=ISSUED_ON,
        defaults={
            "issuer": "Ban Tổ chức Tỉnh ủy Sóc Trăng",
            "title": "Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ (cần kiểm tra lại nội dung các bước)",
        },
    )
    if created:
        ChecklistItem.objects.bulk_create(
            [ChecklistItem(guideline=guideline, position=i, text=text, applies_to=applies) for i, (text, applies) in enumerate(STEPS, 1)]
        )


def unseed(apps, schema_editor):
    Guideline = apps.get_model("meetings", "Guideline")
    ChecklistItem = apps.get_model("meetings", "ChecklistItem")
    ChecklistItem.objects.filter(guideline__symbol=SYMBOL, guideline__issued_on=ISSUED_ON).delete()
    Guideline.objects.filter(symbol=SYMBOL, issued_on=ISSUED_ON, meetings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_meetings_attendance_notifications")]
    operations = [migrations.RunPython(seed, unseed)]

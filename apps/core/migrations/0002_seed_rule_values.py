"""The rules in force, as documented defaults. Editable: a revision adds a row with a later date."""

import datetime as dt

from django.db import migrations

RULES = [
    # key, value, regulation, effective_from, description, verify
    ("admission.min_age_months", 216, "24-QĐ/TW", dt.date(2021, 7, 30), "Tuổi tối thiểu khi kết nạp: đủ 18 tuổi (tính theo tháng)", False),
    ("admission.min_age_months", 216, "232-QĐ/TW", dt.date(2025, 1, 20), "Tuổi tối thiểu khi kết nạp: đủ 18 tuổi (tính theo tháng)", True),
    ("admission.max_age_months", 720, "24-QĐ/TW", dt.date(2021, 7, 30), "Quá 60 tuổi cần cấp trên quyết định", False),
    ("admission.max_age_months", 720, "232-QĐ/TW", dt.date(2025, 1, 20), "Quá 60 tuổi cần cấp trên quyết định", True),
    ("admission.probation_months", 12, "Điều lệ Đảng", dt.date(2011, 1, 19), "Thời gian dự bị: 12 tháng kể từ ngày kết nạp", False),
    ("admission.introducer_min_months", 12, "232-QĐ/TW", dt.date(2025, 1, 20), "Người giới thiệu cùng công tác ít nhất 12 tháng", True),
    ("admission.readmission_min_months", 36, "232-QĐ/TW", dt.date(2025, 1, 20), "Kết nạp lại sau ít nhất 36 tháng", True),
]


def seed(apps, schema_editor):
    RuleValue = apps.get_model("core", "RuleValue")
    for key, value, regulation, effective_from, description, verify in RULES:
        RuleValue.objects.update_or_create(
            key=key, effective_from=effective_from,
            defaults={"value": value, "regulation": regulation, "description": description, "verify": verify},
        )


def unseed(apps, schema_editor):
    RuleValue = apps.get_model("core", "RuleValue")
    for key, _v, _r, effective_from, _d, _x in RULES:
        RuleValue.objects.filter(key=key, effective_from=effective_from).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

"""The rating rules, as documented defaults (editable: a revision adds a row with a later date).

Quy định 124-QĐ/TW (8-10-2023) on the annual review and rating, replaced by Quy định 366-QĐ/TW (30-8-2025). The
100-point bands are those of 366-QĐ/TW; the same bands are assumed for 124-QĐ/TW. The 20% cap on the excellent
level (of those rated good or above, within each grassroots organization) comes from the earlier rules and is
assumed to hold under both; so is the rule that a member disciplined in the period may not be rated excellent.
All are marked "verify". A period ending before 8-10-2023 is judged by the oldest version known.
"""

import datetime as dt

from django.db import migrations

BANDS = {"excellent": 90, "good": 70, "pass": 50}
R124, D124 = "124-QĐ/TW", dt.date(2023, 10, 8)
R366, D366 = "366-QĐ/TW", dt.date(2025, 8, 30)

RULES = [
    # key, value, regulation, effective_from, description, verify
    (
        "ratings.score_bands", BANDS, R124, D124,
        "Thang điểm 100: Hoàn thành xuất sắc nhiệm vụ từ 90, tốt từ 70 đến dưới 90, hoàn thành từ 50 đến dưới 70, "
        "không hoàn thành dưới 50", True,
    ),
    (
        "ratings.score_bands", BANDS, R366, D366,
        "Thang điểm 100: Hoàn thành xuất sắc nhiệm vụ từ 90, tốt từ 70 đến dưới 90, hoàn thành từ 50 đến dưới 70, "
        "không hoàn thành dưới 50", True,
    ),
    (
        "ratings.excellent_cap_percent", 20, R124, D124,
        "Số Hoàn thành xuất sắc nhiệm vụ không quá 20% số Hoàn thành tốt nhiệm vụ trở lên trong mỗi tổ chức cơ sở đảng",
        True,
    ),
    (
        "ratings.excellent_cap_percent", 20, R366, D366,
        "Số Hoàn thành xuất sắc nhiệm vụ không quá 20% số Hoàn thành tốt nhiệm vụ trở lên trong mỗi tổ chức cơ sở đảng",
        True,
    ),
    (
        "ratings.disciplined_not_excellent", True, R124, D124,
        "Đảng viên bị kỷ luật trong năm không được xếp loại Hoàn thành xuất sắc nhiệm vụ", True,
    ),
    (
        "ratings.disciplined_not_excellent", True, R366, D366,
        "Đảng viên bị kỷ luật trong năm không được xếp loại Hoàn thành xuất sắc nhiệm vụ", True,
    ),
]


def seed(apps, schema_editor):
    RuleValue = apps.get_model("core", "RuleValue")
    for key, value, regulation, effective_from, description, verify in RULES:
        RuleValue.objects.update_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "regulation": regulation, "description": description, "verify": verify},
        )


def unseed(apps, schema_editor):
    RuleValue = apps.get_model("core", "RuleValue")
    for key, _v, _r, effective_from, _d, _x in RULES:
        RuleValue.objects.filter(key=key, effective_from=effective_from).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_reviews"), ("core", "0002_seed_rule_values")]
    operations = [migrations.RunPython(seed, unseed)]

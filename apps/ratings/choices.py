from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The four levels of the annual quality rating, best first."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    PASS = "pass", _("Hoàn thành nhiệm vụ")
    FAIL = "fail", _("Không hoàn thành nhiệm vụ")


#: best first, for tables and the bands
LEVELS = [Level.EXCELLENT, Level.GOOD, Level.PASS, Level.FAIL]
GOOD_OR_ABOVE = frozenset({Level.EXCELLENT, Level.GOOD})
PASS_OR_ABOVE = frozenset({Level.EXCELLENT, Level.GOOD, Level.PASS})


class ShareOf(models.TextChoices):
    """Which levels a share counts (the indicators' ``level`` parameter)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD_OR_ABOVE = "good_or_above", _("Hoàn thành tốt nhiệm vụ trở lên")
    PASS_OR_ABOVE = "pass_or_above", _("Hoàn thành nhiệm vụ trở lên")
    FAIL = "fail", _("Không hoàn thành nhiệm vụ")


SHARE_LEVELS: dict[str, frozenset[str]] = {
    ShareOf.EXCELLENT: frozenset({Level.EXCELLENT}),
    ShareOf.GOOD_OR_ABOVE: GOOD_OR_ABOVE,
    ShareOf.PASS_OR_ABOVE: PASS_OR_ABOVE,
    ShareOf.FAIL: frozenset({Level.FAIL}),
}


class PeriodKind(models.TextChoices):
    YEARLY = "yearly", _("Hằng năm")
    QUARTERLY = "quarterly", _("Hằng quý")
    TERM = "term", _("Theo nhiệm kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


class Step(models.TextChoices):
    """The three steps of a review, in order; the current level is the latest one recorded."""

    SELF = "self", _("Tự đánh giá")
    PROPOSED = "proposed", _("Chi bộ đề xuất")
    DECIDED = "decided", _("Cấp ủy quyết định")


class AuditEventType(models.TextChoices):
    PERIOD_OPENED = "rating.period_opened", _("Mở đợt đánh giá, xếp loại")
    SELF_ASSESSED = "rating.self_assessed", _("Tự đánh giá, xếp loại")
    PROPOSED = "rating.proposed", _("Đề xuất xếp loại")
    DECIDED = "rating.decided", _("Quyết định xếp loại")
    ORG_SELF_ASSESSED = "rating.org_self_assessed", _("Tổ chức tự đánh giá, xếp loại")
    ORG_PROPOSED = "rating.org_proposed", _("Đề xuất xếp loại tổ chức")
    ORG_DECIDED = "rating.org_decided", _("Quyết định xếp loại tổ chức")

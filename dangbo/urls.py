from django.conf import settings
from django.urls import include, path

from dangbo.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("tai-khoan/", include("apps.accounts.urls")),
    path("to-chuc/", include("apps.organizations.urls")),
    path("dang-vien/", include("apps.members.urls")),
    path("nhiem-ky/", include("apps.targets.urls")),
    path("danh-gia/", include("apps.ratings.urls")),
    path("hoc-tap/", include("apps.study.urls")),
    path("sinh-hoat/", include("apps.meetings.urls")),
    path("van-ban/", include("apps.documents.urls")),
    path("tin-tuc/", include("apps.portal.urls")),
    path("tim-kiem/", include("apps.search.urls")),
    path("so-tay/", include("apps.handbook.urls")),
    path("", include("apps.core.urls")),
]

if "django.contrib.admin" in settings.INSTALLED_APPS:
    from django.contrib import admin

    urlpatterns.insert(0, path("admin/", admin.site.urls))

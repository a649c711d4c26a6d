from django.urls import path

from apps.study import views

app_name = "study"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("tao-dot/", views.campaign_create, name="campaign_create"),
    path("dot/<int:pk>/them-buoi/", views.session_create, name="session_create"),
    path("bao-cao-vien/them/", views.reporter_create, name="reporter_create"),
    path("dot/<int:pk>/", views.campaign_detail, name="campaign"),
    path("buoi/<int:pk>/", views.session_sheet, name="session"),
    path("buoi/<int:pk>/diem-danh/", views.session_mark, name="session_mark"),
    path("bao-cao-vien/", views.reporter_list, name="reporters"),
    path("bao-cao-vien/<int:pk>/", views.reporter_detail, name="reporter"),
]

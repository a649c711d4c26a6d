from django.urls import path

from apps.study import views

app_name = "study"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("dot/<int:pk>/", views.campaign_detail, name="campaign"),
    path("buoi/<int:pk>/", views.session_sheet, name="session"),
    path("buoi/<int:pk>/diem-danh/", views.session_mark, name="session_mark"),
    path("bao-cao-vien/", views.reporter_list, name="reporters"),
    path("bao-cao-vien/<int:pk>/", views.reporter_detail, name="reporter"),
]

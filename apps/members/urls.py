from django.urls import path

from apps.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("tim-kiem/", views.search, name="search"),
    path("chat-luong-du-lieu/", views.quality, name="quality"),
    path("xuat-excel/", views.export, name="export"),
    path("nhap-excel/", views.import_upload, name="import"),
]

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
    path("nhap-excel/tep-mau.xlsx", views.import_template, name="import_template"),
    path("nhap-excel/<int:pk>/", views.import_job, name="import_job"),
    path("nhap-excel/<int:pk>/bao-cao-loi.xlsx", views.import_report, name="import_report"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/chuyen-sinh-hoat/", views.transfer, name="transfer"),
    path("<int:pk>/ket-thuc/", views.end, name="end"),
    path("<int:pk>/tiep-nhan-lai/", views.readmit, name="readmit"),
    path("<int:pk>/giao-chuc-vu/", views.post_assign, name="post_assign"),
    path("chuc-vu/<int:pk>/thoi/", views.post_end, name="post_end"),
]

from django.urls import path

from apps.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("len-lich/", views.meeting_plan, name="plan"),
    path("cua-toi/", views.mine, name="mine"),
    path("diem-danh/", views.checkin_enter, name="checkin_enter"),
    path("diem-danh/<str:code>/", views.checkin, name="checkin"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/sua/", views.meeting_edit, name="edit"),
    path("<int:pk>/qr.svg", views.meeting_qr, name="qr"),
    path("<int:pk>/diem-danh/", views.attendance_mark, name="mark"),
    path("<int:pk>/tai-lieu/", views.documents_add, name="documents"),
    path("<int:pk>/trinh-tu/<int:item_pk>/", views.checklist_toggle, name="tick"),
    path("<int:pk>/bieu-quyet/", views.decision_add, name="decision"),
    path("<int:pk>/ket-thuc/", views.meeting_close, name="close"),
]

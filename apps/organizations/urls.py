from django.urls import path

from apps.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("thanh-lap/", views.found, name="found"),
    path("<int:pk>/doi-ten/", views.rename, name="rename"),
    path("<int:pk>/chuyen-truc-thuoc/", views.move, name="move"),
    path("<int:pk>/chia-tach/", views.split, name="split"),
    path("<int:pk>/giai-the/", views.dissolve, name="dissolve"),
    path("hop-nhat/", views.merge, name="merge"),
    path("sap-xep-hang-loat/", views.bulk, name="bulk"),
]

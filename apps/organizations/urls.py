from django.urls import path

from apps.organizations import views, views_reorganize

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cap-duoi/", views.tree_children, name="children"),
    path("chon/", views.pick, name="pick"),
    path("thanh-lap/", views_reorganize.found, name="found"),
    path("<int:pk>/doi-ten/", views_reorganize.rename, name="rename"),
    path("<int:pk>/chuyen-truc-thuoc/", views_reorganize.move, name="move"),
    path("<int:pk>/chia-tach/", views_reorganize.split, name="split"),
    path("<int:pk>/giai-the/", views_reorganize.dissolve, name="dissolve"),
    path("hop-nhat/", views_reorganize.merge, name="merge"),
    path("sap-xep-hang-loat/", views_reorganize.bulk, name="bulk"),
]

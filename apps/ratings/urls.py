from django.urls import path

from apps.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.period_list, name="periods"),
    path("dot/<int:pk>/", views.period_page, name="period"),
    path("dot/<int:pk>/to-chuc/<int:org>/de-xuat/", views.propose, name="propose"),
    path("dot/<int:pk>/to-chuc/<int:org>/quyet-dinh/", views.decide, name="decide"),
    path("dot/<int:pk>/ty-le/", views.shares, name="shares"),
    path("dot/<int:pk>/to-chuc-dang/", views.organization_reviews, name="organizations"),
    path("dot/<int:pk>/to-chuc-dang/<slug:step>/", views.organization_step, name="organization_step"),
    path("cua-toi/", views.my_reviews, name="mine"),
    path("dot/<int:pk>/tu-danh-gia/", views.self_assessment, name="self_assessment"),
]

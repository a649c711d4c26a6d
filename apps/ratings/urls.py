from django.urls import path

from apps.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.period_list, name="periods"),
    path("dot/<int:pk>/", views.period_page, name="period"),
    path("dot/<int:pk>/to-chuc/<int:org>/de-xuat/", views.propose, name="propose"),
    path("dot/<int:pk>/to-chuc/<int:org>/quyet-dinh/", views.decide, name="decide"),
    path("dot/<int:pk>/ty-le/", views.shares, name="shares"),
]

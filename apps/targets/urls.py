from django.urls import path

from apps.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.term_list, name="term_list"),
    path("<int:pk>/", views.term_report, name="term_report"),
    path("chi-tieu/<int:pk>/can-cu/", views.target_evidence, name="target_evidence"),
]

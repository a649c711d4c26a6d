from django.urls import path

from apps.handbook import views

app_name = "handbook"
urlpatterns = [
    path("", views.home, name="home"),
    path("sinh-hoat/", views.meetings, name="meetings"),
    path("sinh-hoat/<int:pk>/", views.meeting, name="meeting"),
    path("sinh-hoat/<int:pk>/tai-lieu/<int:doc_pk>/", views.document, name="document"),
    path("sinh-hoat/<int:pk>/tai-lieu/<int:doc_pk>/tep/", views.document_file, name="document_file"),
    path("hoc-tap/", views.study, name="study"),
    path("xep-loai/", views.ratings, name="ratings"),
    path("ngoai-tuyen/", views.offline, name="offline"),
    path("ngoai-tuyen.json", views.offline_list, name="offline_list"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
]

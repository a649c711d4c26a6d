from django.urls import path

from apps.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_register, name="register"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/tep/", views.document_file, name="file"),
    path("<int:pk>/lien-ket/", views.link_add, name="link"),
    path("lien-ket/<int:pk>/xoa/", views.link_remove, name="unlink"),
]

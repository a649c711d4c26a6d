from django.urls import path

from apps.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.term_list, name="term_list"),
    path("<int:pk>/", views.term_report, name="term_report"),
    path("<int:pk>/bao-cao.docx", views.term_report_docx, name="term_report_docx"),
    path("<int:pk>/bao-cao.pdf", views.term_report_pdf, name="term_report_pdf"),
    path("<int:pk>/bao-cao.xlsx", views.term_report_xlsx, name="term_report_xlsx"),
    path("chi-tieu/<int:pk>/can-cu/", views.target_evidence, name="target_evidence"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("<int:pk>/tom-tat/", views.term_summary, name="term_summary"),
    path("chi-tieu/<int:pk>/", views.target_detail, name="target_detail"),
    path("chi-tieu/<int:pk>/sua/", views.target_update, name="target_update"),
    path("chi-tieu/<int:pk>/nhap-so-lieu/", views.measurement_enter, name="measurement_enter"),
    path("so-lieu/<int:pk>/rut/", views.measurement_withdraw, name="measurement_withdraw"),
    path("so-lieu/<int:pk>/tep/", views.measurement_file, name="measurement_file"),
    path("nghi-quyet/<int:pk>/them-chi-tieu/", views.target_create, name="target_create"),
]

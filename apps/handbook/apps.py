from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "apps.handbook"
    label = "handbook"
    verbose_name = "Sổ tay đảng viên"

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "apps.targets"
    label = "targets"
    verbose_name = "Nhiệm kỳ, đại hội, chỉ tiêu"

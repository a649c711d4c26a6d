from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from apps.core import indicators

        # each app's ``indicators`` module registers its figures (targets and reports never import those apps)
        indicators.autodiscover()

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from apps.core import indicators

        # each app's ``indicators`` module registers its figures (targets and reports never import those apps)
        indicators.autodiscover()

        from django.db.models.signals import post_migrate

        post_migrate.connect(_pages_out_of_date, sender=self)


def _pages_out_of_date(**kwargs: object) -> None:
    """A migration may change what pages show: every page kept in the cache is rendered again."""
    from apps.core import pagecache

    pagecache.clear()

from typing import Any

from django.apps import AppConfig


def _cache_tables(sender: AppConfig, using: str = "default", **_kwargs: Any) -> None:
    """`migrate` also creates the table of a database cache (production without Redis), so
    an install or upgrade is `arraigo migrate` and nothing else."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "arraigo.core"
    verbose_name = "arraigo"

    def ready(self) -> None:
        from django.apps import apps
        from django.core.checks import register
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate

        from .fieldkeys import field_keys_check
        from .logs import forget_request

        register(field_keys_check, "arraigo")

        # Django logs a refused or failed request after the middleware has returned: the
        # request's id and user stay until the response is closed.
        request_finished.connect(forget_request, dispatch_uid="arraigo.core.logs")
        # post_migrate is sent for the apps that have models, which core has not: the cache
        # table is created once per migrate, after contenttypes' (always installed)
        post_migrate.connect(
            _cache_tables,
            sender=apps.get_app_config("contenttypes"),
            dispatch_uid="arraigo.core.cache",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "arraigo.background"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from arraigo.core.health import health_register

        from .selectors import queue_health

        health_register("queue", queue_health)

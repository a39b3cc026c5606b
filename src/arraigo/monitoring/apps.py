from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "arraigo.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers monitoring.yaml's system check)

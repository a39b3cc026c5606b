from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkConfig(AppConfig):
    """Imports from CSV and XLSX files (households, employers, vacancies, service providers)
    and the exports of the same entities."""

    name = "arraigo.bulk"
    verbose_name = _("Imports and exports")

    def ready(self) -> None:
        from .task_hooks import task_hooks_connect

        task_hooks_connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelocationConfig(AppConfig):
    name = "arraigo.relocation"
    verbose_name = _("Relocation and cash assistance")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the rules file's system check)

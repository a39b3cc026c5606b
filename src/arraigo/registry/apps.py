from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "arraigo.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the programme files' system check)

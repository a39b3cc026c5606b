from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "arraigo.privacy"
    verbose_name = _("Erasure and retention")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the retention.yaml check)
        from .guard import guard_connect

        guard_connect()  # nothing new recorded about an erased household's people

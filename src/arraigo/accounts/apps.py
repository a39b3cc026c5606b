from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "arraigo.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import audit  # noqa: F401  (login and logout receivers write the audit trail)

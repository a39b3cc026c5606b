from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "arraigo.demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        from arraigo.core.banner import banner_register

        from .banner import demo_accounts_lines

        banner_register(title="Demo accounts:", lines=demo_accounts_lines)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data generator (`arraigo seed`). Installed by the local and test settings
    only: production settings leave it out, so neither its commands, its banner nor its
    password exist there."""

    name = "arraigo.demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        from arraigo.accounts.second_factor import demo_hint_register
        from arraigo.core.banner import banner_register

        from .accounts import demo_code
        from .banner import demo_accounts_lines

        banner_register(title="Demo accounts:", lines=demo_accounts_lines)
        # the code page shows the seed-enrolled demo accounts their code (local settings only)
        demo_hint_register(demo_code)

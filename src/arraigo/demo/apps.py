from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data generator (`arraigo seed`). Installed by the local and test settings
    only: production settings leave it out, so neither its commands nor its password exist
    there."""

    name = "arraigo.demo"
    verbose_name = _("Demo data")

    def serve_banner(self) -> list[str]:
        """The lines `arraigo serve` prints before serving: the demo accounts and their
        password, when this database has them. `serve` asks every installed app for its
        banner and imports nothing of the demo."""
        from .banner import demo_accounts_lines

        lines = demo_accounts_lines()
        return ["Demo accounts:", *(f"  {line}" for line in lines)] if lines else []

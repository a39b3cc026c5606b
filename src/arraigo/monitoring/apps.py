from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from arraigo.accounts.models import User


def _sees_results(user: User) -> bool:
    return user.has_perm("monitoring.view_aggregates")


class MonitoringConfig(AppConfig):
    name = "arraigo.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from arraigo.core.figures import figures_register

        from . import checks  # noqa: F401  (registers monitoring.yaml's system check)
        from .report import results_recount

        figures_register("results", _sees_results, results_recount, worded=True)

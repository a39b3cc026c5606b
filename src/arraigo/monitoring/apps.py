from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from arraigo.accounts.models import User


def _sees_results(user: User) -> bool:
    return user.has_perm("monitoring.view_aggregates")


def _process_later(submission_id: int) -> None:
    """`tasks_kobo.process_later`, imported when a posted submission is first queued."""
    from .tasks_kobo import process_later

    process_later(submission_id)


class MonitoringConfig(AppConfig):
    name = "arraigo.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from arraigo.core.figures import figures_register

        from . import checks  # noqa: F401  (registers monitoring.yaml's system check)
        from .report import results_recount

        figures_register("results", _sees_results, results_recount, worded=True)

        from arraigo.background.kinds import kind_register

        from .kobo_queue import PROCESS_TASK, queue_set, submission_title

        kind_register(PROCESS_TASK, _("KoboToolbox submission"), title=submission_title)
        queue_set(_process_later)

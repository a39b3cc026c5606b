from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from arraigo.accounts.models import User


def _sees_turnover(user: User) -> bool:
    from arraigo.accounts.permissions import AGGREGATES

    return user.has_perm(AGGREGATES) or user.has_perm("jobs.view_placement")


class JobsConfig(AppConfig):
    name = "arraigo.jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from arraigo.core.figures import figures_register

        from .selectors_placements import turnover_recount

        figures_register("turnover", _sees_turnover, turnover_recount, worded=True)

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from arraigo.accounts.models import User


def _sees_workload(user: User) -> bool:
    return user.has_perm("casework.change_templatemilestone")  # coordinators


class CaseworkConfig(AppConfig):
    name = "arraigo.casework"
    verbose_name = _("Integration casework")

    def ready(self) -> None:
        from arraigo.core.figures import figures_register

        from .selectors import workload_recount
        from .selectors_people import person_steps_recount

        figures_register("workload", _sees_workload, workload_recount)
        figures_register("person_steps", _sees_workload, person_steps_recount)

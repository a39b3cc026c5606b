from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The start page: the dashboard and the to-do strip, above every app they summarise."""

    name = "arraigo.home"

    def ready(self) -> None:
        from arraigo.core.figures import figures_register

        from .selectors import dashboard_recount
        from .todo import (
            assigns_work,
            enters_surveys,
            referrals_recount,
            sends_referrals,
            surveys_recount,
            unassigned_recount,
        )

        figures_register(
            "dashboard", lambda user: user.has_perm("registry.view_household"), dashboard_recount
        )
        figures_register("todo_unassigned", assigns_work, unassigned_recount)
        figures_register("todo_surveys", enters_surveys, surveys_recount)
        figures_register("todo_referrals", sends_referrals, referrals_recount)

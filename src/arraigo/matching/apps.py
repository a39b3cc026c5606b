from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _run_later(run_id: int) -> None:
    """`tasks.run_later`, imported when a run is first started: the task module imports the
    run services and with them the optimiser (numpy, SciPy, HiGHS), which every process
    would otherwise load at start-up (1.6 s) whether it matches or not."""
    from .tasks import run_later

    run_later(run_id)


class MatchingConfig(AppConfig):
    name = "arraigo.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from arraigo.core.figures import figures_register
        from arraigo.jobs.reservations import reservation_holders_register

        from .queue import run_queue_set
        from .selectors import accepted_job_holders, latest_runs_followup_recount
        from .task_hooks import task_hooks_connect

        # The task module calls the run services; they reach it only through this queue.
        run_queue_set(_run_later)
        reservation_holders_register(accepted_job_holders)
        task_hooks_connect()
        figures_register(
            "run_followup",
            lambda user: user.has_perm("matching.view_matchingrun"),
            latest_runs_followup_recount,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "arraigo.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # The task module calls the run services; they reach it only through this queue.
        from .queue import run_queue_set
        from .tasks import run_later

        run_queue_set(run_later)

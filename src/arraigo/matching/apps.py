from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "arraigo.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from arraigo.jobs.reservations import reservation_holders_register

        from .selectors import accepted_job_holders

        reservation_holders_register(accepted_job_holders)

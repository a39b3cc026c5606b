from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _notify_later(digest_day: dt.date | None) -> str:
    """`tasks.notify_later`, imported when the command first queues work (the task module
    imports the services and, through them, the selectors of five apps)."""
    from .tasks import notify_later

    return notify_later(digest_day)


class NotificationsConfig(AppConfig):
    name = "arraigo.notifications"
    verbose_name = _("Email notifications")

    def ready(self) -> None:
        from arraigo.background.kinds import kind_register

        from .queue import DIGEST_TASK, DUE_TASK, digest_title, queue_set

        kind_register(DUE_TASK, _("Email notifications"))
        kind_register(DIGEST_TASK, _("Daily digest email"), title=digest_title)
        # The command queues its work through `queue`: it may not import the task module.
        queue_set(_notify_later)

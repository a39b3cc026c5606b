from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _send_later(delivery_id: int, run_after: dt.datetime | None) -> None:
    """`tasks.send_later`, imported when a delivery is first queued (services may not import
    the task module, which imports them)."""
    from .tasks import send_later

    send_later(delivery_id, run_after)


class WebhooksConfig(AppConfig):
    name = "arraigo.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from arraigo.background.kinds import kind_register

        from .queue import SEND_TASK, delivery_title, queue_set

        kind_register(SEND_TASK, _("Webhook delivery"), title=delivery_title)
        queue_set(_send_later)

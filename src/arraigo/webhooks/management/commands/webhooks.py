"""`arraigo webhooks send-due`: queue the webhook deliveries whose time has come."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from arraigo.webhooks.services import deliveries_queue_due


class Command(BaseCommand):
    help = (
        "Outgoing webhooks (docs/webhooks.md). 'send-due' queues for the workers every "
        "delivery waiting whose next attempt is due: each delivery queues its own retries, so "
        "this is a safety net for a task lost with its worker (run it every few minutes). "
        "Safe to run again: a delivery is sent once per attempt."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{send-due}")
        actions.add_parser("send-due", help="queue the deliveries whose attempt is due")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = deliveries_queue_due()
        self.stdout.write(f"{queued} webhook deliver{'y' if queued == 1 else 'ies'} queued")

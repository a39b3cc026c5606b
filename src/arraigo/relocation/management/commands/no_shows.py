"""`arraigo no-shows`: mark the trips not checked in by their arrival date as no-shows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arraigo.accounts.actor import command_actor
from arraigo.core.errors import ArraigoError
from arraigo.core.management.dates import command_date
from arraigo.relocation.services.arrivals import noshow_sweep


class Command(BaseCommand):
    help = (
        "Households not checked in at their host city by their arrival date become no-shows: "
        "their reserved places and vacancy seats are released, the unspent transport "
        "commitment is reversed, the origin office is asked to follow up and the household "
        "goes back to profiled. Runs as the first coordinator unless --user is given; safe to "
        "run every day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--user", help="username of the coordinator running the check")

    def handle(self, *args: Any, **options: Any) -> None:
        today = command_date(options["today"]) if options["today"] else timezone.localdate()
        actor = command_actor(options["user"])
        try:
            changed = noshow_sweep(actor=actor, today=today)
        except ArraigoError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{len(changed)} no-show(s) on {today:%Y-%m-%d}")
        for plan in changed:
            self.stdout.write(f"  plan {plan.pk}: household {plan.household.code}")

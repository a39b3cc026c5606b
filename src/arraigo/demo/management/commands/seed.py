"""`arraigo seed`: load the deterministic demo data once, then print the demo accounts."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.demo.seed import (
    DEFAULT_EMPLOYERS,
    DEFAULT_HOUSEHOLDS,
    DEFAULT_SEED,
    DEFAULT_VACANCIES,
    SeedResult,
    demo_seed,
)
from arraigo.registry.eligibility import RulesetError


def _day(value: str) -> dt.date:
    """A date as YYYY-MM-DD, or the word "today" (the local date)."""
    if value == "today":
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(
            _("expected a date as YYYY-MM-DD or the word today, not %(value)r") % {"value": value}
        ) from None


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ArgumentTypeError(
            _("expected a whole number, 0 or more, not %(value)r") % {"value": value}
        )
    return number


class Command(BaseCommand):
    help = (
        "Load realistic, deterministic demo data (cities, offices, services, employers, "
        "vacancies, households and one account per role). Runs once: if the demo is already "
        "there it says so and changes nothing. The same --households, --seed and --today "
        "always give the same data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--households",
            type=_count,
            default=DEFAULT_HOUSEHOLDS,
            help=f"households to create (default {DEFAULT_HOUSEHOLDS})",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--employers",
            type=_count,
            default=DEFAULT_EMPLOYERS,
            help=f"partner employers (default {DEFAULT_EMPLOYERS})",
        )
        parser.add_argument(
            "--vacancies",
            type=_count,
            default=DEFAULT_VACANCIES,
            help=f"vacancies (default {DEFAULT_VACANCIES})",
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help=(
                "the day the demo's history leads up to: YYYY-MM-DD or 'today' (default: the "
                "fixed reference date of the demo data, so every machine gets the same data)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_seed(
                households=options["households"],
                seed=options["seed"],
                employers=options["employers"],
                vacancies=options["vacancies"],
                today=options["today"],
            )
        except RulesetError as exc:
            raise CommandError(
                _("The demo data could not be created: %(error)s") % {"error": exc}
            ) from exc
        if result.created and connection.vendor == "postgresql":
            # A bulk load leaves PostgreSQL's planner with the statistics of empty tables
            # until autovacuum comes by; it then plans the first requests as if the tables
            # were empty (a work list took 0.7 s instead of 30 ms). VACUUM marks the pages
            # all-visible, so that an index holding every column a query needs answers it
            # without reading the rows (5 s at 100,000 households). VACUUM cannot run in a
            # transaction (a test's): there the statistics alone.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self._report(result)

    def _report(self, result: SeedResult) -> None:
        if result.created:
            counts = result.counts
            message = _(
                "Demo data created in %(seconds).1f s: %(households)d households, %(people)d "
                "people, %(cities)d host cities, %(employers)d employers, %(vacancies)d "
                "vacancies."
            ) % {
                "seconds": result.seconds,
                "households": counts["households"],
                "people": counts["people"],
                "cities": counts["host_cities"],
                "employers": counts["employers"],
                "vacancies": counts["vacancies"],
            }
            self.stdout.write(self.style.SUCCESS(message))
        elif result.dataset is not None:
            self.stdout.write(
                _(
                    "Demo data already present (seed %(seed)d, %(households)d households): "
                    "nothing changed."
                )
                % {"seed": result.dataset.seed, "households": result.dataset.households}
            )
        else:
            self.stdout.write(_("Demo data already present: nothing changed."))
        if result.accounts:
            self.stdout.write("\n" + _("Demo accounts (username, password, role, scope):"))
            width = max(len(a.username) for a in result.accounts)
            for account in result.accounts:
                self.stdout.write(
                    f"  {account.username:<{width}}  {account.password}  {account.role}"
                    f"  ({account.scope})"
                )
            self.stdout.write(
                _(
                    "Roles that need a second factor (coordinators, auditors, M&E officers) also "
                    "type a code from an authenticator app after the password: in the demo, the "
                    "code page shows it."
                )
            )

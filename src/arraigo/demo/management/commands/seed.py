"""`arraigo seed`: load the deterministic demo data once, then print the demo accounts."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from arraigo.demo.seed import (
    DEFAULT_EMPLOYERS,
    DEFAULT_HOUSEHOLDS,
    DEFAULT_SEED,
    DEFAULT_VACANCIES,
    SeedResult,
    demo_seed,
)
from arraigo.registry.eligibility import RulesetError


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Load realistic, deterministic demo data (cities, offices, services, employers, "
        "vacancies, households and one account per role). Runs once: if the demo is already "
        "there it says so and changes nothing. The same --households and --seed always give "
        "the same data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--households",
            type=_positive,
            default=DEFAULT_HOUSEHOLDS,
            help=f"households to create (default {DEFAULT_HOUSEHOLDS})",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--employers",
            type=_positive,
            default=DEFAULT_EMPLOYERS,
            help=f"partner employers (default {DEFAULT_EMPLOYERS})",
        )
        parser.add_argument(
            "--vacancies",
            type=_positive,
            default=DEFAULT_VACANCIES,
            help=f"vacancies (default {DEFAULT_VACANCIES})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_seed(
                households=options["households"],
                seed=options["seed"],
                employers=options["employers"],
                vacancies=options["vacancies"],
            )
        except RulesetError as exc:
            raise CommandError(f"The demo data could not be created: {exc}") from exc
        self._report(result)

    def _report(self, result: SeedResult) -> None:
        if result.created:
            counts = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data created in {result.seconds:.1f} s: {counts['households']} "
                    f"households, {counts['people']} people, {counts['host_cities']} host cities, "
                    f"{counts['employers']} employers, {counts['vacancies']} vacancies."
                )
            )
        else:
            dataset = result.dataset
            detail = f" (seed {dataset.seed}, {dataset.households} households)" if dataset else ""
            self.stdout.write(f"Demo data already present{detail}: nothing changed.")
        if result.accounts:
            self.stdout.write("\nDemo accounts:")
            width = max(len(a.username) for a in result.accounts)
            for account in result.accounts:
                self.stdout.write(
                    f"  {account.username:<{width}}  {account.password}  {account.role}"
                    f"  ({account.scope})"
                )

"""`arraigo retention`: erase the households and feedback cases the retention rules make due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arraigo.core.management.dates import command_date
from arraigo.privacy.retention_rules import RetentionRulesError
from arraigo.privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Apply the programme's retention rules (retention.yaml): households past their limit "
        "are erased (names, birth dates, documents, contacts, notes, files and answers go; "
        "the code, the journey's statuses and the money stay as figures), and feedback cases "
        "past theirs are removed, as the system, on the audit trail. --dry-run only counts. "
        "Safe to run every day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what is due; erase nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = command_date(options["today"]) if options["today"] else timezone.localdate()
        try:
            result = retention_apply(today=today, dry_run=options["dry_run"])
        except RetentionRulesError as exc:
            raise CommandError(f"retention.yaml: {exc}") from exc
        verb = "due" if result.dry_run else "erased"
        self.stdout.write(
            f"retention as of {today:%Y-%m-%d}{' (dry run)' if result.dry_run else ''}"
        )
        for name, count in result.households.items():
            refused = result.refused.get(name, 0)
            extra = f", {refused} refused for now (trip or payment under way)" if refused else ""
            self.stdout.write(f"  households {name}: {count} {verb}{extra}")
        for name, count in result.feedback.items():
            self.stdout.write(
                f"  feedback {name}: {count} {'due' if result.dry_run else 'removed'}"
            )

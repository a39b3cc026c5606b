"""The `arraigo` command: one entry point over the project's management commands."""

from __future__ import annotations

import os
import sys

COMMANDS: list[tuple[str, str]] = [
    ("serve", "Serve the web app (default http://127.0.0.1:8000); --migrate to prepare the db."),
    ("seed", "Load demo data (local settings): --households N --seed S (once; re-runs skip)."),
    ("check", "Check settings, database and programme data files (document types, rules)."),
    ("migrate", "Create or upgrade the database schema."),
    ("createsuperuser", "Create an administrator account."),
    ("shell", "Open a Python shell with the project loaded."),
    ("worker", "Run background tasks (matching runs, imports, notifications) until stopped."),
    ("match", "Run matching for a capacity period: --period-start D --period-end D [--queue]."),
    ("match-replay", "Re-solve a finished matching run from its stored instance; compare."),
    ("solve", "Solve a plain-file instance folder (CSV) and print one JSON line."),
    ("outcome-model", "Outcome model: 'train' learns it from follow-ups; 'show' the one in use."),
    ("notify", "Email notifications: events waiting, or --digest for the daily one (queued)."),
    ("figures", "Count the kept figures (dashboards, workload, reports) again for every scope."),
    ("no-shows", "Trips not checked in by their arrival date become no-shows (--today D)."),
    ("ledger", "Print one month's ledger and totals: --month YYYY-MM [--format csv|table]."),
    ("simulate", "Replay a year of weekly arrivals: dynamic mode and greedy against hindsight."),
    ("export", "Export in an interchange format: 'people --out FILE.csv' (one row per person)."),
    ("followups", "Follow-up answers: 'import FILE.csv [--replace]', 'export --out FILE.csv'."),
    ("import", "A CSV or XLSX file, all or nothing: 'households FILE [--as U] [--dry-run]'."),
    ("webhooks", "Webhooks: 'send-due' queues deliveries whose retry is due (run every 5 min)."),
    ("indicators", "Outcome indicators by round: --from D --to D [--json] (docs/monitoring.md)."),
    ("surveys", "Survey instruments: 'xlsform --round R --out F'; 'import-kobo FILE --round R'."),
    ("turnover", "Monthly turnover and retention of placements: --month YYYY-MM [--by] [--json]."),
    ("backup", "Back up the whole database into one file: --out FILE [--encrypt]."),
    ("restore", "Restore a backup into the configured database: FILE [--replace]."),
    ("retention", "Erase what the retention rules make due: [--today D] [--dry-run]."),
    ("rotate-keys", "Re-encrypt notes, reports, document numbers with the first key [--rehash]."),
]
# Commands spelt with a hyphen on the command line; Django names cannot contain one.
ALIASES: dict[str, str] = {
    "outcome-model": "outcome_model",
    "no-shows": "no_shows",
    "match-replay": "match_replay",
    "rotate-keys": "rotate_keys",
}


def _usage() -> str:
    width = max(len(name) for name, _ in COMMANDS)
    lines = [
        "usage: arraigo <command> [options]",
        "",
        "Relocation-based local integration programmes: registry, places, jobs and more.",
        "",
        "commands:",
        *(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS),
        "",
        "Run 'arraigo <command> --help' for a command's options.",
        "Every Django management command is also available ('arraigo help --all').",
        "Settings come from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS.",
    ]
    return "\n".join(lines)


def django_argv(args: list[str]) -> list[str]:
    """The argument list for Django's command runner: hyphenated names mapped to Django's."""
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    return ["arraigo", *(ALIASES.get(arg, arg) if i < 2 else arg for i, arg in enumerate(args))]


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arraigo.settings.local")
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print(_usage())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(django_argv(args))


if __name__ == "__main__":
    main()

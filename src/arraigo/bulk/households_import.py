"""Importing a households file: check every row, then (unless only checking) write it all in
the same transaction, or nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.memory import collector_paused

from .households_check import HouseholdsCheck
from .households_columns import known_columns, required_columns
from .households_duplicates import duplicate_problems, likely_duplicates
from .households_write import households_write
from .report import Report
from .sheets import Table, columns_check

Progress = Callable[[int, str], None]


def households_run(
    actor: User, table: Table, *, write: bool, job_id: int, on_progress: Progress
) -> Report:
    """Check `table` and, with `write` and no problem, write it; the report either way."""
    header = columns_check(table, known_columns(), required_columns())
    if header:
        return Report(problems=header)
    try:
        # Checking and writing 100,000 households hold millions of objects (collector_paused).
        with collector_paused(), transaction.atomic():
            return _run(actor, table, write=write, job_id=job_id, on_progress=on_progress)
    except IntegrityError:  # someone registered some of these meanwhile: nothing was kept
        report = Report()
        report.fail(
            1,
            "",
            _("Someone registered some of these households meanwhile; import the file again."),
        )
        return report


def _run(actor: User, table: Table, *, write: bool, job_id: int, on_progress: Progress) -> Report:
    on_progress(10, _("Checking %(n)d rows") % {"n": len(table.rows)})
    checked = HouseholdsCheck(actor, timezone.localdate()).check(table)
    report = checked.report
    if report.refused:
        return report
    on_progress(50, _("Looking for likely duplicates"))
    likely = likely_duplicates(checked.households)
    report.duplicates = duplicate_problems(likely, actor)
    if not write or not checked.households:
        return report
    on_progress(70, _("Writing %(n)d households") % {"n": len(checked.households)})
    report.written = households_write(checked.households, likely, actor=actor, job_id=job_id)
    return report

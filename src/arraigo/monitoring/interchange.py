"""The interchange formats of monitoring (docs/monitoring.md): exact columns, other tools
rely on them.

`arraigo export people` writes PEOPLE_COLUMNS, one row per person of every household;
`arraigo followups import|export` reads and writes FOLLOWUP_COLUMNS, one row per member per
household per round. This module turns rows into cells and cells into checked values; it
reads and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from arraigo.core.digits import whole_number

from .indicators import ROUNDS

PEOPLE_COLUMNS = (
    "household",
    "member",
    "relationship",
    "sex",
    "birth_date",
    "nationality",
    "protection_status",
    "modality",
    "host_city",
    "arrival_date",
    "specific_needs",
)
FOLLOWUP_COLUMNS = (
    "household",
    "member",
    "round",
    "date",
    "works",
    "formal",
    "income",
    "job_satisfied",
    "in_school",
    "bank_account",
)
YES_NO_FIELDS = ("works", "formal", "job_satisfied", "in_school", "bank_account")
ANSWER_FIELDS = ("date", "works", "formal", "income", "job_satisfied", "in_school", "bank_account")
# The registry's relationships the format names; any other is "other".
RELATIONSHIPS = ("head", "spouse", "child", "parent", "sibling")
# The protection statuses the format names; another programme code is written empty.
PROTECTION_STATUSES = ("refugee", "asylum_seeker", "complementary_protection", "stateless")
INCOME_LIMIT = Decimal(10) ** 10  # the column holds 12 digits, 2 of them decimals
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def relationship_cell(relationship: str) -> str:
    return relationship if relationship in RELATIONSHIPS else "other"


def protection_cell(status: str) -> str:
    return status if status in PROTECTION_STATUSES else ""


def date_cell(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def yes_no_cell(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def income_cell(value: Decimal | None) -> str:
    """An amount as a plain number: whole amounts without decimals, others with two."""
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"


@dataclass(frozen=True)
class FollowUpRow:
    """One checked row of a follow-up file (`line`: its line in the file, header = 1)."""

    line: int
    household: str
    member: int
    round: str
    date: dt.date
    works: bool | None
    formal: bool | None
    income: Decimal | None
    job_satisfied: bool | None
    in_school: bool | None
    bank_account: bool | None

    def answers(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in ANSWER_FIELDS}


class RowProblems:
    """Problems of one file, each `FILE:ROW: column: reason`."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.lines: list[str] = []

    def add(self, line: int, column: str, reason: str) -> None:
        self.lines.append(f"{self.filename}:{line}: {column}: {reason}")

    def __bool__(self) -> bool:
        return bool(self.lines)


def _yes_no(cell: str) -> bool | None:
    if cell == "":
        return None
    if cell == "yes":
        return True
    if cell == "no":
        return False
    raise ValueError("must be yes, no or empty")


def followup_row_parse(
    line: int, cells: dict[str, str], today: dt.date, problems: RowProblems
) -> FollowUpRow | None:
    """Check one row's cells (format only: households and members are checked against the
    database by the import); every problem is added, None when there was one."""
    found = len(problems.lines)
    household = cells["household"].strip()
    if not household:
        problems.add(line, "household", "empty")
    member = whole_number(cells["member"]) or 0
    if member < 1:
        problems.add(line, "member", f"not a member number: {cells['member'][:40]!r}")
    if cells["round"] not in ROUNDS:
        problems.add(line, "round", f"must be one of {', '.join(ROUNDS)}")
    date = None
    try:
        if not _DATE.match(cells["date"]):
            raise ValueError
        date = dt.date.fromisoformat(cells["date"])
    except ValueError:
        problems.add(line, "date", f"not a date (YYYY-MM-DD): {cells['date']!r}")
    if date is not None and date > today:
        problems.add(line, "date", "in the future")
    answers: dict[str, bool | None] = {}
    for name in YES_NO_FIELDS:
        try:
            answers[name] = _yes_no(cells[name])
        except ValueError as exc:
            problems.add(line, name, f"{exc}: {cells[name]!r}")
    income = None
    if cells["income"] != "":
        try:
            if not _NUMBER.match(cells["income"]):
                raise InvalidOperation
            income = Decimal(cells["income"])
            if income.as_tuple().exponent < -2:  # type: ignore[operator]
                problems.add(line, "income", "at most two decimals")
            elif income >= INCOME_LIMIT:
                problems.add(line, "income", f"too large (below {INCOME_LIMIT})")
        except InvalidOperation:
            problems.add(line, "income", f"not a number of at least 0: {cells['income']!r}")
    if len(problems.lines) > found or date is None:
        return None
    return FollowUpRow(
        line=line,
        household=household,
        member=member,
        round=cells["round"],
        date=date,
        income=income,
        works=answers["works"],
        formal=answers["formal"],
        job_satisfied=answers["job_satisfied"],
        in_school=answers["in_school"],
        bank_account=answers["bank_account"],
    )

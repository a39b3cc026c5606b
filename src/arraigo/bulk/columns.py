"""The generic part of every import: the columns a file takes (for the template and its
explanation sheet) and turning one row's cells into typed values, each refusal a problem on
that row and column.

An entity's module (households_columns, entities) lists its `Column`s; its checker reads each
row through a `Cells`, which says what is wrong in the user's language and returns a usable
value (or None) so that checking goes on and one pass finds every problem of the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .report import Report
from .sheets import Row

Allowed = Callable[[], Sequence[tuple[str, str]]]

YES = {"yes", "y", "si", "sí", "s", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Column:
    name: str
    help: str | Promise
    required: bool = False
    example: str = ""
    allowed: Allowed | None = None  # the codes it takes, with their meaning

    def allowed_text(self) -> str:
        if self.allowed is None:
            return ""
        return "; ".join(f"{code} = {label}" for code, label in self.allowed())


def choices_of(choices: Sequence[tuple[str, object]]) -> Allowed:
    return lambda: [(str(code), str(label)) for code, label in choices]


def yes_no_allowed() -> Sequence[tuple[str, str]]:
    return [("yes", _("yes")), ("no", _("no"))]


def date_parse(text: str) -> dt.date | None:
    """YYYY-MM-DD (an XLSX date cell reads so too) or DD/MM/YYYY; None if neither."""
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10])
    except (ValueError, OverflowError):  # OverflowError: a year of 20 digits
        return None


class Cells:
    """One row's cells read into values; each refusal goes to `report` on this row."""

    __slots__ = ("report", "row")

    def __init__(self, row: Row, report: Report) -> None:
        self.row = row
        self.report = report

    def fail(self, column: str, message: str) -> None:
        self.report.fail(self.row.number, column, message)

    def text(self, name: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.row.cells.get(name, "")
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return ""
        if len(value) > max_length:
            self.fail(name, _("At most %(max)d characters.") % {"max": max_length})
        return value

    def choice(
        self, name: str, allowed: Collection[str], *, default: str = "", required: bool = False
    ) -> str:
        value = self.row.cells.get(name, "")
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return default
        if value in allowed:
            return value
        lowered = value.lower()
        if lowered in allowed:
            return lowered
        upper = value.upper()
        if upper in allowed:
            return upper
        self.fail(name, _("Choose one of the listed options."))
        return default

    def date(self, name: str, *, required: bool = False) -> dt.date | None:
        value = self.row.cells.get(name, "")
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return None
        day = date_parse(value)
        if day is None:
            self.fail(name, _("Write the date as YYYY-MM-DD."))
        return day

    def yes_no(self, name: str, *, default: bool | None = False) -> bool | None:
        value = self.row.cells.get(name, "").lower()
        if not value:
            return default
        if value in YES:
            return True
        if value in NO:
            return False
        self.fail(name, _("Write yes or no."))
        return default

    def integer(self, name: str, *, low: int, high: int, default: int = 0) -> int:
        value = self.row.cells.get(name, "")
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            self.fail(
                name,
                _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
            )
            return default
        return number

    def decimal(self, name: str, *, required: bool = False) -> Decimal | None:
        value = self.row.cells.get(name, "")
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return None
        try:
            amount = Decimal(value.replace(",", ""))
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount <= 0:
            self.fail(name, _("Enter an amount greater than zero."))
            return None
        return amount

    def codes(self, name: str, allowed: Collection[str]) -> list[str]:
        """Codes separated by ";" (or ","), each one of `allowed`."""
        value = self.row.cells.get(name, "")
        if not value:
            return []
        found = []
        for part in value.replace(",", ";").split(";"):
            code = part.strip()
            if not code:
                continue
            if code not in allowed and code.lower() not in allowed:
                self.fail(name, _("Unknown code: %(code)s") % {"code": code})
                continue
            code = code if code in allowed else code.lower()
            if code not in found:
                found.append(code)
        return found

"""Reading KoboToolbox exports of submissions into submissions with their members' rows.

Two layouts (docs/monitoring.md, "Surveys"), with "XML values and headers" (choice names, not
labels):
- Kobo's XLSX export: the first sheet has one row per submission (`_uuid`, `_index`, the
  household, date, mode and household answers); the repeat `members` is another sheet with one
  row per member, joined to its submission by `_parent_index` (= the submission's `_index`), or
  by `_submission__uuid` when there is no `_parent_index`.
- A flat file (CSV with `,` or `;`, or an XLSX with one sheet): one row per member, each
  carrying its submission's `_uuid` and the household-level columns.
Headers may carry group paths (`members/member`, `group/household`) or Kobo's `members_`
prefix; other columns (`_id`, `_submission_time`, `start`, `age`...) are ignored. Nothing here
reads the database: `services_kobo` checks the rows against it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from arraigo.core.xlsx_errors import XLSX_ERRORS

from .instruments import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from .xlsform import REPEAT

SUBMISSION_COLUMNS = ("household", "date", "mode", "round", *HOUSEHOLD_FIELDS)
MEMBER_COLUMNS = ("member", *MEMBER_FIELDS)
META_COLUMNS = ("_uuid", "_index", "_parent_index", "_submission__uuid")
KNOWN = {*SUBMISSION_COLUMNS, *MEMBER_COLUMNS}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where it is: printed `FILE:ROW: column: reason`."""

    where: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}:{self.row}: {self.column}: {self.reason}"


@dataclass
class Row:
    """One row of a sheet: canonical column -> (the file's header, the cell as text)."""

    where: str
    row: int
    cells: dict[str, tuple[str, str]]

    def get(self, name: str) -> str:
        return self.cells.get(name, ("", ""))[1]

    def header(self, name: str) -> str:
        return self.cells.get(name, (name, ""))[0]


@dataclass
class Submission:
    uuid: str
    head: Row  # the row with the household-level answers
    members: list[Row] = field(default_factory=list)


def canonical(header: str) -> str | None:
    """The column a header stands for, or None for a column the import ignores."""
    name = header.strip()
    if name in META_COLUMNS or name in KNOWN:
        return name
    if name.rsplit("/", 1)[-1] == "instanceID":
        return "instanceID"
    for separator in ("/", ":", "."):
        if separator in name and (tail := name.rsplit(separator, 1)[1]) in KNOWN:
            return tail
    prefix = f"{REPEAT}_"
    if name.startswith(prefix) and name[len(prefix) :] in MEMBER_COLUMNS:
        return name[len(prefix) :]
    return None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(where: str, table: Iterable[Iterable[Any]]) -> tuple[list[str], list[Row]]:
    lines = iter(table)
    headers = [cell_text(h) for h in next(lines, [])]
    names = [canonical(h) for h in headers]
    rows = []
    for number, values in enumerate(lines, start=2):
        texts = [cell_text(v) for v in values]
        if not any(texts):
            continue
        cells: dict[str, tuple[str, str]] = {}
        for header, name, text in zip(headers, names, texts, strict=False):
            if name is not None and name not in cells:
                if name == "instanceID":
                    name, text = "_uuid", text.removeprefix("uuid:")
                    if "_uuid" in cells:
                        continue
                cells[name] = (header, text)
        rows.append(Row(where, number, cells))
    present = {n for n in names if n}
    if "instanceID" in present:
        present.add("_uuid")
    return sorted(present), rows


def _missing(where: str, present: list[str], needed: Iterable[str]) -> list[Problem]:
    return [Problem(where, 1, name, _("column missing")) for name in needed if name not in present]


def _flat(where: str, table: Iterable[Iterable[Any]]) -> tuple[list[Submission], list[Problem]]:
    present, rows = _rows(where, table)
    problems = _missing(where, present, ("_uuid", "household", "member"))
    if problems:
        return [], problems
    by_uuid: dict[str, Submission] = {}
    for row in rows:
        uuid = row.get("_uuid")
        if not uuid:
            problems.append(Problem(where, row.row, row.header("_uuid"), _("empty")))
            continue
        submission = by_uuid.setdefault(uuid, Submission(uuid, row))
        for name in SUBMISSION_COLUMNS:
            if row.get(name) != submission.head.get(name):
                reason = _("differs from row %(row)s of the same submission") % {
                    "row": submission.head.row
                }
                problems.append(Problem(where, row.row, row.header(name), reason))
        submission.members.append(row)
    return list(by_uuid.values()), problems


def _repeat_sheets(
    where: str, main: Iterable[Iterable[Any]], repeat: Iterable[Iterable[Any]], repeat_where: str
) -> tuple[list[Submission], list[Problem]]:
    present, heads = _rows(where, main)
    problems = _missing(where, present, ("_uuid", "household"))
    repeat_present, members = _rows(repeat_where, repeat)
    problems += _missing(repeat_where, repeat_present, ("member",))
    by_parent = "_parent_index" in repeat_present
    if not by_parent:
        problems += _missing(repeat_where, repeat_present, ("_submission__uuid",))
    if problems:
        return [], problems
    submissions = []
    keys: dict[str, Submission] = {}
    for position, head in enumerate(heads, start=1):
        uuid = head.get("_uuid")
        if not uuid:
            problems.append(Problem(where, head.row, head.header("_uuid"), _("empty")))
            continue
        submission = Submission(uuid, head)
        submissions.append(submission)
        key = (head.get("_index") or str(position)) if by_parent else uuid
        keys.setdefault(key, submission)
    link = "_parent_index" if by_parent else "_submission__uuid"
    for row in members:
        parent = keys.get(row.get(link))
        if parent is None:
            reason = _("no submission with this %(key)s in %(sheet)s") % {
                "key": "_index" if by_parent else "_uuid",
                "sheet": where,
            }
            problems.append(Problem(repeat_where, row.row, row.header(link), reason))
            continue
        parent.members.append(row)
    return submissions, problems


def _csv_table(content: bytes) -> Iterator[list[str]]:
    text = content.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _without_nul(
    read: tuple[list[Submission], list[Problem]],
) -> tuple[list[Submission], list[Problem]]:
    """The submissions, or none and each cell holding a NUL character (a CSV may; PostgreSQL
    stores no text with one)."""
    submissions, problems = read
    found = [
        Problem(row.where, row.row, header.replace("\x00", ""), _("remove the NUL character"))
        for submission in submissions
        for row in (submission.head, *submission.members)
        for header, text in row.cells.values()
        if "\x00" in text or "\x00" in header
    ]
    return ([], problems + sorted(set(found), key=found.index)) if found else read


def read_submissions(content: bytes, filename: str) -> tuple[list[Submission], list[Problem]]:
    """The submissions of a KoboToolbox export, and what could not be read (file-level
    problems: then no submission is returned)."""
    return _without_nul(_submissions_read(content, filename))


def _submissions_read(content: bytes, filename: str) -> tuple[list[Submission], list[Problem]]:
    name = filename or "file"
    if name.lower().endswith(".csv"):
        try:
            return _flat(name, _csv_table(content))
        except (UnicodeDecodeError, csv.Error):
            return [], [Problem(name, 1, "file", _("not a CSV file in UTF-8"))]
    if not name.lower().endswith(".xlsx"):
        return [], [Problem(name, 1, "file", _("give a .csv or .xlsx file"))]
    unreadable = [Problem(name, 1, "file", _("not a readable XLSX file"))]
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except XLSX_ERRORS:
        return [], unreadable
    try:
        sheets = book.worksheets
        if not sheets:  # a workbook whose sheets' parts are missing
            return [], unreadable
        if len(sheets) == 1:
            return _flat(name, sheets[0].iter_rows(values_only=True))
        repeat = next((s for s in sheets[1:] if s.title == REPEAT), sheets[1])
        return _repeat_sheets(
            f"{name}[{sheets[0].title}]",
            sheets[0].iter_rows(values_only=True),
            repeat.iter_rows(values_only=True),
            f"{name}[{repeat.title}]",
        )
    except XLSX_ERRORS:  # read-only sheets parse as they are read: a spoiled part fails here
        return [], unreadable
    finally:
        book.close()

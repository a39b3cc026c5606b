"""`arraigo followups import`: follow-up answers from a file in the interchange format.

All or nothing: every row is checked against the format and the database first; one problem
anywhere refuses the whole file (FollowUpsRefused lists each as `FILE:ROW: column: reason`)
and nothing is written. A row identical to a stored answer changes nothing; a row that
differs from one is refused unless `replace` is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import ValidationFailed
from arraigo.registry.models import Household, Person

from .interchange import (
    FOLLOWUP_COLUMNS,
    FollowUpRow,
    RowProblems,
    followup_row_parse,
)
from .models import AnswerSource, FollowUpAnswer
from .rows import followup_answer_row

IMPORT_PERM = "monitoring.import_surveys"
CHUNK = 2000


class FollowUpsRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class FollowUpsImported:
    rows: int
    created: int
    unchanged: int
    replaced: int


def _rows(text: str, problems: RowProblems, today: dt.date) -> list[FollowUpRow]:
    try:
        return _rows_read(csv.reader(io.StringIO(text)), problems, today)
    except csv.Error as exc:  # a cell over csv's field limit (131,072 characters), for one
        problems.add(1, "file", f"not a readable CSV file: {exc}")
        return []


def _rows_read(
    reader: Iterator[list[str]], problems: RowProblems, today: dt.date
) -> list[FollowUpRow]:
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != FOLLOWUP_COLUMNS:
        problems.add(1, "header", f"the columns must be exactly: {','.join(FOLLOWUP_COLUMNS)}")
        return []
    rows: list[FollowUpRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    for line, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(FOLLOWUP_COLUMNS):
            problems.add(line, "row", f"{len(cells)} cells, {len(FOLLOWUP_COLUMNS)} expected")
            continue
        if any("\x00" in cell for cell in cells):  # PostgreSQL stores no text with one
            problems.add(line, "row", "a cell holds a NUL character")
            continue
        row = followup_row_parse(
            line,
            dict(zip(FOLLOWUP_COLUMNS, (c.strip() for c in cells), strict=True)),
            today,
            problems,
        )
        if row is None:
            continue
        key = (row.household, row.member, row.round)
        if key in seen:
            problems.add(line, "member", f"the same member and round as row {seen[key]}")
            continue
        seen[key] = line
        rows.append(row)
    return rows


def _people(rows: list[FollowUpRow]) -> dict[tuple[str, int], Person]:
    codes = sorted({row.household for row in rows})
    people: dict[tuple[str, int], Person] = {}
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        for person in (
            Person.objects.filter(household__code__in=chunk)
            .only("id", "household_id", "member_no", "household__code")
            .select_related("household")
        ):
            people[person.household.code, person.member_no] = person
    return people


def _known_codes(codes: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        known.update(Household.objects.filter(code__in=chunk).values_list("code", flat=True))
    return known


def _stored(person_ids: list[int]) -> dict[tuple[int, str], FollowUpAnswer]:
    stored: dict[tuple[int, str], FollowUpAnswer] = {}
    for start in range(0, len(person_ids), CHUNK):
        chunk = person_ids[start : start + CHUNK]
        for answer in FollowUpAnswer.objects.filter(person_id__in=chunk):
            stored[answer.person_id, answer.round] = answer
    return stored


def followups_import(
    *, actor: User, text: str, filename: str, replace: bool = False
) -> FollowUpsImported:
    """Check every row, then write them all in one transaction (or nothing)."""
    if not actor.has_perm(IMPORT_PERM):
        raise ValidationFailed({None: ["You may not import survey answers."]})
    problems = RowProblems(filename)
    rows = _rows(text, problems, timezone.localdate())
    people = _people(rows)
    known_codes = _known_codes(sorted({row.household for row in rows}))
    matched: list[tuple[FollowUpRow, Person]] = []
    for row in rows:
        person = people.get((row.household, row.member))
        if person is None:
            if row.household in known_codes:
                problems.add(row.line, "member", f"no member {row.member} in {row.household}")
            else:
                problems.add(row.line, "household", f"unknown household {row.household!r}")
            continue
        matched.append((row, person))
    stored = _stored(sorted({person.pk for _row, person in matched}))
    new: list[FollowUpAnswer] = []
    changed: list[tuple[FollowUpAnswer, FollowUpRow]] = []
    unchanged = 0
    for row, person in matched:
        answer = stored.get((person.pk, row.round))
        if answer is None:
            new.append(_answer(row, person, actor))
        elif all(getattr(answer, name) == value for name, value in row.answers().items()):
            unchanged += 1
        elif replace:
            changed.append((answer, row))
        else:
            problems.add(
                row.line, "round", "differs from the stored answer (--replace overwrites it)"
            )
    if problems:
        raise FollowUpsRefused(problems.lines)
    try:
        with transaction.atomic():
            FollowUpAnswer.objects.bulk_create(new, batch_size=CHUNK)
            for answer, row in changed:
                for name, value in row.answers().items():
                    setattr(answer, name, value)
                answer.source = AnswerSource.FILE
                answer.recorded_by = actor
                answer.recorded_at = timezone.now()
                answer.save()
            result = FollowUpsImported(len(rows), len(new), unchanged, len(changed))
            audit_event(
                actor=actor,
                obj=actor,
                event="followups_import",
                details={"file": filename, **result.__dict__},
            )
    except IntegrityError:
        raise FollowUpsRefused(
            [f"{filename}: another import wrote some of these answers meanwhile; run it again"]
        ) from None
    return result


def _answer(row: FollowUpRow, person: Person, actor: User) -> FollowUpAnswer:
    return followup_answer_row(
        household_id=person.household_id,
        person_id=person.pk,
        round=row.round,
        date=row.date,
        source=AnswerSource.FILE,
        recorded_by_id=actor.pk,
        recorded_at=timezone.now(),
        works=row.works,
        formal=row.formal,
        income=row.income,
        job_satisfied=row.job_satisfied,
        in_school=row.in_school,
        bank_account=row.bank_account,
    )

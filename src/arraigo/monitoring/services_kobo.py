"""Importing a KoboToolbox export of one round's submissions: all of it, or nothing.

`kobo_import` reads the file (kobo_files), checks every row against the registry and the answers
already stored, and only when no row is wrong writes one `Interview` (source kobo, the
submission's uuid) and one `FollowUpAnswer` per member per submission. A submission whose uuid
was imported before is skipped and counted as such, so importing a file again changes nothing.
Any wrong row refuses the whole file: the report lists each problem as `FILE:ROW: column:
reason` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.digits import whole_number
from arraigo.core.errors import ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.registry.models import Household, Person

from .instruments import MEMBER_FIELDS, Instrument, Instruments, survey_instruments
from .kobo_files import Problem, Row, Submission, read_submissions
from .models import AnswerSource, FollowUpAnswer, Interview, InterviewMode

IMPORT_PERM = "monitoring.import_surveys"
YES_NO = {"yes": True, "no": False, "": None}
MAX_INCOME = Decimal("9999999999.99")
UUID_LENGTH = 64
CHUNK = 2000


@dataclass(frozen=True)
class ImportReport:
    filename: str
    round: str
    submissions: int  # in the file
    imported: int  # written now
    skipped: int  # imported before (same uuid): left as they are
    answers: int  # members' answers written now
    problems: tuple[Problem, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.problems)


@dataclass
class _Checked:
    submission: Submission
    household: Household
    interview: dict[str, Any]
    answers: list[tuple[int, dict[str, Any]]]  # (person id, answers)


class _Checker:
    """Turns rows into values, collecting a problem for each cell it cannot use."""

    def __init__(self, instrument: Instrument, tenure: frozenset[str], today: dt.date) -> None:
        self.instrument = instrument
        self.asked = {q.field for q in instrument.questions}
        self.tenure = tenure
        self.today = today
        self.problems: list[Problem] = []

    def fail(self, row: Row, column: str, reason: str) -> None:
        self.problems.append(Problem(row.where, row.row, row.header(column), reason))

    def answer(self, row: Row, name: str, kind: str) -> Any:
        text = row.get(name)
        if text and name not in self.asked:
            self.fail(row, name, _("not asked in this round"))
            return None
        if kind == "yes_no":
            if text.lower() not in YES_NO:
                self.fail(row, name, _("yes, no or empty, not %(value)r") % {"value": text})
                return None
            return YES_NO[text.lower()]
        if kind == "tenure":
            if text and text not in self.tenure:
                self.fail(row, name, _("not a housing-tenure code: %(value)r") % {"value": text})
                return ""
            return text
        return self.amount(row, name, text)

    def amount(self, row: Row, name: str, text: str) -> Decimal | None:
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or not 0 <= amount <= MAX_INCOME:
            self.fail(row, name, _("a number of at least 0, not %(value)r") % {"value": text})
            return None
        return amount.quantize(Decimal("0.01"))

    def date(self, row: Row) -> dt.date | None:
        text = row.get("date")
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            self.fail(row, "date", _("a date YYYY-MM-DD, not %(value)r") % {"value": text})
            return None
        if day > self.today:
            self.fail(row, "date", _("in the future"))
            return None
        return day

    def mode(self, row: Row) -> str:
        text = row.get("mode")
        if text not in InterviewMode.values:
            choices = ", ".join(InterviewMode.values)
            self.fail(row, "mode", _("one of %(choices)s") % {"choices": choices})
        return text


def _check(
    submissions: list[Submission], round_code: str, checker: _Checker
) -> tuple[list[_Checked], int]:
    """The submissions to write, and how many were imported before (problems in checker)."""
    uuids = {s.uuid for s in submissions}
    done = set(
        Interview.objects.filter(submission_uuid__in=uuids).values_list(
            "submission_uuid", flat=True
        )
    )
    # Only what the submissions not imported before need (an import run again reads little).
    codes = {s.head.get("household") for s in submissions if s.uuid not in done}
    households = {h.code: h for h in Household.objects.filter(code__in=codes).only("id", "code")}
    ids = [h.pk for h in households.values()]
    people = {
        (household, number): person
        for person, household, number in Person.objects.filter(household_id__in=ids).values_list(
            "id", "household_id", "member_no"
        )
    }
    interviewed = set(
        Interview.objects.filter(household_id__in=ids, round=round_code).values_list(
            "household_id", flat=True
        )
    )
    answered = set(
        FollowUpAnswer.objects.filter(household_id__in=ids, round=round_code).values_list(
            "person_id", flat=True
        )
    )
    checked: list[_Checked] = []
    seen_uuid: dict[str, int] = {}
    seen_household: dict[int, int] = {}
    for submission in submissions:
        head = submission.head
        if len(submission.uuid) > UUID_LENGTH:
            checker.fail(head, "_uuid", _("longer than %(n)s characters") % {"n": UUID_LENGTH})
            continue
        if submission.uuid in seen_uuid:
            reason = _("the same submission as row %(row)s") % {"row": seen_uuid[submission.uuid]}
            checker.fail(head, "_uuid", reason)
            continue
        seen_uuid[submission.uuid] = head.row
        if submission.uuid in done:
            continue
        if head.get("round") and head.get("round") != round_code:
            reason = _("this submission is for the round %(found)s, not %(round)s") % {
                "found": head.get("round"),
                "round": round_code,
            }
            checker.fail(head, "round", reason)
        household = households.get(head.get("household"))
        if household is None:
            checker.fail(head, "household", _("no household with this code"))
            continue
        if household.pk in seen_household:
            reason = _("the household is already in the submission of row %(row)s") % {
                "row": seen_household[household.pk]
            }
            checker.fail(head, "household", reason)
            continue
        seen_household[household.pk] = head.row
        if household.pk in interviewed:
            checker.fail(head, "household", _("already interviewed in this round"))
        interview: dict[str, Any] = {"date": checker.date(head), "mode": checker.mode(head)}
        for question in checker.instrument.household_questions:
            interview[question.field] = checker.answer(head, question.field, question.kind)
        answers = _members(submission, household, people, answered, checker)
        checked.append(_Checked(submission, household, interview, answers))
    return checked, len(uuids & done)


def _members(
    submission: Submission,
    household: Household,
    people: dict[tuple[int, int], int],
    answered: set[int],
    checker: _Checker,
) -> list[tuple[int, dict[str, Any]]]:
    answers = []
    seen: dict[int, int] = {}
    for row in submission.members:
        text = row.get("member")
        number = whole_number(text)
        person = None if number is None else people.get((household.pk, number))
        if person is None:
            reason = _("no member %(value)r in household %(code)s") % {
                "value": text,
                "code": household.code,
            }
            checker.fail(row, "member", reason)
            continue
        if person in seen:
            reason = _("member %(number)s is already in row %(row)s of this submission") % {
                "number": number,
                "row": seen[person],
            }
            checker.fail(row, "member", reason)
            continue
        seen[person] = row.row
        if person in answered:
            checker.fail(
                row,
                "member",
                _("already has answers in this round (another submission, the web form or a file)"),
            )
        values = {name: checker.answer(row, name, kind) for name, kind in MEMBER_FIELDS.items()}
        answers.append((person, values))
    return answers


def _instrument(instruments: Instruments, round_code: str) -> Instrument:
    try:
        return instruments.instrument(round_code)
    except KeyError:
        raise ValidationFailed({"round": [_("This round has no survey instrument.")]}) from None


def kobo_import(*, actor: User, round: str, file: IO[bytes], filename: str) -> ImportReport:
    """Import one round's KoboToolbox export (CSV or XLSX of submissions), all or nothing."""
    require_perm(actor, IMPORT_PERM)
    _instrument(survey_instruments(), round)
    submissions, problems = read_submissions(file.read(), filename)
    return submissions_import(
        actor=actor, round=round, submissions=submissions, problems=problems, filename=filename
    )


def submissions_import(
    *,
    actor: User | None,
    round: str,
    submissions: list[Submission],
    problems: list[Problem],
    filename: str,
) -> ImportReport:
    """Check `submissions` of `round` (read from a file, or posted by KoboToolbox's REST
    Services: services_kobo_hook) and write them, all or nothing. The caller has checked who
    may import; `actor` None is the system (the REST Services endpoint), which audits itself."""
    instruments = survey_instruments()
    instrument = _instrument(instruments, round)
    tenure = frozenset(code.code for code in instruments.tenure)
    checker = _Checker(instrument, tenure, timezone.localdate())
    checker.problems = list(problems)
    try:
        with transaction.atomic():
            return _check_and_write(actor, round, filename, submissions, checker)
    except IntegrityError:  # another import wrote some of these meanwhile: nothing was kept
        reason = _("another import wrote some of these answers meanwhile; import the file again")
        return ImportReport(filename, round, 0, 0, 0, 0, (Problem(filename, 1, "file", reason),))


def _check_and_write(
    actor: User | None,
    round_code: str,
    filename: str,
    submissions: list[Submission],
    checker: _Checker,
) -> ImportReport:
    total = len({s.uuid for s in submissions})
    checked, skipped = ([], 0) if checker.problems else _check(submissions, round_code, checker)
    if checker.problems:
        return ImportReport(filename, round_code, total, 0, skipped, 0, tuple(checker.problems))
    answers = _write(actor, round_code, checked)
    report = ImportReport(filename, round_code, total, len(checked), skipped, answers)
    if actor is None:
        return report
    audit_event(
        actor=actor,
        obj=actor,
        event="kobo_import",
        details={
            "file": filename,
            "round": round_code,
            "imported": report.imported,
            "skipped": skipped,
            "answers": answers,
        },
    )
    return report


def _write(actor: User | None, round_code: str, checked: list[_Checked]) -> int:
    """Every interview and answer in a few statements (bulk, as the follow-ups import does):
    the import's audit event records who wrote them, and the rows say `recorded_by`."""
    now = timezone.now()
    Interview.objects.bulk_create(
        [
            Interview(
                household=item.household,
                round=round_code,
                source=AnswerSource.KOBO,
                submission_uuid=item.submission.uuid,
                recorded_by=actor,
                recorded_at=now,
                **item.interview,
            )
            for item in checked
        ],
        batch_size=CHUNK,
    )
    answers = [
        FollowUpAnswer(
            household=item.household,
            person_id=person,
            round=round_code,
            date=item.interview["date"],
            source=AnswerSource.KOBO,
            recorded_by=actor,
            recorded_at=now,
            **values,
        )
        for item in checked
        for person, values in item.answers
    ]
    FollowUpAnswer.objects.bulk_create(answers, batch_size=CHUNK)
    return len(answers)

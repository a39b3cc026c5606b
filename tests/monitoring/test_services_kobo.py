"""Importing a KoboToolbox export of one round's submissions: it imports, a second import
changes nothing, and any wrong row refuses the whole file with a row-by-row report."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Interview
from arraigo.monitoring.services_kobo import kobo_import
from arraigo.registry.models import Relationship
from tests.accounts.factories import UserFactory
from tests.monitoring.kobo_exports import kobo_csv, kobo_xlsx, submission
from tests.registry.factories import PersonFactory, household_with_head

pytestmark = pytest.mark.django_db

UUID_A = "5b1c7e0a-3f1d-4c5e-9a57-0d8c2b1e6f01"
UUID_B = "9e2d4c11-7a8b-4f36-b1c0-6a5e3d2f1b02"
ANSWERED = "already has answers in this round (another submission, the web form or a file)"


@pytest.fixture
def households():
    """HH-A: head (1), spouse (2), a child of 10 (3); HH-B: a head on her own."""
    a = household_with_head(code="HH-A")
    PersonFactory(household=a, relationship=Relationship.SPOUSE, date_of_birth=dt.date(1992, 1, 9))
    PersonFactory(household=a, relationship=Relationship.CHILD, date_of_birth=dt.date(2015, 6, 1))
    b = household_with_head(code="HH-B")
    return a, b


def _submissions(**changes):
    members_a = [
        {"member": 1, "age": 35, "works": "yes", "formal": "yes", "income": 9500.5,
         "job_satisfied": "yes", "bank_account": "yes"},
        {"member": 2, "age": 34, "works": "no", "bank_account": "no"},
        {"member": 3, "age": 10, "in_school": "yes"},
    ]  # fmt: skip
    members_b = [{"member": 1, "age": 40, "works": "yes", "formal": "no", "income": 4200,
                  "job_satisfied": "no", "bank_account": "no"}]  # fmt: skip
    return [
        submission(UUID_A, "HH-A", members_a, **changes),
        submission(UUID_B, "HH-B", members_b, housing_tenure="hosted", mode="in_person"),
    ]


def _import(user, content, name="kobo.xlsx", round="month1"):
    return kobo_import(actor=user, round=round, file=io.BytesIO(content), filename=name)


def _stored():
    interviews = list(
        Interview.objects.order_by("household__code").values_list(
            "household__code", "round", "date", "mode", "source", "submission_uuid",
            "housing_tenure", "feels_safe", "health_access", "basic_needs_met",
        )
    )  # fmt: skip
    answers = list(
        FollowUpAnswer.objects.order_by("household__code", "person__member_no").values_list(
            "household__code", "person__member_no", "round", "date", "works", "formal", "income",
            "job_satisfied", "in_school", "bank_account", "source",
        )
    )  # fmt: skip
    return interviews, answers


EXPECTED = (
    [
        ("HH-A", "month1", dt.date(2026, 3, 2), "phone", "kobo", UUID_A, "rented_contract",
         True, True, False),
        ("HH-B", "month1", dt.date(2026, 3, 2), "in_person", "kobo", UUID_B, "hosted",
         True, True, False),
    ],
    [
        ("HH-A", 1, "month1", dt.date(2026, 3, 2), True, True, Decimal("9500.50"), True, None,
         True, "kobo"),
        ("HH-A", 2, "month1", dt.date(2026, 3, 2), False, None, None, None, None, False, "kobo"),
        ("HH-A", 3, "month1", dt.date(2026, 3, 2), None, None, None, None, True, None, "kobo"),
        ("HH-B", 1, "month1", dt.date(2026, 3, 2), True, False, Decimal("4200.00"), False, None,
         False, "kobo"),
    ],
)  # fmt: skip


def test_a_kobo_xlsx_export_imports(households):
    user = UserFactory(role=Role.ME_OFFICER)

    report = _import(user, kobo_xlsx(_submissions()))

    assert (report.submissions, report.imported, report.skipped, report.answers) == (2, 2, 0, 4)
    assert report.problems == ()
    assert _stored() == EXPECTED
    assert set(Interview.objects.values_list("recorded_by", flat=True)) == {user.pk}
    assert set(FollowUpAnswer.objects.values_list("recorded_by", flat=True)) == {user.pk}
    event = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=user)
    assert event.additional_data == {
        "event": "kobo_import",
        "file": "kobo.xlsx",
        "round": "month1",
        "imported": 2,
        "skipped": 0,
        "answers": 4,
    }


def test_importing_the_same_export_again_changes_nothing(households):
    user = UserFactory(role=Role.COORDINATOR)
    content = kobo_xlsx(_submissions())
    _import(user, content)
    before = _stored(), list(FollowUpAnswer.objects.values_list("recorded_at", flat=True))
    entries = LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count()

    report = _import(user, content)

    assert (report.submissions, report.imported, report.skipped, report.answers) == (2, 0, 2, 0)
    assert (_stored(), list(FollowUpAnswer.objects.values_list("recorded_at", flat=True))) == before
    assert LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count() == entries


def test_a_later_export_with_one_new_submission_imports_only_that_one(households):
    user = UserFactory(role=Role.COORDINATOR)
    first, second = _submissions()
    _import(user, kobo_xlsx([first]))

    report = _import(user, kobo_xlsx([first, second]))

    assert (report.submissions, report.imported, report.skipped, report.answers) == (2, 1, 1, 1)
    assert _stored() == EXPECTED


@pytest.mark.parametrize(("delimiter", "group"), [(";", "members/"), (",", "members_"), (",", "")])
def test_a_flat_csv_with_one_row_per_member_imports(households, delimiter, group):
    user = UserFactory(role=Role.ME_OFFICER)

    report = _import(user, kobo_csv(_submissions(), delimiter=delimiter, group=group), "k.csv")

    assert (report.submissions, report.imported, report.skipped, report.answers) == (2, 2, 0, 4)
    assert _stored() == EXPECTED


def test_one_bad_row_writes_nothing_and_names_the_row(households):
    user = UserFactory(role=Role.COORDINATOR)
    subs = _submissions()
    subs[1]["members"][0]["works"] = "maybe"

    report = _import(user, kobo_xlsx(subs))

    assert report.refused
    assert [str(p) for p in report.problems] == [
        "kobo.xlsx[members]:5: members/works: yes, no or empty, not 'maybe'"
    ]
    assert (report.imported, report.answers) == (0, 0)
    assert _stored() == ([], [])
    assert not LogEntry.objects.filter(actor=user).exists()


def test_every_wrong_row_is_listed(households):
    a, _b = households
    user = UserFactory(role=Role.COORDINATOR)
    FollowUpAnswer.objects.create(
        household=a,
        person=a.members.get(member_no=2),
        round="month1",
        date=dt.date(2026, 3, 1),
        source=AnswerSource.WEB,
        recorded_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    subs = _submissions(date="2026-02-30", mode="fax", housing_tenure="castle")
    subs[0]["members"] += [{"member": 3, "age": 10}, {"member": 9, "age": 1}, {"member": "x"}]
    subs[0]["members"][0]["income"] = -5
    subs.append(submission("c3", "HH-ZZ", []))
    subs.append(submission("c4", "HH-B", [], round="month6"))

    report = _import(user, kobo_xlsx(subs))

    assert [str(p) for p in report.problems] == [
        "kobo.xlsx[Seguimiento al mes de la llegad]:2: date: a date YYYY-MM-DD, not '2026-02-30'",
        "kobo.xlsx[Seguimiento al mes de la llegad]:2: mode: one of phone, in_person, self",
        "kobo.xlsx[Seguimiento al mes de la llegad]:2: housing_tenure: "
        "not a housing-tenure code: 'castle'",
        "kobo.xlsx[members]:2: members/income: a number of at least 0, not '-5'",
        f"kobo.xlsx[members]:3: members/member: {ANSWERED}",
        "kobo.xlsx[members]:5: members/member: member 3 is already in row 4 of this submission",
        "kobo.xlsx[members]:6: members/member: no member '9' in household HH-A",
        "kobo.xlsx[members]:7: members/member: no member 'x' in household HH-A",
        "kobo.xlsx[Seguimiento al mes de la llegad]:4: household: no household with this code",
        "kobo.xlsx[Seguimiento al mes de la llegad]:5: round: "
        "this submission is for the round month6, not month1",
        "kobo.xlsx[Seguimiento al mes de la llegad]:5: household: "
        "the household is already in the submission of row 3",
    ]
    assert _stored()[0] == []
    assert FollowUpAnswer.objects.count() == 1


def test_a_household_interviewed_this_round_by_another_submission_is_refused(households):
    user = UserFactory(role=Role.COORDINATOR)
    first, second = _submissions()
    _import(user, kobo_xlsx([first]))
    again = dict(first, _uuid="another-uuid")

    report = _import(user, kobo_xlsx([again, second]))

    assert [str(p) for p in report.problems] == [
        "kobo.xlsx[Seguimiento al mes de la llegad]:2: household: "
        "already interviewed in this round",
        f"kobo.xlsx[members]:2: members/member: {ANSWERED}",
        f"kobo.xlsx[members]:3: members/member: {ANSWERED}",
        f"kobo.xlsx[members]:4: members/member: {ANSWERED}",
    ]
    assert Interview.objects.count() == 1


def test_a_question_the_round_does_not_ask_is_refused(households):
    user = UserFactory(role=Role.COORDINATOR)

    report = _import(user, kobo_xlsx(_submissions(round="baseline")), round="baseline")

    assert [str(p) for p in report.problems] == [
        "kobo.xlsx[members]:2: members/job_satisfied: not asked in this round",
        "kobo.xlsx[Seguimiento al mes de la llegad]:3: round: "
        "this submission is for the round month1, not baseline",
        "kobo.xlsx[members]:5: members/job_satisfied: not asked in this round",
    ]


def test_a_member_row_without_its_submission_is_refused(households):
    user = UserFactory(role=Role.COORDINATOR)
    subs = _submissions()
    subs[1]["members"][0]["_parent_index"] = 7

    report = _import(user, kobo_xlsx(subs))

    assert [str(p) for p in report.problems] == [
        "kobo.xlsx[members]:5: _parent_index: no submission with this _index in "
        "kobo.xlsx[Seguimiento al mes de la llegad]"
    ]


def test_flat_rows_of_one_submission_must_agree(households):
    user = UserFactory(role=Role.COORDINATOR)
    content = kobo_csv(_submissions()).decode("utf-8-sig").splitlines()
    content[2] = content[2].replace("rented_contract", "owned")

    report = _import(user, "\n".join(content).encode(), "k.csv")

    assert [str(p) for p in report.problems] == [
        "k.csv:3: housing_tenure: differs from row 2 of the same submission"
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("k.txt", b"x", "k.txt:1: file: give a .csv or .xlsx file"),
        ("k.xlsx", b"not a zip", "k.xlsx:1: file: not a readable XLSX file"),
        ("k.csv", b"\xff\xfe\x00bad", "k.csv:1: file: not a CSV file in UTF-8"),
        ("k.csv", b"household;member\nHH-A;1\n", "k.csv:1: _uuid: column missing"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(households, name, content, problem):
    report = _import(UserFactory(role=Role.COORDINATOR), content, name)

    assert [str(p) for p in report.problems] == [problem]


@pytest.mark.parametrize(
    "role", [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.EMPLOYER, Role.AUDITOR]
)
def test_other_roles_may_not_import(households, role):
    with pytest.raises(NotPermitted):
        _import(UserFactory(role=role), kobo_xlsx(_submissions()))

    assert _stored() == ([], [])


def test_a_clash_with_an_import_running_meanwhile_keeps_nothing(households, monkeypatch):
    from django.db import IntegrityError

    from arraigo.monitoring import services_kobo

    real_write = services_kobo._write

    def clash(*args, **kwargs):
        real_write(*args, **kwargs)
        raise IntegrityError("interview_submission_once")

    monkeypatch.setattr(services_kobo, "_write", clash)

    report = _import(UserFactory(role=Role.COORDINATOR), kobo_xlsx(_submissions()))

    assert [str(p) for p in report.problems] == [
        "kobo.xlsx:1: file: another import wrote some of these answers meanwhile; "
        "import the file again"
    ]
    assert _stored() == ([], [])

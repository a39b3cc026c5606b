"""Importing households: all or nothing, every problem named by row and column, idempotent,
duplicates reported before writing, the journey stage and its date, scope."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from arraigo.accounts.models import Role
from arraigo.bulk.models import HouseholdRef, ImportStatus
from arraigo.bulk.services import import_now
from arraigo.core.errors import NotPermitted
from arraigo.registry.models import (
    Consent,
    DuplicateCandidate,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Person,
    SpecificNeed,
    StatusChange,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.factories import IdentityDocumentFactory, PersonFactory
from tests.registry.person_data import curp_make

from .files import child_row, csv_bytes, head_row, households_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def _import(actor, rows, *, fmt="csv", dry_run=False):
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    return import_now(
        actor=actor, kind="households", filename=f"caseload.{fmt}", content=content, dry_run=dry_run
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_valid_file_writes_every_household_with_people_documents_and_history(
    coordinator, office, fmt
):
    job, report = _import(coordinator, households_rows(office.code, 3), fmt=fmt)

    assert report.problems == []
    assert job.status == ImportStatus.DONE
    assert report.written["households"] == 3
    assert report.written["people"] == 6
    assert report.written["documents"] == 9
    households = list(Household.objects.order_by("code"))
    assert [h.code for h in households] == ["TAP-2026-00001", "TAP-2026-00002", "TAP-2026-00003"]
    first = households[0]
    assert first.size == 2
    assert first.head_name == "Ana REF-1 Pérez López"
    assert first.registered_by == coordinator
    assert first.registered_at.date() == dt.date(2026, 1, 5)
    assert Person.objects.get(first_names="Ana REF-1").name_folded == "ana ref-1 perez lopez"
    assert Person.objects.get(first_names="Ana REF-1").member_no == 1
    assert Person.objects.get(first_names="Luis REF-1").member_no == 2
    assert IdentityDocument.objects.count() == 9
    assert SpecificNeed.objects.filter(code="child_at_risk").count() == 3
    assert Consent.objects.filter(purpose="relocation", given=True).count() == 3
    steps = list(first.history.order_by("changed_at", "id").values_list("from_status", "to_status"))
    assert steps[0] == ("", "registered")
    assert first.eligibility_decisions.count() == 1
    assert HouseholdRef.objects.get(ref="REF-1").household == first


def test_one_bad_row_writes_nothing_and_names_the_row_and_column(coordinator, office):
    rows = households_rows(office.code, 3)
    rows[3]["date_of_birth"] = "2015-13-45"  # the child of REF-2, on row 5 of the file

    job, report = _import(coordinator, rows)

    assert job.status == ImportStatus.REFUSED
    assert [(p.row, p.column) for p in report.problems] == [(5, "date_of_birth")]
    assert report.problems[0].message == "Write the date as YYYY-MM-DD."
    assert Household.objects.count() == 0
    assert Person.objects.count() == 0
    assert HouseholdRef.objects.count() == 0


def test_after_the_fix_everything_is_written_once_and_again_nothing_twice(coordinator, office):
    rows = households_rows(office.code, 3)
    good = rows[3]["date_of_birth"]
    rows[3]["date_of_birth"] = "not a date"
    _import(coordinator, rows)
    rows[3]["date_of_birth"] = good

    _job, fixed = _import(coordinator, rows)
    _job, again = _import(coordinator, rows)

    assert fixed.written["households"] == 3
    assert again.problems == []
    assert again.skipped == 3
    assert again.written == {}
    assert Household.objects.count() == 3
    assert Person.objects.count() == 6


def test_every_problem_of_the_file_is_reported_at_once(coordinator, office):
    rows = [
        head_row("A", office.code, sex="Q", nationality="ZZ"),
        head_row("B", "nowhere", phone="123"),
        child_row("B", relationship="head"),
        head_row("C", office.code, stage="flying"),
    ]

    _job, report = _import(coordinator, rows)

    assert [(p.row, p.column) for p in sorted(report.problems)] == [
        (2, "nationality"),
        (2, "sex"),
        (3, "origin_office"),
        (3, "phone"),
        (4, "relationship"),
        (5, "stage"),
    ]


def test_a_document_already_registered_refuses_its_row(coordinator, office):
    rows = households_rows(office.code, 1)
    IdentityDocumentFactory(
        document_type__code="comar_recognition", number=rows[0]["document_2_number"]
    )

    _job, report = _import(coordinator, rows)

    assert [(p.row, p.column) for p in report.problems] == [(2, "document_2_number")]
    assert "already registered in household" in report.problems[0].message


def test_the_same_document_twice_in_the_file_is_refused(coordinator, office):
    rows = households_rows(office.code, 2)
    rows[2]["document_2_number"] = rows[0]["document_2_number"]

    _job, report = _import(coordinator, rows)

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (4, "document_2_number", "The same document is in row 2.")
    ]


def test_a_curp_that_contradicts_its_holder_is_refused(coordinator, office):
    rows = households_rows(office.code, 1)
    rows[0]["sex"] = "M"  # the CURP says mujer

    _job, report = _import(coordinator, rows)

    assert [(p.row, p.column) for p in report.problems] == [(2, "document_number")]


def test_likely_duplicates_against_the_registry_are_reported_before_writing(coordinator, office):
    rows = households_rows(office.code, 1)
    PersonFactory(
        first_names="Ana REF-1",
        last_names="Perez Lopez",
        date_of_birth=dt.date.fromisoformat(rows[0]["date_of_birth"]),
    )

    _job, checked = _import(coordinator, rows, dry_run=True)

    assert [(d.row, d.column) for d in checked.duplicates] == [(2, "first_names")]
    assert "already registered in household" in checked.duplicates[0].message
    assert Household.objects.count() == 1  # the one already there: the check wrote nothing

    _job, written = _import(coordinator, rows)

    assert written.written["duplicate_candidates"] == 1
    candidate = DuplicateCandidate.objects.get()
    assert candidate.person.first_names == "Ana REF-1"
    assert candidate.person.household.has_open_duplicate is True


def test_likely_duplicates_within_the_file_are_reported(coordinator, office):
    rows = households_rows(office.code, 2)
    born = dt.date.fromisoformat(rows[0]["date_of_birth"])
    rows[2].update(  # the head of REF-2 looks like the head of REF-1
        first_names="Ana REF-1",
        date_of_birth=born.isoformat(),
        document_number=curp_make(born, "M"),
    )

    _job, report = _import(coordinator, rows, dry_run=True)

    assert [(d.row, d.message[:33]) for d in report.duplicates] == [
        (4, "Looks like the person in row 2: s")
    ]


def test_a_stage_and_its_date_make_the_history(coordinator, office, host_city):
    rows = [
        head_row(
            "H",
            office.code,
            stage="arrived",
            stage_date="2026-02-10",
            host_city=host_city.code,
        )
    ]

    _job, report = _import(coordinator, rows)

    assert report.problems == []
    household = Household.objects.get()
    assert household.status == HouseholdStatus.ARRIVED
    assert household.host_city == host_city
    steps = list(
        StatusChange.objects.order_by("changed_at", "id").values_list(
            "from_status", "to_status", "changed_at__date"
        )
    )
    assert steps == [
        ("", "registered", dt.date(2026, 1, 5)),
        ("registered", "arrived", dt.date(2026, 2, 10)),
    ]


def test_a_closed_case_needs_its_reason(coordinator, office):
    _job, report = _import(coordinator, [head_row("X", office.code, stage="closed")])

    assert [(p.row, p.column) for p in report.problems] == [(2, "closure_reason")]


def test_an_origin_caseworker_cannot_import_into_another_office(caseworker, office):
    other = OfficeFactory(code="pal")
    rows = [*households_rows(office.code, 1), head_row("OTHER", other.code)]

    _job, report = _import(caseworker, rows)

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (4, "origin_office", "You cannot register a household there.")
    ]
    assert Household.objects.count() == 0


def test_an_origin_caseworker_imports_into_their_own_office(caseworker, office):
    _job, report = _import(caseworker, households_rows(office.code, 1))

    assert report.written["households"] == 1


def test_a_role_without_the_permission_is_refused(office):
    liaison = UserFactory(role=Role.EMPLOYER_LIAISON)

    with pytest.raises(NotPermitted):
        _import(liaison, households_rows(office.code, 1))
    assert Household.objects.count() == 0


def test_the_import_is_one_audit_entry_not_one_per_row(coordinator, office):
    before = LogEntry.objects.count()

    job, _report = _import(coordinator, households_rows(office.code, 3))

    assert LogEntry.objects.count() - before == 1
    entry = LogEntry.objects.order_by("-id").first()
    assert entry.additional_data["event"] == "import"
    assert entry.additional_data["written"]["households"] == 3
    assert entry.object_id == job.pk


def test_missing_and_unknown_columns_are_named(coordinator, office):
    content = b"household_ref,origin_office,colour\nA,tap,blue\n"

    _job, report = import_now(
        actor=coordinator, kind="households", filename="x.csv", content=content
    )

    assert ("colour", "Unknown column; see the template for the columns it takes.") in [
        (p.column, p.message) for p in report.problems
    ]
    assert {p.column for p in report.problems if p.message == "This column is missing."} == {
        "relationship",
        "first_names",
        "last_names",
        "sex",
        "date_of_birth",
        "nationality",
    }


def test_a_large_file_is_checked_by_worker_processes_with_the_same_answer(
    coordinator, office, settings
):
    settings.ARRAIGO_IMPORT_PARALLEL_ROWS = 1
    settings.ARRAIGO_IMPORT_PROCESSES = 2
    rows = households_rows(office.code, 4)
    rows[7]["sex"] = "?"  # in the second half

    _job, refused = _import(coordinator, rows)
    rows[7]["sex"] = "M"
    _job, report = _import(coordinator, rows)

    assert [(p.row, p.column) for p in refused.problems] == [(9, "sex")]
    assert report.written["households"] == 4
    assert list(Household.objects.order_by("code").values_list("import_ref__ref", flat=True)) == [
        "REF-1",
        "REF-2",
        "REF-3",
        "REF-4",
    ]


def test_someone_registered_with_day_and_month_swapped_is_a_likely_duplicate(coordinator, office):
    rows = households_rows(office.code, 1)
    born = dt.date.fromisoformat(rows[0]["date_of_birth"])
    if born.day > 12 or born.day == born.month:  # no swapped date: make one
        born = born.replace(day=3) if born.month != 3 else born.replace(day=4)
        rows[0].update(date_of_birth=born.isoformat(), document_number=curp_make(born, "M"))
    PersonFactory(
        first_names="Ana REF-1",
        last_names="Pérez López",
        date_of_birth=born.replace(month=born.day, day=born.month),
    )

    _job, report = _import(coordinator, rows, dry_run=True)

    assert [(d.row, d.column) for d in report.duplicates] == [(2, "first_names")]

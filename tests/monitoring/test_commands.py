"""The interchange commands: `arraigo indicators`, `arraigo followups import|export` and
`arraigo export people`, with their exact formats."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from arraigo.accounts.models import Role
from arraigo.casework.models import IntegrationPlan, PlanTemplate
from arraigo.monitoring.indicators import ROUNDS
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer
from arraigo.registry.models import NeedCode, SpecificNeed
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

from .known_answers import EXPECTED

pytestmark = pytest.mark.django_db

HEADER = "household,member,round,date,works,formal,income,job_satisfied,in_school,bank_account"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_indicators_json_has_every_code_for_every_round_with_hand_computed_counts(
    known_answers, coordinator
):
    payload = json.loads(_run("indicators", "--from", "2025-07-01", "--to", "2026-12-31", "--json"))
    assert payload["from"] == "2025-07-01"
    assert payload["to"] == "2026-12-31"
    assert payload["poverty_line"]["amount"] == 2300.0
    assert payload["poverty_line"]["as_of"] == "2024-08-01"
    found = {
        (i["code"], i["round"]): (i["numerator"], i["denominator"]) for i in payload["indicators"]
    }
    assert len(payload["indicators"]) == 16 * len(ROUNDS)
    for key, counts in found.items():
        assert counts == EXPECTED.get(key, (0, 0)), key
    bank = next(
        i for i in payload["indicators"] if i["code"] == "p_bank_account" and i["round"] == "month6"
    )
    assert bank["value"] == 0.6
    empty = next(i for i in payload["indicators"] if i["round"] == "month12")
    assert empty["value"] is None


def test_indicators_period_includes_both_ends(known_answers):
    payload = json.loads(_run("indicators", "--from", "2026-06-30", "--to", "2026-06-30", "--json"))
    found = {(i["code"], i["round"]): i["denominator"] for i in payload["indicators"]}
    assert found["hh_adult_working", "month6"] == 4
    assert found["hh_adult_working", "baseline"] == 0


def test_indicators_refuses_a_bad_date():
    with pytest.raises(CommandError, match="not a date"):
        _run("indicators", "--from", "2026-13-01", "--to", "2026-12-31")


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_import_of_a_good_file_twice_changes_nothing_the_second_time(
    known_answers, coordinator, tmp_path
):
    path = _write(
        tmp_path,
        "H3,4,month6,2026-06-30,,,,,yes,",
        "H4,1,month1,2026-02-01,yes,yes,8000.50,yes,,yes",
    )
    first = _run("followups", "import", str(path))
    assert first.endswith(": 2 rows: 2 new, 0 unchanged, 0 replaced\n")
    stored = FollowUpAnswer.objects.get(household__code="H4", round="month1")
    assert (stored.works, stored.formal, stored.income, stored.source) == (
        True,
        True,
        Decimal("8000.50"),
        AnswerSource.FILE,
    )
    assert stored.recorded_by == coordinator
    count = FollowUpAnswer.objects.count()
    second = _run("followups", "import", str(path))
    assert second.endswith(": 2 rows: 0 new, 2 unchanged, 0 replaced\n")
    assert FollowUpAnswer.objects.count() == count


def test_import_with_one_bad_row_writes_nothing_prints_the_row_and_exits_2(
    known_answers, coordinator, tmp_path, capsys
):
    path = _write(
        tmp_path,
        "H3,4,month6,2026-06-30,,,,,yes,",
        "H4,1,month1,2026-02-01,maybe,yes,-5,yes,,yes",
        "H9,1,month1,2026-02-01,yes,,,,,",
        "H1,7,month1,2026-02-01,yes,,,,,",
        "H3,4,month6,2026-06-30,,,,,yes,",
    )
    count = FollowUpAnswer.objects.count()
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("followups", "import", str(path), stderr=err)
    assert refused.value.returncode == 2
    assert err.getvalue().splitlines() == [
        f"{path}:3: works: must be yes, no or empty: 'maybe'",
        f"{path}:3: income: not a number of at least 0: '-5'",
        f"{path}:6: member: the same member and round as row 2",
        f"{path}:4: household: unknown household 'H9'",
        f"{path}:5: member: no member 7 in H1",
    ]
    assert FollowUpAnswer.objects.count() == count


def test_a_row_that_differs_from_a_stored_one_is_refused_unless_replace(
    known_answers, coordinator, tmp_path
):
    path = _write(tmp_path, "H1,2,month6,2026-06-30,yes,yes,5000,yes,,yes")
    with pytest.raises(CommandError):
        call_command("followups", "import", str(path), stderr=StringIO())
    assert (
        FollowUpAnswer.objects.get(household__code="H1", person__member_no=2, round="month6").works
        is False
    )
    out = _run("followups", "import", str(path), "--replace")
    assert out.endswith(": 1 rows: 0 new, 0 unchanged, 1 replaced\n")
    answer = FollowUpAnswer.objects.get(household__code="H1", person__member_no=2, round="month6")
    assert (answer.works, answer.income) == (True, Decimal(5000))
    assert LogEntry.objects.filter(additional_data__event="followups_import").count() == 1


def test_a_wrong_header_is_refused(coordinator, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("household,member,round\nH1,1,month1\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("followups", "import", str(path), stderr=err)
    assert err.getvalue() == f"{path}:1: header: the columns must be exactly: {HEADER}\n"


def test_export_then_import_changes_nothing(known_answers, coordinator, tmp_path):
    out = tmp_path / "out.csv"
    _run("followups", "export", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    assert lines[1:4] == [
        "H1,1,baseline,2025-12-01,no,no,,,,no",
        "H1,1,month6,2026-06-30,yes,yes,6000,yes,,yes",
        "H1,2,month6,2026-06-30,no,,,,,no",
    ]
    assert len(lines) == 12
    before = list(FollowUpAnswer.objects.order_by("id").values())
    result = _run("followups", "import", str(out))
    assert result.endswith(": 11 rows: 0 new, 11 unchanged, 0 replaced\n")
    assert list(FollowUpAnswer.objects.order_by("id").values()) == before


def test_a_caseworker_may_not_import(known_answers, tmp_path):
    caseworker = UserFactory(role=Role.HOST_CASEWORKER)
    path = _write(tmp_path, "H3,4,month6,2026-06-30,,,,,yes,")
    with pytest.raises(CommandError, match="may not import"):
        call_command("followups", "import", str(path), "--user", caseworker.username)
    assert not FollowUpAnswer.objects.filter(household__code="H3", person__member_no=4).exists()


def test_export_people_writes_the_exact_columns(coordinator, tmp_path):
    city = CityFactory(name="Saltillo")
    household = HouseholdFactory(code="TAP-2026-00001", modality="relocation", host_city=city)
    head = PersonFactory(
        household=household,
        sex="F",
        date_of_birth=dt.date(1990, 5, 17),
        nationality="HN",
        protection_status="refugee",
    )
    child = PersonFactory(
        household=household,
        relationship="grandchild",
        sex="M",
        date_of_birth=dt.date(2015, 2, 3),
        nationality="MX",
        protection_status="national",
    )
    SpecificNeed.objects.create(
        household=household,
        person=child,
        code=NeedCode.DISABILITY,
        recorded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    SpecificNeed.objects.create(
        household=household,
        person=None,
        code=NeedCode.SINGLE_PARENT,
        recorded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    template = PlanTemplate.objects.create(version="test")
    for started in (dt.date(2026, 3, 2), dt.date(2026, 9, 1)):  # the first start counts
        IntegrationPlan.objects.create(
            household=household,
            template=template,
            started_on=started,
            created_by=coordinator,
            status="closed",
        )
    in_place = HouseholdFactory(code="TAP-2026-00002", modality="in_place")
    PersonFactory(household=in_place, nationality="VE", protection_status="")
    out = tmp_path / "people.csv"
    _run("export", "people", "--out", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows == [
        [
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
        ],
        [
            "TAP-2026-00001",
            "1",
            "head",
            "F",
            "1990-05-17",
            "HN",
            "refugee",
            "relocation",
            "Saltillo",
            "2026-03-02",
            "single_parent",
        ],
        [
            "TAP-2026-00001",
            "2",
            "other",
            "M",
            "2015-02-03",
            "MX",
            "",
            "relocation",
            "Saltillo",
            "2026-03-02",
            "disability;single_parent",
        ],
        ["TAP-2026-00002", "1", "head", "F", "1990-05-17", "VE", "", "in_place", "", "", ""],
    ]
    assert head.member_no == 1 and child.member_no == 2

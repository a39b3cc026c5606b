"""`arraigo seed` through its command line: once only, deterministic, accounts printed."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from arraigo.demo.models import DemoDataset
from arraigo.demo.seed import demo_seed
from arraigo.jobs.models import Employer, Vacancy
from arraigo.matching.models import Proposal
from arraigo.registry.models import Household, IdentityDocument, Person, StatusChange
from arraigo.relocation.models import LedgerEntry, RelocationPlan
from tests.demo.conftest import occupations_ensure

pytestmark = pytest.mark.django_db

SMALL = {"households": 90, "employers": 15, "vacancies": 40}


def _run(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    return (
        Household.objects.count(),
        Person.objects.count(),
        IdentityDocument.objects.count(),
        StatusChange.objects.count(),
        Employer.objects.count(),
        Vacancy.objects.count(),
    )


def test_seed_creates_the_demo_and_prints_one_account_per_role() -> None:
    occupations_ensure()

    output = _run("--households", "90", "--employers", "15", "--vacancies", "40", "--seed", "2")

    assert "Demo data created" in output
    assert "90 households" in output
    assert "21 host cities" in output
    for username in (
        "demo-coordinator",
        "demo-origin-tapachula",
        "demo-origin-palenque",
        "demo-host-saltillo",
        "demo-liaison",
        "demo-employer",
        "demo-partner",
        "demo-me",
        "demo-auditor",
        "demo-coordinator-2",
    ):
        assert username in output
    assert output.count("demo1234") == 10
    dataset = DemoDataset.objects.get()
    assert (dataset.seed, dataset.households, dataset.employers) == (2, 90, 15)


def test_running_the_seed_again_changes_nothing_and_says_so() -> None:
    occupations_ensure()
    _run("--households", "90", "--employers", "15", "--vacancies", "40")
    before = _counts()

    output = _run("--households", "500", "--seed", "9")

    assert "Demo data already present (seed 7, 90 households): nothing changed." in output
    assert "demo-coordinator" in output
    assert _counts() == before
    assert DemoDataset.objects.count() == 1


def test_a_negative_count_is_refused_before_anything_is_written() -> None:
    with pytest.raises(CommandError, match="0 or more"):
        _run("--households", "-3")
    assert not DemoDataset.objects.exists()


def _digest() -> str:
    """Codes, names, dates, statuses and document numbers of everything seeded, and the
    relocation history: proposals, trips and every ledger entry."""
    rows: list[object] = list(
        Household.objects.order_by("code").values_list(
            "code", "status", "eligibility", "registered_at", "head_name", "host_city__code"
        )
    )
    rows += list(
        Person.objects.order_by("household__code", "id").values_list(
            "household__code", "first_names", "last_names", "date_of_birth", "spanish_level"
        )
    )
    # numbers are encrypted at rest (no order in SQL): sorted here
    rows += sorted(IdentityDocument.objects.values_list("number", "issued_on"))
    rows += list(
        StatusChange.objects.order_by("changed_at", "to_status").values_list(
            "household__code", "to_status", "changed_at"
        )
    )
    rows += list(Vacancy.objects.order_by("id").values_list("title", "monthly_wage_mxn"))
    rows += list(
        Proposal.objects.order_by("id").values_list("household__code", "city__code", "status")
    )
    rows += list(
        RelocationPlan.objects.order_by("id").values_list(
            "household__code", "travel_date", "route", "carrier", "status"
        )
    )
    rows += list(
        LedgerEntry.objects.order_by("id").values_list(
            "booked_on", "kind", "category", "amount", "source", "household__code"
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _seeded_digest(seed: int) -> str:
    """Seed in a savepoint, digest, and roll back so the next run starts empty."""
    savepoint = transaction.savepoint()
    demo_seed(seed=seed, **SMALL)
    assert LedgerEntry.objects.exists()  # the relocation history is in the digest
    digest = _digest()
    transaction.savepoint_rollback(savepoint)
    return digest


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    occupations_ensure()

    first = _seeded_digest(4)
    again = _seeded_digest(4)
    other = _seeded_digest(5)

    assert first == again
    assert other != first


def test_today_dates_the_demo_history_up_to_that_day() -> None:
    occupations_ensure()

    _run("--households", "90", "--employers", "15", "--vacancies", "40", "--today", "2027-03-15")

    assert DemoDataset.objects.get().reference_date == dt.date(2027, 3, 15)
    latest = StatusChange.objects.latest("changed_at").changed_at
    assert latest.date() <= dt.date(2027, 3, 15)
    assert latest.date() > dt.date(2027, 1, 1)
    assert not LedgerEntry.objects.filter(booked_on__gt=dt.date(2027, 3, 15)).exists()


def test_today_as_the_word_today_takes_the_local_date(monkeypatch) -> None:
    occupations_ensure()
    monkeypatch.setattr(
        "arraigo.demo.management.commands.seed.timezone.localdate", lambda: dt.date(2027, 5, 4)
    )

    _run("--households", "90", "--employers", "15", "--vacancies", "40", "--today", "today")

    assert DemoDataset.objects.get().reference_date == dt.date(2027, 5, 4)


def test_a_malformed_today_is_refused_before_anything_is_written() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--today", "15/03/2027")
    assert not DemoDataset.objects.exists()

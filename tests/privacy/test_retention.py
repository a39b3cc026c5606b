"""`arraigo retention`: what the programme's rules make due is erased, the rest stays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from arraigo.feedback.models import FeedbackCase
from arraigo.privacy.models import ErasureRecord, RetentionRun
from arraigo.registry.models import Household, HouseholdStatus, Person, StatusChange
from arraigo.relocation.models import Grant, GrantStatus, GrantTable
from tests.accounts.factories import UserFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def household(name: str, status: str, reached: dt.date) -> Household:
    made = household_with_head(
        first_names=name, status=status, registered_at=moment(dt.date(2010, 1, 4))
    )
    StatusChange.objects.create(
        household=made, from_status="followed_up", to_status=status, changed_at=moment(reached)
    )
    return made


def feedback(status: str, received: dt.date) -> FeedbackCase:
    return FeedbackCase.objects.create(
        reference=f"FB-{received:%y%m%d}-{status[:3]}",
        category="complaint",
        channel="phone",
        description="The lodging was cold, says Perpetua.",
        contact="55 1111 2222",
        received_at=moment(received),
        due_on=received,
        status=status,
    )


@pytest.fixture
def world() -> dict[str, object]:
    return {
        # closed 10 years and a day before: due (closed_cases, 10 years)
        "closed_old": household("Anacleta", HouseholdStatus.CLOSED, dt.date(2016, 12, 4)),
        # closed exactly 10 years before: due (on the day)
        "closed_day": household("Bonifacia", HouseholdStatus.CLOSED, dt.date(2016, 12, 5)),
        # closed 9 years before: not yet
        "closed_recent": household("Celedonia", HouseholdStatus.CLOSED, dt.date(2017, 12, 6)),
        # not eligible 4 years ago (no status change: its registration counts)
        "not_eligible": household_with_head(
            first_names="Dorotea",
            status=HouseholdStatus.NOT_ELIGIBLE,
            registered_at=moment(dt.date(2022, 6, 1)),
        ),
        # integrating since long ago: no rule erases it
        "integrating": household("Eleuteria", HouseholdStatus.INTEGRATING, dt.date(2012, 1, 1)),
        "feedback_old": feedback("responded", dt.date(2021, 1, 10)),
        "feedback_recent": feedback("closed", dt.date(2023, 1, 10)),
        "feedback_open": feedback("received", dt.date(2015, 1, 10)),
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("retention", f"--today={TODAY:%Y-%m-%d}", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_counts_and_erases_nothing(world):
    printed = run("--dry-run")

    assert printed.splitlines() == [
        "retention as of 2026-12-05 (dry run)",
        "  households closed_cases: 2 due",
        "  households not_taken_up: 1 due",
        "  feedback answered_feedback: 1 due",
    ]
    assert Person.objects.count() == 5
    assert FeedbackCase.objects.count() == 3
    assert ErasureRecord.objects.count() == 0
    assert RetentionRun.objects.count() == 0


def test_a_run_erases_what_is_due_as_the_system_and_says_how_many(world):
    printed = run()

    assert printed.splitlines() == [
        "retention as of 2026-12-05",
        "  households closed_cases: 2 erased",
        "  households not_taken_up: 1 erased",
        "  feedback answered_feedback: 1 removed",
    ]
    erased = {record.household_id: record.retention_rule for record in ErasureRecord.objects.all()}
    assert erased == {
        world["closed_old"].pk: "closed_cases",
        world["closed_day"].pk: "closed_cases",
        world["not_eligible"].pk: "not_taken_up",
    }
    assert sorted(Person.objects.values_list("first_names", flat=True)) == [
        "Celedonia",
        "Eleuteria",
    ]
    assert sorted(FeedbackCase.objects.values_list("status", flat=True)) == ["closed", "received"]
    assert ErasureRecord.objects.filter(erased_by__isnull=True).count() == 3
    event = LogEntry.objects.get(additional_data__event="retention")
    assert event.actor is None
    assert event.additional_data["households"] == {"closed_cases": 2, "not_taken_up": 1}
    assert event.additional_data["feedback"] == {"answered_feedback": 1}
    assert LogEntry.objects.filter(additional_data__event="erasure").count() == 3


def test_a_second_run_finds_nothing_more(world):
    run()

    printed = run()

    assert "  households closed_cases: 0 erased" in printed
    assert "  feedback answered_feedback: 0 removed" in printed
    assert ErasureRecord.objects.count() == 3
    assert RetentionRun.objects.count() == 2


def test_a_household_with_money_under_way_waits_and_is_counted(world):
    closed = world["closed_old"]
    table = GrantTable.objects.create(
        version="t1",
        modality="relocation",
        effective_from=dt.date(2016, 1, 1),
        base_amount=Decimal("5000"),
        per_additional_member=Decimal("1000"),
        cap=Decimal("9000"),
    )
    Grant.objects.create(
        household=closed,
        table=table,
        members=1,
        amount=Decimal("5000"),
        status=GrantStatus.APPROVED,
        prepared_by=UserFactory(),
    )

    printed = run()

    assert (
        "  households closed_cases: 1 erased, 1 refused for now (trip or payment under way)"
        in printed
    )
    assert Person.objects.filter(household=closed).count() == 1

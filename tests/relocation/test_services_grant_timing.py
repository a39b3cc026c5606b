"""Issue 10, item 6: money in order. A grant is paid under its programme's rule (relocation.yaml:
on arrival, or from N days before travel), and no expenditure is dated before its commitment."""

import datetime as dt
from decimal import Decimal

import pytest

from arraigo.core.errors import ValidationFailed
from arraigo.relocation.models import CostCategory, EntryKind, GrantStatus, LedgerEntry
from arraigo.relocation.rules import ON_ARRIVAL, RelocationRulesError, rules_current, rules_parse
from arraigo.relocation.services.grants import grant_disburse
from arraigo.relocation.services.ledger import ledger_post

from .factories import TRAVEL_DAY, plan_arrived
from .grant_helpers import grant_approved


def _pay(world, grant, day):
    return grant_disburse(
        actor=world.second_coordinator,
        grant=grant,
        method="cash",
        reference="REC-1",
        disbursed_on=day,
    )


def test_the_programme_rule_is_programme_data():
    rule = rules_current().grant_rule("relocation")
    assert (rule.disburse, rule.needs_trip) == (ON_ARRIVAL, True)


def test_a_rule_that_is_not_known_is_refused():
    with pytest.raises(RelocationRulesError) as exc:
        rules_parse(
            {
                "no_show_days": 3,
                "lodging_max_nights": 7,
                "grant_rules": {"relocation": {"disburse": "whenever"}},
                "grant_tables": [
                    {
                        "version": "x",
                        "effective_from": dt.date(2026, 1, 1),
                        "base_amount": 1,
                        "per_additional_member": 1,
                        "cap": 1,
                    }
                ],
            }
        )
    assert str(exc.value) == (
        "grant_rules.relocation.disburse must be one of on_arrival, before_travel, on_approval"
    )


def test_a_grant_is_not_paid_before_the_household_arrives(rworld):
    # Given an approved grant for a trip not yet made (the programme pays on arrival)
    grant = grant_approved(rworld)

    # When someone records its payment
    with pytest.raises(ValidationFailed) as exc:
        _pay(rworld, grant, dt.date(2026, 3, 12))

    # Then it is refused, with the rule, and nothing is spent
    assert exc.value.errors == {
        "disbursed_on": [
            "The household has not arrived yet: the programme pays this grant on arrival."
        ]
    }
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    assert not LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).exists()


def test_a_payment_is_not_dated_before_the_arrival(rworld):
    grant = grant_approved(rworld)
    plan_arrived(rworld.plan, on=dt.date(2026, 3, 13))

    with pytest.raises(ValidationFailed) as exc:
        _pay(rworld, grant, dt.date(2026, 3, 12))

    assert exc.value.errors == {
        "disbursed_on": [
            "The payment date cannot be before the household arrived (2026-03-13): the "
            "programme pays this grant on arrival."
        ]
    }


def test_paid_on_arrival_the_expenditure_follows_the_commitment(rworld):
    grant = grant_approved(rworld)
    plan_arrived(rworld.plan, on=dt.date(2026, 3, 13))

    _pay(rworld, grant, dt.date(2026, 3, 13))

    entries = list(
        LedgerEntry.objects.filter(source=f"grant:{grant.pk}").values_list("kind", "booked_on")
    )
    assert entries == [
        (EntryKind.COMMITMENT, TRAVEL_DAY),
        (EntryKind.EXPENDITURE, dt.date(2026, 3, 13)),
    ]


def test_paid_before_travel_the_commitment_is_dated_the_first_day_it_may_be_paid(
    rworld, paid_before_travel
):
    # Given the programme pays relocation grants from 7 days before travel (10 March)
    grant = grant_approved(rworld)

    # Then its commitment is dated 3 March, the first day it may be paid
    commitment = LedgerEntry.objects.get(source=f"grant:{grant.pk}")
    assert (commitment.kind, commitment.booked_on) == (EntryKind.COMMITMENT, dt.date(2026, 3, 3))
    # and it may be paid before the trip, on or after that day (and the approval)
    paid = _pay(rworld, grant, dt.date(2026, 3, 12))
    assert (paid.status, paid.disbursed_on) == (GrantStatus.DISBURSED, dt.date(2026, 3, 12))


def test_paid_before_travel_not_earlier_than_the_rule_says(rworld, paid_before_travel):
    grant = grant_approved(rworld, on=dt.date(2026, 3, 1))

    with pytest.raises(ValidationFailed) as exc:
        _pay(rworld, grant, dt.date(2026, 3, 2))

    assert exc.value.errors == {
        "disbursed_on": [
            "The programme pays this grant from 7 days before the travel date: not before "
            "2026-03-03."
        ]
    }


def test_no_expenditure_is_ever_posted_before_its_commitment(rworld):
    # Given a commitment booked on 10 March (any source: the check is in the ledger itself)
    common = {
        "actor": rworld.coordinator,
        "category": CostCategory.LODGING,
        "household": rworld.household,
        "city": rworld.city,
        "office": rworld.office,
        "source": "lodging:99",
        "description": "3 nights",
    }
    ledger_post(booked_on=TRAVEL_DAY, kind=EntryKind.COMMITMENT, amount=Decimal("900.00"), **common)

    # When an expenditure of that source is dated the day before
    with pytest.raises(ValidationFailed) as exc:
        ledger_post(
            booked_on=TRAVEL_DAY - dt.timedelta(days=1),
            kind=EntryKind.EXPENDITURE,
            amount=Decimal("900.00"),
            **common,
        )

    # Then it is refused; on or after the commitment's day it is booked
    assert exc.value.message == (
        "A payment cannot be dated before its commitment (2026-03-10): nothing was recorded."
    )
    ledger_post(
        booked_on=TRAVEL_DAY, kind=EntryKind.EXPENDITURE, amount=Decimal("900.00"), **common
    )
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).count() == 1

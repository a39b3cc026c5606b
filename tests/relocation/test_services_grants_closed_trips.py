"""A relocation's grant when its trip will not happen (relocation/services/grants.py with
trips.plan_cancel and the no-show sweep in arrivals.py).

One relocation is one accepted offer: it never gets a second live grant, whichever trip booked
for that offer the first one was prepared on. Cancelling a trip or a no-show cancels a grant not
yet paid; a disbursed one stays, for a person to review and reverse with a reason.
"""

import datetime as dt
from decimal import Decimal

import pytest

from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.relocation.models import (
    EntryKind,
    Grant,
    GrantStatus,
    LedgerEntry,
    PlanStatus,
    RelocationPlan,
)
from arraigo.relocation.services.arrivals import noshow_sweep
from arraigo.relocation.services.grants import (
    grant_prepare,
    grant_reverse,
    grants_cancel_for_plan,
)
from arraigo.relocation.services.trips import plan_cancel
from tests.registry.factories import PersonFactory

from .factories import RelocationPlanFactory, RelocationWorld
from .grant_helpers import grant_approved, grant_disbursed, grant_prepared
from .trip_helpers import book

NO_SHOW_DAY = dt.date(2026, 3, 14)  # the world's plan was due by 2026-03-13


STEPS = {"prepared": grant_prepared, "approved": grant_approved, "disbursed": grant_disbursed}


def _entries(grant: Grant) -> list[tuple[str, Decimal, dt.date, str]]:
    return list(
        LedgerEntry.objects.filter(source=f"grant:{grant.pk}")
        .order_by("id")
        .values_list("kind", "amount", "booked_on", "description")
    )


def _closed(grant: Grant) -> tuple[str, object, str]:
    grant.refresh_from_db()
    return grant.status, grant.closed_by, grant.closed_reason


def _cancel_trip(world: RelocationWorld, reason: str = "Carrier strike") -> None:
    plan_cancel(actor=world.origin_caseworker, plan=world.plan, reason=reason)


def _new_trip(world: RelocationWorld) -> RelocationPlan:
    """A new trip booked on the world's offer after its first trip was cancelled."""
    return book(world, world.proposal)


# --- one grant per relocation, across its trips ------------------------------------------------


@pytest.mark.parametrize("status", ["prepared", "approved", "disbursed"])
def test_a_live_grant_on_an_earlier_trip_of_the_offer_blocks_a_second_grant(rworld, status):
    # Given a live grant on a trip that was closed without touching it (as before this rule)
    grant = STEPS[status](rworld)
    RelocationPlan.objects.filter(pk=rworld.plan.pk).update(status=PlanStatus.CANCELLED)
    new_plan = _new_trip(rworld)

    # When a grant is prepared for the new trip on the same offer
    with pytest.raises(ValidationFailed) as exc:
        grant_prepare(actor=rworld.host_caseworker, plan=new_plan)

    # Then it is refused: the relocation already has one
    assert exc.value.errors == {None: [f"This relocation already has a grant ({status})."]}
    assert list(Grant.objects.values_list("pk", flat=True)) == [grant.pk]


def test_a_grant_of_another_relocation_does_not_block(rworld):
    other = RelocationPlanFactory(household__code="HH-0200", destination_city=rworld.city)
    PersonFactory(household=other.household)
    grant_prepare(actor=rworld.coordinator, plan=other)

    assert grant_prepared(rworld).status == GrantStatus.PREPARED


def test_a_reversed_grant_of_an_earlier_trip_no_longer_blocks(rworld, paid_before_travel):
    grant = grant_disbursed(rworld, arrive=False)
    _cancel_trip(rworld)
    grant_reverse(actor=rworld.coordinator, grant=grant, reason="Trip cancelled, money returned.")

    new_grant = grant_prepare(actor=rworld.origin_caseworker, plan=_new_trip(rworld))

    assert (new_grant.status, new_grant.amount) == (GrantStatus.PREPARED, Decimal("7500.00"))


# --- cancelling the trip ---------------------------------------------------------------------


def test_cancelling_the_trip_cancels_its_prepared_grant(rworld):
    grant = grant_prepared(rworld)

    _cancel_trip(rworld)

    assert _closed(grant) == (
        GrantStatus.CANCELLED,
        rworld.origin_caseworker,
        "Trip cancelled: Carrier strike",
    )
    assert _entries(grant) == []


def test_cancelling_the_trip_gives_an_approved_grants_commitment_back(rworld):
    grant = grant_approved(rworld)

    _cancel_trip(rworld)

    assert _closed(grant) == (
        GrantStatus.CANCELLED,
        rworld.origin_caseworker,
        "Trip cancelled: Carrier strike",
    )
    assert _entries(grant) == [
        (
            EntryKind.COMMITMENT,
            Decimal("7500.00"),
            dt.date(2026, 3, 10),
            f"Grant {grant.pk} approved (2026-demo, 3 members)",
        ),
        (
            EntryKind.COMMITMENT,
            Decimal("-7500.00"),
            dt.date(2026, 3, 10),
            f"Grant {grant.pk} cancelled (2026-demo, 3 members)",
        ),
    ]


def test_after_the_cancellation_the_new_trip_may_get_its_grant(rworld):
    grant_approved(rworld)
    _cancel_trip(rworld)

    new_grant = grant_prepare(actor=rworld.origin_caseworker, plan=_new_trip(rworld))

    assert new_grant.status == GrantStatus.PREPARED
    assert Grant.objects.filter(status__in=["prepared", "approved", "disbursed"]).count() == 1


def test_cancelling_the_trip_leaves_a_disbursed_grant_paid_and_blocking(rworld, paid_before_travel):
    grant = grant_disbursed(rworld, arrive=False)
    entries = _entries(grant)

    _cancel_trip(rworld)
    new_plan = _new_trip(rworld)

    assert _closed(grant) == (GrantStatus.DISBURSED, None, "")
    assert _entries(grant) == entries  # money paid: nothing posted
    with pytest.raises(ValidationFailed) as exc:
        grant_prepare(actor=rworld.origin_caseworker, plan=new_plan)
    assert exc.value.errors == {None: ["This relocation already has a grant (disbursed)."]}
    assert Grant.objects.count() == 1


def test_a_long_trip_reason_is_cut_to_the_grants_reason_length(rworld):
    grant = grant_prepared(rworld)

    _cancel_trip(rworld, reason="x" * 300)

    grant.refresh_from_db()
    assert grant.closed_reason == "Trip cancelled: " + "x" * 284


def test_cancelling_a_trip_leaves_the_grants_of_other_trips(rworld):
    other = RelocationPlanFactory(household__code="HH-0200", destination_city=rworld.city)
    PersonFactory(household=other.household)
    theirs = grant_prepare(actor=rworld.coordinator, plan=other)
    grant_prepared(rworld)

    _cancel_trip(rworld)

    theirs.refresh_from_db()
    assert theirs.status == GrantStatus.PREPARED


def test_a_refused_trip_cancellation_leaves_the_grant(rworld):
    grant = grant_approved(rworld)

    with pytest.raises(ValidationFailed):
        _cancel_trip(rworld, reason="  ")
    with pytest.raises(NotPermitted):
        plan_cancel(actor=rworld.other_origin_caseworker, plan=rworld.plan, reason="No.")

    assert _closed(grant) == (GrantStatus.APPROVED, None, "")
    assert len(_entries(grant)) == 1


# --- a household that did not arrive ---------------------------------------------------------


def test_a_no_show_cancels_the_grant_not_yet_paid(rworld):
    grant = grant_approved(rworld)

    noshow_sweep(actor=rworld.coordinator, today=NO_SHOW_DAY)

    assert _closed(grant) == (GrantStatus.CANCELLED, rworld.coordinator, "Did not arrive")
    assert [amount for _kind, amount, _day, _what in _entries(grant)] == [
        Decimal("7500.00"),
        Decimal("-7500.00"),
    ]


def test_a_no_show_cancels_a_prepared_grant_without_ledger_entries(rworld):
    grant = grant_prepared(rworld)

    noshow_sweep(actor=rworld.coordinator, today=NO_SHOW_DAY)

    assert _closed(grant) == (GrantStatus.CANCELLED, rworld.coordinator, "Did not arrive")
    assert _entries(grant) == []


def test_a_no_show_leaves_a_disbursed_grant_paid(rworld, paid_before_travel):
    grant = grant_disbursed(rworld, arrive=False)

    noshow_sweep(actor=rworld.coordinator, today=NO_SHOW_DAY)

    assert _closed(grant) == (GrantStatus.DISBURSED, None, "")
    assert len(_entries(grant)) == 2


def test_the_sweep_before_the_due_date_leaves_the_grant(rworld):
    grant = grant_prepared(rworld)

    assert noshow_sweep(actor=rworld.coordinator, today=dt.date(2026, 3, 13)) == []

    assert _closed(grant) == (GrantStatus.PREPARED, None, "")


# --- the shared step -------------------------------------------------------------------------


def test_cancelling_for_a_plan_returns_what_it_cancelled(rworld):
    grant = grant_prepared(rworld)

    cancelled = grants_cancel_for_plan(
        actor=rworld.coordinator, plan=rworld.plan, reason=" Trip cancelled "
    )

    assert [g.pk for g in cancelled] == [grant.pk]
    assert _closed(grant) == (GrantStatus.CANCELLED, rworld.coordinator, "Trip cancelled")
    assert grants_cancel_for_plan(actor=rworld.coordinator, plan=rworld.plan, reason="x") == []

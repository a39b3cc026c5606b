"""A relocation's grant taken through its steps, for the grant tests: prepared by the origin
caseworker, approved by the coordinator (dated `APPROVED_ON`), disbursed by another person once
the household has arrived."""

from __future__ import annotations

import datetime as dt

from arraigo.relocation.models import Grant
from arraigo.relocation.services.grants import grant_approve, grant_disburse, grant_prepare

from .factories import RelocationWorld, approved_on, plan_arrived

APPROVED_ON = dt.date(2026, 3, 12)
PAID_ON = dt.date(2026, 3, 16)


def grant_prepared(world: RelocationWorld, actor=None) -> Grant:
    return grant_prepare(actor=actor or world.origin_caseworker, plan=world.plan)


def grant_approved(world: RelocationWorld, on: dt.date = APPROVED_ON) -> Grant:
    grant = grant_prepared(world)
    return approved_on(grant_approve(actor=world.coordinator, grant=grant), on)


def grant_disbursed(
    world: RelocationWorld,
    *,
    by=None,
    method: str = "bank_transfer",
    reference: str = "SPEI 0042",
    arrive: bool = True,
) -> Grant:
    """Paid after the household arrived (on the travel day): the programme pays on arrival.
    `arrive=False` pays it while the trip is still to come (with the `paid_before_travel` rule)."""
    grant = grant_approved(world)
    if arrive:
        plan_arrived(world.plan)
    return grant_disburse(
        actor=by or world.second_coordinator,
        grant=grant,
        method=method,
        reference=reference,
        disbursed_on=PAID_ON,
    )

"""Row builders for relocation: the stored values of a ledger entry, a budget line, a group
departure, a relocation plan, its tickets, a no-show's follow-up, a lodging stay and a grant,
decided in one place.

Pure: no database access, no permission checks (the `*_values` builders give a row's stored
fields, their `*_row` twins the unsaved row). The services build their rows with them
(ledger_post; budget_line_set; departure_create; plan_create, its plan and tickets;
noshow_sweep; stay_record; grant_prepare and grant_prepare_in_place); the demo seed builds its
rows with the same functions and inserts them in bulk, so amounts are rounded to the cent,
text is stripped and cut to the column, and derived fields (a plan's arrival due date, a
grant's amount by its table, a follow-up's reason) are computed the same way by both writers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from arraigo.core.rows import row_builder

from .models import (
    BudgetLine,
    Departure,
    FollowUpRequest,
    Grant,
    GrantTable,
    LedgerEntry,
    LodgingStay,
    RelocationPlan,
    Ticket,
    TransportMode,
)
from .services.grant_tables import grant_amount

CENT = Decimal("0.01")
DESCRIPTION_MAX_LENGTH = 200
ROUTE_MAX_LENGTH = 200
CARRIER_MAX_LENGTH = 120
ASSISTANCE_NOTE_MAX_LENGTH = 300
SEAT_MAX_LENGTH = 10
NOTES_MAX_LENGTH = 300
REASON_MAX_LENGTH = 300


def ledger_entry_values(
    *,
    booked_on: dt.date,
    kind: str,
    category: str,
    amount: Decimal,
    household_id: int,
    city_id: int,
    office_id: int | None,
    source: str,
    description: str,
    created_by_id: int,
) -> dict[str, Any]:
    """One ledger entry: `amount` in MXN, rounded to the cent."""
    return {
        "booked_on": booked_on,
        "kind": kind,
        "category": category,
        "amount": amount.quantize(CENT),
        "household_id": household_id,
        "city_id": city_id,
        "office_id": office_id,
        "source": source,
        "description": description[:DESCRIPTION_MAX_LENGTH],
        "created_by_id": created_by_id,
    }


ledger_entry_row = row_builder(LedgerEntry, ledger_entry_values)


def plan_row(
    *,
    household_id: int,
    proposal_id: int,
    origin_office_id: int,
    destination_city_id: int,
    travel_date: dt.date,
    route: str,
    carrier: str,
    escort: bool,
    assistance_note: str,
    no_show_days: int,
    created_by_id: int,
    mode: str = TransportMode.BUS,
) -> RelocationPlan:
    """A booked relocation plan (unsaved, planned): text stripped and cut to the column,
    the arrival due `no_show_days` after the travel date."""
    return RelocationPlan(
        household_id=household_id,
        proposal_id=proposal_id,
        origin_office_id=origin_office_id,
        destination_city_id=destination_city_id,
        travel_date=travel_date,
        mode=mode,
        route=route.strip()[:ROUTE_MAX_LENGTH],
        carrier=carrier.strip()[:CARRIER_MAX_LENGTH],
        escort=escort,
        assistance_note=assistance_note.strip()[:ASSISTANCE_NOTE_MAX_LENGTH],
        arrival_due=travel_date + dt.timedelta(days=no_show_days),
        created_by_id=created_by_id,
    )


def grant_row(
    *,
    plan_id: int | None,
    household_id: int,
    table: GrantTable,
    members: int,
    prepared_by_id: int,
) -> Grant:
    """A prepared grant (unsaved): the amount `table` gives `members`, rounded to the cent,
    in the table's currency."""
    return Grant(
        plan_id=plan_id,
        household_id=household_id,
        table=table,
        members=members,
        amount=grant_amount(table, members).quantize(CENT),
        currency=table.currency,
        prepared_by_id=prepared_by_id,
    )


def ticket_values(*, plan_id: int, person_id: int, cost: Decimal, seat: str) -> dict[str, Any]:
    """A traveller's ticket (not checked in): the cost rounded to the cent, the seat stripped
    and cut to the column."""
    return {
        "plan_id": plan_id,
        "person_id": person_id,
        "cost": cost.quantize(CENT),
        "seat": seat.strip()[:SEAT_MAX_LENGTH],
    }


ticket_row = row_builder(Ticket, ticket_values)


def stay_row(
    *,
    plan_id: int,
    provider_id: int,
    check_in: dt.date,
    check_out: dt.date,
    nightly_cost: Decimal,
    created_by_id: int,
) -> LodgingStay:
    """A lodging stay (unsaved, open): the nightly cost rounded to the cent."""
    return LodgingStay(
        plan_id=plan_id,
        provider_id=provider_id,
        check_in=check_in,
        check_out=check_out,
        nightly_cost=nightly_cost.quantize(CENT),
        created_by_id=created_by_id,
    )


def departure_row(
    *,
    origin_office_id: int,
    date: dt.date,
    route: str,
    carrier: str,
    notes: str,
    created_by_id: int,
    mode: str = TransportMode.BUS,
) -> Departure:
    """A group departure (unsaved, open): text stripped and cut to the column."""
    return Departure(
        origin_office_id=origin_office_id,
        date=date,
        mode=mode,
        route=route.strip()[:ROUTE_MAX_LENGTH],
        carrier=carrier.strip()[:CARRIER_MAX_LENGTH],
        notes=notes.strip()[:NOTES_MAX_LENGTH],
        created_by_id=created_by_id,
    )


def follow_up_row(
    *, household_id: int, plan_id: int, office_id: int, city_name: str, arrival_due: dt.date
) -> FollowUpRequest:
    """The origin office's follow-up of a household that did not arrive (unsaved, open)."""
    reason = _(
        "Did not arrive in %(city)s by %(date)s: find out what happened to the household."
    ) % {"city": city_name, "date": f"{arrival_due:%Y-%m-%d}"}
    return FollowUpRequest(
        household_id=household_id,
        plan_id=plan_id,
        office_id=office_id,
        reason=reason[:REASON_MAX_LENGTH],
    )


def budget_line_row(*, year: int, category: str, amount: Decimal, note: str) -> BudgetLine:
    """A year's budget line of a cost category (unsaved): the amount rounded to the cent, the
    note stripped and cut to the column."""
    return BudgetLine(
        year=year,
        category=category,
        amount=amount.quantize(CENT),
        note=note.strip()[:NOTES_MAX_LENGTH],
    )

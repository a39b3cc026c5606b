"""Row builders for relocation: the stored values of a ledger entry, decided in one place.

Pure: no database access, no permission checks. ledger_post builds its entry with it; the
demo seed builds its ledger with the same function and inserts it in bulk, so amounts are
rounded to the cent and descriptions cut to the column the same way by both writers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import LedgerEntry

CENT = Decimal("0.01")
DESCRIPTION_MAX_LENGTH = 200


def ledger_entry_row(
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
) -> LedgerEntry:
    """One ledger entry (unsaved): `amount` in MXN, rounded to the cent."""
    return LedgerEntry(
        booked_on=booked_on,
        kind=kind,
        category=category,
        amount=amount.quantize(CENT),
        household_id=household_id,
        city_id=city_id,
        office_id=office_id,
        source=source,
        description=description[:DESCRIPTION_MAX_LENGTH],
        created_by_id=created_by_id,
    )

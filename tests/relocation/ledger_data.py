"""A hand-made ledger for the budget and ledger tests: every total is worked out below.

2025, households all HH-0100, amounts in MXN:

| # | date       | kind        | category  | amount   | city      | source   |
|---|------------|-------------|-----------|----------|-----------|----------|
| 1 | 2025-03-04 | commitment  | transport |  2550.00 | Saltillo  | ticket:1 |
| 2 | 2025-03-10 | expenditure | transport |  2550.00 | Saltillo  | ticket:1 |
| 3 | 2025-03-11 | commitment  | lodging   |  1400.00 | Saltillo  | stay:1   |
| 4 | 2025-03-12 | commitment  | grants    |  9000.00 | Saltillo  | grant:1  |  (a formula)
| 5 | 2025-04-02 | expenditure | grants    |  9000.00 | Saltillo  | grant:1  |
| 6 | 2025-04-05 | commitment  | lodging   |  -200.00 | Saltillo  | stay:1   |  (a correction)
| 7 | 2025-04-20 | commitment  | transport |  1700.00 | Monterrey | ticket:2 |  (no office)

Committed 14,450.00 (transport 4,250.00, lodging 1,200.00, grants 9,000.00); spent 11,550.00.
Budget lines 2025: transport 4,500.00 (94.4% committed: warned), lodging 2,000.00 (60.0%),
grants 20,000.00 (45.0%).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from arraigo.places.models import City
from arraigo.relocation.models import BudgetLine, LedgerEntry
from arraigo.relocation.services.ledger import ledger_post
from tests.matching.factories import city_with_capacity

from .factories import RelocationWorld, budget_line

FORMULA = "=cmd|' /C calc'!A0"


@dataclass
class HandLedger:
    entries: list[LedgerEntry]
    other_city: City
    lines: dict[str, BudgetLine]


def hand_ledger(world: RelocationWorld) -> HandLedger:
    monterrey = city_with_capacity("Monterrey")
    rows = [
        (
            "2025-03-04",
            "commitment",
            "transport",
            "2550.00",
            world.city,
            "ticket:1",
            "3 bus tickets",
        ),
        (
            "2025-03-10",
            "expenditure",
            "transport",
            "2550.00",
            world.city,
            "ticket:1",
            "Trip departed",
        ),
        ("2025-03-11", "commitment", "lodging", "1400.00", world.city, "stay:1", "7 nights"),
        ("2025-03-12", "commitment", "grants", "9000.00", world.city, "grant:1", FORMULA),
        ("2025-04-02", "expenditure", "grants", "9000.00", world.city, "grant:1", "Grant paid"),
        ("2025-04-05", "commitment", "lodging", "-200.00", world.city, "stay:1", "-1 night"),
        ("2025-04-20", "commitment", "transport", "1700.00", monterrey, "ticket:2", "+2 tickets"),
    ]
    entries = [
        ledger_post(
            actor=world.coordinator,
            booked_on=dt.date.fromisoformat(day),
            kind=kind,
            category=category,
            amount=Decimal(amount),
            household=world.household,
            city=city,
            office=None if city == monterrey else world.office,
            source=source,
            description=description,
        )
        for day, kind, category, amount, city, source, description in rows
    ]
    lines = {
        "transport": budget_line(2025, "transport", "4500.00"),
        "lodging": budget_line(2025, "lodging", "2000.00"),
        "grants": budget_line(2025, "grants", "20000.00"),
    }
    return HandLedger(entries=entries, other_city=monterrey, lines=lines)

from decimal import Decimal

import pytest

from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.relocation.models import BudgetLine
from arraigo.relocation.services.budget import budget_line_set

from .ledger_data import hand_ledger

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_budget_line(rworld):
    line = budget_line_set(
        actor=rworld.coordinator,
        year=2026,
        category="grants",
        amount=Decimal("150000"),
        note="  Demo budget  ",
    )

    line.refresh_from_db()
    assert (line.year, line.category, line.amount, line.note) == (
        2026,
        "grants",
        Decimal("150000.00"),
        "Demo budget",
    )


def test_setting_the_same_year_and_category_changes_the_line(rworld):
    first = budget_line_set(
        actor=rworld.coordinator, year=2026, category="lodging", amount=Decimal("1000")
    )

    second = budget_line_set(
        actor=rworld.second_coordinator,
        year=2026,
        category="lodging",
        amount=Decimal("2500.50"),
        note="raised",
    )

    assert second.pk == first.pk
    assert BudgetLine.objects.filter(year=2026, category="lodging").count() == 1
    first.refresh_from_db()
    assert (first.amount, first.note) == (Decimal("2500.50"), "raised")


def test_the_budget_cannot_go_below_what_is_committed(rworld):
    hand_ledger(rworld)  # transport 2025: 4,250.00 committed, budget 4,500.00

    with pytest.raises(ValidationFailed) as exc:
        budget_line_set(
            actor=rworld.coordinator, year=2025, category="transport", amount=Decimal("4249.99")
        )

    assert exc.value.errors == {
        "amount": [
            "The transport budget for 2025 cannot go below the 4,250.00 MXN already committed."
        ]
    }
    assert BudgetLine.objects.get(year=2025, category="transport").amount == Decimal("4500.00")


def test_the_budget_may_equal_what_is_committed_net_of_corrections(rworld):
    hand_ledger(rworld)  # lodging 2025: 1,400.00 committed then corrected by -200.00

    line = budget_line_set(
        actor=rworld.coordinator, year=2025, category="lodging", amount=Decimal("1200")
    )

    assert line.amount == Decimal("1200.00")


def test_a_new_line_below_existing_commitments_is_refused_too(rworld):
    hand_ledger(rworld)
    BudgetLine.objects.filter(year=2025, category="grants").delete()

    with pytest.raises(ValidationFailed) as exc:
        budget_line_set(
            actor=rworld.coordinator, year=2025, category="grants", amount=Decimal("100")
        )

    assert exc.value.errors == {
        "amount": [
            "The cash grants budget for 2025 cannot go below the 9,000.00 MXN already committed."
        ]
    }
    assert not BudgetLine.objects.filter(year=2025, category="grants").exists()


@pytest.mark.parametrize(
    ("year", "category", "amount", "errors"),
    [
        (2026, "grants", "-1", {"amount": ["The budget cannot be negative."]}),
        (2026, "food", "10", {"category": ["Unknown cost category: food."]}),
        (1999, "grants", "10", {"year": ["The year must be between 2000 and 2100."]}),
    ],
)
def test_bad_input_is_refused(rworld, year, category, amount, errors):
    with pytest.raises(ValidationFailed) as exc:
        budget_line_set(
            actor=rworld.coordinator, year=year, category=category, amount=Decimal(amount)
        )

    assert exc.value.errors == errors
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("who", ["auditor", "origin_caseworker", "host_caseworker"])
def test_only_a_coordinator_sets_budget_lines(rworld, who):
    with pytest.raises(NotPermitted):
        budget_line_set(
            actor=getattr(rworld, who), year=2026, category="grants", amount=Decimal("10")
        )

    assert not BudgetLine.objects.exists()


def test_changing_a_line_needs_the_change_permission(rworld):
    budget_line_set(actor=rworld.coordinator, year=2026, category="grants", amount=Decimal("10"))

    with pytest.raises(NotPermitted):
        budget_line_set(actor=rworld.auditor, year=2026, category="grants", amount=Decimal("20"))

    assert BudgetLine.objects.get().amount == Decimal("10.00")

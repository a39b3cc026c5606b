from decimal import Decimal

import pytest
from django.urls import reverse

from arraigo.relocation.models import BudgetLine

from .ledger_data import hand_ledger

pytestmark = pytest.mark.django_db


def _budget(client, user, **query):
    client.force_login(user)
    return client.get(reverse("relocation:budget"), query)


def test_the_budget_page_shows_each_category_position(client, rworld):
    hand_ledger(rworld)

    response = _budget(client, rworld.coordinator, year=2025)

    assert response.status_code == 200
    overview = response.context["overview"]
    assert [
        (c.category, c.budget, c.committed, c.spent, c.remaining, c.used_percent)
        for c in overview.categories
    ] == [
        (
            "transport",
            Decimal("4500.00"),
            Decimal("4250.00"),
            Decimal("2550.00"),
            Decimal("250.00"),
            Decimal("94.4"),
        ),
        (
            "lodging",
            Decimal("2000.00"),
            Decimal("1200.00"),
            Decimal("0.00"),
            Decimal("800.00"),
            Decimal("60.0"),
        ),
        (
            "grants",
            Decimal("20000.00"),
            Decimal("9000.00"),
            Decimal("9000.00"),
            Decimal("11000.00"),
            Decimal("45.0"),
        ),
    ]
    assert overview.totals == {
        "budget": Decimal("26500.00"),
        "committed": Decimal("14450.00"),
        "spent": Decimal("11550.00"),
    }
    html = response.content.decode()
    assert "<td>4,250.00</td>" in html
    assert '<span class="badge bad">94.4%</span>' in html
    assert '<span class="badge">60.0%</span>' in html


def test_a_category_above_ninety_percent_committed_is_warned(client, rworld):
    hand_ledger(rworld)

    html = _budget(client, rworld.coordinator, year=2025).content.decode()

    assert html.count('data-testid="budget-warning"') == 1
    assert (
        "Transport: 94.4% of the 2025 budget is committed (4,250.00 of 4,500.00\xa0MXN); "
        "250.00\xa0MXN remain. New approvals over that are refused."
    ) in html


def test_exactly_ninety_percent_is_not_warned_a_cent_more_is(client, rworld):
    hand_ledger(rworld)  # grants 2025: 9,000.00 committed
    BudgetLine.objects.filter(year=2025, category="transport").update(amount=Decimal("5000"))
    BudgetLine.objects.filter(year=2025, category="grants").update(amount=Decimal("10000.00"))

    at_ninety = _budget(client, rworld.coordinator, year=2025)
    BudgetLine.objects.filter(year=2025, category="grants").update(amount=Decimal("9999.99"))
    above = _budget(client, rworld.coordinator, year=2025)

    assert [c.used_percent for c in at_ninety.context["overview"].categories] == [
        Decimal("85.0"),
        Decimal("60.0"),
        Decimal("90.0"),
    ]
    assert 'data-testid="budget-warning"' not in at_ninety.content.decode()
    assert [c.category for c in above.context["overview"].warnings] == ["grants"]
    assert "Cash grants: 90.0% of the 2025 budget is committed" in above.content.decode()


def test_each_category_has_a_burn_chart_with_a_point_per_month(client, rworld):
    hand_ledger(rworld)

    response = _budget(client, rworld.coordinator, year=2025)

    html = response.content.decode()
    # a past year: 12 months x 2 series (committed, spent) x 3 categories
    assert html.count("<polyline") == 6
    assert html.count('class="chart-point"') == 72
    assert html.count('class="chart-reference"') == 3
    charts = {item.category: chart for item, chart in response.context["charts"]}
    transport = charts["transport"]["table_rows"]
    assert [row["values"] for row in transport[1:5]] == [
        [Decimal("0.00"), Decimal("0.00")],
        [Decimal("2550.00"), Decimal("2550.00")],
        [Decimal("4250.00"), Decimal("2550.00")],
        [Decimal("4250.00"), Decimal("2550.00")],
    ]
    assert 'aria-labelledby="burn-transport-title burn-transport-desc"' in html
    assert "<caption>Transport 2025: committed and spent, month by month</caption>" in html


def _amounts(rows):
    return [(row.label, row.amounts) for row in rows]


Z = Decimal("0.00")


def test_the_table_by_month_has_every_month_of_a_past_year_by_category(client, rworld):
    hand_ledger(rworld)

    response = _budget(client, rworld.coordinator, year=2025)

    rows = response.context["overview"].month_rows
    assert [row.key for row in rows] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert _amounts(rows[2:4]) == [
        (
            "Mar",
            (
                (Decimal("2550.00"), Decimal("2550.00")),
                (Decimal("1400.00"), Z),
                (Decimal("9000.00"), Z),
            ),
        ),
        ("Apr", ((Decimal("1700.00"), Z), (Decimal("-200.00"), Z), (Z, Decimal("9000.00")))),
    ]
    assert (rows[3].committed, rows[3].spent) == (Decimal("1500.00"), Decimal("9000.00"))
    assert all(row.amounts == ((Z, Z), (Z, Z), (Z, Z)) for row in rows[:2] + rows[4:])
    html = response.content.decode()
    assert '<a href="?year=2025&amp;month=4#by-city">Apr</a>' in html


def test_the_table_by_city_covers_the_year_or_the_chosen_month(client, rworld):
    hand_ledger(rworld)

    year = _budget(client, rworld.coordinator, year=2025)
    april = _budget(client, rworld.coordinator, year=2025, month=4)

    assert _amounts(year.context["overview"].city_rows) == [
        ("Monterrey", ((Decimal("1700.00"), Z), (Z, Z), (Z, Z))),
        (
            "Saltillo",
            (
                (Decimal("2550.00"), Decimal("2550.00")),
                (Decimal("1200.00"), Z),
                (Decimal("9000.00"), Decimal("9000.00")),
            ),
        ),
    ]
    assert _amounts(april.context["overview"].city_rows) == [
        ("Monterrey", ((Decimal("1700.00"), Z), (Z, Z), (Z, Z))),
        ("Saltillo", ((Z, Z), (Decimal("-200.00"), Z), (Z, Decimal("9000.00")))),
    ]
    html = april.content.decode()
    assert "by city, April 2025 (MXN)" in html
    assert '<th scope="row">Monterrey</th><td>1,700.00</td><td>0.00</td>' in html
    assert "by city, 2025 (MXN)" in year.content.decode()


def test_a_month_with_nothing_booked_says_so(client, rworld):
    hand_ledger(rworld)

    response = _budget(client, rworld.coordinator, year=2025, month=7)

    assert response.context["overview"].city_rows == []
    assert "Nothing committed or spent in that month." in response.content.decode()


def test_another_year_shows_nothing_spent_and_no_budget_line(client, rworld):
    hand_ledger(rworld)

    response = _budget(client, rworld.coordinator, year=2024)

    assert [c.budget for c in response.context["overview"].categories] == [None, None, None]
    html = response.content.decode()
    assert "Nothing committed or spent in 2024." in html
    assert html.count("no budget line") == 3


def test_an_auditor_reads_the_budget_but_cannot_set_lines(client, rworld):
    hand_ledger(rworld)

    response = _budget(client, rworld.auditor, year=2025)

    assert response.status_code == 200
    assert "Set a budget line" not in response.content.decode()
    assert client.get(reverse("relocation:budget_line_set")).status_code == 403


@pytest.mark.parametrize("who", ["origin_caseworker", "host_caseworker"])
def test_the_budget_does_not_exist_for_caseworkers(client, rworld, who):
    hand_ledger(rworld)
    client.force_login(getattr(rworld, who))

    assert client.get(reverse("relocation:budget")).status_code == 404
    assert client.get(reverse("relocation:budget_line_set")).status_code == 404


def test_a_coordinator_sets_a_line_from_the_page(client, rworld):
    client.force_login(rworld.coordinator)
    url = reverse("relocation:budget_line_set")

    response = client.post(
        url, {"year": "2026", "category": "grants", "amount": "150000.00", "note": "demo"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("relocation:budget") + "?year=2026"
    line = BudgetLine.objects.get()
    assert (line.year, line.category, line.amount, line.note) == (
        2026,
        "grants",
        Decimal("150000.00"),
        "demo",
    )


def test_the_form_starts_from_the_existing_line(client, rworld):
    hand_ledger(rworld)
    client.force_login(rworld.coordinator)

    response = client.get(
        reverse("relocation:budget_line_set"), {"year": "2025", "category": "lodging"}
    )

    assert response.context["form"].initial == {
        "year": 2025,
        "category": "lodging",
        "amount": Decimal("2000.00"),
        "note": "",
    }


def test_the_page_shows_the_refusal_below_committed_beside_the_amount(client, rworld):
    hand_ledger(rworld)
    client.force_login(rworld.coordinator)

    response = client.post(
        reverse("relocation:budget_line_set"),
        {"year": "2025", "category": "transport", "amount": "100.00", "note": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "amount": [
            "The transport budget for 2025 cannot go below the 4,250.00 MXN already committed."
        ]
    }
    assert 'value="100.00"' in response.content.decode()
    assert BudgetLine.objects.get(year=2025, category="transport").amount == Decimal("4500.00")


def test_a_month_paying_earlier_commitments_shows_them_as_carried_over(client, rworld):
    # Given a grant committed in March 2025 and paid in April (April commits 1,500.00 and
    # spends 9,000.00: read alone, April looks overspent)
    hand_ledger(rworld)

    # When the coordinator opens the budget of 2025
    response = _budget(client, rworld.coordinator, year=2025)

    # Then April's spending says that 9,000.00 of it pays commitments of earlier months
    rows = response.context["overview"].month_rows
    assert [row.carried for row in rows[2:4]] == [(Z, Z, Z), (Z, Z, Decimal("9000.00"))]
    assert rows[3].carried_total == Decimal("9000.00")
    html = response.content.decode()
    assert html.count('<small class="carried">of which 9,000.00 committed earlier</small>') == 2
    assert (
        "A month can spend more than it commits: money committed in an earlier month (a "
        "ticket booked, a grant approved) is spent when it is paid."
    ) in html

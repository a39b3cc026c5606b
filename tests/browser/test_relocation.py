"""Relocation in a browser: from an accepted offer to arrival, lodging and a disbursed grant.

A coordinator books the trip, puts it on a group departure, downloads the carrier's manifest
and records the departure; the destination city's caseworker checks the household in, records
lodging (and is refused an eighth night) and prepares the grant; the coordinator approves and
disburses it, and the budget page shows the money.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from arraigo.accounts.models import Role, User
from arraigo.matching.models import Proposal, ProposalStatus
from arraigo.places.models import City, Office, ServiceProvider
from arraigo.registry.models import Household, HouseholdStatus, Person, Relationship
from arraigo.relocation.models import (
    BudgetLine,
    CostCategory,
    EntryKind,
    Grant,
    GrantStatus,
    LedgerEntry,
    LodgingStay,
    PlanStatus,
    RelocationPlan,
)
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.matching.factories import ProposalFactory, city_with_capacity, consent_relocation
from tests.places.factories import OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory
from tests.relocation.factories import lodging_provider
from tests.relocation.trip_helpers import passport

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


@dataclass
class World:
    coordinator: User
    host_caseworker: User  # of `city`
    office: Office
    city: City
    household: Household  # head, partner and a child: three travellers
    head: Person
    partner: Person
    child: Person
    proposal: Proposal  # accepted, no relocation plan yet
    provider: ServiceProvider  # lodging in `city`


def _world(year: int) -> World:
    """Like tests.relocation.factories.relocation_world, but the accepted household has no
    plan yet (the coordinator books it in the browser); budget lines for `year`."""
    office = OfficeFactory(name="Tapachula", code="tap")
    city = city_with_capacity("Saltillo")
    household = HouseholdFactory(
        code="HH-0300", origin_office=office, status=HouseholdStatus.OFFER_ACCEPTED, host_city=city
    )
    head = PersonFactory(
        household=household,
        first_names="Marta Elena",
        last_names="Ruiz Cano",
        date_of_birth=dt.date(1990, 1, 5),
    )
    partner = PersonFactory(
        household=household,
        first_names="José",
        last_names="Ruiz Cano",
        relationship=Relationship.SPOUSE,
        date_of_birth=dt.date(1992, 7, 1),
    )
    child = PersonFactory(
        household=household,
        first_names="Sofía",
        last_names="Ruiz Cano",
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(2020, 2, 2),
        willing_to_work=False,
        able_to_work=False,
    )
    passport(head, "G1000001")
    passport(partner, "G1000002")
    passport(child, "G1000003")
    consent_relocation(household)
    proposal = ProposalFactory(
        household=household, city=city, status=ProposalStatus.ACCEPTED, decided_at=timezone.now()
    )
    for category, amount in (
        (CostCategory.TRANSPORT, "50000"),
        (CostCategory.LODGING, "20000"),
        (CostCategory.GRANTS, "100000"),
    ):
        BudgetLine.objects.create(year=year, category=category, amount=Decimal(amount))
    return World(
        coordinator=UserFactory(username="coord", role=Role.COORDINATOR),
        host_caseworker=UserFactory(username="host", role=Role.HOST_CASEWORKER, city=city),
        office=office,
        city=city,
        household=household,
        head=head,
        partner=partner,
        child=child,
        proposal=proposal,
        provider=lodging_provider(city),
    )


def _logout(page: Page) -> None:
    with page.expect_navigation():
        page.click(f"form[action='{reverse('accounts:logout')}'] button[type=submit]")
    assert "/accounts/login/" in page.url


def _submit(page: Page, testid: str) -> None:
    with page.expect_navigation():
        page.locator(f"form[data-testid={testid}] button[type=submit]").click()


def _messages(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("ul.messages li").all_inner_texts()]


def _text(page: Page, testid: str) -> str:
    return page.get_by_test_id(testid).inner_text().strip()


def _budget_row(page: Page, category: str) -> list[str]:
    """Budget, committed, spent, remaining of one cost category on the budget page."""
    cells = page.locator(f"[data-testid=budget-positions] tr[data-category={category}] td")
    return [text.strip() for text in cells.all_inner_texts()[:4]]


def test_coordinator_takes_an_accepted_household_from_offer_to_arrival(
    page: Page, login: LoginFn
) -> None:
    today = timezone.localdate()
    day = f"{today:%Y-%m-%d}"
    # Given a household of three that accepted an offer of Saltillo, and this year's budget
    world = _world(today.year)
    # The pages in English (the product's default is Spanish), as the assertions are
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])

    # When the coordinator opens the trips page, the household waits for a trip
    login(page, world.coordinator.username, PASSWORD)
    page.goto(reverse("relocation:plan_list"))
    offers = page.get_by_test_id("offer-row")
    assert offers.count() == 1
    assert offers.locator("td").nth(0).inner_text() == "HH-0300"
    assert offers.locator("td").nth(1).inner_text() == "Saltillo"
    assert page.get_by_test_id("plan-row").count() == 0

    # And plans the trip: today, by bus, three tickets with their seats
    with page.expect_navigation():
        offers.get_by_role("link", name="Plan the trip").click()
    page.fill("#id_travel_date", day)
    page.fill("#id_route", "Tapachula - Saltillo")
    page.fill("#id_carrier", "Autobuses del Sur")
    page.fill("#id_same_cost", "850")
    page.fill(f"#id_cost_{world.child.pk}", "425")
    for person, seat in ((world.head, "12"), (world.partner, "13"), (world.child, "14")):
        page.fill(f"#id_seat_{person.pk}", seat)
    _submit(page, "plan-form")

    # Then the plan's page shows the planned trip and its ticket total
    plan = RelocationPlan.objects.get(proposal=world.proposal)
    assert page.url.endswith(reverse("relocation:plan_detail", args=[plan.pk]))
    assert _messages(page) == ["Trip booked."]
    assert _text(page, "plan-status") == "Planned"
    assert _text(page, "plan-city") == "Saltillo"
    assert _text(page, "plan-total") == "2,125.00"
    assert page.get_by_test_id("ticket-row").count() == 3

    # When they create today's group departure from Tapachula and add the household to it
    page.goto(reverse("relocation:departure_list"))
    page.select_option("#id_origin_office", str(world.office.pk))
    page.fill("#id_date", day)
    page.fill("#id_route", "Tapachula - Saltillo via Monterrey")
    page.fill("#id_carrier", "Autobuses del Sur")
    _submit(page, "departure-form")
    assert _messages(page) == ["Departure created: add the households travelling on it."]
    assert _text(page, "departure-status") == "Open"
    page.select_option("#id_plan", str(plan.pk))
    _submit(page, "departure-add-form")
    rows = page.get_by_test_id("departure-plan-row")
    assert rows.count() == 1
    assert rows.locator("td").nth(0).inner_text() == "HH-0300"
    assert rows.locator("td").nth(2).inner_text() == "3"

    # Then the manifest downloads as CSV with each traveller's name, document and seat
    plan.refresh_from_db()
    departure = plan.departure
    assert departure is not None
    with page.expect_download() as download_info:
        page.get_by_test_id("manifest-links").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"manifest-{day}-{departure.pk}.csv"
    with open(download.path(), encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    passengers = lines[lines.index(["Passenger", "Document", "Document number", "Seat"]) + 1 :]
    assert passengers == [
        ["Marta Elena Ruiz Cano", "Pasaporte", "G1000001", "12"],
        ["José Ruiz Cano", "Pasaporte", "G1000002", "13"],
        ["Sofía Ruiz Cano", "Pasaporte", "G1000003", "14"],
    ]
    assert ["Carrier", "Autobuses del Sur"] in lines
    response = page.request.get(reverse("relocation:manifest_csv", args=[departure.pk]))
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(response.text())))[-3:] == passengers

    # When the bus leaves
    _submit(page, "departure-depart-form")
    assert _text(page, "departure-status") == "Departed"
    assert _text(page, "plan-status") == "Departed"
    _logout(page)

    # And the host caseworker of Saltillo checks everyone in on the arrivals page, first
    # with tomorrow's date by mistake (refused), then with the day they arrived
    login(page, world.host_caseworker.username, PASSWORD)
    page.goto(reverse("relocation:arrivals"))
    card = page.get_by_test_id("arrival-card")
    assert card.count() == 1
    assert card.get_by_role("link", name="HH-0300").count() == 1
    assert card.get_by_test_id("plan-status").inner_text() == "Departed"
    arrival = card.get_by_label("Arrival date")
    assert arrival.input_value() == day  # today unless changed
    arrival.fill(f"{today + dt.timedelta(days=1):%Y-%m-%d}")
    with page.expect_navigation():
        card.get_by_role("button", name="Check in everyone").click()
    assert _messages(page) == ["The arrival date cannot be in the future."]
    card = page.get_by_test_id("arrival-card")
    card.get_by_label("Arrival date").fill(day)
    with page.expect_navigation():
        card.get_by_role("button", name="Check in everyone").click()
    assert _messages(page) == ["Everyone has arrived: the household is checked in."]
    assert page.get_by_test_id("arrival-card").count() == 0

    # Then the plan shows the household arrived, on that day
    page.goto(reverse("relocation:plan_detail", args=[plan.pk]))
    assert _text(page, "plan-status") == "Arrived"
    assert _text(page, "plan-arrived-on") == day
    checked = page.get_by_test_id("ticket-row").locator("td:nth-child(4)").all_inner_texts()
    assert [text.strip() for text in checked] == [f"{day} (host)"] * 3

    # When they record five nights at the city's shelter
    page.select_option("#id_provider", str(world.provider.pk))
    page.fill("#id_check_in", day)
    page.fill("#id_check_out", f"{today + dt.timedelta(days=5):%Y-%m-%d}")
    page.fill("#id_nightly_cost", "350")
    _submit(page, "stay-form")
    assert _messages(page) == ["Lodging recorded: 5 nights at Albergue Saltillo."]
    assert _text(page, "lodging-nights") == "5 of 7 nights used."
    assert page.get_by_test_id("stay-row").count() == 1

    # And then try eight nights more: refused beside the check-out, nothing recorded
    page.select_option("#id_provider", str(world.provider.pk))
    page.fill("#id_check_in", f"{today + dt.timedelta(days=5):%Y-%m-%d}")
    page.fill("#id_check_out", f"{today + dt.timedelta(days=13):%Y-%m-%d}")
    page.fill("#id_nightly_cost", "350")
    _submit(page, "stay-form")
    assert page.url.endswith(reverse("relocation:lodging_stay_create", args=[plan.pk]))
    refusal = page.locator(".field.has-error:has(#id_check_out) .error")
    assert refusal.inner_text() == (
        "An eighth night needs a coordinator's approval: this household has 5 of 7 nights "
        "without one. This stay of 8 nights would bring it to 13."
    )
    assert LodgingStay.objects.filter(plan=plan).count() == 1

    # When they prepare the grant: 4500 + 2 x 1500 for three members (2026 demo table)
    page.goto(reverse("relocation:plan_detail", args=[plan.pk]))
    assert _text(page, "grant-quote") == (
        "A grant prepared now: 7,500.00 MXN for 3 members (table 2026-demo). demo values"
    )
    _submit(page, "grant-prepare-form")
    assert _messages(page) == ["Grant prepared: 7,500.00 MXN. Another person must approve it."]
    grant_row = page.get_by_test_id("plan-grants").get_by_test_id("grant-row")
    assert grant_row.count() == 1
    assert grant_row.locator("td").nth(1).inner_text() == "7,500.00\xa0MXN"
    assert grant_row.get_by_test_id("grant-status").inner_text() == "Prepared"
    assert grant_row.locator("td").nth(4).inner_text() == "host"
    _logout(page)

    # And the coordinator finds it awaiting their approval
    grant = Grant.objects.get(plan=plan)
    login(page, world.coordinator.username, PASSWORD)
    page.goto(reverse("relocation:grant_list"))
    with page.expect_navigation():
        page.get_by_test_id("awaiting-link").click()
    assert page.locator("main h1").inner_text() == "Grants awaiting your approval"
    row = page.get_by_test_id("grant-row")
    assert row.count() == 1
    assert row.locator("td").nth(1).inner_text() == "HH-0300"
    assert row.locator("td").nth(4).inner_text() == "7,500.00\xa0MXN"
    assert row.get_by_test_id("grant-status").inner_text() == "Prepared"
    with page.expect_navigation():
        row.get_by_role("link", name=f"#{grant.pk}").click()

    # When they approve it, seeing what remains of the grants budget
    assert _text(page, "grant-amount") == "7,500.00\xa0MXN"
    assert _text(page, "budget-warning") == (
        f"After this approval, 92,500.00\xa0MXN of the grants budget for {today.year} remain."
    )
    _submit(page, "approve-form")
    assert _messages(page) == ["Grant approved: the amount is committed."]
    assert _text(page, "grant-status") == "Approved"

    # And record the disbursement by bank transfer
    page.select_option("#id_disburse-method", "bank_transfer")
    page.fill("#id_disburse-reference", "SPEI-2026-0042")
    page.fill("#id_disburse-disbursed_on", day)
    _submit(page, "disburse-form")
    assert _messages(page) == ["Disbursement recorded."]
    assert _text(page, "grant-status") == "Disbursed"
    steps = page.get_by_test_id("grant-steps").inner_text()
    assert f"Bank transfer · SPEI-2026-0042 · {day} · coord" in steps
    assert page.get_by_test_id("ledger-row").count() == 2
    assert page.get_by_test_id("approve-form").count() == 0
    assert page.get_by_test_id("disburse-form").count() == 0

    # Then the budget page counts the grant as committed and spent
    page.goto(reverse("relocation:budget"))
    assert _budget_row(page, "grants") == ["100,000.00", "7,500.00", "7,500.00", "92,500.00"]
    assert _budget_row(page, "transport") == ["50,000.00", "2,125.00", "2,125.00", "47,875.00"]
    assert _budget_row(page, "lodging") == ["20,000.00", "1,750.00", "0.00", "18,250.00"]

    # And the database agrees
    plan.refresh_from_db()
    world.household.refresh_from_db()
    grant.refresh_from_db()
    assert plan.status == PlanStatus.ARRIVED
    assert plan.departure_id == departure.pk
    assert world.household.status == HouseholdStatus.ARRIVED
    assert not plan.tickets.filter(checked_in_at__isnull=True).exists()
    assert grant.status == GrantStatus.DISBURSED
    assert (grant.amount, grant.members, grant.table.version) == (
        Decimal("7500.00"),
        3,
        "2026-demo",
    )
    assert (grant.prepared_by, grant.approved_by, grant.disbursed_by) == (
        world.host_caseworker,
        world.coordinator,
        world.coordinator,
    )
    assert (grant.method, grant.reference, grant.disbursed_on) == (
        "bank_transfer",
        "SPEI-2026-0042",
        today,
    )
    sums = {
        (category, kind): total
        for category, kind, total in LedgerEntry.objects.order_by()
        .values_list("category", "kind")
        .annotate(total=Sum("amount"))
    }
    assert LedgerEntry.objects.count() == 5
    assert sums == {
        (CostCategory.TRANSPORT, EntryKind.COMMITMENT): Decimal("2125.00"),
        (CostCategory.TRANSPORT, EntryKind.EXPENDITURE): Decimal("2125.00"),
        (CostCategory.LODGING, EntryKind.COMMITMENT): Decimal("1750.00"),
        (CostCategory.GRANTS, EntryKind.COMMITMENT): Decimal("7500.00"),
        (CostCategory.GRANTS, EntryKind.EXPENDITURE): Decimal("7500.00"),
    }

"""Issue 10, item 25: a household supported where it lives (no trip) gets its grant under its
modality's table and rules (relocation.yaml: grant_rules.in_place, a table for in_place)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.models import HouseholdStatus, Modality
from arraigo.relocation.models import EntryKind, GrantStatus, LedgerEntry
from arraigo.relocation.selectors import grants_visible_to
from arraigo.relocation.services.grants import grant_approve, grant_disburse
from arraigo.relocation.services.grants_in_place import grant_prepare_in_place
from tests.accounts.factories import UserFactory
from tests.registry.factories import HouseholdFactory, PersonFactory


@pytest.fixture
def in_place(rworld):
    """A household of two living in Saltillo, accompanied there (no relocation plan)."""
    household = HouseholdFactory(
        code="HH-0300",
        modality=Modality.IN_PLACE,
        status=HouseholdStatus.INTEGRATING,
        origin_office=rworld.office,
        host_city=rworld.city,
    )
    PersonFactory(household=household)
    PersonFactory(household=household, relationship="spouse")
    return household


def test_a_household_without_a_trip_gets_its_modalitys_table(rworld, in_place):
    grant = grant_prepare_in_place(actor=rworld.host_caseworker, household=in_place)

    assert grant.plan is None
    assert (grant.table.version, grant.table.modality) == ("2026-in-place-demo", "in_place")
    assert (grant.members, grant.amount, grant.status) == (
        2,
        Decimal("4000.00"),
        GrantStatus.PREPARED,
    )


def test_approved_and_paid_on_approval_with_the_money_in_order(rworld, in_place):
    grant = grant_prepare_in_place(actor=rworld.host_caseworker, household=in_place)
    grant = grant_approve(actor=rworld.coordinator, grant=grant)
    today = timezone.localdate()

    paid = grant_disburse(
        actor=rworld.second_coordinator,
        grant=grant,
        method="card",
        reference="TAR-1",
        disbursed_on=today,
    )

    assert paid.status == GrantStatus.DISBURSED
    entries = list(
        LedgerEntry.objects.filter(source=f"grant:{grant.pk}").values_list(
            "kind", "booked_on", "city_id", "office_id"
        )
    )
    assert entries == [
        (EntryKind.COMMITMENT, today, rworld.city.pk, rworld.office.pk),
        (EntryKind.EXPENDITURE, today, rworld.city.pk, rworld.office.pk),
    ]


def test_maker_checker_holds_in_place_too(rworld, in_place):
    grant = grant_prepare_in_place(actor=rworld.coordinator, household=in_place)
    with pytest.raises(ValidationFailed) as exc:
        grant_approve(actor=rworld.coordinator, grant=grant)
    assert exc.value.message == "You prepared this grant: another person must approve it."


def test_a_household_not_yet_accompanied_is_refused(rworld, in_place):
    in_place.status = HouseholdStatus.PROFILED
    in_place.save(update_fields=["status"])

    with pytest.raises(ValidationFailed) as exc:
        grant_prepare_in_place(actor=rworld.host_caseworker, household=in_place)

    assert exc.value.message == (
        "The programme gives this grant to households being accompanied (integrating, followed "
        "up): this one is profiled."
    )


def test_one_live_grant_per_household(rworld, in_place):
    grant_prepare_in_place(actor=rworld.host_caseworker, household=in_place)
    with pytest.raises(ValidationFailed) as exc:
        grant_prepare_in_place(actor=rworld.coordinator, household=in_place)
    assert exc.value.message == "This household already has a grant (prepared)."


def test_a_relocation_household_gets_its_grant_with_its_trip(rworld):
    with pytest.raises(ValidationFailed) as exc:
        grant_prepare_in_place(actor=rworld.coordinator, household=rworld.household)
    assert exc.value.message == (
        "Households of this modality get their grant with their relocation."
    )


def test_caseworkers_outside_the_household_cannot_prepare_nor_see(rworld, in_place):
    with pytest.raises(NotPermitted):
        grant_prepare_in_place(actor=rworld.other_host_caseworker, household=in_place)
    grant = grant_prepare_in_place(actor=rworld.host_caseworker, household=in_place)

    assert grants_visible_to(rworld.origin_caseworker).filter(pk=grant.pk).exists()
    assert not grants_visible_to(rworld.other_host_caseworker).filter(pk=grant.pk).exists()
    assert not grants_visible_to(rworld.other_origin_caseworker).filter(pk=grant.pk).exists()
    me = UserFactory(username="me", role="me_officer")
    assert not grants_visible_to(me).filter(pk=grant.pk).exists()


# --- the pages -------------------------------------------------------------------------------


def test_the_household_page_offers_the_grant_and_prepares_it(client: Client, rworld, in_place):
    client.force_login(rworld.host_caseworker)
    page = client.get(reverse("registry:household_detail", args=[in_place.pk])).content.decode()

    assert 'data-testid="household-grants"' in page
    assert "A grant prepared now: 4,000.00 MXN for 2 members (table 2026-in-place-demo)." in page

    response = client.post(reverse("relocation:grant_prepare_household", args=[in_place.pk]))

    grant = in_place.grants.get()
    assert response.status_code == 302
    assert response["Location"] == f"/relocation/grants/{grant.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "where the household lives" in detail
    assert "The programme pays this grant once it is approved." in detail


def test_a_relocation_household_page_has_no_grant_section(client: Client, rworld):
    client.force_login(rworld.coordinator)
    page = client.get(reverse("registry:household_detail", args=[rworld.household.pk]))
    assert 'data-testid="household-grants"' not in page.content.decode()


def test_preparing_out_of_scope_answers_404(client: Client, rworld, in_place):
    client.force_login(rworld.other_host_caseworker)
    response = client.post(reverse("relocation:grant_prepare_household", args=[in_place.pk]))
    assert response.status_code == 404
    assert not in_place.grants.exists()


def test_the_grant_list_shows_the_city_where_the_household_lives(client: Client, rworld, in_place):
    grant_prepare_in_place(actor=rworld.host_caseworker, household=in_place)
    client.force_login(rworld.coordinator)

    page = client.get(reverse("relocation:grant_list"), {"city": rworld.city.pk}).content.decode()

    assert "HH-0300" in page
    assert f"<td>{rworld.city.name}</td>" in page


def test_the_in_place_table_starts_in_2026(db):
    from arraigo.relocation.services.grant_tables import grant_table_for

    with pytest.raises(ValidationFailed):
        grant_table_for(dt.date(2025, 6, 1), Modality.IN_PLACE)

"""The referral list counts its referrals once: the chart's counts by status give the list's
total too, so the page reads them in a fixed number of queries whatever their number."""

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.core.pagination import CappedPaginator
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.services import referral_accept, referral_send
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, ServiceFactory
from tests.registry.factories import PersonFactory

from .conftest import World, consent

pytestmark = pytest.mark.django_db


def _send(world: World, n: int) -> list[Referral]:
    return [
        referral_send(
            actor=world.host,
            household=world.household,
            person=world.person,
            service=world.service,
            purpose=f"Daycare {i}",
        )
        for i in range(n)
    ]


def _elsewhere() -> None:
    """A referral of a household in another city, which Saltillo's team never counts."""
    city = CityFactory(name="Monterrey")
    person = PersonFactory(household__host_city=city)
    consent(person.household, True)
    referral_send(
        actor=UserFactory(role=Role.HOST_CASEWORKER, city=city),
        household=person.household,
        person=person,
        service=ServiceFactory(provider__city=city),
        purpose="Daycare",
    )


def test_the_total_is_the_sum_of_the_counts_by_status(client: Client, world: World, settings):
    # given five referrals of Saltillo, one accepted, and one of Monterrey
    settings.ARRAIGO_PAGE_SIZE = 2
    referrals = _send(world, 5)
    referral_accept(actor=world.partner, referral=referrals[0])
    _elsewhere()
    client.force_login(world.host)

    # when the host caseworker opens the second page
    response = client.get(reverse("referrals:referral_list"), {"page": 2})

    # then the chart, the total and the pages count Saltillo's five only
    page = response.context["page_obj"]
    chart = {row["label"]: row["value"] for row in response.context["chart"]["rows"]}
    assert chart == {"Sent": 4, "Accepted": 1, "Declined": 0, "Completed": 0}
    assert (page.paginator.count, page.paginator.num_pages, page.paginator.capped) == (5, 3, False)
    assert [r.pk for r in page] == [referrals[2].pk, referrals[1].pk]
    assert "5 referrals" in response.content.decode()


def test_a_filtered_list_counts_what_it_shows(client: Client, world: World):
    referrals = _send(world, 3)
    referral_accept(actor=world.partner, referral=referrals[0])
    client.force_login(world.host)

    response = client.get(reverse("referrals:referral_list"), {"status": ReferralStatus.SENT})

    assert response.context["page_obj"].paginator.count == 2
    assert [r.pk for r in response.context["page_obj"]] == [referrals[2].pk, referrals[1].pk]


def test_beyond_the_cap_the_list_says_more_than(client: Client, world: World, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    _send(world, 4)
    client.force_login(world.host)

    page = client.get(reverse("referrals:referral_list")).context["page_obj"]

    assert (page.paginator.count, page.paginator.capped) == (3, True)  # cap + 1, as counted


def test_another_citys_caseworker_counts_none_of_them(client: Client, world: World):
    _send(world, 2)
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER, city=CityFactory()))

    response = client.get(reverse("referrals:referral_list"))

    assert response.context["page_obj"].paginator.count == 0
    assert {row["value"] for row in response.context["chart"]["rows"]} == {0}


def test_the_list_reads_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_num_queries
):
    _send(world, 1)
    client.force_login(world.host)
    client.get(reverse("referrals:referral_list"))  # the session's first read

    # session, user, permissions (2), counts by status, the page's keys, its rows
    with django_assert_num_queries(7):
        client.get(reverse("referrals:referral_list"))
    _send(world, 30)
    with django_assert_num_queries(7):
        client.get(reverse("referrals:referral_list"))

"""The group departure pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from arraigo.relocation.models import Departure, DepartureStatus, PlanStatus
from tests.places.factories import OfficeFactory

from .trip_helpers import accepted_offer, book

pytestmark = pytest.mark.django_db


def _create(client, rworld, office=None):
    client.force_login(rworld.coordinator)
    response = client.post(
        reverse("relocation:departure_list"),
        {
            "origin_office": (office or rworld.office).pk,
            "date": f"{timezone.localdate():%Y-%m-%d}",
            "mode": "bus",
            "route": "Tapachula - Saltillo",
            "carrier": "Transportes del Golfo",
        },
    )
    departure = Departure.objects.latest("id")
    assert response["Location"] == reverse("relocation:departure_detail", args=[departure.pk])
    return departure


def test_coordinator_builds_and_sends_a_departure(client, rworld):
    departure = _create(client, rworld)
    plan = book(rworld, accepted_offer(rworld))
    url = reverse("relocation:departure_detail", args=[departure.pk])
    page = client.get(url)
    assert [p.pk for p in page.context["add_form"].fields["plan"].queryset] == [plan.pk]
    client.post(url, {"action": "add", "plan": plan.pk})
    client.post(url, {"action": "depart"})
    departure.refresh_from_db()
    plan.refresh_from_db()
    assert (departure.status, plan.status) == (DepartureStatus.DEPARTED, PlanStatus.DEPARTED)
    assert client.get(url).context["can_export"] is True


def test_adding_another_offices_plan_is_refused_on_the_page(client, rworld):
    departure = _create(client, rworld, office=OfficeFactory(name="Tenosique"))
    plan = book(rworld, accepted_offer(rworld))
    response = client.post(
        reverse("relocation:departure_detail", args=[departure.pk]),
        {"action": "add", "plan": plan.pk},
    )
    assert response.status_code == 200
    assert response.context["add_form"].errors == {
        "plan": ["Select a valid choice. That choice is not one of the available choices."]
    }
    plan.refresh_from_db()
    assert plan.departure is None


def test_caseworkers_cannot_create_or_change_departures(client, rworld):
    departure = _create(client, rworld)
    client.force_login(rworld.origin_caseworker)
    assert client.post(reverse("relocation:departure_list"), {}).status_code == 403
    response = client.post(
        reverse("relocation:departure_detail", args=[departure.pk]), {"action": "depart"}
    )
    assert response.status_code == 403
    client.force_login(rworld.other_origin_caseworker)
    url = reverse("relocation:departure_detail", args=[departure.pk])
    assert client.get(url).status_code == 404


def test_the_list_filters_and_counts_households_and_travellers(client, rworld):
    departure = _create(client, rworld)
    plan = book(rworld, accepted_offer(rworld))
    client.post(
        reverse("relocation:departure_detail", args=[departure.pk]),
        {"action": "add", "plan": plan.pk},
    )
    other = _create(client, rworld, office=OfficeFactory(name="Tenosique"))
    Departure.objects.filter(pk=other.pk).update(carrier="Autobuses del Sur")
    url = reverse("relocation:departure_list")

    everything = client.get(url).context["page_obj"]
    by_carrier = client.get(url, {"search": "golfo"}).context["page_obj"]
    by_office = client.get(url, {"office": other.origin_office_id}).context["page_obj"]
    cancelled = client.get(url, {"status": DepartureStatus.CANCELLED})

    rows = {d.pk: (d.households, d.travellers) for d in everything}
    assert rows == {departure.pk: (1, plan.tickets.count()), other.pk: (0, 0)}
    assert [d.pk for d in by_carrier] == [departure.pk]
    assert [d.pk for d in by_office] == [other.pk]
    assert list(cancelled.context["page_obj"]) == []
    assert "No departure matches these filters." in cancelled.content.decode()


def test_the_list_shows_another_office_only_to_national_roles(client, rworld):
    _create(client, rworld, office=OfficeFactory(name="Tenosique"))
    client.force_login(rworld.origin_caseworker)

    response = client.get(reverse("relocation:departure_list"))

    assert list(response.context["page_obj"]) == []
    assert list(response.context["filters"].fields["office"].queryset) == []

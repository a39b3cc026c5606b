"""The manifest is an exit: a household that withdrew its relocation consent travels on no
carrier's list by name or document (its rows stay, so the count stays true)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from arraigo.registry.models import Consent, ConsentPurpose
from arraigo.relocation.models import Ticket
from arraigo.relocation.services import manifest
from arraigo.relocation.services.departures import departure_add_plan, departure_create

from .trip_helpers import accepted_offer, book, passport


@pytest.fixture
def departure(rworld):
    departure = departure_create(
        actor=rworld.coordinator,
        origin_office=rworld.office,
        date=timezone.localdate(),
        route="Tapachula - Saltillo",
        carrier="Transportes del Golfo",
    )
    plan = book(rworld, accepted_offer(rworld))
    departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)
    head, child = plan.tickets.order_by("id")
    Ticket.objects.filter(pk=head.pk).update(seat="12")
    Ticket.objects.filter(pk=child.pk).update(seat="13")
    passport(head.person, "G12345678")
    return departure


def _withdraw(departure) -> None:
    household = departure.plans.get().household
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.RELOCATION,
        given=False,
        recorded_at=timezone.now() + dt.timedelta(seconds=1),
    )


def test_csv_keeps_the_rows_but_not_the_names_after_a_withdrawal(client, rworld, departure):
    _withdraw(departure)
    client.force_login(rworld.coordinator)

    response = client.get(reverse("relocation:manifest_csv", args=[departure.pk]))

    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[-3:] == [
        "Passenger,Document,Document number,Seat",
        "Consent withdrawn,,,12",
        "Consent withdrawn,,,13",
    ]
    assert "G12345678" not in text
    assert "Núñez" not in text


def test_pdf_is_built_from_the_same_withheld_rows(client, rworld, departure, monkeypatch):
    _withdraw(departure)
    rendered = []

    def spy(built):
        rendered.append(built)
        return b"%PDF-1.4 spy"

    monkeypatch.setattr(manifest, "manifest_pdf", spy)
    client.force_login(rworld.origin_caseworker)

    response = client.get(reverse("relocation:manifest_pdf", args=[departure.pk]))

    assert response.status_code == 200
    assert [
        (p.name, p.document_type, p.document_number, p.seat) for p in rendered[0].passengers
    ] == [
        ("Consent withdrawn", "", "", "12"),
        ("Consent withdrawn", "", "", "13"),
    ]


def test_with_consent_the_pdf_names_the_passengers(client, rworld, departure, monkeypatch):
    rendered = []
    monkeypatch.setattr(manifest, "manifest_pdf", lambda built: rendered.append(built) or b"%PDF")
    client.force_login(rworld.coordinator)

    client.get(reverse("relocation:manifest_pdf", args=[departure.pk]))

    assert [p.name for p in rendered[0].passengers] == ["Ana María Núñez Ortiz", "Luis Núñez Ortiz"]

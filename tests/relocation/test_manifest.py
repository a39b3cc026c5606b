"""The carrier's manifest of a group departure: only names, one document and seats."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from arraigo.registry.models import Person
from arraigo.relocation.models import Ticket
from arraigo.relocation.services.departures import departure_add_plan, departure_create
from tests.pdf_text import pdf_fonts, pdf_text_runs

from .trip_helpers import accepted_offer, book, passport

EN_DASH = "\N{EN DASH}"


@pytest.fixture
def departure(rworld):
    departure = departure_create(
        actor=rworld.coordinator,
        origin_office=rworld.office,
        date=timezone.localdate(),
        route="Tapachula - Saltillo",
        carrier="=Transportes del Golfo",  # a formula-looking name must stay text in the CSV
    )
    plan = book(rworld, accepted_offer(rworld))
    departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)
    head, child = plan.tickets.order_by("id")
    Ticket.objects.filter(pk=head.pk).update(seat="12")
    Ticket.objects.filter(pk=child.pk).update(seat="13")
    passport(head.person, "G12345678")
    return departure


def _get(client, user, name, departure):
    client.force_login(user)
    return client.get(reverse(f"relocation:{name}", args=[departure.pk]))


def test_csv_holds_only_what_the_carrier_needs(client, rworld, departure):
    response = _get(client, rworld.coordinator, "manifest_csv", departure)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines() == [
        f"Departure,{departure.pk}",
        "Route,Tapachula - Saltillo",
        f"Date,{departure.date:%Y-%m-%d}",
        "Carrier,'=Transportes del Golfo",
        "",
        "Passenger,Document,Document number,Seat",
        "Ana María Núñez Ortiz,Pasaporte,G12345678,12",
        "Luis Núñez Ortiz,,,13",
    ]
    assert "1992" not in text  # no birth date
    assert "HN" not in text  # no nationality


def test_pdf_is_a_pdf_and_the_export_is_audited(client, rworld, departure):
    response = _get(client, rworld.origin_caseworker, "manifest_pdf", departure)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    entry = LogEntry.objects.get(additional_data__event="export")
    assert entry.actor == rworld.origin_caseworker
    assert entry.additional_data == {
        "event": "export",
        "export": "manifest",
        "format": "pdf",
        "rows": 2,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_origin_caseworker", 404), ("host_caseworker", 403), ("auditor", 403)],
)
def test_export_is_refused_out_of_scope(client, rworld, departure, who, status):
    for name in ("manifest_csv", "manifest_pdf"):
        assert _get(client, getattr(rworld, who), name, departure).status_code == status
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def test_pdf_keeps_accents_enye_dashes_and_letters_beyond_latin_1(client, rworld, departure):
    # Given a route with an en dash, a carrier with an ñ and a traveller whose name has
    # letters outside Latin-1 (the PDF core fonts turned each of them into "?")
    departure.route = f"Acayucan {EN_DASH} Chihuahua"
    departure.carrier = "Autobuses Peñón del Sureste"
    departure.save(update_fields=["route", "carrier"])
    child = departure.plans.get().tickets.order_by("id")[1].person
    Person.objects.filter(pk=child.pk).update(first_names="Łukasz Dvořák", last_names="Núñez")

    # When the coordinator exports the PDF
    response = _get(client, rworld.coordinator, "manifest_pdf", departure)

    # Then every character is in the text, in an embedded Unicode font
    runs = pdf_text_runs(response.content)
    assert runs == [
        "Passenger manifest",
        f"Departure: {departure.pk}",
        f"Route: Acayucan {EN_DASH} Chihuahua",
        f"Date: {departure.date:%Y-%m-%d}",
        "Carrier: Autobuses Peñón del Sureste",
        "Passenger",
        "Document",
        "Document number",
        "Seat",
        "Ana María Núñez Ortiz",
        "Pasaporte",
        "G12345678",
        "12",
        "Łukasz Dvořák Núñez",
        "13",
        "2 passengers",
    ]
    assert not any("?" in run for run in runs)
    # subsets of the font, embedded (the "XXXXXX+" prefix marks an embedded subset)
    assert sorted(pdf_fonts(response.content).values()) == [
        "MPDFAA+SourceSansPro",
        "MPDFAA+SourceSansProBold",
    ]

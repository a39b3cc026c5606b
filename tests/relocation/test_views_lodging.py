"""The lodging pages: record a stay, close it, approve extra nights, and the plan's part."""

import datetime as dt
from decimal import Decimal

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from arraigo.relocation.models import EntryKind, LedgerEntry, LodgingExtension, LodgingStay
from arraigo.relocation.services.lodging import extension_approve, stay_record
from arraigo.relocation.views.lodging import plan_context

from .factories import RelocationWorld

ARRIVAL = dt.date(2026, 3, 12)


def _form(world: RelocationWorld, nights: int, start: dt.date = ARRIVAL) -> dict[str, str]:
    return {
        "provider": str(world.provider.pk),
        "check_in": start.isoformat(),
        "check_out": (start + dt.timedelta(days=nights)).isoformat(),
        "nightly_cost": "350.00",
    }


def _record(world: RelocationWorld, nights: int) -> LodgingStay:
    return stay_record(
        actor=world.host_caseworker,
        plan=world.plan,
        provider=world.provider,
        check_in=ARRIVAL,
        check_out=ARRIVAL + dt.timedelta(days=nights),
        nightly_cost=Decimal("350.00"),
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name: str, pk: int) -> str:
    return reverse(f"relocation:{name}", args=[pk])


def test_host_caseworker_records_a_stay_and_returns_to_the_plan(client: Client, rworld):
    client.force_login(rworld.host_caseworker)

    response = client.post(_url("lodging_stay_create", rworld.plan.pk), _form(rworld, 3))

    assert response.status_code == 302
    assert response["Location"] == f"/relocation/plans/{rworld.plan.pk}/"
    assert _messages(response) == ["Lodging recorded: 3 nights at Albergue Saltillo."]
    assert LodgingStay.objects.get().nights == 3


def test_an_eighth_night_is_refused_on_the_form_with_what_was_typed(client: Client, rworld):
    _record(rworld, 7)
    client.force_login(rworld.host_caseworker)

    response = client.post(
        _url("lodging_stay_create", rworld.plan.pk),
        _form(rworld, 1, start=ARRIVAL + dt.timedelta(days=7)),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "An eighth night needs a coordinator&#x27;s approval: "
        "this household has 7 of 7 nights without one."
    ) in page
    assert 'value="2026-03-19"' in page
    assert LodgingStay.objects.count() == 1


def test_the_form_page_lists_only_lodging_providers_of_the_city(client: Client, rworld):
    client.force_login(rworld.coordinator)
    page = client.get(_url("lodging_stay_create", rworld.plan.pk)).content.decode()
    assert "Albergue Saltillo" in page


def test_host_caseworker_of_another_city_gets_not_found(client: Client, rworld):
    client.force_login(rworld.other_host_caseworker)
    assert client.get(_url("lodging_stay_create", rworld.plan.pk)).status_code == 404
    assert (
        client.post(_url("lodging_stay_create", rworld.plan.pk), _form(rworld, 1)).status_code
        == 404
    )
    assert LodgingStay.objects.count() == 0


def test_origin_caseworker_sees_the_plan_but_cannot_record_lodging(client: Client, rworld):
    client.force_login(rworld.origin_caseworker)
    response = client.post(_url("lodging_stay_create", rworld.plan.pk), _form(rworld, 1))
    assert response.status_code == 403


def test_closing_a_stay_books_it_as_paid(client: Client, rworld):
    stay = _record(rworld, 2)
    client.force_login(rworld.host_caseworker)

    response = client.post(_url("lodging_stay_close", stay.pk))
    assert response.status_code == 302
    assert response["Location"] == f"/relocation/plans/{rworld.plan.pk}/"
    assert _messages(response) == ["Stay closed: its cost is booked as paid."]

    again = client.post(_url("lodging_stay_close", stay.pk))
    assert _messages(again)[-1] == "This stay is already closed."
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).count() == 1


def test_an_early_departure_on_the_page_and_its_refusal(client: Client, rworld):
    stay = _record(rworld, 4)
    client.force_login(rworld.host_caseworker)
    url = _url("lodging_stay_close", stay.pk)

    refused = client.post(url, {"left_on": f"{stay.check_in:%Y-%m-%d}"})
    closed = client.post(url, {"left_on": f"{stay.check_in + dt.timedelta(days=1):%Y-%m-%d}"})

    assert _messages(refused) == [
        f"The day they left falls after check-in and by {stay.check_out:%Y-%m-%d}."
    ]
    assert _messages(closed)[-1] == "Stay closed: its cost is booked as paid."
    stay.refresh_from_db()
    assert (stay.nights, stay.checked_out) == (1, True)


def test_closing_a_stay_of_another_city_is_not_found(client: Client, rworld):
    stay = _record(rworld, 2)
    client.force_login(rworld.other_host_caseworker)
    assert client.post(_url("lodging_stay_close", stay.pk)).status_code == 404


def test_coordinator_approves_extra_nights(client: Client, rworld):
    client.force_login(rworld.coordinator)

    response = client.post(
        _url("lodging_extension_create", rworld.plan.pk),
        {"extension-extra_nights": "2", "extension-reason": "Waiting for a lease to start."},
    )

    assert response.status_code == 302
    assert _messages(response) == ["2 extra nights approved."]
    assert LodgingExtension.objects.get().reason == "Waiting for a lease to start."


def test_extra_nights_beyond_the_ceiling_are_refused_beside_the_field(client: Client, rworld):
    # Given a coordinator on a plan that has no extension yet
    client.force_login(rworld.coordinator)

    # When they approve 8 extra nights (the programme allows 7)
    response = client.post(
        _url("lodging_extension_create", rworld.plan.pk),
        {"extension-extra_nights": "8", "extension-reason": "Waiting for a lease to start."},
    )

    # Then the form comes back with the reason beside the field, and nothing is approved
    assert response.status_code == 200
    assert (
        "The programme allows at most 7 extra nights per relocation." in response.content.decode()
    )
    assert LodgingExtension.objects.count() == 0


def test_the_extension_form_says_how_many_extra_nights_remain(rworld):
    extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=3, reason="Ill.")

    page = _part(rworld, rworld.coordinator)

    assert "At most 4 more (the programme allows 7 extra nights per relocation)." in page


def test_extra_nights_without_a_reason_show_the_form_again(client: Client, rworld):
    client.force_login(rworld.coordinator)
    response = client.post(
        _url("lodging_extension_create", rworld.plan.pk),
        {"extension-extra_nights": "2", "extension-reason": "  "},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert LodgingExtension.objects.count() == 0


def test_host_caseworker_cannot_approve_extra_nights(client: Client, rworld):
    client.force_login(rworld.host_caseworker)
    response = client.post(
        _url("lodging_extension_create", rworld.plan.pk),
        {"extension-extra_nights": "2", "extension-reason": "Please."},
    )
    assert response.status_code == 403


def _part(world: RelocationWorld, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {**plan_context(request, world.plan), "plan": world.plan}
    return render_to_string("relocation/_plan_lodging.html", context, request=request)


def test_plan_part_shows_stays_nights_and_the_forms_each_role_may_use(rworld):
    _record(rworld, 7)
    extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=1, reason="Ill.")

    host = _part(rworld, rworld.host_caseworker)
    coordinator = _part(rworld, rworld.coordinator)
    origin = _part(rworld, rworld.origin_caseworker)

    assert "7 of 8 nights used." in host
    assert "The limit is 7; a coordinator approved more." in host
    assert host.count('data-testid="stay-row"') == 1
    assert 'data-testid="stay-form"' in host
    assert 'data-testid="extension-form"' not in host
    assert 'data-testid="extension-form"' in coordinator
    assert 'data-testid="stay-form"' not in origin
    assert "Close stay" not in origin

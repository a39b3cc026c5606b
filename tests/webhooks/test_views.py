"""The webhooks pages: subscribers (secret shown once, test event) and the delivery log."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from arraigo.accounts.models import Role
from arraigo.webhooks.events import Event
from arraigo.webhooks.models import Delivery, DeliveryStatus, Subscriber
from arraigo.webhooks.secrets_box import secret_open
from arraigo.webhooks.services import event_emit
from tests.accounts.factories import UserFactory

from .factories import subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    client.force_login(UserFactory(role=Role.COORDINATOR))
    return client


def test_the_new_subscriber_page_renders_its_fields(coordinator_client):
    page = coordinator_client.get("/webhooks/new/")
    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["name", "url", "events", "active"]
    html = page.content.decode()
    for value in ("referral.created", "vacancy.filled", "household.arrived", "survey.due"):
        assert f'value="{value}"' in html
    assert 'value="ping"' not in html
    assert 'name="url"' in html and 'name="name"' in html


def test_creating_a_subscriber_shows_its_secret_once(coordinator_client):
    page = coordinator_client.post(
        "/webhooks/new/",
        {
            "name": "CRM del socio",
            "url": "https://partner.example/hook",
            "events": ["referral.created", "survey.due"],
            "active": "on",
        },
    )
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret in page.content.decode()
    sub = Subscriber.objects.get()
    assert (sub.name, sub.url, sub.events, sub.active) == (
        "CRM del socio", "https://partner.example/hook", ["referral.created", "survey.due"], True
    )  # fmt: skip
    assert secret_open(sub.secret, sub.pk) == secret
    assert secret not in coordinator_client.get("/webhooks/").content.decode()


def test_an_http_address_is_refused_beside_the_field(coordinator_client):
    page = coordinator_client.post(
        "/webhooks/new/",
        {"name": "X", "url": "http://partner.example/hook", "events": ["survey.due"]},
    )
    assert page.status_code == 200
    assert page.context["form"].errors == {
        "url": ["The address must start with https://: payloads are sent encrypted only."]
    }
    assert Subscriber.objects.count() == 0


def test_edit_deactivate_renew_and_ping(coordinator_client, queued):
    sub, secret = subscriber([Event.SURVEY_DUE])
    page = coordinator_client.get(f"/webhooks/{sub.pk}/")
    assert page.context["form"]["url"].value() == "https://partner.example/hook"
    renewed = coordinator_client.post(f"/webhooks/{sub.pk}/secret/")
    assert renewed.context["secret"] != secret
    ping = coordinator_client.post(f"/webhooks/{sub.pk}/ping/")
    assert ping.status_code == 302
    assert ping["Location"] == f"/webhooks/deliveries/?subscriber={sub.pk}"
    (delivery,) = Delivery.objects.all()
    assert (delivery.event, delivery.payload["subscriber"]) == ("ping", sub.pk)
    saved = coordinator_client.post(
        f"/webhooks/{sub.pk}/",
        {"name": sub.name, "url": sub.url, "events": ["survey.due"]},  # active unticked
    )
    assert saved.status_code == 302
    sub.refresh_from_db()
    assert sub.active is False


def test_the_delivery_log_filters_and_retries(
    coordinator_client, queued, django_capture_on_commit_callbacks
):
    _sub, _secret = subscriber([Event.SURVEY_DUE, Event.HOUSEHOLD_ARRIVED])
    event_emit(event=Event.SURVEY_DUE, payload={"household": "HH-1", "round": "month1"})
    event_emit(event=Event.HOUSEHOLD_ARRIVED, payload={"household": "HH-2"})
    failed = Delivery.objects.get(event="survey.due")
    Delivery.objects.filter(pk=failed.pk).update(
        status=DeliveryStatus.FAILED, attempts=6, last_error="answered 500", response_code=500
    )
    page = coordinator_client.get("/webhooks/deliveries/", {"status": "failed"})
    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["subscriber", "event", "status"]
    assert [d.pk for d in page.context["page_obj"].object_list] == [failed.pk]
    assert "answered 500" in page.content.decode()
    by_event = coordinator_client.get("/webhooks/deliveries/", {"event": "household.arrived"})
    assert [d.event for d in by_event.context["page_obj"].object_list] == ["household.arrived"]

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/webhooks/deliveries/{failed.pk}/retry/")

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
    assert queued[-1] == (failed.pk, None)


def test_the_delivery_log_reads_a_fixed_number_of_queries(coordinator_client):
    subscriber([Event.SURVEY_DUE], name="A")
    subscriber([Event.SURVEY_DUE], name="B")
    event_emit(event=Event.SURVEY_DUE, payload={"household": "HH-1"})
    coordinator_client.get("/webhooks/deliveries/")
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get("/webhooks/deliveries/")
    for n in range(8):
        event_emit(event=Event.SURVEY_DUE, payload={"household": f"HH-{n}"})
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get("/webhooks/deliveries/")
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "role", [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_other_roles_are_refused(client, role):
    sub, _secret = subscriber([Event.SURVEY_DUE])
    event_emit(event=Event.SURVEY_DUE, payload={"household": "HH-1"})
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    client.force_login(UserFactory(role=role))
    for url in ("/webhooks/", "/webhooks/new/", f"/webhooks/{sub.pk}/", "/webhooks/deliveries/"):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/webhooks/{sub.pk}/secret/",
        f"/webhooks/{sub.pk}/ping/",
        f"/webhooks/deliveries/{delivery.pk}/retry/",
    ):
        assert client.post(url).status_code == 403, url
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert Delivery.objects.count() == 1

"""Events: only declared keys (codes, ids, dates, counts) leave, to the subscribers of each
event, once per key, queued when the caller's transaction commits."""

from __future__ import annotations

import datetime as dt

import pytest

from arraigo.webhooks.events import SHAPES, Event, payload_check
from arraigo.webhooks.models import Delivery
from arraigo.webhooks.services import SubscriberData, event_emit, subscriber_update

from .factories import subscriber

# Anything that could name or reach a person: never a payload key.
PERSONAL = {
    "name", "first_names", "last_names", "full_name", "phone", "email", "document", "curp",
    "rfc", "nss", "address", "birth_date", "date_of_birth", "note", "purpose",
}  # fmt: skip


def test_payloads_carry_codes_ids_dates_and_counts_only():
    assert {
        "referral.created": {
            "referral", "household", "member", "service", "provider", "category", "city",
            "sent_at",
        },
        "vacancy.filled": {
            "vacancy", "employer", "city", "occupation", "seats", "placements", "filled_on",
        },
        "household.arrived": {
            "household", "plan", "origin_office", "destination_city", "arrived_on", "travellers",
        },
        "survey.due": {"household", "round", "window_opens", "window_closes"},
        "ping": {"subscriber", "sent_at"},
    } == SHAPES  # fmt: skip
    assert not any(PERSONAL & keys for keys in SHAPES.values())


def test_an_undeclared_key_or_a_long_text_is_refused():
    with pytest.raises(ValueError, match=r"undeclared payload keys \['name'\]"):
        payload_check(Event.SURVEY_DUE, {"household": "HH-1", "name": "Ana Reyes"})
    with pytest.raises(TypeError):
        payload_check(Event.SURVEY_DUE, {"household": "x" * 65})
    with pytest.raises(TypeError):
        payload_check(Event.SURVEY_DUE, {"household": ["HH-1"]})
    assert payload_check(
        Event.SURVEY_DUE,
        {"household": "HH-1", "round": "month1", "window_opens": dt.date(2026, 3, 22)},
    ) == {"household": "HH-1", "round": "month1", "window_opens": "2026-03-22"}


@pytest.mark.django_db
def test_each_subscriber_of_the_event_gets_one_delivery_queued_on_commit(
    coordinator, queued, django_capture_on_commit_callbacks
):
    wants, _secret = subscriber([Event.SURVEY_DUE, Event.HOUSEHOLD_ARRIVED], name="A")
    subscriber([Event.REFERRAL_CREATED], name="B")
    inactive, _secret = subscriber([Event.SURVEY_DUE], name="C")
    subscriber_update(
        actor=coordinator,
        subscriber=inactive,
        data=SubscriberData(name="C", url=inactive.url, events=inactive.events, active=False),
    )
    payload = {"household": "HH-1", "round": "month1"}

    with django_capture_on_commit_callbacks(execute=True):
        assert event_emit(event=Event.SURVEY_DUE, payload=payload, key="survey.due:1:month1") == 1
        assert queued == []  # not before the transaction commits

    (row,) = Delivery.objects.all()
    assert (row.subscriber, row.event, row.payload, row.key) == (
        wants,
        "survey.due",
        payload,
        "survey.due:1:month1",
    )
    assert queued == [(row.pk, None)]
    # The same key again: nothing new.
    assert event_emit(event=Event.SURVEY_DUE, payload=payload, key="survey.due:1:month1") == 0
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_no_subscriber_no_delivery():
    assert event_emit(event=Event.VACANCY_FILLED, payload={"vacancy": 1}) == 0
    assert Delivery.objects.count() == 0

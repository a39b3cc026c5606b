"""Sending a delivery: signed so the receiver can check it, retried with backoff after a
failure, failed after the last attempt, sent again by a coordinator."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.webhooks.events import Event
from arraigo.webhooks.models import Delivery, DeliveryStatus
from arraigo.webhooks.services import (
    BACKOFF,
    SubscriberData,
    deliveries_queue_due,
    delivery_attempt,
    delivery_retry,
    event_emit,
    subscriber_update,
)
from arraigo.webhooks.signing import signature_valid
from arraigo.webhooks.transport import Answer
from tests.accounts.factories import UserFactory

from .conftest import BROKEN, OK, FakePost
from .factories import subscriber

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "household": "HH-0100",
    "plan": 7,
    "origin_office": 2,
    "destination_city": 3,
    "arrived_on": dt.date(2026, 3, 2),
    "travellers": 4,
}


def _delivery() -> tuple[Delivery, str]:
    _sub, secret = subscriber([Event.HOUSEHOLD_ARRIVED])
    assert event_emit(event=Event.HOUSEHOLD_ARRIVED, payload=PAYLOAD) == 1
    return Delivery.objects.get(), secret


def test_the_receiver_verifies_the_signature_of_the_raw_body():
    delivery, secret = _delivery()
    now = timezone.now()
    post = FakePost([OK])

    delivery_attempt(delivery_id=delivery.pk, now=now, post=post)

    ((url, body, headers, timeout),) = post.sent
    assert (url, timeout) == ("https://partner.example/hook", 10.0)
    assert headers["X-Arraigo-Event"] == "household.arrived"
    assert headers["X-Arraigo-Delivery"] == str(delivery.uuid)
    assert headers["X-Arraigo-Timestamp"] == str(int(now.timestamp()))
    # What docs/webhooks.md tells a receiver to do, by hand:
    expected = hmac.new(
        secret.encode(), headers["X-Arraigo-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Arraigo-Signature"] == f"sha256={expected}"
    stamp = headers["X-Arraigo-Timestamp"]
    signed = headers["X-Arraigo-Signature"]
    assert signature_valid(secret, header=signed, timestamp=stamp, body=body, now=now.timestamp())
    assert not signature_valid(
        secret, header=signed, timestamp=stamp, body=body + b" ", now=now.timestamp()
    )
    assert not signature_valid(
        "another secret", header=signed, timestamp=stamp, body=body, now=now.timestamp()
    )
    # Replayed ten minutes later: too old.
    assert not signature_valid(
        secret, header=signed, timestamp=stamp, body=body, now=now.timestamp() + 600
    )
    assert json.loads(body) == {
        "id": str(delivery.event_id),
        "event": "household.arrived",
        "created_at": delivery.created_at.isoformat(),
        "data": {
            "household": "HH-0100",
            "plan": 7,
            "origin_office": 2,
            "destination_city": 3,
            "arrived_on": "2026-03-02",
            "travellers": 4,
        },
    }


def test_a_500_then_a_200(queued, django_capture_on_commit_callbacks):
    delivery, _secret = _delivery()
    now = timezone.now()
    post = FakePost([BROKEN, OK])

    with django_capture_on_commit_callbacks(execute=True):
        row = delivery_attempt(delivery_id=delivery.pk, now=now, post=post)
    assert row is not None
    assert (row.status, row.attempts, row.response_code, row.last_error) == (
        DeliveryStatus.PENDING,
        1,
        500,
        "answered 500",
    )
    assert row.next_attempt_at == now + dt.timedelta(minutes=1)
    assert queued == [(delivery.pk, now + dt.timedelta(minutes=1))]
    # Not before its time: nothing is sent.
    assert delivery_attempt(delivery_id=delivery.pk, now=now + dt.timedelta(seconds=59)) is None

    row = delivery_attempt(delivery_id=delivery.pk, now=now + dt.timedelta(minutes=1), post=post)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.last_error) == (
        DeliveryStatus.DELIVERED,
        2,
        200,
        "",
    )
    assert delivery.next_attempt_at is None
    assert len(post.sent) == 2
    assert post.sent[0][1] == post.sent[1][1]  # the same body on every attempt


def test_retries_back_off_then_the_delivery_fails(queued, django_capture_on_commit_callbacks):
    delivery, _secret = _delivery()
    start = timezone.now()
    now = start
    waits = []
    for _attempt in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            row = delivery_attempt(
                delivery_id=delivery.pk,
                now=now,
                post=FakePost([Answer(None, "no answer within 10 s")]),
            )
        assert row is not None
        if row.next_attempt_at is not None:
            waits.append(row.next_attempt_at - now)
            now = row.next_attempt_at

    assert waits == list(BACKOFF)
    assert waits == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=12),
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        DeliveryStatus.FAILED,
        6,
        "no answer within 10 s",
    )
    assert delivery.next_attempt_at is None
    assert [when for _id, when in queued] == [
        start + sum(BACKOFF[: i + 1], dt.timedelta()) for i in range(5)
    ]
    assert delivery_attempt(delivery_id=delivery.pk, now=now + dt.timedelta(days=1)) is None


def test_an_attempt_is_claimed_once():
    """A second worker taking the same delivery while the first is sending sends nothing."""
    delivery, _secret = _delivery()
    now = timezone.now()
    second: list[Delivery | None] = []

    def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
        second.append(delivery_attempt(delivery_id=delivery.pk, now=now, post=FakePost([OK])))
        return OK

    delivery_attempt(delivery_id=delivery.pk, now=now, post=post)

    assert second == [None]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)


def test_a_coordinator_sends_a_failed_delivery_again(coordinator, queued):
    delivery, _secret = _delivery()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=6, last_error="answered 500"
    )
    with pytest.raises(NotPermitted):
        delivery_retry(actor=UserFactory(role=Role.HOST_CASEWORKER), delivery=delivery)

    row = delivery_retry(actor=coordinator, delivery=delivery)

    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 0)
    with pytest.raises(InvalidTransition):
        delivery_retry(actor=coordinator, delivery=delivery)


def test_deactivating_a_subscriber_fails_what_waits(coordinator):
    delivery, _secret = _delivery()
    sub = delivery.subscriber
    subscriber_update(
        actor=coordinator,
        subscriber=sub,
        data=SubscriberData(name=sub.name, url=sub.url, events=sub.events, active=False),
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (
        DeliveryStatus.FAILED,
        "The subscriber was deactivated.",
    )


def test_send_due_queues_what_is_due_only(queued):
    delivery, _secret = _delivery()
    later = timezone.now() + dt.timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=later)
    assert deliveries_queue_due() == 0
    assert deliveries_queue_due(now=later) == 1
    assert queued[-1] == (delivery.pk, None)

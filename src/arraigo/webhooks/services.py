"""Every write of webhooks: subscribers, events emitted, and each delivery's attempts.

`event_emit` is what other apps call from their services. It writes one delivery per active
subscriber of the event in the caller's transaction (an outbox: an event is sent if and only if
the change it announces was committed) and queues them for the workers once that transaction
commits. A delivery is tried at once, then after 1 minute, 5, 30, 2 hours and 12 hours; after
the sixth failure it is failed and shows in the delivery log, where a coordinator can send it
again.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm

from . import transport
from .events import SHAPES, Event, payload_check
from .models import Delivery, DeliveryStatus, Subscriber
from .queue import delivery_enqueue
from .secrets_box import SecretUnreadable, secret_new, secret_open, secret_seal
from .signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature,
)

log = logging.getLogger(__name__)

BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
NAME_MAX = 120
CHUNK = 500
LOOPBACK_NAMES = {"localhost"}


# --- subscribers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriberData:
    name: str
    url: str
    events: list[str]
    active: bool = True


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why `url` cannot receive payloads, or None: https only (plain http to this machine in
    development and tests, ARRAIGO_WEBHOOKS_ALLOW_LOOPBACK), no user or password in it."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return _("Give a full address, https://...")
    if not host:
        return _("Give a full address, https://...")
    if parts.username or parts.password:
        return _("Leave the user and password out of the address: the signature proves it is us.")
    if parts.scheme == "https":
        return None
    loopback_allowed = settings.DEBUG or getattr(settings, "ARRAIGO_WEBHOOKS_ALLOW_LOOPBACK", False)
    if parts.scheme == "http" and _loopback(host) and loopback_allowed:
        return None
    return _("The address must start with https://: payloads are sent encrypted only.")


def _check(data: SubscriberData) -> SubscriberData:
    errors: Errors = {}
    name = data.name.strip()
    if not name:
        add_error(errors, "name", _("Give the subscriber a name."))
    elif len(name) > NAME_MAX:
        add_error(errors, "name", _("At most %(max)d characters.") % {"max": NAME_MAX})
    url = data.url.strip()
    problem = url_problem(url)
    if problem:
        add_error(errors, "url", problem)
    events = sorted(set(data.events))
    if not events:
        add_error(errors, "events", _("Choose at least one event."))
    elif any(e not in SHAPES or e == Event.PING for e in events):
        add_error(errors, "events", _("Choose events from the list."))
    if errors:
        raise ValidationFailed(errors)
    return SubscriberData(name=name, url=url, events=events, active=data.active)


@transaction.atomic
def subscriber_create(*, actor: User, data: SubscriberData) -> tuple[Subscriber, str]:
    """A new subscriber and its secret, which the caller shows once (it is stored sealed)."""
    require_perm(actor, "webhooks.add_subscriber")
    clean = _check(data)
    subscriber = Subscriber.objects.create(
        name=clean.name,
        url=clean.url,
        events=clean.events,
        active=clean.active,
        created_by=actor,
        secret="",
    )
    return subscriber, _secret_set(subscriber)


@transaction.atomic
def subscriber_update(*, actor: User, subscriber: Subscriber, data: SubscriberData) -> Subscriber:
    """Change the name, address, events or whether it is active (deactivating stops every
    delivery still waiting: they fail with that reason)."""
    require_perm(actor, "webhooks.change_subscriber")
    clean = _check(data)
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    locked.name, locked.url, locked.events = clean.name, clean.url, clean.events
    was_active, locked.active = locked.active, clean.active
    locked.save(update_fields=["name", "url", "events", "active", "updated_at"])
    if was_active and not locked.active:
        Delivery.objects.filter(subscriber=locked, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=_("The subscriber was deactivated."),
        )
    return locked


def _secret_set(subscriber: Subscriber) -> str:
    secret = secret_new()
    subscriber.secret = secret_seal(secret, subscriber.pk)
    subscriber.secret_set_at = timezone.now()
    subscriber.save(update_fields=["secret", "secret_set_at", "updated_at"])
    return secret


@transaction.atomic
def subscriber_secret_renew(*, actor: User, subscriber: Subscriber) -> str:
    """A new secret for `subscriber` (the old one stops working at once); shown once."""
    require_perm(actor, "webhooks.change_subscriber")
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    secret = _secret_set(locked)
    audit_event(actor=actor, obj=locked, event="webhook_secret_renewed")
    return secret


@transaction.atomic
def subscriber_ping(*, actor: User, subscriber: Subscriber) -> Delivery:
    """Send `subscriber` the test event (`ping`), signed like any other, at once."""
    require_perm(actor, "webhooks.change_subscriber")
    if not subscriber.active:
        raise InvalidTransition(_("This subscriber is not active: activate it first."))
    payload = payload_check(Event.PING, {"subscriber": subscriber.pk, "sent_at": timezone.now()})
    row = Delivery.objects.create(
        subscriber=subscriber, event=Event.PING, payload=payload, next_attempt_at=timezone.now()
    )
    _queue_on_commit([row.pk])
    return row


# --- events -----------------------------------------------------------------------------------


def _queue_on_commit(ids: list[int]) -> None:
    def queue() -> None:
        for delivery_id in ids:
            delivery_enqueue(delivery_id)

    if ids:
        transaction.on_commit(queue)


def event_wanted(event: str) -> bool:
    """Whether an active subscriber wants `event` (an emitter with costly payloads asks first)."""
    return any(event in s.events for s in Subscriber.objects.filter(active=True).only("events"))


def events_emit(*, event: str, items: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """`event` once per (key, payload) of `items` for every active subscriber of it; a non-empty
    key already delivered to a subscriber is not sent to it again. How many deliveries."""
    checked = [(key, payload_check(event, payload)) for key, payload in items]
    subscribers = [s for s in Subscriber.objects.filter(active=True) if event in s.events]
    if not subscribers or not checked:
        return 0
    keys = sorted({key for key, _payload in checked if key})
    seen: set[tuple[int, str]] = set()
    for start in range(0, len(keys), CHUNK):
        seen.update(
            Delivery.objects.filter(
                subscriber__in=subscribers, key__in=keys[start : start + CHUNK]
            ).values_list("subscriber_id", "key")
        )
    now = timezone.now()
    rows = [
        Delivery(subscriber=s, event=event, key=key, payload=payload, next_attempt_at=now)
        for key, payload in checked
        for s in subscribers
        if not key or (s.pk, key) not in seen
    ]
    with transaction.atomic():
        created = Delivery.objects.bulk_create(rows, batch_size=CHUNK)
    _queue_on_commit([row.pk for row in created])
    return len(created)


def event_emit(*, event: str, payload: dict[str, Any], key: str = "") -> int:
    """Announce `event` with `payload` (codes, ids, dates and counts: events.SHAPES) to its
    subscribers, sent once the caller's transaction commits. How many deliveries."""
    return events_emit(event=event, items=[(key, payload)])


# --- sending ----------------------------------------------------------------------------------


def delivery_body(row: Delivery) -> bytes:
    """What is posted: the same bytes on every attempt."""
    document = {
        "id": str(row.event_id),
        "event": row.event,
        "created_at": row.created_at.isoformat(),
        "data": row.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def delivery_headers(row: Delivery, secret: str, body: bytes, now: dt.datetime) -> dict[str, str]:
    stamp = int(now.timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": "arraigo-webhooks/1",
        EVENT_HEADER: row.event,
        DELIVERY_HEADER: str(row.uuid),
        TIMESTAMP_HEADER: str(stamp),
        SIGNATURE_HEADER: signature(secret, stamp, body),
    }


def _timeout() -> float:
    return float(getattr(settings, "ARRAIGO_WEBHOOKS_TIMEOUT", 10))


def _finish(row: Delivery, **fields: Any) -> Delivery:
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=list(fields))
    return row


def delivery_attempt(
    *, delivery_id: int, now: dt.datetime | None = None, post: transport.Post | None = None
) -> Delivery | None:
    """Try delivery `delivery_id` once if it is waiting and its time has come (None otherwise):
    claim it, post it signed, then record the answer and, after a failure, when to try again
    (BACKOFF) or, after the last attempt, that it failed."""
    now = now or timezone.now()
    row = Delivery.objects.select_related("subscriber").filter(pk=delivery_id).first()
    if row is None or row.status != DeliveryStatus.PENDING:
        return None
    if row.next_attempt_at is not None and row.next_attempt_at > now:
        return None
    number = row.attempts + 1
    # Claimed: another worker holding the same delivery finds `attempts` moved on and stops.
    # Until the answer is recorded, the next attempt is due as if this one failed.
    provisional = now + BACKOFF[min(number, len(BACKOFF)) - 1]
    claimed = Delivery.objects.filter(
        pk=row.pk, status=DeliveryStatus.PENDING, attempts=row.attempts
    ).update(attempts=number, last_attempt_at=now, next_attempt_at=provisional)
    if not claimed:
        return None
    row.attempts, row.last_attempt_at = number, now
    subscriber = row.subscriber
    if not subscriber.active:
        return _finish(
            row,
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=_("The subscriber was deactivated."),
        )
    try:
        secret = secret_open(subscriber.secret, subscriber.pk)
    except SecretUnreadable:
        return _finish(
            row,
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=_("The subscriber's secret cannot be read: set a new one."),
        )
    body = delivery_body(row)
    answer = (post or transport.http_post)(
        subscriber.url, body, delivery_headers(row, secret, body, now), _timeout()
    )
    if not answer.error:
        log.info("webhook delivery %s delivered (%s)", row.pk, answer.status)
        return _finish(
            row,
            status=DeliveryStatus.DELIVERED,
            response_code=answer.status,
            delivered_at=timezone.now(),
            next_attempt_at=None,
            last_error="",
        )
    log.warning("webhook delivery %s attempt %s failed: %s", row.pk, number, answer.error)
    if number >= MAX_ATTEMPTS:
        return _finish(
            row,
            status=DeliveryStatus.FAILED,
            response_code=answer.status,
            next_attempt_at=None,
            last_error=answer.error[:300],
        )
    later = now + BACKOFF[number - 1]
    _finish(row, response_code=answer.status, next_attempt_at=later, last_error=answer.error[:300])
    transaction.on_commit(lambda: delivery_enqueue(row.pk, later))
    return row


@transaction.atomic
def delivery_retry(*, actor: User, delivery: Delivery) -> Delivery:
    """Send a failed delivery again, with a fresh round of attempts (coordinators)."""
    require_perm(actor, "webhooks.retry_delivery")
    locked = Delivery.objects.select_for_update().select_related("subscriber").get(pk=delivery.pk)
    if locked.status != DeliveryStatus.FAILED:
        raise InvalidTransition(_("Only a failed delivery can be sent again."))
    if not locked.subscriber.active:
        raise InvalidTransition(_("This subscriber is not active: activate it first."))
    _finish(locked, status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
    audit_event(actor=actor, obj=locked, event="webhook_retry", details={"event": locked.event})
    _queue_on_commit([locked.pk])
    return locked


def deliveries_queue_due(*, now: dt.datetime | None = None) -> int:
    """Queue every waiting delivery whose time has come (`arraigo webhooks send-due`, the safety
    net for a queued task lost with its worker). How many."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for delivery_id in ids:
        delivery_enqueue(delivery_id)
    return len(ids)

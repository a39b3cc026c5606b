"""Reads of webhooks: the subscribers and the delivery log, for whoever holds the permission
(coordinators). Payloads hold codes and ids only, so the log shows no one's record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet

from .models import Delivery, DeliveryStatus, Subscriber


def _require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def subscribers_for(user: Any) -> QuerySet[Subscriber]:
    _require(user, "webhooks.view_subscriber")
    return Subscriber.objects.order_by("name", "id")


def subscriber_get_for(user: Any, pk: int) -> Subscriber:
    return subscribers_for(user).get(pk=pk)


def deliveries_for(
    user: Any, *, subscriber: int | None = None, event: str = "", status: str = ""
) -> QuerySet[Delivery]:
    """The delivery log, newest first, filtered by subscriber, event and status if given."""
    _require(user, "webhooks.view_delivery")
    rows = Delivery.objects.select_related("subscriber").order_by("-created_at", "-id")
    if subscriber is not None:
        rows = rows.filter(subscriber_id=subscriber)
    if event:
        rows = rows.filter(event=event)
    if status in DeliveryStatus.values:
        rows = rows.filter(status=status)
    return rows


def delivery_get_for(user: Any, pk: int) -> Delivery:
    return deliveries_for(user).get(pk=pk)


def delivery_counts(user: Any) -> dict[str, int]:
    """Deliveries in each status (all three, zeros included)."""
    _require(user, "webhooks.view_delivery")
    counted = dict(Delivery.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: int(counted.get(status, 0)) for status in DeliveryStatus.values}

"""Subscribers (a URL, a secret, the events wanted) and the deliveries made to them."""

from __future__ import annotations

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register

from .events import Event


class Subscriber(models.Model):
    """A partner's system that receives events. `secret` is sealed (secrets_box.py): shown
    once when set, never again; `events` is the list of event names it wants."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.TextField(_("secret (encrypted)"), editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    secret_set_at = models.DateTimeField(_("secret set at"), null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook subscriber")
        verbose_name_plural = _("webhook subscribers")

    def __str__(self) -> str:
        return self.name

    def event_labels(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels.get(name, name)) for name in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event for one subscriber: the payload as sent, and how sending went.

    `event_id` is the event's (the same for every subscriber and every attempt: receivers
    drop what they have seen); `key`, when the emitter gives one, makes the event once only per
    subscriber (a survey due is announced once)."""

    uuid = models.UUIDField(_("delivery"), default=uuid_lib.uuid4, unique=True, editable=False)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    event_id = models.UUIDField(_("event id"), default=uuid_lib.uuid4)
    key = models.CharField(_("key"), max_length=120, blank=True, default="")
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        default_permissions = ("view",)
        permissions = [("retry_delivery", "Can send a failed webhook delivery again")]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "key"], condition=~Q(key=""), name="delivery_key_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subscriber", "-created_at"]),
            models.Index(fields=["event", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.event})"


audit_register(Subscriber, exclude=("updated_at", "secret"))

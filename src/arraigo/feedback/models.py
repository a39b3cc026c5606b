"""Participants' feedback and complaints (a community-based complaint mechanism).

Reports of sexual exploitation or abuse (SEA) form a restricted tier: only roles holding
`feedback.view_sea` see them, in lists, counts and pages alike.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import AuditTier, audit_register
from arraigo.core.fieldcrypto import EncryptedTextField


class Category(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SEA = "sea", _("Sexual exploitation or abuse")
    FRAUD = "fraud", _("Fraud or misconduct")
    QUESTION = "question", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")
    APPRECIATION = "appreciation", _("Appreciation")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    BOX = "box", _("Suggestion box")
    FORM = "form", _("Participant form")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (FeedbackStatus.RECEIVED, FeedbackStatus.IN_PROGRESS)


def feedback_overdue(today: dt.date) -> Q:
    """The overdue rule: not yet answered and due before `today` (a report due today is not)."""
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


class FeedbackCase(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=14, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # what was said and the answer are encrypted at rest (docs/security.md): never filtered
    # or sorted on
    description = EncryptedTextField(_("what happened or what they say"), max_length=3000)
    contact = models.CharField(_("how to reach them (optional)"), max_length=120, blank=True)
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    city = models.ForeignKey(
        "places.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"))
    due_on = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    resolution = EncryptedTextField(_("response"), max_length=2000, blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("feedback or complaint")
        permissions = [("view_sea", "Can see reports of sexual exploitation or abuse")]
        indexes = [models.Index(fields=["category", "status"])]

    def __str__(self) -> str:
        return self.reference


# The trail records who recorded, assigned, answered or closed which report, never what the
# person said, how to reach them or the answer given; entries about an SEA report are for the
# focal point only.
audit_register(
    FeedbackCase,
    exclude=("description", "contact", "resolution"),
    tier=AuditTier("feedback.view_sea", "category", Category.SEA.value),
)

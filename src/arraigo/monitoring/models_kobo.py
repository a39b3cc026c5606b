"""KoboToolbox forms that post their submissions to arraigo (REST Services), and what they
posted.

A `KoboForm` feeds one survey round; KoboToolbox authenticates with the form's secret (kept as
a SHA-256 hash: the secret is 32 random bytes, so a hash is as strong as a slow one and is
checked in microseconds on every post). A `KoboSubmission` is one submission as posted (raw
JSON, unique per form by its uuid), then processed in the background into an `Interview` and
its answers, or failed with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register

from .models import Interview, Round


class KoboForm(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Letters, digits and hyphens: the end of the address KoboToolbox posts to."),
    )
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    secret_hash = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    secret_set_at = models.DateTimeField(_("secret set at"), null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("KoboToolbox form")
        verbose_name_plural = _("KoboToolbox forms")
        default_permissions = ("view", "add", "change")

    def __str__(self) -> str:
        return self.slug


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting to be processed")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class KoboSubmission(models.Model):
    form = models.ForeignKey(KoboForm, on_delete=models.PROTECT, related_name="submissions")
    uuid = models.CharField(_("submission uuid"), max_length=64)
    payload = models.JSONField(_("submission as posted"))
    received_at = models.DateTimeField(_("received at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.RECEIVED,
    )
    # Why it failed, in the interface's language: rows and columns, codes, never a name.
    error = models.TextField(_("reason"), blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    interview = models.ForeignKey(
        Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("KoboToolbox submission")
        verbose_name_plural = _("KoboToolbox submissions")
        default_permissions = ("view",)
        permissions = [
            ("retry_kobosubmission", "Can process a failed KoboToolbox submission again")
        ]
        constraints = [
            models.UniqueConstraint(fields=["form", "uuid"], name="kobo_submission_once_a_form")
        ]
        indexes = [models.Index(fields=["status", "-received_at"])]

    def __str__(self) -> str:
        return f"kobo submission {self.pk}"


audit_register(KoboForm, exclude=("updated_at", "secret_hash"))

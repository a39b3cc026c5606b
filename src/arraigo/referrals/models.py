"""Referrals of a person or a household to a service of the directory, and their answers.

What a service partner sees is `shared`: a copy, made when the referral is sent, of the few
fields the referral shares (the household code, the person's name, age and languages, the
phone only when consented, the purpose). The partner never reads the case itself, and reads
the person only while the household's consent holds: `shared_now`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register
from arraigo.registry.consent import consent_latest, consent_withheld_label
from arraigo.registry.models import ConsentPurpose


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


class Referral(models.Model):
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text=_("Empty when the whole household is referred."),
    )
    service = models.ForeignKey(
        "places.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    provider = models.ForeignKey(
        "places.ServiceProvider", on_delete=models.PROTECT, related_name="referrals"
    )
    purpose = models.CharField(_("purpose"), max_length=500)
    shared = models.JSONField(_("shared with the service"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    consent_override_reason = models.CharField(
        _("reason for referring without consent"), max_length=300, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = models.CharField(_("outcome"), max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("answer_referral", "Can answer referrals made to their organisation"),
            ("override_referral_consent", "Can refer without the household's consent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent") | Q(answered_at__isnull=False),
                name="referral_answered_when_not_sent",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="referral_completed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status"]),
            # the referrals list reads its page in this order without sorting every referral
            models.Index(fields=["sent_at", "id"], name="referral_by_sent"),
            # the referrals waiting for an answer (the dashboard's "to do", the list filtered
            # by status) are read from the few sent ones, then their households' scope
            models.Index(fields=["status", "household"], name="referral_by_status"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def shared_now(self) -> dict:
        """What the service may read today: the copy made when sent, while the household
        consents to sharing with service partners (or, sent under a coordinator's override,
        until the household answers again); else the household code and purpose only, with
        `withheld` saying why. Lists annotate the consent (referrals.selectors)."""
        if not hasattr(self, "consent_given"):
            self.consent_given, self.consent_answered_at = consent_latest(
                self.household, ConsentPurpose.SERVICE_PARTNERS
            )
        if self.consent_given:
            return self.shared
        answered_at = self.consent_answered_at
        if self.consent_override_reason and (answered_at is None or answered_at <= self.sent_at):
            return self.shared
        return {
            "household": self.shared.get("household", ""),
            "purpose": self.shared.get("purpose", ""),
            "withheld": consent_withheld_label(self.consent_given),
        }


audit_register(Referral)

"""Which emails each user wants, and which went out (so that none is sent twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """The emails arraigo sends; each is also the name of its column in the preferences."""

    DIGEST = "digest", _("Daily digest")
    REFERRAL = "referral", _("New referrals")
    GRANT = "grant", _("Grants waiting for approval")
    TRANSFER = "transfer", _("Transfers waiting for an answer")


# The kinds sent as soon as a scan finds them (the digest goes once a day).
EVENT_KINDS = (NotificationKind.REFERRAL, NotificationKind.GRANT, NotificationKind.TRANSFER)


class NotificationPreference(models.Model):
    """One user's choice of emails. A user without a row gets every kind that concerns them
    (`selectors.kinds_for`): the default is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choice"
    )
    digest = models.BooleanField(NotificationKind.DIGEST.label, default=True)
    referral = models.BooleanField(NotificationKind.REFERRAL.label, default=True)
    grant = models.BooleanField(NotificationKind.GRANT.label, default=True)
    transfer = models.BooleanField(NotificationKind.TRANSFER.label, default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email notification choice")
        verbose_name_plural = _("email notification choices")

    def __str__(self) -> str:
        return f"notification choice of user {self.user_id}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, NotificationKind(kind).value))


class NotificationSent(models.Model):
    """One email's content sent to one user: the digest of a day (`key` the date,
    YYYY-MM-DD), or one referral, grant or transfer (`key` its id). Written in the same
    transaction as the message is handed to the mail server, and unique: a second run, or
    two workers at once, never send it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("email notification sent")
        verbose_name_plural = _("email notifications sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to user {self.user_id}"

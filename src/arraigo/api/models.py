"""Personal API tokens: a user's key to the REST API (docs/api.md).

A token is shown once, when created: `arr_<prefix>_<secret>`. The database keeps the prefix
(to find the row, and to tell tokens apart in lists) and the SHA-256 of the whole token, never
the token itself. A token acts as its owner: the same permissions and the same scope.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register


class TokenState(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    # Random, shown in lists and in the token itself: it finds the row, it proves nothing.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"))
    # The last day the token works (in the programme's time zone).
    expires_on = models.DateField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "created_at"], name="apitoken_by_user")]

    def __str__(self) -> str:
        return f"token {self.prefix}"

    def state_on(self, day: dt.date) -> TokenState:
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if day > self.expires_on:
            return TokenState.EXPIRED
        return TokenState.ACTIVE

    @property
    def state(self) -> TokenState:
        return self.state_on(timezone.localdate())


# Creation and revocation go to the audit trail; the hash never does, nor each use.
audit_register(ApiToken, exclude=("secret_hash", "last_used_at"))

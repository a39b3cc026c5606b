"""Case notes, in two sensitivity tiers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import AuditTier, audit_register
from arraigo.core.fieldcrypto import EncryptedTextField


class NoteTier(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    PROTECTION = "protection", _("Protection-sensitive (violence, health)")


class CaseNote(models.Model):
    """A note is never edited: a correction is a new note that supersedes it."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="notes"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tier = models.CharField(
        _("sensitivity"), max_length=10, choices=NoteTier.choices, default=NoteTier.ORDINARY
    )
    # encrypted at rest (docs/security.md): never filtered or sorted on
    text = EncryptedTextField(_("note"), max_length=2000)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "registry_casenote"  # the table it had in the registry
        verbose_name = _("case note")
        permissions = [("view_protected_note", "Can read and write protection-sensitive notes")]

    def __str__(self) -> str:
        return f"note {self.pk}"


# The trail says who wrote which note, of which tier, on which household, never what it says:
# the text stays in this table, behind the tier rules (a note is never edited, so no change
# entry needs it either). Entries about a protection-sensitive note are for that tier only.
audit_register(
    CaseNote,
    exclude=("text",),
    tier=AuditTier("casefile.view_protected_note", "tier", NoteTier.PROTECTION.value),
)

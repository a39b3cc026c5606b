"""Transfers of a case between offices or host cities, accepted by the receiving side."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arraigo.accounts.audit import audit_register


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the receiving side")
    ACCEPTED = "accepted", pgettext_lazy("transfer", "Accepted")
    DECLINED = "declined", pgettext_lazy("transfer", "Declined")


class CaseTransfer(models.Model):
    """Either offices (origin side) or host cities change; the other pair stays empty."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="transfers"
    )
    from_office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_city = models.ForeignKey(
        "places.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_city = models.ForeignKey(
        "places.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        db_table = "registry_casetransfer"  # the table it had in the registry
        verbose_name = _("case transfer")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="requested"),
                name="transfer_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(to_office__isnull=False, to_city__isnull=True)
                | Q(to_office__isnull=True, to_city__isnull=False),
                name="transfer_office_or_city",
            ),
        ]

    def __str__(self) -> str:
        return f"transfer {self.pk}"

    @property
    def destination(self) -> object:
        return self.to_office or self.to_city


audit_register(CaseTransfer)

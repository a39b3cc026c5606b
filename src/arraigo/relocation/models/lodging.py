"""Temporary lodging on arrival: stays, and the approval needed beyond the night limit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register


class LodgingStay(models.Model):
    """Nights at a lodging provider from the service directory (check-out date excluded)."""

    plan = models.ForeignKey(
        "relocation.RelocationPlan", on_delete=models.PROTECT, related_name="lodging_stays"
    )
    provider = models.ForeignKey(
        "places.ServiceProvider", on_delete=models.PROTECT, related_name="lodging_stays"
    )
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    nightly_cost = models.DecimalField(_("cost per night (MXN)"), max_digits=10, decimal_places=2)
    checked_out = models.BooleanField(_("stay closed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "check_in"]
        verbose_name = _("lodging stay")
        verbose_name_plural = _("lodging stays")
        constraints = [
            models.CheckConstraint(
                condition=Q(check_out__gt=F("check_in")), name="lodging_out_after_in"
            ),
            models.CheckConstraint(
                condition=Q(nightly_cost__gte=0), name="lodging_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"stay {self.pk}"

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


class LodgingExtension(models.Model):
    """A coordinator's approval of nights beyond the programme's limit for one plan."""

    plan = models.ForeignKey(
        "relocation.RelocationPlan", on_delete=models.PROTECT, related_name="lodging_extensions"
    )
    extra_nights = models.PositiveSmallIntegerField(_("extra nights"))
    reason = models.CharField(_("reason"), max_length=300)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "approved_at"]
        verbose_name = _("lodging extension")
        verbose_name_plural = _("lodging extensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(extra_nights__gt=0), name="lodging_extension_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"extension {self.pk}"


audit_register(LodgingStay)
audit_register(LodgingExtension)

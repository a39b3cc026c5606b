"""First-month cash grants: the versioned amount table and each grant's maker-checker steps."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arraigo.accounts.audit import audit_register


class GrantTable(models.Model):
    """One version of a modality's grant table (programme data, from relocation.yaml).

    amount = base + per_additional_member x (members - 1), at most cap. A version's amounts
    never change once stored, so every grant keeps showing the table it was computed from.
    """

    version = models.CharField(_("version"), max_length=40, unique=True)
    modality = models.CharField(_("modality"), max_length=12, default="relocation")
    effective_from = models.DateField(_("effective from"))
    base_amount = models.DecimalField(_("base amount"), max_digits=10, decimal_places=2)
    per_additional_member = models.DecimalField(
        _("per additional member"), max_digits=10, decimal_places=2
    )
    cap = models.DecimalField(_("cap"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    is_demo = models.BooleanField(_("demo values"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("grant table")
        verbose_name_plural = _("grant tables")

    def __str__(self) -> str:
        return self.version


class GrantStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    APPROVED = "approved", pgettext_lazy("grant", "Approved")
    DISBURSED = "disbursed", _("Disbursed")
    CANCELLED = "cancelled", _("Cancelled")  # before disbursement
    REVERSED = "reversed", _("Reversed")  # after disbursement, with a reason


class DisbursementMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CARD = "card", _("Prepaid card")
    CASH = "cash", _("Cash")


class Grant(models.Model):
    """A household's first-month grant: for a relocation (on its trip, `plan`) or, in a
    modality without a trip (support where the household lives), for the household alone."""

    plan = models.ForeignKey(
        "relocation.RelocationPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="grants"
    )
    table = models.ForeignKey(GrantTable, on_delete=models.PROTECT, related_name="grants")
    members = models.PositiveSmallIntegerField(_("household members"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PREPARED
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    disbursed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disbursed_at = models.DateTimeField(_("disbursement recorded at"), null=True, blank=True)
    disbursed_on = models.DateField(_("disbursement date"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=14, choices=DisbursementMethod.choices, blank=True
    )
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("cancelled or reversed at"), null=True, blank=True)
    closed_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = _("cash grant")
        verbose_name_plural = _("cash grants")
        permissions = [
            ("approve_grant", _("Can approve cash grants")),
            ("disburse_grant", _("Can record grant disbursements")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["prepared", "approved", "disbursed"]),
                name="grant_one_per_relocation",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(plan__isnull=True, status__in=["prepared", "approved", "disbursed"]),
                name="grant_one_without_trip_per_household",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="grant_maker_is_not_checker",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"grant {self.pk}"

    @property
    def city(self) -> Any:
        """Where the money is spent: the trip's destination, or where the household lives."""
        plan = self.plan
        return plan.destination_city if plan is not None else self.household.host_city

    @property
    def office(self) -> Any:
        plan = self.plan
        return plan.origin_office if plan is not None else self.household.origin_office


audit_register(GrantTable)
audit_register(Grant)

"""Budget lines per year and cost category, and the append-only ledger of money moves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register
from arraigo.relocation.descriptions import description_display


class CostCategory(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    LODGING = "lodging", _("Lodging")
    GRANTS = "grants", _("Cash grants")


class BudgetLine(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=10, choices=CostCategory.choices)
    amount = models.DecimalField(_("budget (MXN)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["year", "category"], name="budget_one_line_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category}"


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")  # approved, not yet paid
    EXPENDITURE = "expenditure", _("Expenditure")  # paid out


class LedgerEntry(models.Model):
    """One money move. Never edited or deleted: a correction is a new, opposite entry."""

    booked_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    category = models.CharField(_("category"), max_length=10, choices=CostCategory.choices)
    amount = models.DecimalField(_("amount (MXN)"), max_digits=12, decimal_places=2)
    city = models.ForeignKey("places.City", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    source = models.CharField(_("source"), max_length=40)  # e.g. "grant:12", "ticket:40"
    description = models.CharField(_("description"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["booked_on", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        permissions = [("export_ledger", _("Can export the financial ledger"))]
        indexes = [models.Index(fields=["category", "kind", "booked_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.source}"

    @property
    def shown_description(self) -> str:
        """The description in the reader's language, where it follows a known pattern."""
        return description_display(self.description)


audit_register(BudgetLine)
audit_register(LedgerEntry)

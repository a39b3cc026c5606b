"""A household, the journey of its status and its eligibility decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register

from ..choices import ClosureReason, EligibilityOutcome, HouseholdStatus, Modality


class Household(models.Model):
    # <OFFICE CODE>-<YYYY>-<NNNNN>; office codes are up to 20 characters.
    code = models.CharField(_("household code"), max_length=32, unique=True)
    modality = models.CharField(
        _("modality"), max_length=12, choices=Modality.choices, default=Modality.RELOCATION
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=HouseholdStatus.choices,
        default=HouseholdStatus.REGISTERED,
        db_index=True,
    )
    origin_office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, related_name="households"
    )
    host_city = models.ForeignKey(
        "places.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        help_text=_("Destination after relocation, or the city where an in-place household lives."),
    )
    eligibility = models.CharField(
        _("eligibility"),
        max_length=14,
        choices=EligibilityOutcome.choices,
        default=EligibilityOutcome.PENDING,
    )
    exception_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exception_approved_at = models.DateTimeField(null=True, blank=True)
    exception_reason = models.CharField(_("reason for the exception"), max_length=300, blank=True)
    has_open_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised for list pages; kept current by the registry services.
    size = models.PositiveSmallIntegerField(_("members"), default=0)
    head_name = models.CharField(_("head of household"), max_length=200, blank=True)
    # The highest member number ever given here: numbers are never reused, even after a
    # member is removed (surveys and exports refer to members by number).
    last_member_no = models.PositiveSmallIntegerField(
        _("last member number given"), default=0, editable=False
    )

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        permissions = [
            ("approve_exception", "Can approve eligibility by exception"),
            ("resolve_duplicate", "Can merge or dismiss likely duplicates"),
            ("view_names", "Can see names, documents and contacts"),
        ]
        indexes = [
            models.Index(fields=["origin_office", "status"]),
            models.Index(fields=["host_city", "status"]),
            # the household list's default order, read a page at a time: the whole registry,
            # an origin office's or a host city's households
            models.Index(fields=["registered_at", "id"], name="household_by_registration"),
            models.Index(
                fields=["origin_office", "registered_at", "id"], name="household_office_by_reg"
            ),
            models.Index(fields=["host_city", "registered_at", "id"], name="household_city_by_reg"),
        ]

    def __str__(self) -> str:
        # Never a name: this string reaches the audit trail and logs.
        return self.code


class StatusChange(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=16, choices=HouseholdStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=HouseholdStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField()
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    closure_reason = models.CharField(
        _("why the case closed"), max_length=16, choices=ClosureReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.from_status}->{self.to_status}"


class EligibilityDecision(models.Model):
    """A computed decision; the newest per household is current. Rule results are kept whole."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="eligibility_decisions"
    )
    outcome = models.CharField(max_length=14, choices=EligibilityOutcome.choices)
    ruleset = models.CharField(_("rule set and version"), max_length=60)
    # [{"rule": code, "label": text, "result": "met"|"not_met"|"missing", "reason": text}]
    results = models.JSONField(default=list)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("eligibility decision")
        verbose_name_plural = _("eligibility decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.outcome}"


# Every change goes to the audit trail (reads are logged by the views).
audit_register(Household)
audit_register(StatusChange)
audit_register(EligibilityDecision)

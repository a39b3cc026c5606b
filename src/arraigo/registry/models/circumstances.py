"""What a household tells the programme: specific needs, consent, city preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register

from ..choices import ConsentMethod, ConsentPurpose, NeedCode, PreferenceKind
from .households import Household
from .people import Person


class SpecificNeed(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="needs")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="needs"
    )
    code = models.CharField(_("need"), max_length=20, choices=NeedCode.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("specific need")
        verbose_name_plural = _("specific needs")
        constraints = [
            models.UniqueConstraint(fields=["household", "person", "code"], name="need_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.code}"


class Consent(models.Model):
    """One row per change: the latest row per purpose is the household's current answer."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Who answered, how and when (empty on answers recorded before these were asked).
    given_by = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents_given",
        verbose_name=_("given by"),
    )
    method = models.CharField(
        _("how"), max_length=16, choices=ConsentMethod.choices, blank=True, default=""
    )
    witness_name = models.CharField(_("witness"), max_length=120, blank=True, default="")
    given_on = models.DateField(_("date of the answer"), null=True, blank=True)

    class Meta:
        ordering = ["purpose", "-recorded_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.household_id}:{self.purpose}={self.given}"


class CityPreference(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="preferences")
    city = models.ForeignKey("places.City", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PreferenceKind.choices)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("city preference")
        verbose_name_plural = _("city preferences")
        ordering = ["kind", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "city", "kind"], name="city_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.kind}:{self.city_id}"


# Every change goes to the audit trail (reads are logged by the views).
audit_register(SpecificNeed)
audit_register(Consent)
audit_register(CityPreference)

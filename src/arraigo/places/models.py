"""Cities, offices, capacities and the service directory."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from arraigo.accounts.audit import audit_register


class CityKind(models.TextChoices):
    ORIGIN = "origin", _("Origin")
    HOST = "host", _("Host")
    BOTH = "both", _("Origin and host")


class City(models.Model):
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    state = models.CharField(_("state"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=CityKind.choices)
    is_border = models.BooleanField(_("border city"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    average_monthly_wage_mxn = models.DecimalField(
        _("average monthly formal wage (MXN)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"

    @property
    def is_host(self) -> bool:
        return self.kind in {CityKind.HOST, CityKind.BOTH}


class OfficeKind(models.TextChoices):
    NATIONAL = "national", _("National office")
    ORIGIN = "origin", _("Origin office")
    HOST = "host", _("Host-city office")


class Office(models.Model):
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficeKind.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="offices")
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class CapacityDimension(models.TextChoices):
    RECEPTION_BEDS = "reception_beds", _("Reception beds")
    HOUSING_UNITS = "housing_units", _("Housing units")
    SCHOOL_PLACES = "school_places", _("School places")
    DAYCARE_PLACES = "daycare_places", _("Daycare places")
    SPECIALISED_PLACES = "specialised_places", _("Specialised-service places")


class Capacity(models.Model):
    """How much of one dimension a host city can take in one period."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="capacities")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    dimension = models.CharField(_("dimension"), max_length=30, choices=CapacityDimension.choices)
    amount = models.PositiveIntegerField(_("amount"))
    reserved = models.PositiveIntegerField(_("reserved"), default=0)

    class Meta:
        ordering = ["city__name", "period_start", "dimension"]
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "period_start", "dimension"], name="capacity_unique_period_dim"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="capacity_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("amount")), name="capacity_not_over"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city.name} {self.dimension} {self.period_start:%Y}: {self.amount}"

    @property
    def available(self) -> int:
        return self.amount - self.reserved


class ServiceCategory(models.TextChoices):
    DAYCARE = "daycare", _("Daycare")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health")
    DISABILITY = "disability", _("Disability services")
    VIOLENCE_SHELTER = "violence_shelter", _("Shelter for survivors of violence")
    LEGAL_AID = "legal_aid", _("Legal aid")
    LANGUAGE_CLASSES = "language_classes", _("Spanish classes")
    BANK = "bank", _("Bank")
    EMPLOYMENT_OFFICE = "employment_office", _("Employment office")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    HOUSING = "housing", _("Housing and temporary lodging")


class ProviderKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("Civil society organisation")
    PRIVATE = "private", _("Private")
    INTERNATIONAL = "international", _("International organisation")


class ServiceProvider(models.Model):
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="providers")
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    provider = models.ForeignKey(ServiceProvider, on_delete=models.CASCADE, related_name="services")
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    eligibility_notes = models.TextField(_("eligibility notes"), blank=True)
    languages = models.CharField(_("languages served"), max_length=120, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


# Every change to these tables is in the audit trail (own columns, before and after).
for _model in (City, Office, Capacity, ServiceProvider, Service):
    audit_register(_model)

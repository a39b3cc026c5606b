"""Employers, vacancies and placements (the occupation and skill lists are in codelists)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from arraigo.accounts.audit import audit_register
from arraigo.codelists.models import Occupation, Skill
from arraigo.core.choices import EducationLevel, LanguageLevel
from arraigo.places.models import City


class Sector(models.TextChoices):
    AUTOMOTIVE = "automotive", _("Automotive")
    APPLIANCES = "appliances", _("Household appliances")
    FOOD_PROCESSING = "food_processing", _("Food processing")
    LOGISTICS = "logistics", _("Logistics")
    TEXTILES = "textiles", _("Textiles and clothing")
    CONSTRUCTION = "construction", _("Construction")
    SERVICES = "services", _("Services")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("Micro (1-10)")
    SMALL = "small", _("Small (11-50)")
    MEDIUM = "medium", _("Medium (51-250)")
    LARGE = "large", _("Large (251+)")


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=160)
    rfc = models.CharField(_("RFC"), max_length=13, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="employers")
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices)
    partner_since = models.DateField(_("partner since"), null=True, blank=True)
    trained_on_refugee_hiring = models.BooleanField(_("trained on hiring refugees"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class Shift(models.TextChoices):
    DAY = "day", _("Day")
    NIGHT = "night", _("Night")
    ROTATING = "rotating", _("Rotating")
    MIXED = "mixed", _("Mixed")


class PhysicalDemand(models.TextChoices):
    LIGHT = "light", _("Light")
    MODERATE = "moderate", _("Moderate")
    HEAVY = "heavy", _("Heavy")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Vacancy(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="vacancies")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("title"), max_length=160)
    # Vacancies often share a title: the site, shift and opening date tell them apart.
    site = models.CharField(
        _("work site"),
        max_length=120,
        blank=True,
        help_text=_("Plant, branch or address where the person will work."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="vacancies")
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    seats_reserved = models.PositiveIntegerField(_("seats reserved"), default=0)
    min_education = models.CharField(
        _("minimum education"),
        max_length=20,
        choices=EducationLevel.choices,
        default=EducationLevel.NONE,
    )
    min_experience_years = models.PositiveSmallIntegerField(
        _("minimum experience (years)"), default=0
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="vacancies")
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, default=Shift.DAY)
    physical_demands = models.CharField(
        _("physical demands"),
        max_length=10,
        choices=PhysicalDemand.choices,
        default=PhysicalDemand.MODERATE,
    )
    min_spanish_level = models.CharField(
        _("minimum Spanish level"),
        max_length=15,
        choices=LanguageLevel.choices,
        default=LanguageLevel.BASIC,
    )
    monthly_wage_mxn = models.DecimalField(_("monthly wage (MXN)"), max_digits=10, decimal_places=2)
    benefit_transport = models.BooleanField(_("transport"), default=False)
    benefit_daycare = models.BooleanField(_("on-site daycare"), default=False)
    benefit_training = models.BooleanField(_("training"), default=False)
    other_benefits = models.CharField(_("other benefits"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="vacancy_seats_positive"),
            models.CheckConstraint(
                condition=Q(seats_reserved__lte=models.F("seats")), name="vacancy_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(monthly_wage_mxn__gt=0), name="vacancy_wage_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.employer.name})"

    @property
    def seats_available(self) -> int:
        return self.seats - self.seats_reserved

    @property
    def details(self) -> str:
        """What tells this vacancy from others with the same title: site, shift, opening date."""
        parts = [self.site] if self.site else []
        parts.append(_("%(shift)s shift") % {"shift": self.get_shift_display().lower()})
        if self.opened_on is not None:
            parts.append(_("opened %(date)s") % {"date": self.opened_on.isoformat()})
        return " · ".join(parts)

    @property
    def label(self) -> str:
        """The vacancy as lists and choices name it: title, then its details."""
        return f"{self.title} · {self.details}"


# Every change to these tables is in the audit trail (own columns, before and after).
audit_register(Employer)
audit_register(Vacancy, m2m=("skills",))


# --- placements: a participant hired by a partner company ------------------------------------


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Indefinite")
    FIXED_TERM = "fixed_term", _("Fixed term")
    TRIAL = "trial", _("Trial period")
    SEASONAL = "seasonal", _("Seasonal")


class SeparationReason(models.TextChoices):
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    MOVED_AWAY = "moved_away", _("Moved away")
    OTHER = "other", _("Other")


class Placement(models.Model):
    """One person's job at a partner company: hire, start, IMSS registration, separation.

    `separated_on` is the last day worked: the person counts in the headcount of that day.
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="placements"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="placements"
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    hired_on = models.DateField(_("hired on"))
    started_on = models.DateField(_("start date"), null=True, blank=True)
    monthly_wage_mxn = models.DecimalField(_("monthly wage (MXN)"), max_digits=10, decimal_places=2)
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices
    )
    imss_registered_on = models.DateField(_("IMSS registration"), null=True, blank=True)
    separated_on = models.DateField(_("last day worked"), null=True, blank=True)
    separation_reason = models.CharField(
        _("separation reason"), max_length=16, choices=SeparationReason.choices, blank=True
    )
    separation_note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-hired_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_wage_mxn__gt=0), name="placement_wage_positive"
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(started_on__gte=models.F("hired_on")),
                name="placement_starts_after_hire",
            ),
            models.CheckConstraint(
                condition=Q(separated_on__isnull=True)
                | (Q(started_on__isnull=False) & Q(separated_on__gte=models.F("started_on"))),
                name="placement_separation_after_start",
            ),
            models.CheckConstraint(
                condition=Q(separated_on__isnull=True, separation_reason="")
                | (Q(separated_on__isnull=False) & ~Q(separation_reason="")),
                name="placement_separation_has_reason",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(separated_on__isnull=True),
                name="placement_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["employer", "started_on"])]

    def __str__(self) -> str:
        return f"placement {self.pk} ({self.employer_id})"

    @property
    def is_open(self) -> bool:
        return self.separated_on is None


audit_register(Placement)

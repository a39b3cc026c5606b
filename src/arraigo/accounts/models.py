"""Users, their role and the office, city, company or partner that scopes what they see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import audit_register


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Programme coordinator")
    ORIGIN_CASEWORKER = "origin_caseworker", _("Origin caseworker")
    HOST_CASEWORKER = "host_caseworker", _("Host-city caseworker")
    EMPLOYER_LIAISON = "employer_liaison", _("Employer liaison")
    EMPLOYER = "employer", _("Employer (company HR)")
    SERVICE_PARTNER = "service_partner", _("Service partner")
    ME_OFFICER = "me_officer", _("M&E officer")
    AUDITOR = "auditor", _("Auditor")


# Which scope each role needs: the field that must be set on the user.
ROLE_SCOPE_FIELD: dict[str, str | None] = {
    Role.COORDINATOR: None,
    Role.ORIGIN_CASEWORKER: "office",
    Role.HOST_CASEWORKER: "city",
    Role.EMPLOYER_LIAISON: None,
    Role.EMPLOYER: "employer",
    Role.SERVICE_PARTNER: "provider",
    Role.ME_OFFICER: None,
    Role.AUDITOR: None,
}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    city = models.ForeignKey(
        "places.City", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    employer = models.ForeignKey(
        "jobs.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    provider = models.ForeignKey(
        "places.ServiceProvider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_audit_trail", "Can read the audit trail"),
            ("reset_second_factor", "Can reset another user's second factor"),
        ]

    def clean(self) -> None:
        super().clean()
        field = ROLE_SCOPE_FIELD.get(self.role) if self.role else None
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError({field: _("This role needs a %(field)s.") % {"field": field}})

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


# Passwords and login times never enter the audit trail's change sets.
audit_register(User, exclude=("password", "last_login", "updated_at"))

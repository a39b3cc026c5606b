"""Plain input types for the jobs services (what a form, an import or the seed passes in)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from arraigo.core.choices import EducationLevel, LanguageLevel
from arraigo.places.models import City

from .models import PhysicalDemand, Shift


@dataclass(frozen=True)
class EmployerData:
    name: str
    sector: str
    city: City
    size: str
    rfc: str = ""
    partner_since: dt.date | None = None
    trained_on_refugee_hiring: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    notes: str = ""
    active: bool = True


@dataclass(frozen=True)
class VacancyData:
    title: str
    occupation_code: str  # ISCO-08 unit group
    seats: int
    monthly_wage_mxn: Decimal
    city: City | None = None  # None: the employer's city
    min_education: str = EducationLevel.NONE
    min_experience_years: int = 0
    skill_codes: tuple[str, ...] = ()
    shift: str = Shift.DAY
    physical_demands: str = PhysicalDemand.MODERATE
    min_spanish_level: str = LanguageLevel.BASIC
    benefit_transport: bool = False
    benefit_daycare: bool = False
    benefit_training: bool = False
    other_benefits: str = ""
    start_date: dt.date | None = None
    site: str = ""

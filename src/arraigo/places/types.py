"""Plain input types for the places services (what a form, an import or the seed passes in)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import City


@dataclass(frozen=True)
class CityData:
    name: str
    code: str
    state: str
    kind: str
    is_border: bool = False
    population: int | None = None
    average_monthly_wage_mxn: Decimal | None = None
    active: bool = True


@dataclass(frozen=True)
class OfficeData:
    name: str
    code: str
    kind: str
    city: City
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ProviderData:
    name: str
    kind: str
    city: City
    address: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    active: bool = True


@dataclass(frozen=True)
class ServiceData:
    category: str
    name: str
    description: str = ""
    eligibility_notes: str = ""
    languages: str = ""
    active: bool = True

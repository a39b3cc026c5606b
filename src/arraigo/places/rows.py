"""Row builders for places: the stored values of a city, office, provider, service or
capacity, decided in one place.

Pure: no database access, no permission checks. The services (places.services) build and
refill rows with them; the demo seed builds its rows with the same functions and inserts them
in bulk, so both writers store text the same way (stripped) and fill the same fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Capacity, City, Office, Service, ServiceProvider
from .types import CityData, OfficeData, ProviderData, ServiceData


def city_values(data: CityData) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "code": data.code.strip(),
        "state": data.state.strip(),
        "kind": data.kind,
        "is_border": data.is_border,
        "population": data.population,
        "average_monthly_wage_mxn": data.average_monthly_wage_mxn,
        "active": data.active,
    }


def city_row(data: CityData) -> City:
    return City(**city_values(data))


def office_values(data: OfficeData) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "code": data.code.strip(),
        "kind": data.kind,
        "city": data.city,
        "address": data.address.strip(),
        "phone": data.phone,
    }


def office_row(data: OfficeData) -> Office:
    return Office(**office_values(data))


def provider_values(data: ProviderData) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "kind": data.kind,
        "city": data.city,
        "address": data.address.strip(),
        "contact_name": data.contact_name.strip(),
        "phone": data.phone,
        "email": data.email.strip(),
        "website": data.website.strip(),
        "active": data.active,
    }


def provider_row(data: ProviderData) -> ServiceProvider:
    return ServiceProvider(**provider_values(data))


def service_values(data: ServiceData) -> dict[str, Any]:
    return {
        "category": data.category,
        "name": data.name.strip(),
        "description": data.description.strip(),
        "eligibility_notes": data.eligibility_notes.strip(),
        "languages": data.languages.strip(),
        "active": data.active,
    }


def service_row(provider: ServiceProvider, data: ServiceData) -> Service:
    return Service(provider=provider, **service_values(data))


def capacity_row(
    *, city: City, period_start: dt.date, period_end: dt.date, dimension: str, amount: int
) -> Capacity:
    """A new capacity (unsaved): nothing of it is reserved yet."""
    return Capacity(
        city=city,
        period_start=period_start,
        period_end=period_end,
        dimension=dimension,
        amount=amount,
        reserved=0,
    )

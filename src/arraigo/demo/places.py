"""Demo cities, offices, capacities and the service directory (data/places.yaml)."""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import phonenumbers
from django.utils.text import slugify

from arraigo.places.models import (
    Capacity,
    City,
    CityKind,
    Office,
    OfficeKind,
    Service,
    ServiceProvider,
)
from arraigo.places.rows import capacity_row, city_row, office_row, provider_row, service_row
from arraigo.places.types import CityData, OfficeData, ProviderData, ServiceData

from .reference import reference


@dataclass
class Places:
    """What the rest of the seed needs to know about the places it created."""

    cities: dict[str, City] = field(default_factory=dict)  # by code
    offices: dict[str, Office] = field(default_factory=dict)  # by code
    host_codes: list[str] = field(default_factory=list)  # in file order
    host_weights: dict[str, float] = field(default_factory=dict)  # population x boost
    host_office: dict[str, str] = field(default_factory=dict)  # city code -> office code
    office_city: dict[str, str] = field(default_factory=dict)  # office code -> city code
    birth_state: dict[str, str] = field(default_factory=dict)  # office code -> CURP state
    area_codes: dict[str, str] = field(default_factory=dict)  # city code -> area code
    providers: dict[tuple[str, str], ServiceProvider] = field(default_factory=dict)


@functools.cache
def _prefix_valid(prefix: str) -> bool:
    """Whether numbers starting +52<prefix> are valid (the plan is set by the first digits)."""
    sample = prefix + "5" * (12 - len(prefix))
    return bool(phonenumbers.is_valid_number(phonenumbers.parse(f"+{sample}")))


def phone_number(rng: random.Random, area: str) -> str:
    """A valid Mexican number (+52, 10 digits) in the area code; fictional."""
    for _attempt in range(50):
        local = f"{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"
        if local[0] in "01" or not _prefix_valid(f"52{area}{local[:3]}"):
            continue
        return f"+52{area}{local}"
    raise RuntimeError(f"No valid number found for area {area}.")  # pragma: no cover


def _address(rng: random.Random, data: dict[str, Any]) -> str:
    street = rng.choice(data["streets"])
    return f"{street} {rng.randint(100, 2999)}, {rng.choice(data['neighbourhoods'])}"


def capacity_scale(households: int, data: dict[str, Any] | None = None) -> float:
    """How many times the capacities of places.yaml a demo of `households` gets: capacity
    is a flow of people per period, so it grows with the programme (never below 1)."""
    data = data or reference("places")
    return max(1.0, households / float(data["capacity_households"]))


def capacity_amount(population: int, per_100k: float, scale: float) -> int:
    """Places of one dimension a city of `population` takes in the period."""
    return max(5, round(population / 100_000 * float(per_100k) * scale))


def places_create(rng: random.Random, year: int, *, households: int = 0) -> Places:
    """Create the cities, offices, capacities for `year` (sized for `households`), and the
    service directory."""
    data = reference("places")
    result = Places()
    cities = []
    for spec in data["host_cities"]:
        cities.append(_city(spec, CityKind.HOST))
        result.host_codes.append(spec["code"])
        result.host_weights[spec["code"]] = spec["population"] * spec.get("weight", 1.0)
    cities += [_city(spec, CityKind.ORIGIN) for spec in data["origin_cities"]]
    for spec in [*data["host_cities"], *data["origin_cities"]]:
        result.area_codes[spec["code"]] = str(spec["area"])
    for city in City.objects.bulk_create(cities):
        result.cities[city.code] = city

    offices = []
    national = data["national_office"]
    offices.append(_office(rng, national, OfficeKind.NATIONAL, result))
    for spec in data["origin_offices"]:
        offices.append(_office(rng, spec, OfficeKind.ORIGIN, result))
    for code in result.host_codes:
        office_code = f"h-{code}"[:20]
        spec = {"code": office_code, "name": f"Oficina {result.cities[code].name}", "city": code}
        offices.append(_office(rng, spec, OfficeKind.HOST, result))
        result.host_office[code] = office_code
    for office in Office.objects.bulk_create(offices):
        result.offices[office.code] = office
        result.office_city[office.code] = office.city.code
        result.birth_state[office.code] = data["curp_states"][office.city.state]

    _capacities_create(result, data, year, capacity_scale(households, data))
    _directory_create(rng, result, data)
    return result


def _city(spec: dict[str, Any], kind: str) -> City:
    return city_row(
        CityData(
            name=spec["name"],
            code=spec["code"],
            state=spec["state"],
            kind=kind,
            is_border=bool(spec.get("border", False)),
            population=spec["population"],
            average_monthly_wage_mxn=Decimal(spec["wage"]),
        )
    )


def _office(rng: random.Random, spec: dict[str, Any], kind: str, places: Places) -> Office:
    data = reference("places")
    return office_row(
        OfficeData(
            name=spec["name"],
            code=spec["code"],
            kind=kind,
            city=places.cities[spec["city"]],
            address=_address(rng, data),
            phone=phone_number(rng, places.area_codes[spec["city"]]),
        )
    )


def _capacities_create(places: Places, data: dict[str, Any], year: int, scale: float) -> None:
    rows = []
    for code in places.host_codes:
        city = places.cities[code]
        for dimension, per_100k in data["capacity_per_100k"].items():
            amount = capacity_amount(city.population or 0, per_100k, scale)
            rows.append(
                capacity_row(
                    city=city,
                    period_start=dt.date(year, 1, 1),
                    period_end=dt.date(year, 12, 31),
                    dimension=dimension,
                    amount=amount,
                )
            )
    Capacity.objects.bulk_create(rows)


def _directory_create(rng: random.Random, places: Places, data: dict[str, Any]) -> None:
    providers, services = [], []
    for code in places.host_codes:
        city = places.cities[code]
        for spec in data["providers"]:
            name = spec["name"].format(city=city.name, state=city.state)
            slug = slugify(name)[:40].strip("-")
            provider = provider_row(
                ProviderData(
                    name=name,
                    kind=spec["kind"],
                    city=city,
                    address=_address(rng, data),
                    contact_name=rng.choice(spec["contact"]),
                    phone=phone_number(rng, places.area_codes[code]),
                    email=f"{slug}@example.org",
                )
            )
            providers.append(provider)
            for service in spec["services"]:
                services.append((provider, service))
    ServiceProvider.objects.bulk_create(providers)
    for provider in providers:
        places.providers[(provider.city.code, provider.name)] = provider
    Service.objects.bulk_create(
        service_row(
            provider,
            ServiceData(
                category=spec["category"],
                name=spec["name"],
                description=spec["description"],
                eligibility_notes=spec["eligibility"],
                languages=str(spec["languages"]),
            ),
        )
        for provider, spec in services
    )

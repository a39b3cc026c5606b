"""Reads on cities, offices, capacities and the service directory, scoped to the asking user.

Cities and offices are public programme facts: everyone holding `places.view_city` sees them
all. Providers are seen by everyone holding `places.view_serviceprovider`, except service
partners, who see only their own organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from arraigo.accounts import scope
from arraigo.accounts.models import User

from .models import (
    Capacity,
    CapacityDimension,
    City,
    CityKind,
    Office,
    Service,
    ServiceCategory,
    ServiceProvider,
)


def _may(user: Any, perm: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(perm))


# --- cities ---------------------------------------------------------------------------------


def cities_visible_to(user: User) -> QuerySet[City]:
    if not _may(user, "places.view_city"):
        return City.objects.none()
    return scope.scope_filter(City.objects.all(), user, scope.Kind.CITIES, city="pk")


def _current_total(column: str, dimension: str, today: dt.date) -> Coalesce:
    """Sum of `column` over the city's capacity rows of `dimension` covering `today`."""
    rows = (
        Capacity.objects.filter(
            city=OuterRef("pk"),
            dimension=dimension,
            period_start__lte=today,
            period_end__gte=today,
        )
        .order_by()
        .values("city")
        .annotate(total=Sum(column))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def cities_list(
    user: User,
    *,
    search: str = "",
    kind: str = "",
    state: str = "",
    today: dt.date | None = None,
) -> QuerySet[City]:
    """Cities the user may see, filtered, each annotated with `provider_count` and, for every
    capacity dimension d, `cap_<d>` and `res_<d>`: amount and reserved in the current period."""
    day = today or timezone.localdate()
    qs = cities_visible_to(user)
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(state__icontains=search) | Q(code__icontains=search)
        )
    if kind == CityKind.HOST:
        qs = qs.filter(kind__in=[CityKind.HOST, CityKind.BOTH])
    elif kind == CityKind.ORIGIN:
        qs = qs.filter(kind__in=[CityKind.ORIGIN, CityKind.BOTH])
    if state:
        qs = qs.filter(state=state)
    annotations: dict[str, Any] = {
        "provider_count": Count("providers", filter=Q(providers__active=True)),
    }
    for dimension in CapacityDimension.values:
        annotations[f"cap_{dimension}"] = _current_total("amount", dimension, day)
        annotations[f"res_{dimension}"] = _current_total("reserved", dimension, day)
    return qs.annotate(**annotations).order_by("name")


@dataclass(frozen=True)
class CapacityCell:
    dimension: str
    label: str
    amount: int
    reserved: int

    @property
    def available(self) -> int:
        return self.amount - self.reserved


def capacity_cells(city: City) -> list[CapacityCell]:
    """The current-period capacity of a city from `cities_list`, one cell per dimension."""
    return [
        CapacityCell(
            dimension=value,
            label=str(label),
            amount=getattr(city, f"cap_{value}", 0),
            reserved=getattr(city, f"res_{value}", 0),
        )
        for value, label in CapacityDimension.choices
    ]


def states_list(user: User) -> list[str]:
    """The states of the cities the user may see, for the list filter."""
    return list(
        cities_visible_to(user).order_by("state").values_list("state", flat=True).distinct()
    )


def city_get_for(user: User, pk: int) -> City:
    """One city the user may see, or 404."""
    try:
        return cities_visible_to(user).get(pk=pk)
    except City.DoesNotExist as exc:
        raise Http404("No such city.") from exc


@dataclass(frozen=True)
class CapacityPeriod:
    start: dt.date
    end: dt.date
    is_current: bool
    rows: list[Capacity]


@dataclass(frozen=True)
class CategoryServices:
    category: str
    label: str
    services: list[Service]


@dataclass(frozen=True)
class CityDetail:
    city: City
    periods: list[CapacityPeriod]
    offices: list[Office]
    providers: Sequence[ServiceProvider]
    services_by_category: list[CategoryServices]


def city_detail(user: User, pk: int, *, today: dt.date | None = None) -> CityDetail:
    """Everything the city page shows, each part scoped to the user; 404 if out of scope."""
    day = today or timezone.localdate()
    city = city_get_for(user, pk)
    periods: dict[tuple[dt.date, dt.date], list[Capacity]] = {}
    for capacity in city.capacities.order_by("period_start", "dimension"):
        periods.setdefault((capacity.period_start, capacity.period_end), []).append(capacity)
    providers = list(
        providers_visible_to(user)
        .filter(city=city, active=True)
        .prefetch_related(
            Prefetch(
                "services", queryset=Service.objects.filter(active=True), to_attr="active_services"
            )
        )
    )
    labels = dict(ServiceCategory.choices)
    by_category: dict[str, list[Service]] = {}
    for provider in providers:
        for service in provider.active_services:
            service.provider = provider
            by_category.setdefault(service.category, []).append(service)
    return CityDetail(
        city=city,
        periods=[
            CapacityPeriod(start=start, end=end, is_current=start <= day <= end, rows=rows)
            for (start, end), rows in periods.items()
        ],
        offices=list(city.offices.all()),
        providers=providers,
        services_by_category=[
            CategoryServices(category=key, label=str(labels[key]), services=by_category[key])
            for key in ServiceCategory.values
            if key in by_category
        ],
    )


def office_get_for(user: User, pk: int) -> Office:
    try:
        return (
            Office.objects.select_related("city")
            .filter(city__in=cities_visible_to(user))
            .get(pk=pk)
        )
    except Office.DoesNotExist as exc:
        raise Http404("No such office.") from exc


# --- service directory ----------------------------------------------------------------------


def providers_visible_to(user: User) -> QuerySet[ServiceProvider]:
    """A service partner sees only their own provider; other readers see every provider."""
    if not _may(user, "places.view_serviceprovider"):
        return ServiceProvider.objects.none()
    qs = ServiceProvider.objects.all()
    return scope.scope_filter(qs, user, scope.Kind.PROVIDERS, provider="pk", city="city")


def providers_list(
    user: User,
    *,
    city: City | None = None,
    category: str = "",
    search: str = "",
) -> QuerySet[ServiceProvider]:
    """Providers the user may see, filtered; active services prefetched as `active_services`."""
    qs = providers_visible_to(user)
    if city is not None:
        qs = qs.filter(city=city)
    if category:
        qs = qs.filter(services__category=category, services__active=True)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(services__name__icontains=search)
            | Q(city__name__icontains=search)
        )
    if category or search:
        qs = qs.distinct()
    return (
        qs.select_related("city")
        .prefetch_related(
            Prefetch(
                "services", queryset=Service.objects.filter(active=True), to_attr="active_services"
            )
        )
        .order_by("name")
    )


def provider_get_for(user: User, pk: int) -> ServiceProvider:
    """One provider in the user's scope, with its city, or 404."""
    try:
        return providers_visible_to(user).select_related("city").get(pk=pk)
    except ServiceProvider.DoesNotExist as exc:
        raise Http404("No such provider.") from exc


def provider_detail(user: User, pk: int) -> tuple[ServiceProvider, list[CategoryServices]]:
    """A provider and all its services (inactive ones too), grouped by category; or 404."""
    provider = provider_get_for(user, pk)
    labels = dict(ServiceCategory.choices)
    grouped: dict[str, list[Service]] = {}
    for service in provider.services.all():
        grouped.setdefault(service.category, []).append(service)
    return provider, [
        CategoryServices(category=key, label=str(labels[key]), services=grouped[key])
        for key in ServiceCategory.values
        if key in grouped
    ]


def service_get_for(user: User, pk: int) -> Service:
    """One service whose provider the user may see, or 404."""
    try:
        return (
            Service.objects.select_related("provider", "provider__city")
            .filter(provider__in=providers_visible_to(user))
            .get(pk=pk)
        )
    except Service.DoesNotExist as exc:
        raise Http404("No such service.") from exc

"""Writes on the service directory: providers and the services they offer (coordinators)."""

from __future__ import annotations

from django.db import transaction

from arraigo.accounts.models import User
from arraigo.core.rows import values_set
from arraigo.core.service_checks import clean_or_raise, require_perm

from ..models import Service, ServiceProvider
from ..rows import provider_row, provider_values, service_row, service_values
from ..types import ProviderData, ServiceData


@transaction.atomic
def provider_create(*, actor: User, data: ProviderData) -> ServiceProvider:
    require_perm(actor, "places.add_serviceprovider")
    provider = provider_row(data)
    clean_or_raise(provider, {})
    provider.save()
    return provider


@transaction.atomic
def provider_update(
    *, actor: User, provider: ServiceProvider, data: ProviderData
) -> ServiceProvider:
    require_perm(actor, "places.change_serviceprovider")
    locked = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
    values_set(locked, provider_values(data))
    clean_or_raise(locked, {})
    locked.save()
    return locked


@transaction.atomic
def service_create(*, actor: User, provider: ServiceProvider, data: ServiceData) -> Service:
    require_perm(actor, "places.add_service")
    service = service_row(provider, data)
    clean_or_raise(service, {})
    service.save()
    return service


@transaction.atomic
def service_update(*, actor: User, service: Service, data: ServiceData) -> Service:
    require_perm(actor, "places.change_service")
    locked = Service.objects.select_for_update().get(pk=service.pk)
    values_set(locked, service_values(data))
    clean_or_raise(locked, {})
    locked.save()
    return locked

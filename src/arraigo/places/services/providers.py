"""Writes on the service directory: providers and the services they offer (coordinators)."""

from __future__ import annotations

from django.db import transaction

from arraigo.accounts.models import User
from arraigo.core.service_checks import clean_or_raise, require_perm

from ..models import Service, ServiceProvider
from ..types import ProviderData, ServiceData


def _provider_fill(provider: ServiceProvider, data: ProviderData) -> None:
    provider.name = data.name.strip()
    provider.kind = data.kind
    provider.city = data.city
    provider.address = data.address.strip()
    provider.contact_name = data.contact_name.strip()
    provider.phone = data.phone
    provider.email = data.email.strip()
    provider.website = data.website.strip()
    provider.active = data.active


@transaction.atomic
def provider_create(*, actor: User, data: ProviderData) -> ServiceProvider:
    require_perm(actor, "places.add_serviceprovider")
    provider = ServiceProvider()
    _provider_fill(provider, data)
    clean_or_raise(provider, {})
    provider.save()
    return provider


@transaction.atomic
def provider_update(
    *, actor: User, provider: ServiceProvider, data: ProviderData
) -> ServiceProvider:
    require_perm(actor, "places.change_serviceprovider")
    locked = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
    _provider_fill(locked, data)
    clean_or_raise(locked, {})
    locked.save()
    return locked


def _service_fill(service: Service, data: ServiceData) -> None:
    service.category = data.category
    service.name = data.name.strip()
    service.description = data.description.strip()
    service.eligibility_notes = data.eligibility_notes.strip()
    service.languages = data.languages.strip()
    service.active = data.active


@transaction.atomic
def service_create(*, actor: User, provider: ServiceProvider, data: ServiceData) -> Service:
    require_perm(actor, "places.add_service")
    service = Service(provider=provider)
    _service_fill(service, data)
    clean_or_raise(service, {})
    service.save()
    return service


@transaction.atomic
def service_update(*, actor: User, service: Service, data: ServiceData) -> Service:
    require_perm(actor, "places.change_service")
    locked = Service.objects.select_for_update().get(pk=service.pk)
    _service_fill(locked, data)
    clean_or_raise(locked, {})
    locked.save()
    return locked

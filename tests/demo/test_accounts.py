"""The demo accounts: each one is the account the accounts service would create, and all of
them share one password hash (hashed once: demo1234)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from arraigo.accounts.models import User
from arraigo.accounts.services import user_create
from arraigo.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, accounts_create
from arraigo.demo.places import Places
from tests.jobs.factories import EmployerFactory
from tests.places.factories import CityFactory, OfficeFactory, ServiceProviderFactory

pytestmark = pytest.mark.django_db

# Keys, the moment of creation and the salted hash differ between any two accounts.
SKIP = {"id", "password", "date_joined", "last_login", "created_at", "updated_at"}


def _places() -> Places:
    places = Places()
    for account in DEMO_ACCOUNTS:
        if account.office:
            places.offices[account.office] = OfficeFactory(code=account.office)
        if account.city:
            places.cities[account.city] = CityFactory(code=account.city)
        if account.provider:
            places.providers[account.provider] = ServiceProviderFactory(name=account.provider[1])
    return places


def _fields(user: User) -> dict[str, Any]:
    user = User.objects.get(pk=user.pk)
    fields = {
        f.name: getattr(user, f.attname) for f in user._meta.concrete_fields if f.name not in SKIP
    }
    fields["groups"] = sorted(user.groups.values_list("name", flat=True))
    return fields


def test_each_demo_account_is_the_account_the_service_creates() -> None:
    # Given the places and the employer the accounts are scoped to
    places, employer = _places(), EmployerFactory()

    # When the same accounts are created by the service, then by the demo
    by_service = {}
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            provider = places.providers.get(account.provider) if account.provider else None
            user = user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                role=account.role,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@example.org",
                office_id=places.offices[account.office].pk if account.office else None,
                city_id=places.cities[account.city].pk if account.city else None,
                employer_id=employer.pk if account.employer else None,
                provider_id=provider.pk if provider else None,
            )
            by_service[account.username] = _fields(user)
        transaction.set_rollback(True)
    users = accounts_create(places, employer)

    # Then they are equal field by field, and every one logs in with the demo password
    assert {name: _fields(user) for name, user in users.items()} == by_service
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert len({user.password for user in users.values()}) == 1

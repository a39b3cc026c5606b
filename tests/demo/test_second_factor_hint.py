"""The demo needs no authenticator app: the seed enrols the accounts whose role needs a second
factor, and the code page shows such an account its current code, only where the demo is on
(the local settings: ARRAIGO_SECOND_FACTOR_DEMO_HINT) and only for what the seed enrolled."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.accounts.models import Role
from arraigo.accounts.second_factor import next_code
from arraigo.demo.accounts import DEMO_ACCOUNTS, DEMO_DEVICE_NAME, DEMO_PASSWORD, accounts_create
from arraigo.demo.places import Places
from tests.accounts.factories import UserFactory
from tests.accounts.second_factor_helpers import VERIFY, enrol, sign_in
from tests.jobs.factories import EmployerFactory
from tests.places.factories import CityFactory, OfficeFactory, ServiceProviderFactory

pytestmark = pytest.mark.django_db


def _demo_accounts() -> None:
    places = Places()
    for account in DEMO_ACCOUNTS:
        if account.office:
            places.offices[account.office] = OfficeFactory(code=account.office)
        if account.city:
            places.cities[account.city] = CityFactory(code=account.city)
        if account.provider:
            places.providers[account.provider] = ServiceProviderFactory(name=account.provider[1])
    accounts_create(places, EmployerFactory())


@pytest.fixture
def demo_on(settings):
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True
    settings.ARRAIGO_SECOND_FACTOR_DEMO_HINT = True


def _hint(page: str) -> str | None:
    found = re.search(
        r'data-testid="demo-code">Demo only: this demo account.s code now is (\d{6})', page
    )
    return found[1] if found else None


def test_the_seed_enrols_the_accounts_whose_role_needs_it():
    _demo_accounts()

    enrolled = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True)

    assert sorted(enrolled.values_list("user__username", flat=True)) == [
        "demo-auditor",
        "demo-coordinator",
        "demo-coordinator-2",
        "demo-me",
    ]


def test_the_demo_shows_a_seeded_account_its_code(client: Client, demo_on):
    # Given the demo's accounts, and the demo coordinator past the password
    _demo_accounts()
    sign_in(client, "demo-coordinator", DEMO_PASSWORD)

    # When the code page is opened
    page = client.get(VERIFY).content.decode()

    # Then it shows the code, marked as the demo's, and that code signs in
    device = TOTPDevice.objects.get(user__username="demo-coordinator")
    assert _hint(page) == next_code(device)
    client.post(VERIFY, {"code": _hint(page)})
    assert client.get("/households/").status_code == 200


def test_without_the_demo_setting_no_code_is_shown(client: Client, settings):
    # the test settings, as production: the setting off
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True
    _demo_accounts()
    sign_in(client, "demo-coordinator", DEMO_PASSWORD)

    page = client.get(VERIFY).content.decode()

    assert 'name="code"' in page and _hint(page) is None


def test_no_code_for_what_the_seed_did_not_enrol(client: Client, demo_on):
    # Given a demo account that set up its own app, and a non-demo account with the demo's
    # device name
    _demo_accounts()
    auditor = TOTPDevice.objects.get(user__username="demo-auditor").user
    enrol(auditor)
    other = UserFactory(username="someone", role=Role.COORDINATOR)
    TOTPDevice.objects.create(user=other, name=DEMO_DEVICE_NAME, confirmed=True)

    # Then neither is shown a code
    for username, password in (("demo-auditor", DEMO_PASSWORD), ("someone", "pass-word-123")):
        visitor = Client()
        sign_in(visitor, username, password)
        page = visitor.get(VERIFY).content.decode()
        assert 'name="code"' in page and _hint(page) is None, username

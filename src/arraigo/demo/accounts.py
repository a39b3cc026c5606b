"""The demo's staff accounts: one per role, each with the scope its role needs, and a second
coordinator to approve what the first prepares (maker-checker).

All share one password, printed by `arraigo seed` and `arraigo serve` (under the local
settings, where the demo is installed; never in production): fine for a demo on a laptop,
never for real data. No superuser is created.

The accounts whose role needs a second factor (security.yaml) come with one enrolled, under the
device name DEMO_DEVICE_NAME, so that a newcomer needs no authenticator app: the code page shows
such an account its current code while ARRAIGO_SECOND_FACTOR_DEMO_HINT is on (the local
settings; `demo_code`, registered in DemoConfig.ready). An account that sets up its own app
(Two-step sign-in page) loses the hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.accounts.models import Role, User
from arraigo.accounts.roles import roles_sync
from arraigo.accounts.second_factor import app_device, next_code, required_of
from arraigo.accounts.services import user_set_role
from arraigo.jobs.models import Employer
from arraigo.places.models import ServiceProvider

from .places import Places

DEMO_PASSWORD = "demo1234"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_DEVICE_NAME = "demo seed"  # the second factor the seed enrolled (its code is shown)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    first_name: str
    last_name: str
    office: str = ""  # office code
    city: str = ""  # city code
    employer: bool = False  # the demo employer
    provider: tuple[str, str] | None = None  # (city code, provider name)


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo-coordinator", Role.COORDINATOR, "Mariana", "Olvera"),
    DemoAccount("demo-origin-tapachula", Role.ORIGIN_CASEWORKER, "Luis", "Cancino", office="tap"),
    DemoAccount("demo-origin-palenque", Role.ORIGIN_CASEWORKER, "Rosa", "Gordillo", office="pal"),
    DemoAccount("demo-host-saltillo", Role.HOST_CASEWORKER, "Diego", "Valdés", city="saltillo"),
    DemoAccount("demo-liaison", Role.EMPLOYER_LIAISON, "Paola", "Rentería"),
    DemoAccount("demo-employer", Role.EMPLOYER, "Gabriela", "Dávila", employer=True),
    DemoAccount(
        "demo-partner",
        Role.SERVICE_PARTNER,
        "Leticia",
        "Ramos",
        provider=("saltillo", "Casa de Cuidado Diario Saltillo"),
    ),
    DemoAccount("demo-me", Role.ME_OFFICER, "Andrés", "Quiroga"),
    DemoAccount("demo-auditor", Role.AUDITOR, "Sofía", "Treviño"),
    # A second approver, so maker-checker can be shown: a grant one coordinator prepares, the
    # other approves (nobody approves what they prepared).
    DemoAccount("demo-coordinator-2", Role.COORDINATOR, "Héctor", "Salinas"),
)
COORDINATOR = "demo-coordinator"
# Who records what in the demo history: origin offices and host cities with a demo account.
OFFICE_STAFF = {a.office: a.username for a in DEMO_ACCOUNTS if a.office}
CITY_STAFF = {a.city: a.username for a in DEMO_ACCOUNTS if a.city}


def accounts_create(places: Places, employer: Employer) -> dict[str, User]:
    """Sync the role groups, then create the demo accounts and give each its role through the
    accounts service.

    Every account is built as user_create builds one (tests/demo/test_accounts.py compares
    them), except that the shared password is hashed once: PBKDF2 takes a fifth of a second
    a time, which was a quarter of a 5,000-household seed. Each account stores the same hash,
    which checks as DEMO_PASSWORD like any other.
    """
    roles_sync()
    password = make_password(DEMO_PASSWORD)
    users = {}
    for account in DEMO_ACCOUNTS:
        provider: ServiceProvider | None = (
            places.providers[account.provider] if account.provider else None
        )
        user = User(
            username=account.username,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@example.org",
            office_id=places.offices[account.office].pk if account.office else None,
            city_id=places.cities[account.city].pk if account.city else None,
            employer_id=employer.pk if account.employer else None,
            provider_id=provider.pk if provider else None,
            password=password,
        )
        user.save()
        users[account.username] = user_set_role(user=user, role=account.role)
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
        for user in users.values()
        if required_of(user)
    )
    return users


def demo_code(user: User) -> str | None:
    """The current code of a demo account's second factor, when the seed enrolled it."""
    if user.username not in {account.username for account in DEMO_ACCOUNTS}:
        return None
    device = app_device(user)
    if device is None or device.name != DEMO_DEVICE_NAME:
        return None
    return next_code(device)


def account_scope(user: User) -> str:
    """What the account sees, in words, for the printed list."""
    scope = user.office or user.city or user.employer or user.provider
    return str(scope) if scope else _("national")

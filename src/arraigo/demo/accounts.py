"""The demo's staff accounts: one per role, each with the scope its role needs, and a second
coordinator to approve what the first prepares (maker-checker).

All share one password, printed by `arraigo seed` and `arraigo serve` (under the local
settings, where the demo is installed; never in production): fine for a demo on a laptop,
never for real data. No superuser is created.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.accounts.roles import roles_sync
from arraigo.accounts.services import user_set_role
from arraigo.jobs.models import Employer
from arraigo.places.models import ServiceProvider

from .places import Places

DEMO_PASSWORD = "demo1234"  # noqa: S105 - printed on purpose: demo accounts only


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
    return users


def account_scope(user: User) -> str:
    """What the account sees, in words, for the printed list."""
    scope = user.office or user.city or user.employer or user.provider
    return str(scope) if scope else _("national")

"""The scope policy's functions, on users in hand (no database): what each role reaches, how a
model's path to an anchor becomes a condition, and the refusals (no role, inactive, no anchor)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from arraigo.accounts import scope
from arraigo.accounts.models import ROLE_SCOPE_FIELD, Role, User
from arraigo.accounts.scope import Kind, Reach

NOTHING = Q(pk__in=[])


@pytest.fixture(autouse=True)
def _roles() -> None:
    """No database: these users are never saved."""


def user(role: str, **anchors: int) -> User:
    return User(role=role, is_active=True, **{f"{k}_id": v for k, v in anchors.items()})


def test_every_role_has_a_reach_for_every_kind_and_an_anchor_when_it_needs_one() -> None:
    assert set(scope.SCOPE) == set(Role.values)
    assert all(set(row) == set(Kind) for row in scope.SCOPE.values())
    for role, row in scope.SCOPE.items():
        has_own = Reach.OWN in row.values()
        assert has_own == (ROLE_SCOPE_FIELD[role] is not None), role


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.AUDITOR, Role.ME_OFFICER], ids=lambda r: str(r)
)
def test_national_roles_reach_every_household_the_me_officer_included(role: str) -> None:
    """The M&E officer works from the national office on every area's figures (DESIGN.md 1):
    national in scope; their permissions, not their scope, keep them from case records."""
    assert scope.reach(user(role), Kind.HOUSEHOLDS) is Reach.ALL
    assert scope.scope_q(user(role), Kind.HOUSEHOLDS, office="origin_office") == Q()


def test_a_caseworker_reaches_the_households_of_their_own_office_or_city() -> None:
    origin = user(Role.ORIGIN_CASEWORKER, office=4)
    host = user(Role.HOST_CASEWORKER, city=7)
    paths = {"office": "origin_office", "city": "host_city"}
    assert scope.scope_q(origin, Kind.HOUSEHOLDS, **paths) == Q(origin_office=4)
    assert scope.scope_q(host, Kind.HOUSEHOLDS, **paths) == Q(host_city=7)
    assert (scope.own_id(origin, Kind.HOUSEHOLDS), scope.own_id(host, Kind.HOUSEHOLDS)) == (4, 7)


def test_a_model_without_a_path_to_the_users_anchor_gives_them_nothing() -> None:
    host = user(Role.HOST_CASEWORKER, city=7)
    assert scope.scope_q(host, Kind.HOUSEHOLDS, office="office") == NOTHING


@pytest.mark.parametrize(
    "who",
    [
        AnonymousUser(),
        User(role=Role.COORDINATOR, is_active=False),
        User(role="", is_active=True),
        User(role=Role.ORIGIN_CASEWORKER, is_active=True),  # no office
    ],
    ids=["anonymous", "inactive", "no-role", "caseworker-without-office"],
)
def test_no_role_no_activity_or_no_anchor_reaches_nothing(who: object) -> None:
    assert scope.scope_q(who, Kind.HOUSEHOLDS, office="origin_office") == NOTHING
    assert scope.in_scope(who, Kind.HOUSEHOLDS, office=None) is False


def test_a_company_hr_user_is_confined_to_their_company() -> None:
    hr = user(Role.EMPLOYER, employer=3)
    assert scope.confined(hr, Kind.EMPLOYERS) and not scope.confined(hr, Kind.CITIES)
    assert scope.scope_q(hr, Kind.EMPLOYERS, employer="pk", city="city") == Q(pk=3)
    assert scope.scope_q(hr, Kind.HOUSEHOLDS, office="origin_office") == NOTHING
    assert scope.in_scope(hr, Kind.PLACEMENTS, employer=3, city=9) is True
    assert scope.in_scope(hr, Kind.PLACEMENTS, employer=5, city=9) is False


def test_in_scope_is_the_same_rule_for_one_record() -> None:
    host = user(Role.HOST_CASEWORKER, city=7)
    assert scope.in_scope(host, Kind.HOUSEHOLDS, office=1, city=7) is True
    assert scope.in_scope(host, Kind.HOUSEHOLDS, office=1, city=8) is False
    assert scope.in_scope(user(Role.COORDINATOR), Kind.HOUSEHOLDS) is True
    assert scope.in_scope(user(Role.EMPLOYER_LIAISON), Kind.HOUSEHOLDS, city=7) is False
    assert scope.in_scope(user(Role.EMPLOYER_LIAISON), Kind.PLACEMENTS, city=7) is True


def test_a_partner_is_anchored_at_their_organisation() -> None:
    partner = user(Role.SERVICE_PARTNER, provider=2)
    assert scope.anchor(partner) is scope.Anchor.PROVIDER
    assert scope.scope_q(partner, Kind.REFERRALS, city="x", provider="provider") == Q(provider=2)
    assert scope.scope_q(partner, Kind.EMPLOYERS, employer="pk") == NOTHING

"""Who sees what on relocation (relocation/selectors.py): the follow-ups of no-shows, and the
permission each list needs on top of the scope (tests/accounts/test_scope_matrix.py)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from arraigo.accounts.models import Role, User
from arraigo.relocation.models import FollowUpRequest
from arraigo.relocation.selectors import (
    departures_visible_to,
    follow_ups_visible_to,
    grants_visible_to,
    ledger_visible_to,
    plan_follow_ups,
    plans_visible_to,
)
from arraigo.relocation.services.arrivals import noshow_sweep
from tests.accounts.factories import UserFactory


@pytest.fixture
def follow_up(rworld) -> FollowUpRequest:
    noshow_sweep(actor=rworld.coordinator, today=dt.date(2026, 3, 14))
    return FollowUpRequest.objects.get()


@pytest.mark.parametrize("who", ["coordinator", "auditor", "origin_caseworker"])
def test_the_origin_office_and_national_roles_see_the_follow_up(rworld, follow_up, who):
    user = getattr(rworld, who)
    assert list(follow_ups_visible_to(user)) == [follow_up]
    assert plan_follow_ups(user, rworld.plan) == [follow_up]


@pytest.mark.parametrize("who", ["host_caseworker", "other_origin_caseworker"])
def test_the_host_city_and_other_offices_do_not(rworld, follow_up, who):
    user = getattr(rworld, who)
    assert list(follow_ups_visible_to(user)) == []
    assert plan_follow_ups(user, rworld.plan) == []


def test_the_right_to_see_follow_ups_is_needed_too(rworld, follow_up):
    caseworker = rworld.origin_caseworker
    caseworker.groups.clear()
    caseworker = type(caseworker).objects.get(pk=caseworker.pk)  # a fresh permission cache

    assert plan_follow_ups(caseworker, rworld.plan) == []


def _granted(user: User, perm: str) -> User:
    app_label, codename = perm.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return User.objects.get(pk=user.pk)  # a fresh permission cache


def test_the_me_officer_is_national_in_scope_and_reads_no_trip_for_want_of_permission(rworld):
    """registry/selectors.py counted the M&E officer as a national role, relocation's did not.
    The documented rule wins (national office, pseudonymised data: DESIGN.md section 1; docs/
    architecture.md's scope table): the role has no permission to read trips, so it sees none;
    given that permission it would see every trip, not none as relocation's role list had it."""
    officer = UserFactory(role=Role.ME_OFFICER)
    assert list(plans_visible_to(officer)) == []

    officer = _granted(officer, "relocation.view_relocationplan")
    assert list(plans_visible_to(officer)) == [rworld.plan]


def test_without_the_permissions_a_national_role_reads_no_relocation_list(rworld):
    """Each list needs its permission (they checked the role only); scope comes on top."""
    coordinator = rworld.coordinator
    coordinator.groups.clear()
    coordinator = User.objects.get(pk=coordinator.pk)
    lists = [plans_visible_to, departures_visible_to, grants_visible_to, ledger_visible_to]
    assert [selector(coordinator).exists() for selector in lists] == [False] * 4
    assert plans_visible_to(rworld.second_coordinator).exists()


def test_offers_to_plan_are_the_accepted_longest_ago_first_in_the_user_s_scope(rworld):
    from arraigo.matching.models import Proposal
    from arraigo.relocation.selectors_trips import offer_rows, offers_to_plan_keys

    from .trip_helpers import accepted_offer

    later = accepted_offer(rworld, "HH-0201")
    earlier = accepted_offer(rworld, "HH-0202")
    Proposal.objects.filter(pk=earlier.pk).update(decided_at=later.decided_at - dt.timedelta(1))

    keys = offers_to_plan_keys(rworld.origin_caseworker)
    assert keys == [earlier.pk, later.pk]
    assert offers_to_plan_keys(rworld.coordinator) == keys
    assert [(p.pk, p.household.code) for p in offer_rows(keys[::-1])] == [
        (later.pk, "HH-0201"),
        (earlier.pk, "HH-0202"),
    ]
    # another office's caseworker, and a host caseworker (who books no trips), get none
    assert offers_to_plan_keys(rworld.other_origin_caseworker) == []
    assert offers_to_plan_keys(rworld.host_caseworker) == []

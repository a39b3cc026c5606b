"""Who sees what on relocation (relocation/selectors.py): the follow-ups of no-shows."""

import datetime as dt

import pytest

from arraigo.relocation.models import FollowUpRequest
from arraigo.relocation.selectors import follow_ups_visible_to, plan_follow_ups
from arraigo.relocation.services.arrivals import noshow_sweep


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

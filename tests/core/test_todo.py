"""The dashboard's "to do" strip: each count in the user's own scope, only for roles that do
that work."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.casework.models import Milestone
from arraigo.casework.services import plan_open
from arraigo.core.todo import todo_for
from arraigo.referrals.services import referral_send
from tests.accounts.factories import UserFactory
from tests.casework import conftest as casework
from tests.casework.conftest import World
from tests.places.factories import ServiceFactory
from tests.referrals.conftest import consent

pytestmark = pytest.mark.django_db

# the casework tests' household: a mother and her daughter who arrived in Saltillo
world = casework.world


def _counts(user) -> dict[str, int]:
    return {item.label: item.count for item in todo_for(user, timezone.localdate())}


def test_the_host_caseworker_sees_their_overdue_work_referrals_and_arrivals(world: World):
    plan = plan_open(actor=world.host, household=world.household)
    Milestone.objects.filter(plan=plan).exclude(code="curp").update(due_on=dt.date(2099, 1, 1))
    Milestone.objects.filter(plan=plan, code="curp").update(due_on=dt.date(2026, 1, 1))
    consent(world.household, True)
    referral_send(
        actor=world.host,
        household=world.household,
        person=None,
        service=ServiceFactory(provider__city=world.city),
        purpose="Daycare for Luz",
    )

    assert _counts(world.host) == {
        "my overdue milestones": 2,  # the CURP of the mother and of the daughter
        "referrals waiting for the service's answer": 1,
        "arrivals expected": 0,
    }


def test_a_colleague_in_another_city_sees_none_of_it(world: World):
    plan_open(actor=world.host, household=world.household)
    other = UserFactory(role=Role.HOST_CASEWORKER)

    assert set(_counts(other).values()) == {0}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ME_OFFICER, Role.EMPLOYER_LIAISON])
def test_roles_that_do_not_do_the_work_get_no_strip(role):
    assert todo_for(UserFactory(role=role), timezone.localdate()) == []


def test_the_dashboard_links_each_count_to_its_page(world: World):
    browser = Client()
    browser.force_login(world.host)

    html = browser.get(reverse("core:dashboard")).content.decode()

    assert 'href="/casework/tasks/?when=overdue&amp;mine=on"' in html
    assert 'href="/referrals/?status=sent"' in html
    assert 'href="/relocation/arrivals/"' in html

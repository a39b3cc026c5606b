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
from arraigo.feedback.models import Category, Channel, FeedbackCase
from arraigo.feedback.services import feedback_record
from arraigo.home.todo import todo_for
from arraigo.referrals.services import referral_send
from tests.accounts.factories import UserFactory
from tests.casework import conftest as casework
from tests.casework.conftest import World
from tests.places.factories import ServiceFactory
from tests.referrals.conftest import consent
from tests.relocation.factories import RelocationWorld, relocation_world
from tests.relocation.grant_helpers import grant_prepared

pytestmark = pytest.mark.django_db

# the casework tests' household: a mother and her daughter who arrived in Saltillo
world = casework.world


@pytest.fixture
def rworld(db) -> RelocationWorld:
    """A household of Tapachula with a relocation plan to Saltillo, and two coordinators."""
    return relocation_world()


def _counts(user) -> dict[str, int]:
    return {item.label: item.count for item in todo_for(user, timezone.localdate())}


def _overdue_curps(world: World) -> None:
    """The host caseworker opens the plan; only the two CURP milestones are overdue."""
    plan = plan_open(actor=world.host, household=world.household)
    Milestone.objects.filter(plan=plan).exclude(code="curp").update(due_on=dt.date(2099, 1, 1))
    Milestone.objects.filter(plan=plan, code="curp").update(due_on=dt.date(2026, 1, 1))


def test_the_host_caseworker_sees_their_overdue_work_referrals_and_arrivals(world: World):
    _overdue_curps(world)
    consent(world.household, True)
    referral = referral_send(
        actor=world.host,
        household=world.household,
        person=None,
        service=ServiceFactory(provider__city=world.city),
        purpose="Daycare for Luz",
    )
    partner = UserFactory(role=Role.SERVICE_PARTNER, provider=referral.provider)

    surveys = ("follow-up surveys overdue", "follow-up surveys due")  # test_todo_surveys.py
    assert {k: n for k, n in _counts(world.host).items() if k not in surveys} == {
        "my overdue milestones": 2,  # the CURP of the mother and of the daughter
        "overdue milestones nobody is responsible for": 0,
        "referrals waiting for the service's answer": 1,
        "complaints and questions past their answer date": 0,
        "arrivals expected": 0,
    }
    assert _counts(partner) == {"referrals waiting for your answer": 1}
    assert _counts(UserFactory(role=Role.SERVICE_PARTNER)) == {
        "referrals waiting for your answer": 0
    }


def test_the_coordinator_sees_the_teams_unassigned_overdue_work(world: World):
    _overdue_curps(world)
    Milestone.objects.filter(code="curp", person__first_names="Luz").update(responsible=None)

    assert _counts(world.coordinator) == {
        "my overdue milestones": 0,
        "overdue milestones nobody is responsible for": 1,  # Luz's CURP
        "grants waiting for your approval": 0,
        "referrals waiting for the service's answer": 0,
        "complaints and questions past their answer date": 0,
    }
    assert _counts(world.host)["overdue milestones nobody is responsible for"] == 1
    assert _counts(world.host)["my overdue milestones"] == 1


def test_the_coordinator_sees_grants_waiting_for_approval_by_someone_else(rworld):
    grant_prepared(rworld)  # by the origin caseworker

    assert _counts(rworld.coordinator)["grants waiting for your approval"] == 1
    assert "grants waiting for your approval" not in _counts(rworld.origin_caseworker)


def test_a_grant_prepared_by_a_coordinator_waits_for_the_other_one(rworld):
    grant_prepared(rworld, actor=rworld.coordinator)

    assert _counts(rworld.coordinator)["grants waiting for your approval"] == 0
    assert _counts(rworld.second_coordinator)["grants waiting for your approval"] == 1


def test_the_origin_caseworker_sees_referrals_and_overdue_complaints_of_their_office(rworld):
    case = feedback_record(
        actor=rworld.origin_caseworker,
        category=Category.QUESTION,
        channel=Channel.IN_PERSON,
        description="When do we travel?",
        household=rworld.household,
    )
    FeedbackCase.objects.filter(pk=case.pk).update(due_on=dt.date(2026, 1, 1))

    assert _counts(rworld.origin_caseworker) == {
        "referrals waiting for the service's answer": 0,
        "complaints and questions past their answer date": 1,
    }
    assert (
        _counts(rworld.other_origin_caseworker)["complaints and questions past their answer date"]
        == 0
    )


def test_a_colleague_in_another_city_sees_none_of_it(world: World):
    plan_open(actor=world.host, household=world.household)
    other = UserFactory(role=Role.HOST_CASEWORKER)

    assert set(_counts(other).values()) == {0}


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.ME_OFFICER, Role.EMPLOYER_LIAISON, Role.EMPLOYER]
)
def test_roles_that_do_not_do_the_work_get_no_strip(role):
    assert todo_for(UserFactory(role=role), timezone.localdate()) == []


def test_the_dashboard_links_each_count_to_its_page(world: World):
    browser = Client()
    browser.force_login(world.host)

    html = browser.get(reverse("home:dashboard")).content.decode()

    assert 'href="/casework/tasks/?when=overdue&amp;mine=on"' in html
    assert 'href="/referrals/?status=sent"' in html
    assert 'href="/relocation/arrivals/"' in html
    assert 'href="/casework/tasks/?when=overdue&amp;responsible=0"' in html
    assert 'href="/feedback/?overdue=on"' in html


def test_the_coordinators_dashboard_links_to_the_grants_to_approve(world: World):
    browser = Client()
    browser.force_login(world.coordinator)

    html = browser.get(reverse("home:dashboard")).content.decode()

    assert 'href="/relocation/grants/?awaiting=1"' in html


def test_a_service_partner_finds_the_referrals_to_answer_on_the_welcome_page(world: World):
    consent(world.household, True)
    referral = referral_send(
        actor=world.host,
        household=world.household,
        person=None,
        service=ServiceFactory(provider__city=world.city),
        purpose="Daycare for Luz",
    )
    browser = Client()
    browser.force_login(UserFactory(role=Role.SERVICE_PARTNER, provider=referral.provider))

    response = browser.get(reverse("home:dashboard"))

    html = response.content.decode()
    assert response.templates[0].name == "home/welcome.html"
    assert 'href="/referrals/?status=sent"' in html
    assert "canalizaciones en espera de su respuesta" in html


def test_a_backlog_beyond_the_count_shows_as_a_thousand_plus():
    from arraigo.home.todo import TodoItem

    beyond = TodoItem("overdue", 1_001, "/casework/tasks/", urgent=True)
    within = TodoItem("overdue", 1_000, "/casework/tasks/", urgent=True)

    assert (beyond.shown, beyond.more) == (1_000, True)
    assert (within.shown, within.more) == (1_000, False)

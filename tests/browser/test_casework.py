"""Integration casework in a browser: from arrival, through a referral, to a job start.

The host-city caseworker opens the integration plan of a household that has just arrived,
refers the youngest child to a daycare; the daycare's partner user sees only that referral,
accepts and completes it; the caseworker records the mother's hire and first day, marks the
plan's job-start milestone done with its evidence, and the work list no longer shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from arraigo.accounts.models import Role, User
from arraigo.casework.models import IntegrationPlan, MilestoneStatus
from arraigo.jobs.models import Placement, Vacancy
from arraigo.places.models import Service
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.registry.models import (
    Consent,
    ConsentPurpose,
    Household,
    HouseholdStatus,
    Person,
    Relationship,
    StatusChange,
)
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.places.factories import CityFactory, ServiceFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


@dataclass
class World:
    host: User
    partner: User
    household: Household
    mother: Person
    child: Person
    daycare: Service
    vacancy: Vacancy


def _world() -> World:
    city = CityFactory(name="Saltillo")
    household = HouseholdFactory(code="HH-0400", status=HouseholdStatus.ARRIVED, host_city=city)
    today = timezone.localdate()
    mother = PersonFactory(
        household=household,
        first_names="Rosa",
        last_names="Mejía Paz",
        date_of_birth=dt.date(1991, 3, 3),
    )
    child = PersonFactory(
        household=household,
        first_names="Noa",
        last_names="Mejía Paz",
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(today.year - 3, 1, 10),
        willing_to_work=False,
        able_to_work=False,
    )
    StatusChange.objects.create(
        household=household, from_status="travelled", to_status="arrived", changed_at=timezone.now()
    )
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.SERVICE_PARTNERS,
        given=True,
        recorded_at=timezone.now(),
    )
    daycare = ServiceFactory(
        provider__city=city, provider__name="Casa de Cuidado", name="Guardería matutina"
    )
    vacancy = VacancyFactory(employer=EmployerFactory(city=city, name="Componentes del Norte"))
    return World(
        host=UserFactory(username="host", role=Role.HOST_CASEWORKER, city=city),
        partner=UserFactory(
            username="daycare", role=Role.SERVICE_PARTNER, provider=daycare.provider
        ),
        household=household,
        mother=mother,
        child=child,
        daycare=daycare,
        vacancy=vacancy,
    )


def _logout(page: Page) -> None:
    with page.expect_navigation():
        page.click(f"form[action='{reverse('accounts:logout')}'] button[type=submit]")


def _click(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _messages(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("ul.messages li").all_inner_texts()]


def test_from_arrival_through_a_referral_to_a_job_start(page: Page, login: LoginFn) -> None:
    world = _world()
    today = f"{timezone.localdate():%Y-%m-%d}"
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    household_url = reverse("registry:household_detail", args=[world.household.pk])

    # The host caseworker opens the integration plan from the household page
    login(page, world.host.username, PASSWORD)
    page.goto(household_url)
    _click(page, "[data-testid=open-plan]")
    plan = IntegrationPlan.objects.get(household=world.household)
    assert page.url.endswith(reverse("casework:plan_detail", args=[plan.pk]))
    assert _messages(page) == ["Integration plan opened."]
    assert page.get_by_test_id("milestone-daycare").count() == 1  # a working mother, a child of 3
    assert page.get_by_test_id("milestone-job_start").count() == 1

    # And refers the child to the daycare
    page.goto(household_url)
    _click(page, "[data-testid=refer]")
    page.select_option("#id_person", str(world.child.pk))
    page.select_option("#id_service", str(world.daycare.pk))
    page.fill("#id_purpose", "Daycare so Rosa can start her shift.")
    _click(page, "main form button[type=submit]")
    referral = Referral.objects.get()
    assert _messages(page) == ["Referral sent."]
    _logout(page)

    # The daycare's partner user sees that referral only, with the shared fields, and answers
    login(page, world.partner.username, PASSWORD)
    page.goto(reverse("referrals:referral_list"))
    assert page.get_by_test_id("referral-row").count() == 1
    _click(page, "[data-testid=referral-row] a")
    shared = page.get_by_test_id("shared").inner_text()
    assert "Noa Mejía Paz" in shared and "HH-0400" in shared
    assert household_url not in page.content()
    _click(page, "[data-testid=accept]")
    page.fill("#id_outcome_note", "Place from Monday.")
    _click(page, "[data-testid=complete]")
    assert page.get_by_test_id("referral-status").inner_text().strip() == "Completed"
    _logout(page)

    # The caseworker records Rosa's hire, starting today
    login(page, world.host.username, PASSWORD)
    page.goto(household_url)
    assert "Completed" in page.get_by_test_id("referrals").inner_text()
    _click(page, "[data-testid=record-hire]")
    page.select_option("#id_person", str(world.mother.pk))
    page.select_option("#id_employer", str(world.vacancy.employer.pk))
    page.select_option("#id_vacancy", str(world.vacancy.pk))
    page.fill("#id_hired_on", today)
    page.fill("#id_started_on", today)
    page.fill("#id_monthly_wage_mxn", "9800")
    page.select_option("#id_contract_type", "trial")
    _click(page, "main form button[type=submit]")
    placement = Placement.objects.get()
    assert _messages(page) == ["Hire recorded."]
    assert page.get_by_test_id("started-on").inner_text().strip() == today
    world.vacancy.refresh_from_db()
    assert world.vacancy.seats_reserved == 1

    # The plan's job start is done by the hire itself, with where it is recorded
    page.goto(reverse("casework:plan_detail", args=[plan.pk]))
    row = page.get_by_test_id("milestone-job_start")
    assert "Done" in row.inner_text()
    evidence = row.locator("input[name=evidence]").input_value()
    assert evidence.startswith(f"Registrado con el empleo {placement.pk} en ")  # stored in Spanish
    job_start = plan.milestones.get(code="job_start")
    assert (job_start.status, job_start.done_on) == (MilestoneStatus.DONE, timezone.localdate())

    # The work list no longer has the job start, and the referral is on record as completed
    page.goto(reverse("casework:work_list") + "?code=job_start")
    assert page.get_by_test_id("task-row").count() == 0
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED

"""The four events, each emitted by the service where it happens, with codes and ids only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arraigo.jobs.models import ContractType
from arraigo.jobs.services import HireData, placement_hire
from arraigo.monitoring.services_due_events import surveys_due_announce
from arraigo.referrals.services import referral_send
from arraigo.registry.models import HouseholdStatus
from arraigo.relocation.services.arrivals import plan_check_in_all
from arraigo.relocation.services.trips import plan_depart
from arraigo.webhooks.events import Event
from arraigo.webhooks.models import Delivery
from tests.accounts.factories import UserFactory
from tests.jobs.factories import VacancyFactory
from tests.monitoring.survey_world import TODAY, survey_world
from tests.referrals.conftest import consent, world  # noqa: F401  (the referrals' world fixture)
from tests.registry.factories import PersonFactory
from tests.relocation.conftest import rworld  # noqa: F401  (the relocation world fixture)
from tests.relocation.trip_helpers import accepted_offer, book

from .factories import subscriber

pytestmark = pytest.mark.django_db


def _payloads(event: str) -> list[dict]:
    return list(
        Delivery.objects.filter(event=event).order_by("id").values_list("payload", flat=True)
    )


def test_a_referral_announces_referral_created(world):  # noqa: F811
    subscriber([Event.REFERRAL_CREATED])
    referral = referral_send(
        actor=world.host,
        household=world.household,
        person=world.person,
        service=world.service,
        purpose="Guardería para la niña",
    )
    assert _payloads("referral.created") == [
        {
            "referral": referral.pk,
            "household": "HH-0100",
            "member": world.person.member_no,
            "service": world.service.pk,
            "provider": world.service.provider_id,
            "category": world.service.category,
            "city": world.city.pk,
            "sent_at": referral.sent_at.isoformat(),
        }
    ]


def test_a_referral_without_consent_is_announced_without_whose_it_is(world):  # noqa: F811
    # Given a household that refused sharing with partners, referred by a coordinator anyway
    subscriber([Event.REFERRAL_CREATED])
    consent(world.household, False)
    referral = referral_send(
        actor=world.coordinator,
        household=world.household,
        person=world.person,
        service=world.service,
        purpose="Guardería para la niña",
        override_reason="Urgent: child at risk.",
    )

    # Then the subscriber hears of the referral, but not the case code or the member
    (payload,) = _payloads("referral.created")
    assert (payload["referral"], payload["household"], payload["member"]) == (
        referral.pk,
        None,
        None,
    )


def test_the_hire_taking_the_last_seat_announces_vacancy_filled():
    subscriber([Event.VACANCY_FILLED])
    vacancy = VacancyFactory(seats=2)
    host = UserFactory(role="host_caseworker", city=vacancy.city)
    data = HireData(
        hired_on=dt.date(2026, 3, 2),
        monthly_wage_mxn=Decimal("9800.00"),
        contract_type=ContractType.TRIAL,
    )
    for _seat in range(2):
        worker = PersonFactory(
            household__status=HouseholdStatus.INTEGRATING, household__host_city=vacancy.city
        )
        placement_hire(
            actor=host, person=worker, employer=vacancy.employer, vacancy=vacancy, data=data
        )
        if _seat == 0:
            assert _payloads("vacancy.filled") == []  # one seat still open

    assert _payloads("vacancy.filled") == [
        {
            "vacancy": vacancy.pk,
            "employer": vacancy.employer_id,
            "city": vacancy.city_id,
            "occupation": vacancy.occupation_id,
            "seats": 2,
            "placements": 2,
            "filled_on": "2026-03-02",
        }
    ]


def test_the_last_check_in_announces_household_arrived(rworld):  # noqa: F811
    subscriber([Event.HOUSEHOLD_ARRIVED])
    plan = book(rworld, accepted_offer(rworld))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)

    plan = plan_check_in_all(actor=rworld.host_caseworker, plan=plan)

    assert _payloads("household.arrived") == [
        {
            "household": "HH-0200",
            "plan": plan.pk,
            "origin_office": rworld.office.pk,
            "destination_city": rworld.city.pk,
            "arrived_on": plan.arrived_on.isoformat(),
            "travellers": 2,
        }
    ]


def test_the_daily_run_announces_each_survey_due_once():
    subscriber([Event.SURVEY_DUE])
    survey = survey_world()

    assert surveys_due_announce(today=TODAY) == 1
    assert surveys_due_announce(today=TODAY + dt.timedelta(days=1)) == 0  # announced already

    assert _payloads("survey.due") == [
        {
            "household": survey.household.code,
            "round": "month1",
            "window_opens": "2026-03-22",
            "window_closes": "2026-04-15",
        }
    ]


def test_the_daily_digest_runs_the_announcement():
    from arraigo.notifications.services import digest_send

    subscriber([Event.SURVEY_DUE])
    survey_world()
    digest_send(today=TODAY)
    assert Delivery.objects.filter(event="survey.due").count() == 1


def test_nothing_is_read_for_surveys_nobody_wants(django_assert_num_queries):
    survey_world()
    with django_assert_num_queries(1):  # the subscribers, then nothing
        assert surveys_due_announce(today=TODAY) == 0

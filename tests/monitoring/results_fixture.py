"""A small hand-made fixture for the results report, with every answer known.

Six households of two (a mother born in 1990 and a son born in 2015), all relocated, whose
plans started on 10 January 2026: five in Saltillo (H1-H5), one in León (H6).
- baseline (1 Feb 2026), all six: nobody works, no income; the son out of school; only H1's
  mother has a bank account.
- one month (1 Mar 2026), H1-H3 only: the mother works (informal), 3,000 MXN; the son at school.
- six months (1 Aug 2026), all six: H1-H5's mother works formally, satisfied, 9,000 MXN, with
  a bank account; H6's mother does not work, no account; every son at school.
Milestones: CURP done for H1-H5 on days 10, 20, 30, 40 and 100 after the start, pending for
H6; RFC done for H1 and H2 (days 5 and 7).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus, PlanTemplate
from arraigo.core.choices import Sex
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer
from arraigo.registry.models import Household, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import PersonFactory, household_with_head

START = dt.date(2026, 1, 10)
BASELINE, MONTH1, MONTH6 = dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 8, 1)
CURP_DAYS = (10, 20, 30, 40, 100)


def _answer(household: Household, person, round_code: str, day: dt.date, **answers) -> None:
    FollowUpAnswer.objects.create(
        household=household,
        person=person,
        round=round_code,
        date=day,
        source=AnswerSource.WEB,
        recorded_at=timezone.now(),
        **answers,
    )


def results_fixture() -> list[Household]:
    saltillo, leon = CityFactory(name="Saltillo"), CityFactory(name="León")
    user = UserFactory()
    template, _new = PlanTemplate.objects.get_or_create(version="test-results")
    households = []
    for n in range(1, 7):
        household = household_with_head(
            status=HouseholdStatus.INTEGRATING, host_city=saltillo if n <= 5 else leon
        )
        household.size = 2
        household.save(update_fields=["size"])
        mother = household.members.get()
        son = PersonFactory(
            household=household,
            sex=Sex.MALE,
            date_of_birth=dt.date(2015, 3, 3),
            relationship="child",
        )
        plan = IntegrationPlan.objects.create(
            household=household, template=template, started_on=START, created_by=user
        )
        done = n <= 5
        Milestone.objects.create(
            plan=plan,
            person=mother,
            code="curp",
            title_en="CURP",
            title_es="CURP",
            due_on=START,
            status=MilestoneStatus.DONE if done else MilestoneStatus.PENDING,
            done_on=START + dt.timedelta(days=CURP_DAYS[n - 1]) if done else None,
            evidence="seen" if done else "",
        )
        if n <= 2:
            Milestone.objects.create(
                plan=plan,
                person=mother,
                code="rfc",
                title_en="RFC",
                title_es="RFC",
                due_on=START,
                status=MilestoneStatus.DONE,
                done_on=START + dt.timedelta(days=(5, 7)[n - 1]),
                evidence="seen",
            )
        _answer(
            household,
            mother,
            "baseline",
            BASELINE,
            works=False,
            formal=False,
            income=0,
            bank_account=n == 1,
        )
        _answer(household, son, "baseline", BASELINE, in_school=False)
        if n <= 3:
            _answer(
                household, mother, "month1", MONTH1, works=True, formal=False, income=Decimal(3000)
            )
            _answer(household, son, "month1", MONTH1, in_school=True)
        works = n <= 5
        _answer(
            household,
            mother,
            "month6",
            MONTH6,
            works=works,
            formal=works,
            income=Decimal(9000) if works else Decimal(0),
            job_satisfied=True if works else None,
            bank_account=works,
        )
        _answer(household, son, "month6", MONTH6, in_school=True)
        households.append(household)
    return households

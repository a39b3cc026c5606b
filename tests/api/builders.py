"""Rows for the API's tests, one builder per list of the API (each row as its list needs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from arraigo.accounts.models import User
from arraigo.referrals.models import Referral
from tests.jobs.factories import PlacementFactory, SkillFactory, VacancyFactory
from tests.matching.factories import MatchingRunFactory, ProposalFactory
from tests.monitoring.factories import FollowUpAnswerFactory
from tests.places.factories import ServiceFactory
from tests.registry.factories import PersonFactory, household_with_head


def households(n: int, **_: Any) -> None:
    for _index in range(n):
        household_with_head()


def vacancies(n: int, **_: Any) -> None:
    for _index in range(n):
        VacancyFactory().skills.add(SkillFactory())


def placements(n: int, **_: Any) -> None:
    for _index in range(n):
        PlacementFactory()


def referrals(n: int, *, user: User, **_: Any) -> None:
    service = ServiceFactory()
    for _index in range(n):
        person = PersonFactory()
        Referral.objects.create(
            household=person.household,
            person=person,
            service=service,
            provider=service.provider,
            purpose="daycare",
            shared={"household": person.household.code, "purpose": "daycare"},
            sent_at=timezone.now(),
            sent_by=user,
        )


def runs(n: int, **_: Any) -> None:
    for _index in range(n):
        MatchingRunFactory()


def proposals(n: int, *, run: Any, **_: Any) -> None:
    for _index in range(n):
        ProposalFactory(run=run)


def followups(n: int, **_: Any) -> None:
    for index in range(n):
        FollowUpAnswerFactory(date=dt.date(2026, 6, 1) + dt.timedelta(days=index % 20))

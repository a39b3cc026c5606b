"""Synthetic households with a year of survey answers, for bench/indicators.py (Django set up).

Households arrive (their integration plan starts) between 21 January and 1 July 2026 in one
of the seeded host cities; each has a head, often a spouse, children and sometimes a parent.
Every household answers the baseline ten days before arrival, four in five the one-month
survey and three in five the six-month one; answers follow the programme's story (work and
school rise after arrival). Deterministic (random.Random(7)).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from arraigo.accounts.models import User
from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus, PlanTemplate
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Interview
from arraigo.places.models import City, Office
from arraigo.registry.choices import Modality, NeedCode, Relationship
from arraigo.registry.folding import folded_name
from arraigo.registry.models import Household, Person, SpecificNeed

FIRST_ARRIVAL = dt.date(2026, 1, 21)
ARRIVAL_DAYS = 161  # to 1 July, so six months later still falls in 2026
SIZES = (1, 2, 3, 3, 4, 4, 4, 5, 5, 6)
MILESTONES = ("curp", "residency", "rfc", "nss_imss", "bank_account", "job_start")
ROUNDS = (("baseline", -10, 1.0, 0.0), ("month1", 30, 0.8, 0.6), ("month6", 180, 0.6, 1.0))
NATIONALITIES = ("HN", "HN", "HN", "SV", "GT", "VE", "HT", "CU", "NI")
TENURES = ("rented_with_contract", "rented_without_contract", "programme_lodging", "hosted")
BATCH = 5000


def _members(rng: random.Random, size: int) -> list[tuple[str, str, dt.date]]:
    """(relationship, sex, birth date) of each member, head first."""
    head_sex = rng.choice("FM")
    head_age = rng.randint(20, 55)
    people = [(Relationship.HEAD, head_sex, head_age)]
    if size >= 2 and rng.random() < 0.7:
        people.append((Relationship.SPOUSE, "M" if head_sex == "F" else "F", head_age + 2))
    while len(people) < size:
        if rng.random() < 0.1:
            people.append((Relationship.PARENT, rng.choice("FM"), head_age + 25))
        else:
            people.append((Relationship.CHILD, rng.choice("FM"), rng.randint(0, 17)))
    base = dt.date(2026, 1, 1)
    return [
        (rel, sex, base - dt.timedelta(days=365 * age + rng.randint(0, 364)))
        for rel, sex, age in people
    ]


def _answer(rng: random.Random, age: int, progress: float) -> dict[str, Any]:
    """One member's answers in a round; `progress` 0 before arrival, 1 at six months."""
    answer: dict[str, Any] = {}
    if age >= 15:
        works = rng.random() < (0.3 + 0.55 * progress if age < 65 else 0.1)
        answer["works"] = works
        answer["formal"] = works and rng.random() < 0.2 + 0.6 * progress
        answer["income"] = (
            Decimal(int(rng.lognormvariate(8.6 + 0.3 * progress, 0.35))) if works else None
        )
        answer["job_satisfied"] = (rng.random() < 0.87) if works else None
    if 6 <= age <= 17:
        answer["in_school"] = rng.random() < 0.15 + 0.75 * progress
    if age >= 18:
        answer["bank_account"] = rng.random() < 0.29 + 0.3 * progress
    return answer


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def build(households: int, answers: int) -> dict[str, int]:
    rng = random.Random(7)
    cities = list(City.objects.filter(active=True).order_by("id"))
    office = Office.objects.order_by("id").first()
    template = PlanTemplate.objects.order_by("id").first()
    user = User.objects.get(username="demo-coordinator")
    now = timezone.now()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    counts = dict.fromkeys(("households", "people", "answers", "milestones", "interviews"), 0)
    n = 0
    while counts["answers"] < answers and n < households:
        chunk = min(2000, households - n)
        with transaction.atomic():
            _chunk(rng, n, chunk, answers, counts, cities, office, template, user, now)
        n += chunk
    if connection.vendor == "postgresql":
        # as autovacuum would soon after a load: without statistics the planner guesses
        # a thousand answers where there are a million
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _chunk(
    rng: random.Random,
    start: int,
    size: int,
    wanted: int,
    counts: dict[str, int],
    cities: list[City],
    office: Office | None,
    template: PlanTemplate | None,
    user: User,
    now: dt.datetime,
) -> None:
    homes, people_of = [], []
    for i in range(start, start + size):
        members = _members(rng, rng.choice(SIZES))
        homes.append(
            Household(
                code=f"BENCH-{i:07d}",
                modality=Modality.RELOCATION if rng.random() < 0.85 else Modality.IN_PLACE,
                status="followed_up",
                origin_office=office,
                host_city=rng.choice(cities),
                registered_at=now,
                size=len(members),
                last_member_no=len(members),
            )
        )
        people_of.append(members)
    Household.objects.bulk_create(homes, batch_size=BATCH)
    people: list[Person] = []
    nationality_of = {}
    for home, members in zip(homes, people_of, strict=True):
        nationality_of[home.pk] = rng.choice(NATIONALITIES)
        for number, (rel, sex, born) in enumerate(members, start=1):
            people.append(
                Person(
                    household=home,
                    member_no=number,
                    first_names="Bench",
                    last_names=f"Household {home.code}",
                    name_folded=folded_name("Bench", f"Household {home.code}"),
                    sex=sex,
                    date_of_birth=born,
                    nationality=nationality_of[home.pk],
                    relationship=rel,
                    protection_status="refugee" if rng.random() < 0.8 else "asylum_seeker",
                )
            )
    Person.objects.bulk_create(people, batch_size=BATCH)
    counts["households"] += len(homes)
    counts["people"] += len(people)
    arrivals = {
        home.pk: FIRST_ARRIVAL + dt.timedelta(days=rng.randrange(ARRIVAL_DAYS)) for home in homes
    }
    plans = [
        IntegrationPlan(
            household=home, template=template, started_on=arrivals[home.pk], created_by=user
        )
        for home in homes
    ]
    IntegrationPlan.objects.bulk_create(plans, batch_size=BATCH)
    heads = {p.household_id: p for p in people if p.member_no == 1}
    milestones = []
    for plan in plans:
        for position, code in enumerate(MILESTONES):
            days = int(rng.expovariate(1 / (20 + 15 * position)))
            done = rng.random() < 0.75
            milestones.append(
                Milestone(
                    plan=plan,
                    person=heads[plan.household_id],
                    code=code,
                    title_en=code,
                    title_es=code,
                    position=position,
                    due_on=plan.started_on + dt.timedelta(days=30 * (position + 1)),
                    status=MilestoneStatus.DONE if done else MilestoneStatus.PENDING,
                    evidence="bench" if done else "",
                    done_on=plan.started_on + dt.timedelta(days=days) if done else None,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    counts["milestones"] += len(milestones)
    needs = [
        SpecificNeed(
            household=home, code=rng.choice(NeedCode.values), recorded_by=user, recorded_at=now
        )
        for home in homes
        if rng.random() < 0.1
    ]
    SpecificNeed.objects.bulk_create(needs, batch_size=BATCH)
    interviews, rows = [], []
    by_household: dict[int, list[Person]] = {}
    for person in people:
        by_household.setdefault(person.household_id, []).append(person)
    for home in homes:
        for round_code, offset, share, progress in ROUNDS:
            if counts["answers"] + len(rows) >= wanted or rng.random() >= share:
                continue
            day = arrivals[home.pk] + dt.timedelta(days=offset)
            interviews.append(
                Interview(
                    household=home,
                    round=round_code,
                    date=day,
                    source=AnswerSource.DEMO,
                    housing_tenure=rng.choice(TENURES),
                    recorded_at=now,
                )
            )
            for person in by_household[home.pk]:
                answer = _answer(rng, _age(person.date_of_birth, day), progress)
                rows.append(
                    FollowUpAnswer(
                        household=home,
                        person=person,
                        round=round_code,
                        date=day,
                        source=AnswerSource.DEMO,
                        recorded_at=now,
                        **answer,
                    )
                )
    Interview.objects.bulk_create(interviews, batch_size=BATCH)
    FollowUpAnswer.objects.bulk_create(rows, batch_size=BATCH)
    counts["interviews"] += len(interviews)
    counts["answers"] += len(rows)

"""The demo's integration plans: every household now accompanied in its host city (arrived,
integrating or followed up) has an open plan made from the template, started on its arrival.

Milestones due more than three weeks before the reference date are mostly done (97%, on a day
before they were due, with evidence); of those due in the last three weeks 70%; later ones
to do (a tenth in progress). What is left past its due date shows as overdue, as in a real
caseload. The responsible person is the host city's caseworker where the demo has one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from arraigo.accounts.models import Role, User
from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.casework.rows import milestone_values, plan_values
from arraigo.casework.rules import (
    Member,
    milestone_due_on,
    naturalisation_date,
    plan_items,
    plan_rules,
)
from arraigo.casework.services import PLAN_STATUSES, milestone_rule, template_current
from arraigo.outcomes.models import PlacementOutcome
from arraigo.registry.models import (
    Household,
    IdentityDocument,
    NeedCode,
    Person,
    Relationship,
    SpecificNeed,
)

from .bulk import indexes_deferred, next_id, values_insert

EVIDENCE = {
    "curp": "CURP issued by RENAPO",
    "residency": "Permanent residence card from INM",
    "rfc": "RFC certificate from SAT",
    "nss_imss": "NSS and IMSS registration by the employer",
    "bank_account": "Payroll account opened",
    "job_start": "First payslip",
    "school_enrolment": "Enrolment slip from the school",
    "daycare": "Place at the daycare centre",
    "health_registration": "Health-centre registration",
    "spanish_classes": "Attendance list of the course",
    "housing_contract": "Signed lease",
}


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _residence_cards(heads: list[int]) -> dict[int, dt.date]:
    """Each head's earliest permanent residence card (issue date), as the plan service reads it."""
    cards: dict[int, dt.date] = {}
    rows = (
        IdentityDocument.objects.filter(
            person_id__in=heads, document_type__code="permanent_residence"
        )
        .exclude(issued_on=None)
        .order_by("person_id", "issued_on")
        .values_list("person_id", "issued_on")
    )
    for person, issued_on in rows:
        if issued_on is not None:
            cards.setdefault(person, issued_on)
    return cards


@dataclass(frozen=True, slots=True)
class _Person:
    """What the plan reads of a member (read as plain values, not model instances)."""

    id: int
    relationship: str
    born: dt.date
    willing_and_able: bool
    spanish: str
    education: str
    nationality: str


def _people(households: list[int]) -> dict[int, list[_Person]]:
    """Each household's members, in id order."""
    people: dict[int, list[_Person]] = defaultdict(list)
    rows = (
        Person.objects.filter(household_id__in=households)
        .order_by("id")
        .values_list(
            "household_id",
            "id",
            "relationship",
            "date_of_birth",
            "willing_to_work",
            "able_to_work",
            "spanish_level",
            "education_level",
            "nationality",
        )
    )
    for household, pk, relationship, born, willing, able, spanish, education, nationality in rows:
        people[household].append(
            _Person(pk, relationship, born, willing and able, spanish, education, nationality)
        )
    return people


def _head(members: list[_Person]) -> _Person:
    """The household's head (whose residence card counts for naturalisation)."""
    return next((p for p in members if p.relationship == Relationship.HEAD), members[0])


def _progress(
    rng: random.Random, code: str, due: dt.date, start: dt.date, today: dt.date
) -> dict[str, Any]:
    """The progress the caseworker recorded since (milestone_update): status, done_on and
    evidence."""
    late = (today - due).days
    if (late > 21 and rng.random() < 0.97) or (0 <= late <= 21 and rng.random() < 0.7):
        done_on = min(due - dt.timedelta(days=rng.randint(0, 20)), today)
        return {
            "status": MilestoneStatus.DONE,
            "done_on": max(done_on, start),
            "evidence": EVIDENCE.get(code, "Recorded by the caseworker"),
        }
    status = MilestoneStatus.IN_PROGRESS if rng.random() < 0.1 else MilestoneStatus.PENDING
    return {"status": status, "done_on": None, "evidence": ""}


def plans_create(*, seed: int, today: dt.date) -> int:
    """Insert the demo's plans and milestones; returns how many plans."""
    rng = random.Random(f"arraigo-demo:{seed}:casework")
    rules = plan_rules()
    template = template_current()
    in_use = [
        milestone_rule(t) for t in template.milestones.filter(active=True).order_by("position")
    ]
    positions = dict(template.milestones.values_list("code", "position"))
    started = dict(PlacementOutcome.objects.values_list("household_id", "placed_on"))
    households = list(
        Household.objects.filter(status__in=PLAN_STATUSES, pk__in=list(started))
        .order_by("id")
        .values_list("id", "host_city_id")
    )
    people = _people([h for h, _c in households])
    disabled = set(
        SpecificNeed.objects.filter(code=NeedCode.DISABILITY).values_list("person_id", flat=True)
    )
    single = set(
        SpecificNeed.objects.filter(code=NeedCode.SINGLE_PARENT).values_list(
            "household_id", flat=True
        )
    )
    cards = _residence_cards([_head(people[h]).id for h, _c in households if people[h]])
    host = dict(User.objects.filter(role=Role.HOST_CASEWORKER).values_list("city_id", "id"))
    coordinator = User.objects.filter(role=Role.COORDINATOR).values_list("id", flat=True).first()
    first_plan = next_id(IntegrationPlan)
    plans: list[dict[str, Any]] = []
    milestones: list[dict[str, Any]] = []
    for plan_id, (household, city) in enumerate(households, first_plan):
        start = started[household]
        caseworker = host.get(city)
        opened_by = caseworker or coordinator
        assert opened_by is not None  # the demo accounts include a coordinator
        plans.append(
            plan_values(
                household_id=household,
                template_id=template.pk,
                started_on=start,
                caseworker_id=caseworker,
                created_by_id=opened_by,
            )
        )
        members = [
            Member(
                id=p.id,
                age=_age(p.born, start),
                willing_and_able=p.willing_and_able,
                spanish=p.spanish,
                education=p.education,
                disability=p.id in disabled,
            )
            for p in people[household]
        ]
        head = _head(people[household])
        eligible_on = naturalisation_date(
            rules, residency_from=cards.get(head.id), nationality=head.nationality
        )
        for rule, member in plan_items(rules, in_use, members, single_parent=household in single):
            due = milestone_due_on(rules, rule, started=start, eligible_on=eligible_on)
            milestone = milestone_values(
                plan_id=plan_id,
                rule=rule,
                person_id=member,
                position=positions[rule.code],
                due_on=due,
                responsible_id=caseworker,
            )
            milestone.update(_progress(rng, rule.code, due, start, today))
            milestone["updated_by_id"] = caseworker
            milestones.append(milestone)
    with indexes_deferred(IntegrationPlan, Milestone):
        values_insert(IntegrationPlan, plans, first_id=first_plan)  # the milestones cite them
        values_insert(Milestone, milestones, first_id=next_id(Milestone))
    return len(plans)

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

from arraigo.accounts.models import Role, User
from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.casework.rows import milestone_row, plan_row
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

from .bulk import objects_insert

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


def _head(members: list[Person]) -> Person:
    """The household's head (whose residence card counts for naturalisation)."""
    return next((p for p in members if p.relationship == Relationship.HEAD), members[0])


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
    people: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(household_id__in=[h for h, _c in households]).order_by(
        "id"
    ):
        people[person.household_id].append(person)
    disabled = set(
        SpecificNeed.objects.filter(code=NeedCode.DISABILITY).values_list("person_id", flat=True)
    )
    single = set(
        SpecificNeed.objects.filter(code=NeedCode.SINGLE_PARENT).values_list(
            "household_id", flat=True
        )
    )
    cards = _residence_cards([_head(people[h]).pk for h, _c in households if people[h]])
    host = dict(User.objects.filter(role=Role.HOST_CASEWORKER).values_list("city_id", "id"))
    coordinator = User.objects.filter(role=Role.COORDINATOR).values_list("id", flat=True).first()
    plan_id = IntegrationPlan.objects.order_by("-id").values_list("id", flat=True).first() or 0
    plans, milestones = [], []
    for household, city in households:
        start = started[household]
        plan_id += 1
        caseworker = host.get(city)
        opened_by = caseworker or coordinator
        assert opened_by is not None  # the demo accounts include a coordinator
        plans.append(
            plan_row(
                household_id=household,
                template_id=template.pk,
                started_on=start,
                caseworker_id=caseworker,
                created_by_id=opened_by,
            )
        )
        members = [
            Member(
                id=p.pk,
                age=_age(p.date_of_birth, start),
                willing_and_able=p.willing_to_work and p.able_to_work,
                spanish=p.spanish_level,
                education=p.education_level,
                disability=p.pk in disabled,
            )
            for p in people[household]
        ]
        head = _head(people[household])
        eligible_on = naturalisation_date(
            rules, residency_from=cards.get(head.pk), nationality=str(head.nationality)
        )
        for rule, member in plan_items(rules, in_use, members, single_parent=household in single):
            due = milestone_due_on(rules, rule, started=start, eligible_on=eligible_on)
            milestone = milestone_row(
                plan_id=plan_id,
                rule=rule,
                person_id=member,
                position=positions[rule.code],
                due_on=due,
                responsible_id=caseworker,
            )
            # The progress the caseworker recorded since (milestone_update).
            late = (today - due).days
            if (late > 21 and rng.random() < 0.97) or (0 <= late <= 21 and rng.random() < 0.7):
                milestone.status = MilestoneStatus.DONE
                done_on = min(due - dt.timedelta(days=rng.randint(0, 20)), today)
                milestone.done_on = max(done_on, start)
                milestone.evidence = EVIDENCE.get(rule.code, "Recorded by the caseworker")
            elif rng.random() < 0.1:
                milestone.status = MilestoneStatus.IN_PROGRESS
            milestone.updated_by_id = caseworker
            milestones.append(milestone)
    first_plan = plan_id - len(plans) + 1
    objects_insert(IntegrationPlan, plans)
    assert [p.pk for p in plans] == list(range(first_plan, plan_id + 1))  # milestones cite them
    objects_insert(Milestone, milestones)
    return len(plans)

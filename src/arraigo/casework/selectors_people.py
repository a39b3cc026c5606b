"""Steps tracked per person (naturalisation, family reunification) counted by step, sex and
nationality: aggregates only, no name or case code, so they may be shown to anyone who sees the
plans' households (M&E included)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django_countries import countries

from arraigo.accounts.models import User
from arraigo.core.choices import Sex
from arraigo.core.figures import kept

from .models import Milestone, MilestoneStatus
from .rules import plan_rules
from .selectors import plans_visible_to

PERSON_STEPS = ("naturalisation_application", "naturalisation_certificate", "family_reunification")


@dataclass(frozen=True)
class PersonStepRow:
    code: str
    step: str  # the milestone's title in the active language
    sex: str
    nationality: str
    people: int  # people for whom the step is tracked
    done: int  # of whom the step is done


def person_steps_counts(user: User, *, recount: bool = False) -> list[PersonStepRow]:
    """People with a milestone of PERSON_STEPS in the plans `user` sees, by step, sex and
    nationality. Plans made before these steps were tracked per person hold them for the
    household (no person): those are not counted here. Every such milestone in scope is read,
    so the counts are kept per scope for a few minutes (core/figures.py)."""
    rows = kept("person_steps", user, lambda: _person_step_counts(user), recount=recount).value
    titles = {r.code: r.title for r in plan_rules().milestones}
    order = {code: n for n, code in enumerate(PERSON_STEPS)}
    result = [
        PersonStepRow(
            code=code,
            step=titles.get(code, code),
            sex=str(Sex(sex).label) if sex in Sex.values else "—",
            nationality=str(countries.name(nationality) or "—"),
            people=people,
            done=done,
        )
        for code, sex, nationality, people, done in rows
    ]
    return sorted(result, key=lambda r: (order[r.code], r.sex, r.nationality))


def person_steps_recount(user: User) -> None:
    person_steps_counts(user, recount=True)


def _person_step_counts(user: User) -> list[tuple[str, str, str, int, int]]:
    rows = (
        Milestone.objects.filter(
            plan__in=plans_visible_to(user), code__in=PERSON_STEPS, person__isnull=False
        )
        .values_list("code", "person__sex", "person__nationality")
        .annotate(
            people=Count("person", distinct=True),
            done=Count("person", distinct=True, filter=Q(status=MilestoneStatus.DONE)),
        )
        .order_by("code", "person__sex", "person__nationality")
    )
    return [tuple(row) for row in rows]


@dataclass(frozen=True)
class PersonStepsTable:
    """The counts laid out for a page: a row per sex and nationality, a column per step."""

    steps: list[str]  # the steps' titles, in PERSON_STEPS order
    rows: list[tuple[str, str, list[tuple[int, int]]]]  # sex, nationality, (people, done) a step


def person_steps_table(counts: list[PersonStepRow]) -> PersonStepsTable:
    codes = [code for code in PERSON_STEPS if any(r.code == code for r in counts)]
    steps = [next(r.step for r in counts if r.code == code) for code in codes]
    cells: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for r in counts:
        cells.setdefault((r.sex, r.nationality), {})[r.code] = (r.people, r.done)
    rows = [
        (sex, nationality, [cells[(sex, nationality)].get(code, (0, 0)) for code in codes])
        for sex, nationality in sorted(cells)
    ]
    return PersonStepsTable(steps=steps, rows=rows)

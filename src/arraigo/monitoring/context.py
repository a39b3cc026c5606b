"""The year's context figures beside the results framework: people whose integration plan
started in the period (relocated, or supported where they live) by sex, age group and
nationality; partner companies that hired; host cities; naturalisations and family
reunifications by person; feedback and complaints received and resolved (reports of sexual
exploitation and abuse stay out, as on every aggregate page). Counts only, each through
small_cells; a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.core.choices import Sex
from arraigo.feedback.models import FeedbackStatus
from arraigo.jobs.models import Placement
from arraigo.registry.choices import Modality
from arraigo.registry.models import Household, Person
from arraigo.registry.pseudonyms import AGE_GROUPS, age_group

from .selectors import feedback_counted
from .small_cells import count_cell

# A table row: (label, relocated, supported where they live), counts already published.
ContextRow = tuple[str, int | str, int | str]


@dataclass(frozen=True)
class Context:
    people: list[tuple[str, list[ContextRow]]]  # (title, rows): by sex, age group, nationality
    totals: ContextRow
    figures: list[tuple[str, int | str]]  # (label, count)


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _rows(counts: Counter[tuple[str, str]], keys: list[tuple[str, str]]) -> list[ContextRow]:
    return [
        (
            label,
            count_cell(counts[key, Modality.RELOCATION]),
            count_cell(counts[key, Modality.IN_PLACE]),
        )
        for key, label in keys
    ]


def _counted(people: QuerySet[Person], fact: str) -> Counter[tuple[Any, str]]:
    """How many of `people` have each (fact, modality): counted by the database, so a year
    of arrivals returns a few thousand rows (one per birth date at most), not every person."""
    rows = (
        people.values_list(fact, "household__modality")
        .annotate(n=Count("id"))
        .values_list(fact, "household__modality", "n")
    )
    keep = (lambda value: value) if fact == "date_of_birth" else str
    return Counter({(keep(value), modality): n for value, modality, n in rows})


def context_figures(date_from: dt.date, date_to: dt.date) -> Context:
    started = IntegrationPlan.objects.filter(started_on__range=(date_from, date_to)).order_by()
    households = Household.objects.filter(
        id__in=started.values("household_id"), merged_into__isnull=True
    ).order_by()
    people = Person.objects.filter(household__in=households).order_by()
    by_sex = _counted(people, "sex")
    by_nationality = _counted(people, "nationality")
    by_age: Counter[tuple[str, str]] = Counter()
    for (born, modality), n in _counted(people, "date_of_birth").items():
        by_age[age_group(_age(born, date_to)), modality] += n
    totals: Counter[str] = Counter()
    for (_sex, modality), n in by_sex.items():
        totals[modality] += n
    ages = [age_group(low) for low, _high in AGE_GROUPS]
    nationalities = sorted(
        {code for code, _m in by_nationality}, key=lambda code: str(countries.name(code))
    )
    received = feedback_counted().filter(received_at__date__range=(date_from, date_to))
    done = dict(
        Milestone.objects.filter(
            status=MilestoneStatus.DONE,
            done_on__range=(date_from, date_to),
            person__isnull=False,
            code__in=("naturalisation_certificate", "family_reunification"),
        )
        .order_by()
        .values("code")
        .annotate(people=Count("person_id", distinct=True))
        .values_list("code", "people")
    )
    figures = [
        (
            _("Partner companies that hired in the period"),
            Placement.objects.filter(hired_on__range=(date_from, date_to))
            .values("employer_id")
            .distinct()
            .count(),
        ),
        (
            _("Host cities with households that arrived in the period"),
            households.exclude(host_city=None).values("host_city_id").distinct().count(),
        ),
        (
            _("Naturalisations (people with their certificate)"),
            done.get("naturalisation_certificate", 0),
        ),
        (
            _("Family reunifications (people)"),
            done.get("family_reunification", 0),
        ),
        (_("Feedback and complaints received"), received.count()),
        (
            _("Feedback and complaints resolved"),
            received.filter(status__in=(FeedbackStatus.RESPONDED, FeedbackStatus.CLOSED)).count(),
        ),
    ]
    return Context(
        people=[
            (_("By sex"), _rows(by_sex, [(s.value, str(s.label)) for s in Sex])),
            (_("By age group (at the end of the period)"), _rows(by_age, [(a, a) for a in ages])),
            (
                _("By nationality"),
                _rows(by_nationality, [(c, str(countries.name(c)) or c) for c in nationalities]),
            ),
        ],
        totals=(
            _("All people"),
            count_cell(totals[Modality.RELOCATION]),
            count_cell(totals[Modality.IN_PLACE]),
        ),
        figures=[(label, count_cell(n)) for label, n in figures],
    )

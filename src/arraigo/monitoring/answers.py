"""Reads of the survey answers for the indicators: aggregate inputs, never shown row by row.

Callers check the permission (`monitoring.view_aggregates`, or a command's operator): these
return what the indicators need (household ids, member numbers, birth dates, answers), no
names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import Case, Min, QuerySet, When
from django.db.models import Value as Literal

from arraigo.casework.models import IntegrationPlan
from arraigo.registry.models import Household, Person, SpecificNeed

from .indicators import ROUNDS, AnswerRow, Value, indicators_compute
from .interchange import (
    date_cell,
    income_cell,
    protection_cell,
    relationship_cell,
    yes_no_cell,
)
from .models import FollowUpAnswer
from .programme import monitoring_rules

ANSWER_COLUMNS = ("date", "works", "formal", "income", "job_satisfied", "in_school", "bank_account")
ANSWER_FIELDS = (
    "household_id",
    "person__member_no",
    "round",
    "date",
    "person__date_of_birth",
    "works",
    "formal",
    "income",
    "job_satisfied",
    "in_school",
    "bank_account",
)


def _answers(
    date_from: dt.date, date_to: dt.date, household_ids: Iterable[int] | None
) -> QuerySet[FollowUpAnswer]:
    answers = FollowUpAnswer.objects.filter(date__gte=date_from, date__lte=date_to)
    if household_ids is not None:
        answers = answers.filter(household_id__in=list(household_ids))
    return answers.order_by()


def answer_rows(
    date_from: dt.date, date_to: dt.date, household_ids: Iterable[int] | None = None
) -> list[AnswerRow]:
    """Every member's answers in interviews dated from `date_from` to `date_to` (both
    included), optionally of some households only; keyed by household id."""
    rows = _answers(date_from, date_to, household_ids).values_list(*ANSWER_FIELDS)
    return [AnswerRow._make(row) for row in rows.iterator(chunk_size=20_000)]


def household_sizes(household_ids: Iterable[int]) -> dict[int | str, int]:
    """Each household's number of members (the rows of `arraigo export people`)."""
    wanted = set(household_ids)
    sizes: dict[int | str, int] = {}
    for start in range(0, len(ordered := sorted(wanted)), 20_000):
        chunk = ordered[start : start + 20_000]
        sizes.update(Household.objects.filter(id__in=chunk).values_list("id", "size"))
    return sizes


def indicator_values(
    date_from: dt.date, date_to: dt.date, household_ids: Iterable[int] | None = None
) -> list[Value]:
    """Every indicator for every round over the period (monitoring/indicators.py)."""
    rows = answer_rows(date_from, date_to, household_ids)
    answered = _answers(date_from, date_to, household_ids).values("household_id")
    sizes: dict[int | str, int] = dict(
        Household.objects.filter(id__in=answered).values_list("id", "size")
    )
    return indicators_compute(rows, sizes, monitoring_rules().measures)


def people_rows() -> Iterator[tuple[str, ...]]:
    """`arraigo export people`: one row per person of every household (PEOPLE_COLUMNS), by
    household code and member number. The arrival date is the start of the household's
    first integration plan (arrival in the host city, or the start of in-place support)."""
    arrivals = dict(
        IntegrationPlan.objects.order_by()
        .values("household_id")
        .annotate(first=Min("started_on"))
        .values_list("household_id", "first")
    )
    needs: dict[tuple[int, int | None], list[str]] = {}
    for household_id, person_id, code in SpecificNeed.objects.order_by().values_list(
        "household_id", "person_id", "code"
    ):
        needs.setdefault((household_id, person_id), []).append(code)
    people = (
        Person.objects.select_related("household__host_city")
        .order_by("household__code", "member_no")
        .only(
            *("member_no", "relationship", "sex", "date_of_birth", "nationality"),
            *("protection_status", "household__code", "household__modality"),
            "household__host_city__name",
        )
    )
    for person in people.iterator(chunk_size=5000):
        household = person.household
        own = needs.get((household.pk, person.pk), []) + needs.get((household.pk, None), [])
        city = household.host_city
        yield (
            household.code,
            str(person.member_no),
            relationship_cell(person.relationship),
            person.sex,
            person.date_of_birth.isoformat(),
            str(person.nationality),
            protection_cell(person.protection_status),
            household.modality,
            city.name if city is not None else "",
            date_cell(arrivals.get(household.pk)),
            ";".join(sorted(set(own))),
        )


def followup_export_rows() -> Iterator[tuple[str, ...]]:
    """`arraigo followups export`: every stored answer (FOLLOWUP_COLUMNS), by household
    code, member number and round."""
    order = Case(*(When(round=r, then=Literal(i)) for i, r in enumerate(ROUNDS)))
    answers = (
        FollowUpAnswer.objects.annotate(round_order=order)
        .order_by("household__code", "person__member_no", "round_order")
        .values_list("household__code", "person__member_no", "round", *ANSWER_COLUMNS)
    )
    for code, member, round_code, date, *values in answers.iterator(chunk_size=10_000):
        works, formal, income, satisfied, school, bank = values
        yield (
            code,
            str(member),
            round_code,
            date.isoformat(),
            yes_no_cell(works),
            yes_no_cell(formal),
            income_cell(income),
            yes_no_cell(satisfied),
            yes_no_cell(school),
            yes_no_cell(bank),
        )

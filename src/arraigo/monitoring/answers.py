"""Reads of the survey answers for the indicators: aggregate inputs, never shown row by row.

Callers check the permission (`monitoring.view_aggregates`, or a command's operator): these
return what the indicators need (household ids, member numbers, birth dates, answers), no
names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, Max, Min, Q, QuerySet, Sum, When
from django.db.models import Value as Literal

from arraigo.casework.models import IntegrationPlan
from arraigo.registry.models import Person, SpecificNeed

from .db_functions import FullYears
from .indicators import ROUNDS, Value, indicators_from
from .interchange import (
    date_cell,
    income_cell,
    protection_cell,
    relationship_cell,
    yes_no_cell,
)
from .member_rules import MEMBER_RULES, HouseholdRound, MemberRule
from .models import FollowUpAnswer
from .programme import monitoring_rules

ANSWER_COLUMNS = ("date", "works", "formal", "income", "job_satisfied", "in_school", "bank_account")


def _answers(
    date_from: dt.date, date_to: dt.date, household_ids: Iterable[int] | None
) -> QuerySet[FollowUpAnswer]:
    answers = FollowUpAnswer.objects.filter(date__gte=date_from, date__lte=date_to)
    if household_ids is not None:
        answers = answers.filter(household_id__in=list(household_ids))
    return answers.order_by()


def _condition(rule: MemberRule) -> Q:
    """The rule as a filter on answers annotated with the member's `age`: the answers first,
    so the database computes the age only for the rows they let through."""
    condition = Q()
    for field, wanted in rule.answers:
        condition &= Q(**{f"{field}__isnull": False} if wanted is None else {field: wanted})
    if rule.low > 0:
        condition &= Q(age__gte=rule.low)
    if rule.high is not None:
        condition &= Q(age__lte=rule.high)
    return condition


def household_rounds(
    date_from: dt.date, date_to: dt.date, household_ids: Iterable[int] | None = None
) -> list[HouseholdRound]:
    """The period's answers reduced by the database to one HouseholdRound per household and
    round (member_rules), in one query: a year of a million answers comes back as a few
    hundred thousand rows of counts."""
    counts = {rule.name: Count("id", filter=_condition(rule)) for rule in MEMBER_RULES}
    rows = (
        _answers(date_from, date_to, household_ids)
        .annotate(age=FullYears("person__date_of_birth", "date"))
        .values("household_id", "round")
        .annotate(
            **counts,
            total=Sum("income"),
            size=Max("household__size"),
            answered=Count("id"),  # a member answers a round once
        )
        .values_list("household_id", "round", *counts, "total", "size", "answered")
    )
    # Run as compiled, without Django's per-value converters: a year comes back as hundreds
    # of thousands of rows of a dozen integers, and converting each cost more than the query.
    sql, params = rows.query.sql_with_params()
    names = len(counts)
    reduced = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(20_000):
            reduced += [
                HouseholdRound(
                    household=row[0],
                    round=row[1],
                    counts=row[2 : 2 + names],
                    income=_money(row[2 + names]),
                    size=row[3 + names],
                    answered=row[4 + names],
                )
                for row in chunk
            ]
    return reduced


def _money(total: Decimal | float | int | None) -> Decimal:
    """A sum of incomes as the database returns it (SQLite: a float), to the cent, as
    Django's own converter would."""
    if total is None:
        return Decimal(0)
    return total if isinstance(total, Decimal) else round(Decimal(total), 2)


def indicator_values(
    date_from: dt.date, date_to: dt.date, household_ids: Iterable[int] | None = None
) -> list[Value]:
    """Every indicator for every round over the period (monitoring/indicators.py)."""
    rounds = household_rounds(date_from, date_to, household_ids)
    return indicators_from(rounds, monitoring_rules().measures)


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

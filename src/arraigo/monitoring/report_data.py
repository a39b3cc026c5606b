"""What the results report reads, in a fixed number of queries whatever the number of
households: the members' answers of the period, each household's size, and the facts the
report disaggregates by (the head's sex, age, nationality and protection status, the host
city, the modality, specific needs and the arrival date).

No name, no document and no case code leaves this module: households are known by their id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Min, QuerySet

from arraigo.casework.models import IntegrationPlan
from arraigo.registry.models import Household, Person, SpecificNeed

from .answers import answer_rows
from .indicators import AnswerRow
from .models import FollowUpAnswer


@dataclass(frozen=True)
class HouseholdFacts:
    """What a household is counted under: the head is member 1."""

    size: int
    modality: str
    city: str
    head_sex: str = ""
    head_born: dt.date | None = None
    nationality: str = ""
    protection: str = ""
    needs: frozenset[str] = field(default_factory=frozenset)
    arrival: dt.date | None = None  # the first integration plan's start


@dataclass(frozen=True)
class ReportData:
    rows: list[AnswerRow]
    facts: dict[int, HouseholdFacts]

    @property
    def sizes(self) -> dict[int | str, int]:
        return {household: facts.size for household, facts in self.facts.items()}


def answered_in(date_from: dt.date, date_to: dt.date) -> QuerySet[FollowUpAnswer]:
    return FollowUpAnswer.objects.filter(date__range=(date_from, date_to)).order_by()


def household_facts(household_ids: QuerySet | Sequence[int]) -> dict[int, HouseholdFacts]:
    """The facts of the households `household_ids` selects (a subquery keeps it to four
    queries however many there are)."""
    base = {
        pk: (size, modality, city or "")
        for pk, size, modality, city in Household.objects.filter(id__in=household_ids)
        .order_by()
        .values_list("id", "size", "modality", "host_city__name")
    }
    heads = {
        pk: (sex, born, str(nationality), protection or "")
        for pk, sex, born, nationality, protection in Person.objects.filter(
            household_id__in=household_ids, member_no=1
        )
        .order_by()
        .values_list("household_id", "sex", "date_of_birth", "nationality", "protection_status")
    }
    needs: dict[int, set[str]] = {}
    for pk, code in (
        SpecificNeed.objects.filter(household_id__in=household_ids)
        .order_by()
        .values_list("household_id", "code")
    ):
        needs.setdefault(pk, set()).add(code)
    arrivals = dict(
        IntegrationPlan.objects.filter(household_id__in=household_ids)
        .order_by()
        .values("household_id")
        .annotate(first=Min("started_on"))
        .values_list("household_id", "first")
    )
    facts = {}
    for pk, (size, modality, city) in base.items():
        sex, born, nationality, protection = heads.get(pk, ("", None, "", ""))
        facts[pk] = HouseholdFacts(
            size=size,
            modality=modality,
            city=city,
            head_sex=sex,
            head_born=born,
            nationality=nationality,
            protection=protection,
            needs=frozenset(needs.get(pk, ())),
            arrival=arrivals.get(pk),
        )
    return facts


def report_data(date_from: dt.date, date_to: dt.date) -> ReportData:
    """The period's answers (monitoring.answers, keyed by household id) and the facts of the
    households that gave them, sizes included (five queries). The report computes every
    table from these rows, so they are read once, not once per group."""
    rows = answer_rows(date_from, date_to)
    facts = household_facts(answered_in(date_from, date_to).values("household_id"))
    return ReportData(rows=rows, facts=facts)

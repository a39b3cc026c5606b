"""What the results report reads, in a fixed number of queries whatever the number of
households: the period's answers reduced by household and round (member_rules), and the
facts the report disaggregates by (the head's sex, age, nationality and protection status, the host
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

from .answers import household_rounds
from .member_rules import HouseholdRound
from .models import FollowUpAnswer


@dataclass(frozen=True)
class HouseholdFacts:
    """What a household is counted under: the head is member 1."""

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
    rounds: list[HouseholdRound]
    facts: dict[int, HouseholdFacts]

    @property
    def households(self) -> int:
        """How many households answered in the period."""
        return len({answered.household for answered in self.rounds})


def answered_in(date_from: dt.date, date_to: dt.date) -> QuerySet[FollowUpAnswer]:
    return FollowUpAnswer.objects.filter(date__range=(date_from, date_to)).order_by()


FACT_PARTS = frozenset({"head", "needs", "arrival"})
Ids = QuerySet | Sequence[int]


def _heads(household_ids: Ids) -> dict[int, tuple[str, dt.date, str, str]]:
    rows = (
        Person.objects.filter(household_id__in=household_ids, member_no=1)
        .order_by()
        .values_list("household_id", "sex", "date_of_birth", "nationality", "protection_status")
    )
    return {pk: (sex, born, str(country), status or "") for pk, sex, born, country, status in rows}


def _needs(household_ids: Ids) -> dict[int, set[str]]:
    needs: dict[int, set[str]] = {}
    rows = SpecificNeed.objects.filter(household_id__in=household_ids).order_by()
    for pk, code in rows.values_list("household_id", "code"):
        needs.setdefault(pk, set()).add(code)
    return needs


def _arrivals(household_ids: Ids) -> dict[int, dt.date]:
    return dict(
        IntegrationPlan.objects.filter(household_id__in=household_ids)
        .order_by()
        .values("household_id")
        .annotate(first=Min("started_on"))
        .values_list("household_id", "first")
    )


def household_facts(
    household_ids: Ids, parts: frozenset[str] = FACT_PARTS
) -> dict[int, HouseholdFacts]:
    """The facts of the households `household_ids` selects (a subquery keeps it to at most
    four queries however many there are): their own (modality, host city) and the
    `parts` asked for (the head's, specific needs, the arrival); the others stay empty."""
    base = (
        Household.objects.filter(id__in=household_ids)
        .order_by()
        .values_list("id", "modality", "host_city__name")
    )
    heads = _heads(household_ids) if "head" in parts else {}
    needs = _needs(household_ids) if "needs" in parts else {}
    arrivals = _arrivals(household_ids) if "arrival" in parts else {}
    facts = {}
    for pk, modality, city in base:
        sex, born, nationality, protection = heads.get(pk, ("", None, "", ""))
        facts[pk] = HouseholdFacts(
            modality=modality,
            city=city or "",
            head_sex=sex,
            head_born=born,
            nationality=nationality,
            protection=protection,
            needs=frozenset(needs.get(pk, ())),
            arrival=arrivals.get(pk),
        )
    return facts


def report_data(
    date_from: dt.date, date_to: dt.date, facts: frozenset[str] | None = FACT_PARTS
) -> ReportData:
    """The period's answers reduced by household and round (monitoring.answers) and the facts
    of the households that gave them (five queries). The report computes every table from
    these, so the answers are read once, not once per group. `facts`: the parts of the
    households' facts to read (household_facts); None reads none (no breakdown)."""
    rounds = household_rounds(date_from, date_to)
    if facts is None:
        return ReportData(rounds=rounds, facts={})
    answered = answered_in(date_from, date_to).values("household_id")
    return ReportData(rounds=rounds, facts=household_facts(answered, facts))

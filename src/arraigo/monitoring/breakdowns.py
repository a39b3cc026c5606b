"""The ways the results report splits households (the select on the page): each breakdown
gives the groups a household is counted in, in the order the report lists them.

A household with several specific needs is counted under each of them (and under "any
specific need"); every other breakdown puts a household in exactly one group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from arraigo.core.choices import Sex
from arraigo.registry.choices import Modality, NeedCode
from arraigo.registry.protection import protection_label, protection_statuses
from arraigo.registry.pseudonyms import AGE_GROUPS, age_group

from .report_data import HouseholdFacts

# A group: (sort key, label). Groups without the fact ("not recorded") sort last.
Group = tuple[tuple[int, str], str]
LAST = 9


@dataclass(frozen=True)
class Breakdown:
    code: str
    title: str | Promise
    groups: Callable[[HouseholdFacts, dt.date], list[Group]]
    overlaps: bool = False  # a household may be in several groups
    # the facts it reads beyond the household's own (report_data.FACT_PARTS)
    reads: frozenset[str] = frozenset()


def _choice(choices: type[models.TextChoices], value: str) -> Group:
    codes = list(choices.values)
    if value in codes:
        return (0, f"{codes.index(value):03d}"), str(choices(value).label)
    return (LAST, ""), _("Not recorded")


def _head_sex(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    return [_choice(Sex, facts.head_sex)]


def _head_age(facts: HouseholdFacts, day: dt.date) -> list[Group]:
    if facts.head_born is None:
        return [((LAST, ""), _("Not recorded"))]
    born = facts.head_born
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    label = age_group(age)
    order = [age_group(low) for low, _high in AGE_GROUPS].index(label)
    return [((0, f"{order:03d}"), label)]


def _nationality(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    name = str(countries.name(facts.nationality)) if facts.nationality else ""
    return [((0, name), name)] if name else [((LAST, ""), _("Not recorded"))]


def _protection(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    codes = [status.code for status in protection_statuses()]
    if facts.protection in codes:
        return [((0, f"{codes.index(facts.protection):03d}"), protection_label(facts.protection))]
    return [((LAST, facts.protection), protection_label(facts.protection))]


def _city(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    return [((0, facts.city), facts.city)] if facts.city else [((LAST, ""), _("No host city"))]


def _modality(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    return [_choice(Modality, facts.modality)]


def _needs(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    if not facts.needs:
        return [((LAST, ""), _("No specific need"))]
    # "Any specific need" first, then each need in the code list's order
    return [((0, ""), _("Any specific need"))] + [
        ((1, key[1]), label) for key, label in (_choice(NeedCode, c) for c in facts.needs)
    ]


def _month(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    if facts.arrival is None:
        return [((LAST, ""), _("Not arrived (no integration plan)"))]
    label = f"{facts.arrival:%Y-%m}"
    return [((0, label), label)]


def _quarter(facts: HouseholdFacts, _day: dt.date) -> list[Group]:
    if facts.arrival is None:
        return [((LAST, ""), _("Not arrived (no integration plan)"))]
    label = f"{facts.arrival.year}-T{(facts.arrival.month - 1) // 3 + 1}"
    return [((0, label), label)]


HEAD = frozenset({"head"})
ARRIVAL = frozenset({"arrival"})
BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("head_sex", gettext_lazy("Sex of the head of household"), _head_sex, reads=HEAD),
    Breakdown(
        "head_age", gettext_lazy("Age group of the head of household"), _head_age, reads=HEAD
    ),
    Breakdown(
        "nationality",
        gettext_lazy("Nationality of the head of household"),
        _nationality,
        reads=HEAD,
    ),
    Breakdown(
        "protection",
        gettext_lazy("Protection status of the head of household"),
        _protection,
        reads=HEAD,
    ),
    Breakdown("city", gettext_lazy("Host city"), _city),
    Breakdown("modality", gettext_lazy("Modality"), _modality),
    Breakdown(
        "needs", gettext_lazy("Specific needs"), _needs, overlaps=True, reads=frozenset({"needs"})
    ),
    Breakdown("cohort_month", gettext_lazy("Arrival cohort (month)"), _month, reads=ARRIVAL),
    Breakdown("cohort_quarter", gettext_lazy("Arrival cohort (quarter)"), _quarter, reads=ARRIVAL),
)


def breakdown(code: str) -> Breakdown | None:
    return next((b for b in BREAKDOWNS if b.code == code), None)


def breakdown_choices() -> list[tuple[str, str]]:
    return [(b.code, str(b.title)) for b in BREAKDOWNS]

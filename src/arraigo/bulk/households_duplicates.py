"""Likely duplicates of the people of a households file: someone of the same nationality
and birth date (or with day and month swapped) whose names are similar, already in the
registry or in another household of the same file. registry.duplicates' approach and scores
(its `name_similarity`, threshold ARRAIGO_DUPLICATE_THRESHOLD), with each name normalised
once: the file's people are grouped by nationality and birth date, and only people of a
group are compared.

They do not refuse the file (the registry does not refuse a registration for them either):
they are listed before anything is written, and stored as candidates for a coordinator to
review (registry.DuplicateCandidate) when the file is imported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from arraigo.accounts.models import User
from arraigo.core.numbers import percent
from arraigo.registry.duplicates import (
    REASON_SAME_DOB,
    REASON_SAME_NATIONALITY,
    REASON_SWAPPED_DOB,
    duplicate_threshold,
    normalise_name,
    swapped_day_month,
)
from arraigo.registry.models import Person
from arraigo.registry.selectors import households_visible_to

from .households_types import HouseholdIn, PersonIn
from .lookups import rows_in
from .report import Problem


@dataclass(frozen=True)
class Likely:
    """`person` (of the file) looks like `other_row` of the file or `other_id` in the registry."""

    person: PersonIn
    score: float
    reasons: tuple[str, ...]
    other_row: int | None = None
    other_id: int | None = None  # a registry person
    other_household: int | None = None


def _normalised(text: str) -> str:
    """registry.duplicates.normalise_name, with a shortcut that gives the same for ASCII."""
    if text.isascii():
        return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())
    return normalise_name(text)


def _names(first: str, last: str) -> tuple[str, str, str]:
    f, la = _normalised(first), _normalised(last)
    return f, la, f"{f} {la}"


def _score(a: tuple[str, str, str], b: tuple[str, str, str]) -> float:
    """registry.duplicates.name_similarity on names normalised already."""
    whole = fuzz.token_sort_ratio(a[2], b[2], processor=None)
    parts = (
        fuzz.token_sort_ratio(a[0], b[0], processor=None)
        + fuzz.token_sort_ratio(a[1], b[1], processor=None)
    ) / 2
    return round(max(whole, parts), 1)


def _keys(person: PersonIn) -> list[tuple[tuple[str, dt.date | None], str]]:
    born = person.date_of_birth
    assert born is not None
    keys: list[tuple[tuple[str, dt.date | None], str]] = [
        ((person.nationality, born), REASON_SAME_DOB)
    ]
    swapped = swapped_day_month(born)
    if swapped is not None:
        keys.append(((person.nationality, swapped), REASON_SWAPPED_DOB))
    return keys


class _Entry:
    """A person of the file in its (nationality, birth date) group; names normalised only
    when someone is compared with it (most people have nobody to be compared with)."""

    __slots__ = ("_names", "index", "person")

    def __init__(self, person: PersonIn, index: int) -> None:
        self.person = person
        self.index = index
        self._names: tuple[str, str, str] | None = None

    @property
    def names(self) -> tuple[str, str, str]:
        if self._names is None:
            self._names = _names(self.person.first_names, self.person.last_names)
        return self._names


Groups = dict[tuple[str, dt.date | None], list[_Entry]]


def likely_duplicates(households: list[HouseholdIn]) -> list[Likely]:
    """Pairs within the file (the later row is the one flagged) and against the registry."""
    limit = duplicate_threshold()
    group: Groups = defaultdict(list)
    found: list[Likely] = []
    for index, household in enumerate(households):
        for person in household.people:
            entry = _Entry(person, index)
            for key, reason in _keys(person):
                for other in group.get(key, ()):
                    if other.index == index:
                        continue
                    score = _score(entry.names, other.names)
                    if score >= limit:
                        found.append(
                            Likely(
                                person, score, _reasons(reason, score), other_row=other.person.row
                            )
                        )
            group[(person.nationality, person.date_of_birth)].append(entry)
    found += _against_registry(group, limit)
    return found


def _reasons(dob_reason: str, score: float) -> tuple[str, ...]:
    return (dob_reason, REASON_SAME_NATIONALITY, f"names {score:.0f}% similar")


def _against_registry(group: Groups, limit: float) -> list[Likely]:
    # a registry person born on a file person's birth date, or on it with day and month swapped
    days = {day for _nationality, day in group if day is not None}
    dates = sorted(days | {s for day in days if (s := swapped_day_month(day)) is not None})
    nationalities = sorted({nationality for nationality, _day in group})
    found: list[Likely] = []
    near = rows_in(
        Person.objects.filter(
            nationality__in=nationalities, household__merged_into__isnull=True
        ).order_by(),
        "date_of_birth",
        dates,
        ["id", "household_id", "first_names", "last_names", "date_of_birth", "nationality"],
    )
    for pk, household_id, first, last, born, nationality in near:
        names: tuple[str, str, str] | None = None
        for key, reason in (
            ((str(nationality), born), REASON_SAME_DOB),
            ((str(nationality), swapped_day_month(born)), REASON_SWAPPED_DOB),
        ):
            for entry in group.get(key, ()):
                person = entry.person
                names = names or _names(first, last)
                score = _score(entry.names, names)
                if score >= limit:
                    found.append(
                        Likely(
                            person,
                            score,
                            _reasons(reason, score),
                            other_id=pk,
                            other_household=household_id,
                        )
                    )
    return found


def duplicate_problems(found: list[Likely], actor: User) -> list[Problem]:
    """Each likely duplicate as a line of the report, naming a registry household only when
    the actor may see it."""
    visible = (
        dict(
            households_visible_to(actor)
            .filter(pk__in={f.other_household for f in found if f.other_household})
            .values_list("id", "code")
        )
        if any(f.other_household for f in found)
        else {}
    )
    lines = []
    for item in found:
        values = {"score": percent(item.score, 0)}
        if item.other_row is not None:
            message = _(
                "Looks like the person in row %(row)d: same nationality and birth date, names "
                "%(score)s similar."
            ) % {**values, "row": item.other_row}
        elif item.other_household in visible:
            message = _(
                "Looks like someone already registered in household %(code)s: same nationality "
                "and birth date, names %(score)s similar."
            ) % {**values, "code": visible[item.other_household]}
        else:
            message = (
                _(
                    "Looks like someone already registered in a household you cannot see: same "
                    "nationality and birth date, names %(score)s similar."
                )
                % values
            )
        lines.append(Problem(item.person.row, "first_names", message))
    return lines

"""Households built in memory before one bulk write: plain dataclasses, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any


@dataclass(slots=True)
class DocumentDraft:
    type_code: str
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@dataclass(slots=True)
class PersonDraft:
    first_names: str
    last_names: str
    sex: str
    date_of_birth: dt.date
    nationality: str
    relationship: str
    spanish_level: str = "none"
    education_level: str = "none"
    years_experience: int = 0
    willing_to_work: bool = False
    able_to_work: bool = False
    phone: str = ""
    protection_status: str = ""  # registry.protection code, set from the household's situation
    occupations: list[str] = field(default_factory=list)  # ISCO-08 codes
    skills: list[str] = field(default_factory=list)  # skill codes
    languages: list[tuple[str, str]] = field(default_factory=list)  # (ISO 639, level)
    documents: list[DocumentDraft] = field(default_factory=list)
    born_in_mexico: bool = False

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(slots=True)
class StepDraft:
    """One status change: from, to, when, by whom (a demo username or ""), why."""

    from_status: str
    to_status: str
    at: dt.datetime
    by: str = ""
    reason: str = ""
    decision: bool = False  # the reason cites the eligibility decision (its id once stored)


@dataclass(slots=True)
class HouseholdDraft:
    index: int
    nationality: str
    composition: str  # single_adult, single_headed, multi_adult
    modality: str
    office_code: str
    legal_status: str
    members: list[PersonDraft] = field(default_factory=list)
    code: str = ""
    registered_at: dt.datetime | None = None
    registered_by: str = ""
    status: str = "identified"
    host_city: str = ""  # city code
    eligibility: str = "pending"
    decision_results: list[dict[str, str]] = field(default_factory=list)
    decision_ruleset: str = ""
    decided_at: dt.datetime | None = None
    exception_approved_at: dt.datetime | None = None
    exception_reason: str = ""
    history: list[StepDraft] = field(default_factory=list)
    # (member index or None, need code, note)
    needs: list[tuple[int | None, str, str]] = field(default_factory=list)
    consents: dict[str, bool] = field(default_factory=dict)
    consent_at: dt.datetime | None = None
    # (city code, kind, rank or None)
    preferences: list[tuple[str, str, int | None]] = field(default_factory=list)
    stage: str = ""  # where the draw wanted the household; status may stop earlier

    @property
    def head(self) -> PersonDraft:
        return self.members[0]


# Drafts cross from the drafting process to the writer by the hundred thousand (drafting.py).
# As plain tuples and lists they pickle in half the time of the dataclasses, which matters on
# the drafting side: that process is the one the seed waits for.
Packed = list[Any]


def _fields_of(cls: type) -> tuple[attrgetter[Any], tuple[str, ...]]:
    names = tuple(f.name for f in fields(cls))
    return attrgetter(*names), names


_HOUSEHOLD, _HOUSEHOLD_FIELDS = _fields_of(HouseholdDraft)
_PERSON, _PERSON_FIELDS = _fields_of(PersonDraft)
_DOCUMENT, _ = _fields_of(DocumentDraft)
_STEP, _ = _fields_of(StepDraft)
_MEMBERS = _HOUSEHOLD_FIELDS.index("members")
_HISTORY = _HOUSEHOLD_FIELDS.index("history")
_DOCUMENTS = _PERSON_FIELDS.index("documents")


def drafts_packed(drafts: list[HouseholdDraft]) -> list[Packed]:
    """Each household as the list of its fields in order, its members, their documents and
    its steps likewise (drafts_unpacked makes the drafts again)."""
    packed = []
    for draft in drafts:
        household = list(_HOUSEHOLD(draft))
        members = []
        for member in draft.members:
            person = list(_PERSON(member))
            person[_DOCUMENTS] = [_DOCUMENT(d) for d in member.documents]
            members.append(person)
        household[_MEMBERS] = members
        household[_HISTORY] = [_STEP(step) for step in draft.history]
        packed.append(household)
    return packed


def drafts_unpacked(packed: list[Packed]) -> list[HouseholdDraft]:
    """The drafts drafts_packed was given (equal, field by field)."""
    drafts = []
    for household in packed:
        members = []
        for person in household[_MEMBERS]:
            person[_DOCUMENTS] = [DocumentDraft(*d) for d in person[_DOCUMENTS]]
            members.append(PersonDraft(*person))
        household[_MEMBERS] = members
        household[_HISTORY] = [StepDraft(*step) for step in household[_HISTORY]]
        drafts.append(HouseholdDraft(*household))
    return drafts

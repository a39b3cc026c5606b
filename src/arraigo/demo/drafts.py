"""Households built in memory before one bulk write: plain dataclasses, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class _Pickled:
    """Pickled as the arguments of its constructor, in field order: drafts cross from the
    drafting process to the writer by the hundred thousand (drafting.py), and the default
    pickling of a slotted dataclass costs several times more on both sides."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        fields: tuple[str, ...] = self.__slots__  # the dataclass's slots: its fields, in order
        return (type(self), tuple([getattr(self, name) for name in fields]))


@dataclass(slots=True)
class DocumentDraft(_Pickled):
    type_code: str
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@dataclass(slots=True)
class PersonDraft(_Pickled):
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
class StepDraft(_Pickled):
    """One status change: from, to, when, by whom (a demo username or ""), why."""

    from_status: str
    to_status: str
    at: dt.datetime
    by: str = ""
    reason: str = ""
    decision: bool = False  # the reason cites the eligibility decision (its id once stored)


@dataclass(slots=True)
class HouseholdDraft(_Pickled):
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

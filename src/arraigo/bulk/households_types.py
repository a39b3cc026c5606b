"""A households file's rows once checked: plain values the writer turns into rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from arraigo.registry.models import EligibilityOutcome


@dataclass(slots=True)
class DocumentIn:
    row: int
    column: str  # the number's column
    type_id: int
    type_code: str
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None


@dataclass(slots=True)
class PersonIn:
    row: int
    relationship: str
    first_names: str
    last_names: str
    sex: str
    date_of_birth: dt.date | None
    nationality: str
    spanish_level: str
    education_level: str
    protection_status: str
    years_experience: int
    willing_to_work: bool
    able_to_work: bool
    phone: str
    documents: list[DocumentIn] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)
    occupations: list[int] = field(default_factory=list)
    skills: list[int] = field(default_factory=list)


@dataclass(slots=True)
class HouseholdIn:
    ref: str
    row: int  # its first row
    office_id: int
    office_code: str
    modality: str
    host_city_id: int | None
    stage: str
    stage_date: dt.date
    registered_on: dt.date
    closure_reason: str
    consents: dict[str, bool]
    people: list[PersonIn] = field(default_factory=list)
    status: str = ""  # where it is written: the stage, or where eligibility puts it
    outcome: str = EligibilityOutcome.PENDING
    ruleset: str = ""
    results: list[dict[str, str]] = field(default_factory=list)

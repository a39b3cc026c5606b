"""Plain input types for the registry services (what a form, an import or the seed passes in)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentData:
    type_code: str
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class PersonData:
    first_names: str
    last_names: str
    sex: str
    date_of_birth: dt.date
    nationality: str  # ISO 3166-1 alpha-2
    relationship: str
    spanish_level: str = "none"
    education_level: str = "none"
    years_experience: int = 0
    willing_to_work: bool = False
    able_to_work: bool = False
    phone: str = ""
    protection_status: str = ""  # a code of registry.protection's list, as recorded
    occupation_codes: tuple[str, ...] = ()  # ISCO-08 unit groups
    skill_codes: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()  # (ISO 639 code, level), other than Spanish
    documents: tuple[DocumentData, ...] = field(default=())

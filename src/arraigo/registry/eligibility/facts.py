"""What the eligibility rules look at: plain frozen dataclasses, no database.

Build them from a household with `household_facts` (eligibility/records.py), or by hand (the
demo seed and the tests do): every field has a default, and documents may be given as plain
type codes.

None means "not recorded": the engine answers "missing" rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentFact:
    type_code: str
    expires_on: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return self.expires_on is None or self.expires_on >= day


@dataclass(frozen=True)
class MemberFacts:
    date_of_birth: dt.date | None = None
    willing_to_work: bool | None = None
    able_to_work: bool | None = None
    spanish_level: str | None = None  # a LanguageLevel value
    relationship: str = ""
    documents: tuple[DocumentFact, ...] = field(default=())

    def __post_init__(self) -> None:
        # Accept ("curp", "tvrh") as well as DocumentFact objects.
        docs = tuple(
            d if isinstance(d, DocumentFact) else DocumentFact(type_code=str(d))
            for d in self.documents
        )
        object.__setattr__(self, "documents", docs)

    def age_on(self, day: dt.date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def holds(self, codes: tuple[str, ...], day: dt.date) -> bool:
        """True if the member holds a document of one of `codes` that has not expired."""
        return any(d.type_code in codes and d.valid_on(day) for d in self.documents)


@dataclass(frozen=True)
class HouseholdFacts:
    members: tuple[MemberFacts, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(self.members))

    @property
    def documents_recorded(self) -> bool:
        """Whether any document (expired or not) is recorded for any member."""
        return any(m.documents for m in self.members)

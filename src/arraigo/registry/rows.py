"""Row builders: the values a new registry row gets, decided in one place.

Pure functions: no database reads or writes, no permission checks. Given typed values, a
`*_values` builder returns the new row's stored fields ({attname: value}) and its `*_row`
twin the unsaved model instance made of them. The registry services call the `*_row`
builders before saving one row; the demo seed calls the `*_values` builders and inserts the
rows in bulk. So a derived field (a household's size and head_name, stripped names, the
duplicate flag of a new household) is computed by one function whichever writer stores the
row, and tests/demo/test_writer_parity.py compares the two writers field by field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypedDict

from django.utils.translation import gettext as _

from arraigo.core.fieldkeys import lookup_hash
from arraigo.core.rows import row_builder
from arraigo.registry.choices import ConsentMethod
from arraigo.registry.folding import folded_name
from arraigo.registry.models import (
    CityPreference,
    Consent,
    EligibilityDecision,
    EligibilityOutcome,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Person,
    PersonLanguage,
    Relationship,
    SpecificNeed,
    StatusChange,
)

HEAD_NAME_MAX_LENGTH = 200
REASON_MAX_LENGTH = 300


class HouseholdSummary(TypedDict):
    size: int
    head_name: str


def household_summary(members: Iterable[tuple[str, str, str]]) -> HouseholdSummary:
    """The denormalised size and head_name (list pages read them) from each member's
    (relationship, first_names, last_names), as stored."""
    rows = list(members)
    head = next((m for m in rows if m[0] == Relationship.HEAD), None)
    return {
        "size": len(rows),
        "head_name": f"{head[1]} {head[2]}"[:HEAD_NAME_MAX_LENGTH] if head else "",
    }


def person_values(
    *,
    household_id: int | None,
    first_names: str,
    last_names: str,
    sex: str,
    date_of_birth: dt.date,
    nationality: str,
    relationship: str,
    spanish_level: str,
    education_level: str,
    protection_status: str,
    years_experience: int,
    willing_to_work: bool,
    able_to_work: bool,
    phone: str,
    member_no: int,
) -> dict[str, Any]:
    """A new member (`household_id` None while the household is not saved yet).
    Names are stored without surrounding spaces; nationality is an ISO 3166 code and phone
    an E.164 string or ""; `member_no` is the member's number in the household (1 for the
    head registered with it, never reused)."""
    first, last = first_names.strip(), last_names.strip()
    values: dict[str, Any] = {
        "member_no": member_no,
        "first_names": first,
        "last_names": last,
        "name_folded": folded_name(first, last),
        "sex": sex,
        "date_of_birth": date_of_birth,
        "nationality": nationality,
        "relationship": relationship,
        "spanish_level": spanish_level,
        "education_level": education_level,
        "protection_status": protection_status,
        "years_experience": years_experience,
        "willing_to_work": willing_to_work,
        "able_to_work": able_to_work,
        "phone": phone,
    }
    if household_id is not None:
        values["household_id"] = household_id
    return values


person_row = row_builder(Person, person_values)


def household_values(
    *,
    code: str,
    modality: str,
    origin_office_id: int,
    host_city_id: int | None,
    registered_by_id: int | None,
    registered_at: dt.datetime,
    members: Sequence[Mapping[str, Any]],
    status: str = HouseholdStatus.REGISTERED,
    eligibility: str = EligibilityOutcome.PENDING,
    exception_approved_by_id: int | None = None,
    exception_approved_at: dt.datetime | None = None,
    exception_reason: str = "",
) -> dict[str, Any]:
    """A new household with its summary taken from `members` (person_values rows).

    A new household has no duplicate candidates yet, so `has_open_duplicate` is False: only
    registry.duplicates (which stores the candidates) sets it, and the demo stores none.
    """
    summary = household_summary(
        (m["relationship"], m["first_names"], m["last_names"]) for m in members
    )
    return {
        "code": code,
        "modality": modality,
        "status": status,
        "origin_office_id": origin_office_id,
        "host_city_id": host_city_id,
        "eligibility": eligibility,
        "exception_approved_by_id": exception_approved_by_id,
        "exception_approved_at": exception_approved_at,
        "exception_reason": exception_reason,
        "has_open_duplicate": False,
        "merged_into_id": None,
        "registered_by_id": registered_by_id,
        "registered_at": registered_at,
        "size": summary["size"],
        "head_name": summary["head_name"],
        "last_member_no": max((m["member_no"] for m in members), default=0),
    }


def household_row(
    *,
    code: str,
    modality: str,
    origin_office_id: int,
    host_city_id: int | None,
    registered_by_id: int | None,
    registered_at: dt.datetime,
    members: Sequence[Person],
    status: str = HouseholdStatus.REGISTERED,
    eligibility: str = EligibilityOutcome.PENDING,
    exception_approved_by_id: int | None = None,
    exception_approved_at: dt.datetime | None = None,
    exception_reason: str = "",
) -> Household:
    """household_values as an unsaved Household, its members given as person_row rows."""
    return Household(
        **household_values(
            code=code,
            modality=modality,
            origin_office_id=origin_office_id,
            host_city_id=host_city_id,
            registered_by_id=registered_by_id,
            registered_at=registered_at,
            members=[_member_fields(m) for m in members],
            status=status,
            eligibility=eligibility,
            exception_approved_by_id=exception_approved_by_id,
            exception_approved_at=exception_approved_at,
            exception_reason=exception_reason,
        )
    )


def _member_fields(person: Person) -> dict[str, Any]:
    """The fields of a member that household_values reads."""
    return {
        "relationship": person.relationship,
        "first_names": person.first_names,
        "last_names": person.last_names,
        "member_no": person.member_no,
    }


def identity_document_values(
    *,
    person_id: int,
    document_type_id: int,
    number: str,
    issued_on: dt.date | None,
    expires_on: dt.date | None,
) -> dict[str, Any]:
    """A checked identity document; `number` as validated (normalised), with its keyed hash
    (the number is encrypted when written: the bulk writers' adapters do it)."""
    return {
        "person_id": person_id,
        "document_type_id": document_type_id,
        "number": number,
        "number_hash": lookup_hash(number),
        "issued_on": issued_on,
        "expires_on": expires_on,
    }


identity_document_row = row_builder(IdentityDocument, identity_document_values)


def person_language_values(*, person_id: int, language: str, level: str) -> dict[str, Any]:
    return {"person_id": person_id, "language": language, "level": level}


person_language_row = row_builder(PersonLanguage, person_language_values)


def status_change_values(
    *,
    household_id: int,
    from_status: str,
    to_status: str,
    changed_by_id: int | None,
    changed_at: dt.datetime,
    reason: str,
    closure_reason: str = "",
) -> dict[str, Any]:
    """One step of a household's history; the reason is cut to the column."""
    return {
        "household_id": household_id,
        "from_status": from_status,
        "to_status": to_status,
        "changed_by_id": changed_by_id,
        "changed_at": changed_at,
        "reason": reason[:REASON_MAX_LENGTH],
        "closure_reason": closure_reason,
    }


status_change_row = row_builder(StatusChange, status_change_values)


def household_code(office_code: str, year: int, number: int) -> str:
    """<OFFICE CODE>-<YYYY>-<NNNNN>: the household's code, numbered per office and year."""
    return f"{office_code.upper()}-{year}-{number:05d}"


def eligibility_decision_values(
    *,
    household_id: int,
    outcome: str,
    ruleset: str,
    results: list[dict[str, str]],
    decided_at: dt.datetime,
    decided_by_id: int | None,
) -> dict[str, Any]:
    """A decision of the eligibility engine: its outcome, rule set and the result
    of each rule (EligibilityResult.as_json())."""
    return {
        "household_id": household_id,
        "outcome": str(outcome),
        "ruleset": ruleset,
        "results": results,
        "decided_at": decided_at,
        "decided_by_id": decided_by_id,
    }


eligibility_decision_row = row_builder(EligibilityDecision, eligibility_decision_values)


def decision_reason(*, decision_id: int, ruleset: str, outcome: str) -> str:
    """The reason of the status change a decision causes (in the active language)."""
    return decision_reasons()(decision_id, ruleset, outcome)


def decision_reasons() -> Callable[[int, str, str], str]:
    """decision_reason for many decisions: the text and the outcomes' labels translated once
    (a writer of 100,000 decisions otherwise spends seconds looking them up)."""
    text = _("Eligibility decision %(id)s (%(ruleset)s): %(outcome)s.")
    labels = {value: str(label) for value, label in EligibilityOutcome.choices}

    def reason(decision_id: int, ruleset: str, outcome: str) -> str:
        return text % {"id": decision_id, "ruleset": ruleset, "outcome": labels[outcome]}

    return reason


def consent_values(
    *,
    household_id: int,
    purpose: str,
    given: bool,
    recorded_by_id: int | None,
    recorded_at: dt.datetime,
    given_on: dt.date | None,
    note: str = "",
    given_by_id: int | None = None,
    method: str = "",
    witness_name: str = "",
) -> dict[str, Any]:
    """One answer of the household for one purpose. A witness is named only for
    a verbal consent before a witness; text is stored stripped."""
    return {
        "household_id": household_id,
        "purpose": purpose,
        "given": bool(given),
        "recorded_by_id": recorded_by_id,
        "recorded_at": recorded_at,
        "note": note.strip(),
        "given_by_id": given_by_id,
        "method": method,
        "witness_name": witness_name.strip() if method == ConsentMethod.VERBAL_WITNESS else "",
        "given_on": given_on,
    }


consent_row = row_builder(Consent, consent_values)


def need_values(
    *,
    household_id: int,
    person_id: int | None,
    code: str,
    note: str,
    recorded_by_id: int | None,
    recorded_at: dt.datetime,
) -> dict[str, Any]:
    """A need of the household, or of one member (`person_id`); note stripped."""
    return {
        "household_id": household_id,
        "person_id": person_id,
        "code": code,
        "note": note.strip(),
        "recorded_by_id": recorded_by_id,
        "recorded_at": recorded_at,
    }


need_row = row_builder(SpecificNeed, need_values)


def preference_values(
    *, household_id: int, city_id: int, kind: str, rank: int | None, note: str = ""
) -> dict[str, Any]:
    """A household's preferred, excluded or family city; note stripped."""
    return {
        "household_id": household_id,
        "city_id": city_id,
        "kind": kind,
        "rank": rank,
        "note": note.strip(),
    }


preference_row = row_builder(CityPreference, preference_values)

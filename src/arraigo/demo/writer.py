"""Writing drafted households, table by table, in bulk (no per-household services).

The registry services validate, search duplicates and decide eligibility one household at a
time; the seed has done the equivalent in memory (valid identity numbers, the eligibility
engine), so here rows are only inserted (bulk.rows_insert). Nothing passes through model
signals, so the demo data is not in the audit trail: nobody changed it. Timestamps that
Django would fill with "now" take the household's own dates, so the data is the same on
every run.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from arraigo.accounts.models import User
from arraigo.codelists.models import Occupation, Skill
from arraigo.registry.models import (
    CityPreference,
    Consent,
    DocumentType,
    EligibilityDecision,
    Household,
    IdentityDocument,
    Person,
    PersonLanguage,
    SpecificNeed,
    StatusChange,
)

from .bulk import next_id, rows_insert
from .drafts import HouseholdDraft
from .households import decision_reason
from .journey import CLOSURE_REASONS
from .places import Places

_HOUSEHOLD = (
    "id",
    "code",
    "modality",
    "status",
    "origin_office_id",
    "host_city_id",
    "eligibility",
    "exception_approved_by_id",
    "exception_approved_at",
    "exception_reason",
    "has_open_duplicate",
    "merged_into_id",
    "registered_by_id",
    "registered_at",
    "updated_at",
    "size",
    "head_name",
)
_PERSON = (
    "id",
    "household_id",
    "first_names",
    "last_names",
    "sex",
    "date_of_birth",
    "nationality",
    "relationship",
    "spanish_level",
    "education_level",
    "years_experience",
    "willing_to_work",
    "able_to_work",
    "phone",
    "protection_status",
    "created_at",
    "updated_at",
)


# The demo's closure texts name their code (journey.CLOSURE_REASONS).
def _closure_code(reason: str) -> str:
    """The closure code whose text (in the language it was written in) is `reason`."""
    return next((code for code, text in CLOSURE_REASONS.items() if str(text) == reason), "")


def households_write(
    drafts: list[HouseholdDraft], places: Places, users: dict[str, User]
) -> Counter[str]:
    """Insert every row of `drafts`; returns how many rows of each kind were written."""
    user_ids = {name: user.pk for name, user in users.items()}
    first_household = next_id(Household)
    household_ids = range(first_household, first_household + len(drafts))
    counts: Counter[str] = Counter()
    counts["households"] = rows_insert(
        Household,
        _HOUSEHOLD,
        (
            _household(d, hid, places, user_ids)
            for d, hid in zip(drafts, household_ids, strict=True)
        ),
    )
    first_person = next_id(Person)
    person_ids: list[list[int]] = []
    rows = []
    for draft, hid in zip(drafts, household_ids, strict=True):
        ids = list(range(first_person, first_person + len(draft.members)))
        first_person += len(draft.members)
        person_ids.append(ids)
        for member, pid in zip(draft.members, ids, strict=True):
            rows.append(
                (
                    pid,
                    hid,
                    member.first_names,
                    member.last_names,
                    member.sex,
                    member.date_of_birth,
                    member.nationality,
                    member.relationship,
                    member.spanish_level,
                    member.education_level,
                    member.years_experience,
                    member.willing_to_work,
                    member.able_to_work,
                    member.phone,
                    member.protection_status,
                    draft.registered_at,
                    draft.registered_at,
                )
            )
    counts["people"] = rows_insert(Person, _PERSON, rows)
    counts.update(_person_details(drafts, person_ids))
    counts.update(_household_details(drafts, household_ids, person_ids, places, user_ids))
    return counts


def _household(
    draft: HouseholdDraft, hid: int, places: Places, user_ids: dict[str, int]
) -> tuple[Any, ...]:
    head = draft.head
    approved_by = user_ids.get("demo-coordinator") if draft.exception_approved_at else None
    last_change = draft.history[-1].at if draft.history else draft.registered_at
    return (
        hid,
        draft.code,
        draft.modality,
        draft.status,
        places.offices[draft.office_code].pk,
        places.cities[draft.host_city].pk if draft.host_city else None,
        draft.eligibility,
        approved_by,
        draft.exception_approved_at,
        draft.exception_reason,
        False,
        None,
        user_ids.get(draft.registered_by),
        draft.registered_at,
        last_change,
        len(draft.members),
        f"{head.first_names} {head.last_names}"[:200],
    )


def _person_details(drafts: list[HouseholdDraft], person_ids: list[list[int]]) -> Counter[str]:
    doc_types = dict(DocumentType.objects.values_list("code", "pk"))
    occupations = dict(Occupation.objects.values_list("isco_code", "pk"))
    skills = dict(Skill.objects.values_list("code", "pk"))
    documents, languages, jobs, abilities = [], [], [], []
    for draft, ids in zip(drafts, person_ids, strict=True):
        for member, pid in zip(draft.members, ids, strict=True):
            documents += [
                (
                    pid,
                    doc_types[d.type_code],
                    d.number,
                    d.issued_on,
                    d.expires_on,
                    draft.registered_at,
                )
                for d in member.documents
                if d.type_code in doc_types
            ]
            languages += [(pid, code, level) for code, level in member.languages]
            jobs += [(pid, occupations[c]) for c in member.occupations if c in occupations]
            abilities += [(pid, skills[c]) for c in member.skills if c in skills]
    return Counter(
        documents=rows_insert(
            IdentityDocument,
            ("person_id", "document_type_id", "number", "issued_on", "expires_on", "created_at"),
            documents,
        ),
        languages=rows_insert(PersonLanguage, ("person_id", "language", "level"), languages),
        occupations=rows_insert(Person.occupations.through, ("person_id", "occupation_id"), jobs),
        skills=rows_insert(Person.skills.through, ("person_id", "skill_id"), abilities),
    )


def _household_details(
    drafts: list[HouseholdDraft],
    household_ids: range,
    person_ids: list[list[int]],
    places: Places,
    user_ids: dict[str, int],
) -> Counter[str]:
    needs, consents, preferences, decisions, changes = [], [], [], [], []
    decision_id = next_id(EligibilityDecision)
    for draft, hid, ids in zip(drafts, household_ids, person_ids, strict=True):
        by = user_ids.get(draft.registered_by)
        needs += [
            (
                hid,
                ids[m] if m is not None else None,
                code,
                note,
                by,
                draft.consent_at or draft.registered_at,
            )
            for m, code, note in draft.needs
        ]
        consents += [
            (hid, purpose, given, by, draft.consent_at, "")
            for purpose, given in draft.consents.items()
        ]
        preferences += [
            (hid, places.cities[city].pk, kind, rank, "") for city, kind, rank in draft.preferences
        ]
        this_decision = None
        if draft.decided_at is not None:
            this_decision = decision_id
            decision_id += 1
            decisions.append(
                (
                    this_decision,
                    hid,
                    draft.eligibility,
                    draft.decision_ruleset,
                    draft.decision_results,
                    draft.decided_at,
                    by,
                )
            )
        changes += [
            (
                hid,
                step.from_status,
                step.to_status,
                user_ids.get(step.by),
                step.at,
                _reason(step.reason, step.decision, this_decision, draft),
                _closure_code(step.reason) if step.to_status == "closed" else "",
            )
            for step in draft.history
        ]
    return Counter(
        needs=rows_insert(
            SpecificNeed,
            ("household_id", "person_id", "code", "note", "recorded_by_id", "recorded_at"),
            needs,
        ),
        consents=rows_insert(
            Consent,
            ("household_id", "purpose", "given", "recorded_by_id", "recorded_at", "note"),
            consents,
        ),
        preferences=rows_insert(
            CityPreference, ("household_id", "city_id", "kind", "rank", "note"), preferences
        ),
        decisions=rows_insert(
            EligibilityDecision,
            ("id", "household_id", "outcome", "ruleset", "results", "decided_at", "decided_by_id"),
            decisions,
        ),
        status_changes=rows_insert(
            StatusChange,
            (
                "household_id",
                "from_status",
                "to_status",
                "changed_by_id",
                "changed_at",
                "reason",
                "closure_reason",
            ),
            changes,
        ),
    )


def _reason(text: str, cites_decision: bool, decision_id: int | None, draft: HouseholdDraft) -> str:
    if cites_decision and decision_id is not None:
        return decision_reason(decision_id, draft.decision_ruleset, draft.eligibility)
    return text[:300]

"""Writing drafted households, table by table, in bulk (no per-household services).

The registry services validate, search duplicates and decide eligibility one household at a
time; the seed has done the equivalent in memory (valid identity numbers, the eligibility
engine), so here rows are only inserted (bulk.objects_insert). Each row is built by the
registry's row builders (registry.rows), the functions the services build their rows with,
so derived fields (size, head_name, stripped names, the duplicate flag) are computed once for
both writers (tests/demo/test_writer_parity.py); only the occupation and skill link tables go
in as plain pairs. Nothing passes through model signals, so the demo data is not in the audit
trail: nobody changed it. Timestamps that Django would fill with "now" take the household's
own dates, so the data is the same on every run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

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
from arraigo.registry.rows import (
    consent_row,
    decision_reason,
    eligibility_decision_row,
    household_row,
    identity_document_row,
    need_row,
    person_language_row,
    person_row,
    preference_row,
    status_change_row,
)

from .bulk import next_id, objects_insert, rows_insert
from .drafts import DocumentDraft, HouseholdDraft, PersonDraft
from .journey import CLOSURE_REASONS
from .places import Places


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
    people = [
        [_person(member, hid, draft, number) for number, member in enumerate(draft.members, 1)]
        for draft, hid in zip(drafts, household_ids, strict=True)
    ]
    households = [
        _household(draft, members, places, user_ids)
        for draft, members in zip(drafts, people, strict=True)
    ]
    counts: Counter[str] = Counter()
    counts["households"] = len(objects_insert(Household, households))
    assert [h.pk for h in households] == list(household_ids)
    counts["people"] = len(objects_insert(Person, [p for members in people for p in members]))
    person_ids = [[p.pk for p in members] for members in people]
    counts.update(_person_details(drafts, person_ids))
    counts.update(_household_details(drafts, household_ids, person_ids, places, user_ids))
    return counts


def _person(member: PersonDraft, hid: int, draft: HouseholdDraft, member_no: int) -> Person:
    person = person_row(
        household_id=hid,
        first_names=member.first_names,
        last_names=member.last_names,
        sex=member.sex,
        date_of_birth=member.date_of_birth,
        nationality=member.nationality,
        relationship=member.relationship,
        spanish_level=member.spanish_level,
        education_level=member.education_level,
        protection_status=member.protection_status,
        years_experience=member.years_experience,
        willing_to_work=member.willing_to_work,
        able_to_work=member.able_to_work,
        phone=member.phone,
        member_no=member_no,
    )
    person.created_at = person.updated_at = _registered_at(draft)
    return person


def _registered_at(draft: HouseholdDraft) -> dt.datetime:
    assert draft.registered_at is not None  # HouseholdMaker dates every household
    return draft.registered_at


def _household(
    draft: HouseholdDraft, members: list[Person], places: Places, user_ids: dict[str, int]
) -> Household:
    assert draft.registered_at is not None
    household = household_row(
        code=draft.code,
        modality=draft.modality,
        origin_office_id=places.offices[draft.office_code].pk,
        host_city_id=places.cities[draft.host_city].pk if draft.host_city else None,
        registered_by_id=user_ids.get(draft.registered_by),
        registered_at=draft.registered_at,
        members=members,
        status=draft.status,
        eligibility=draft.eligibility,
        exception_approved_by_id=(
            user_ids.get("demo-coordinator") if draft.exception_approved_at else None
        ),
        exception_approved_at=draft.exception_approved_at,
        exception_reason=draft.exception_reason,
    )
    household.updated_at = draft.history[-1].at if draft.history else draft.registered_at
    return household


def _person_details(drafts: list[HouseholdDraft], person_ids: list[list[int]]) -> Counter[str]:
    doc_types = dict(DocumentType.objects.values_list("code", "pk"))
    occupations = dict(Occupation.objects.values_list("isco_code", "pk"))
    skills = dict(Skill.objects.values_list("code", "pk"))
    documents: list[IdentityDocument] = []
    languages: list[PersonLanguage] = []
    jobs: list[tuple[int, int]] = []
    abilities: list[tuple[int, int]] = []
    for draft, ids in zip(drafts, person_ids, strict=True):
        for member, pid in zip(draft.members, ids, strict=True):
            documents += [
                _document(pid, doc_types[d.type_code], d, draft)
                for d in member.documents
                if d.type_code in doc_types
            ]
            languages += [
                person_language_row(person_id=pid, language=code, level=level)
                for code, level in member.languages
            ]
            jobs += [(pid, occupations[c]) for c in member.occupations if c in occupations]
            abilities += [(pid, skills[c]) for c in member.skills if c in skills]
    return Counter(
        documents=len(objects_insert(IdentityDocument, documents)),
        languages=len(objects_insert(PersonLanguage, languages)),
        occupations=rows_insert(Person.occupations.through, ("person_id", "occupation_id"), jobs),
        skills=rows_insert(Person.skills.through, ("person_id", "skill_id"), abilities),
    )


def _document(
    pid: int, type_id: int, doc: DocumentDraft, draft: HouseholdDraft
) -> IdentityDocument:
    document = identity_document_row(
        person_id=pid,
        document_type_id=type_id,
        number=doc.number,
        issued_on=doc.issued_on,
        expires_on=doc.expires_on,
    )
    document.created_at = _registered_at(draft)
    return document


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
            need_row(
                household_id=hid,
                person_id=ids[m] if m is not None else None,
                code=code,
                note=note,
                recorded_by_id=by,
                recorded_at=draft.consent_at or _registered_at(draft),
            )
            for m, code, note in draft.needs
        ]
        # Who answered, how and on which day (given_on) stay empty, like consents recorded
        # before the consent form asked for them.
        consents += [
            consent_row(
                household_id=hid,
                purpose=purpose,
                given=given,
                recorded_by_id=by,
                recorded_at=draft.consent_at or _registered_at(draft),
                given_on=None,
            )
            for purpose, given in draft.consents.items()
        ]
        preferences += [
            preference_row(household_id=hid, city_id=places.cities[city].pk, kind=kind, rank=rank)
            for city, kind, rank in draft.preferences
        ]
        this_decision = None
        if draft.decided_at is not None:
            this_decision = decision_id
            decision_id += 1
            decisions.append(
                eligibility_decision_row(
                    household_id=hid,
                    outcome=draft.eligibility,
                    ruleset=draft.decision_ruleset,
                    results=draft.decision_results,
                    decided_at=draft.decided_at,
                    decided_by_id=by,
                )
            )
        changes += [
            status_change_row(
                household_id=hid,
                from_status=step.from_status,
                to_status=step.to_status,
                changed_by_id=user_ids.get(step.by),
                changed_at=step.at,
                reason=_reason(step.reason, step.decision, this_decision, draft),
                closure_reason=_closure_code(step.reason) if step.to_status == "closed" else "",
            )
            for step in draft.history
        ]
    return Counter(
        needs=len(objects_insert(SpecificNeed, needs)),
        consents=len(objects_insert(Consent, consents)),
        preferences=len(objects_insert(CityPreference, preferences)),
        decisions=_decisions_insert(decisions, decision_id - len(decisions)),
        status_changes=len(objects_insert(StatusChange, changes)),
    )


def _decisions_insert(decisions: list[EligibilityDecision], first_id: int) -> int:
    """Insert the decisions with the ids the status changes' reasons cite."""
    objects_insert(EligibilityDecision, decisions)
    assert [d.pk for d in decisions] == list(range(first_id, first_id + len(decisions)))
    return len(decisions)


def _reason(text: str, cites_decision: bool, decision_id: int | None, draft: HouseholdDraft) -> str:
    if cites_decision and decision_id is not None:
        return decision_reason(
            decision_id=decision_id, ruleset=draft.decision_ruleset, outcome=draft.eligibility
        )
    return text

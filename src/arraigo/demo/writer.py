"""Writing drafted households, table by table, in bulk (no per-household services).

The registry services validate, search duplicates and decide eligibility one household at a
time; the seed has done the equivalent in memory (valid identity numbers, the eligibility
engine), so here rows are only inserted (bulk.values_insert). Each row's values come from the
registry's row builders (registry.rows, the `*_values` twins of the `*_row` builders the
services use), so derived fields (size, head_name, stripped names, the duplicate flag) are
computed once for both writers (tests/demo/test_writer_parity.py); only the occupation and
skill link tables go in as plain pairs. Nothing passes through model signals, so the demo
data is not in the audit trail: nobody changed it. Timestamps that Django would fill with
"now" take the household's own dates, so the data is the same on every run.

Households come in chunks as they are drafted (drafting.py): each chunk's households, members
and their details go in at once, with keys numbered in drafting order. A household's code is
numbered in order of registration over all of them (households.codes_assign), so the rows
first hold a provisional code ("~" and the key), replaced once every household is drafted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import models

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
    consent_values,
    decision_reason,
    eligibility_decision_values,
    household_values,
    identity_document_values,
    need_values,
    person_language_values,
    person_values,
    preference_values,
    status_change_values,
)

from .bulk import next_id, rows_insert, rows_update, values_insert
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
    """Insert every row of `drafts` (numbered: codes_assign); returns how many rows of each
    kind were written."""
    writer = HouseholdWriter(places, users)
    writer.write(drafts)
    return writer.finish()


Values = dict[str, Any]
# The tables whose keys the writer numbers itself (the occupation and skill links are
# numbered by the database).
NUMBERED = (
    Household,
    Person,
    IdentityDocument,
    PersonLanguage,
    SpecificNeed,
    Consent,
    CityPreference,
    EligibilityDecision,
    StatusChange,
)


# Every table the writer inserts into.
TABLES = (*NUMBERED, Person.occupations.through, Person.skills.through)


class HouseholdWriter:
    """Writes drafted households chunk by chunk (`write`), then their codes (`finish`)."""

    def __init__(self, places: Places, users: dict[str, User]) -> None:
        self.places = places
        self.user_ids = {name: user.pk for name, user in users.items()}
        self.doc_types = dict(DocumentType.objects.values_list("code", "pk"))
        self.occupations = dict(Occupation.objects.values_list("isco_code", "pk"))
        self.skills = dict(Skill.objects.values_list("code", "pk"))
        self.next_ids: dict[type[models.Model], int] = {m: next_id(m) for m in NUMBERED}
        self.first_household = self.next_ids[Household]
        self.drafts: list[HouseholdDraft] = []
        self.counts: Counter[str] = Counter()

    def write(self, drafts: list[HouseholdDraft]) -> None:
        """Insert `drafts` (under a provisional code), their members and everything recorded
        about them."""
        household_ids = range(self.next_ids[Household], self.next_ids[Household] + len(drafts))
        people = [
            [_person(member, hid, draft, number) for number, member in enumerate(draft.members, 1)]
            for draft, hid in zip(drafts, household_ids, strict=True)
        ]
        households = [
            _household(draft, hid, members, self.places, self.user_ids)
            for draft, hid, members in zip(drafts, household_ids, people, strict=True)
        ]
        self.counts["households"] += self._insert(Household, households)
        first_person = self.next_ids[Person]
        self.counts["people"] += self._insert(Person, [p for members in people for p in members])
        person_ids: list[list[int]] = []
        for members in people:
            person_ids.append(list(range(first_person, first_person + len(members))))
            first_person += len(members)
        self.counts.update(self._person_details(drafts, person_ids))
        self.counts.update(self._household_details(drafts, household_ids, person_ids))
        self.drafts += drafts

    def finish(self) -> Counter[str]:
        """Give every household written its code (drafts numbered by codes_assign); returns how
        many rows of each kind were written."""
        assert all(draft.code for draft in self.drafts), "households are numbered first"
        rows_update(
            Household,
            ("code",),
            ((draft.code, hid) for hid, draft in enumerate(self.drafts, self.first_household)),
        )
        return self.counts

    def _insert(self, model: type[models.Model], rows: list[Values]) -> int:
        """Insert `rows` with the next keys of `model`'s table, in order."""
        first = self.next_ids[model]
        self.next_ids[model] += len(rows)
        return values_insert(model, rows, first_id=first)

    def _person_details(
        self, drafts: list[HouseholdDraft], person_ids: list[list[int]]
    ) -> Counter[str]:
        documents: list[Values] = []
        languages: list[Values] = []
        jobs: list[tuple[int, int]] = []
        abilities: list[tuple[int, int]] = []
        doc_types, occupations, skills = self.doc_types, self.occupations, self.skills
        for draft, ids in zip(drafts, person_ids, strict=True):
            for member, pid in zip(draft.members, ids, strict=True):
                documents += [
                    _document(pid, doc_types[d.type_code], d, draft)
                    for d in member.documents
                    if d.type_code in doc_types
                ]
                languages += [
                    person_language_values(person_id=pid, language=code, level=level)
                    for code, level in member.languages
                ]
                jobs += [(pid, occupations[c]) for c in member.occupations if c in occupations]
                abilities += [(pid, skills[c]) for c in member.skills if c in skills]
        return Counter(
            documents=self._insert(IdentityDocument, documents),
            languages=self._insert(PersonLanguage, languages),
            occupations=rows_insert(
                Person.occupations.through, ("person_id", "occupation_id"), jobs
            ),
            skills=rows_insert(Person.skills.through, ("person_id", "skill_id"), abilities),
        )

    def _household_details(
        self, drafts: list[HouseholdDraft], household_ids: range, person_ids: list[list[int]]
    ) -> Counter[str]:
        needs: list[Values] = []
        consents: list[Values] = []
        preferences: list[Values] = []
        decisions: list[Values] = []
        changes: list[Values] = []
        cities, user_ids = self.places.cities, self.user_ids
        decision_id = self.next_ids[EligibilityDecision]
        for draft, hid, ids in zip(drafts, household_ids, person_ids, strict=True):
            by = user_ids.get(draft.registered_by)
            recorded_at = draft.consent_at or _registered_at(draft)
            needs += [
                need_values(
                    household_id=hid,
                    person_id=ids[m] if m is not None else None,
                    code=code,
                    note=note,
                    recorded_by_id=by,
                    recorded_at=recorded_at,
                )
                for m, code, note in draft.needs
            ]
            # Who answered, how and on which day (given_on) stay empty, like consents
            # recorded before the consent form asked for them.
            consents += [
                consent_values(
                    household_id=hid,
                    purpose=purpose,
                    given=given,
                    recorded_by_id=by,
                    recorded_at=recorded_at,
                    given_on=None,
                )
                for purpose, given in draft.consents.items()
            ]
            preferences += [
                preference_values(household_id=hid, city_id=cities[city].pk, kind=kind, rank=rank)
                for city, kind, rank in draft.preferences
            ]
            this_decision = None
            if draft.decided_at is not None:
                this_decision = decision_id
                decision_id += 1
                decisions.append(
                    eligibility_decision_values(
                        household_id=hid,
                        outcome=draft.eligibility,
                        ruleset=draft.decision_ruleset,
                        results=draft.decision_results,
                        decided_at=draft.decided_at,
                        decided_by_id=by,
                    )
                )
            changes += [
                status_change_values(
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
        # The status changes' reasons cite the decisions by the keys numbered here.
        assert decision_id == self.next_ids[EligibilityDecision] + len(decisions)
        return Counter(
            needs=self._insert(SpecificNeed, needs),
            consents=self._insert(Consent, consents),
            preferences=self._insert(CityPreference, preferences),
            decisions=self._insert(EligibilityDecision, decisions),
            status_changes=self._insert(StatusChange, changes),
        )


def _person(member: PersonDraft, hid: int, draft: HouseholdDraft, member_no: int) -> Values:
    person = person_values(
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
    person["created_at"] = person["updated_at"] = _registered_at(draft)
    return person


def _registered_at(draft: HouseholdDraft) -> dt.datetime:
    assert draft.registered_at is not None  # HouseholdMaker dates every household
    return draft.registered_at


def _household(
    draft: HouseholdDraft, hid: int, members: list[Values], places: Places, user_ids: dict[str, int]
) -> Values:
    assert draft.registered_at is not None
    household = household_values(
        code=f"~{hid}",  # provisional, unique: HouseholdWriter.finish gives the real one
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
    household["updated_at"] = draft.history[-1].at if draft.history else draft.registered_at
    return household


def _document(pid: int, type_id: int, doc: DocumentDraft, draft: HouseholdDraft) -> Values:
    document = identity_document_values(
        person_id=pid,
        document_type_id=type_id,
        number=doc.number,
        issued_on=doc.issued_on,
        expires_on=doc.expires_on,
    )
    document["created_at"] = _registered_at(draft)
    return document


def _reason(text: str, cites_decision: bool, decision_id: int | None, draft: HouseholdDraft) -> str:
    if cites_decision and decision_id is not None:
        return decision_reason(
            decision_id=decision_id, ruleset=draft.decision_ruleset, outcome=draft.eligibility
        )
    return text

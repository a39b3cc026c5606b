"""Writing checked households in bulk: keys taken up front, codes numbered per office and
year after the registry's last, every row built by the registry's row builders
(registry.rows, as the registration service and the demo seed build theirs), then inserted
table by table (insert.py). Runs inside the import's transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.places.models import Office
from arraigo.registry.models import (
    Consent,
    DuplicateCandidate,
    DuplicateStatus,
    EligibilityDecision,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Person,
    PersonLanguage,
    SpecificNeed,
    StatusChange,
)
from arraigo.registry.rows import (
    consent_values,
    decision_reasons,
    eligibility_decision_values,
    household_code,
    household_values,
    identity_document_values,
    need_values,
    person_language_values,
    person_values,
    status_change_values,
)

from .households_duplicates import Likely
from .households_types import HouseholdIn
from .insert import dicts_insert, ids_take, rows_insert
from .models import HouseholdRef

REGISTERED_AT = dt.time(9, 0)
STAGE_AT = dt.time(12, 0)
Values = dict[str, Any]


def _moment(day: dt.date, at: dt.time, today: dt.date, now: dt.datetime) -> dt.datetime:
    """A date of the file as a moment: now for today, else that day at `at`, local time."""
    if day == today:
        return now
    return timezone.make_aware(dt.datetime.combine(day, at))


def _codes(households: list[HouseholdIn], registered: list[dt.datetime]) -> list[str]:
    """<OFFICE>-<YYYY>-<NNNNN> in order of registration, after each office's and year's last
    code (the offices' rows are locked, as the registration service locks its office)."""
    offices = sorted({h.office_id for h in households})
    list(Office.objects.select_for_update().filter(pk__in=offices).order_by("pk").values_list("pk"))
    last: dict[tuple[str, int], int] = {}
    for key in {
        (h.office_code.upper(), at.year) for h, at in zip(households, registered, strict=True)
    }:
        prefix = f"{key[0]}-{key[1]}-"
        code = (
            Household.objects.filter(code__startswith=prefix)
            .order_by(Length("code").desc(), "-code")
            .values_list("code", flat=True)
            .first()
        )
        last[key] = int(code.rsplit("-", 1)[1]) if code else 0
    order = sorted(range(len(households)), key=lambda i: (registered[i], i))
    codes = [""] * len(households)
    for i in order:
        key = (households[i].office_code.upper(), registered[i].year)
        last[key] += 1
        codes[i] = household_code(households[i].office_code, key[1], last[key])
    return codes


def households_write(
    households: list[HouseholdIn], likely: list[Likely], *, actor: User, job_id: int
) -> dict[str, int]:
    """Insert every household with its people, documents, needs, languages, occupations,
    skills, consents, eligibility decision and history; store the likely duplicates as
    candidates; remember each household's reference. Returns the rows written by kind."""
    now = timezone.now()
    today = timezone.localdate()
    registered = [_moment(h.registered_on, REGISTERED_AT, today, now) for h in households]
    codes = _codes(households, registered)
    household_ids = ids_take(Household, len(households))
    people = [p for h in households for p in h.people]
    person_ids = ids_take(Person, len(people))
    person_of = {id(p): pk for p, pk in zip(people, person_ids, strict=True)}
    flagged = {id(item.person) for item in likely}
    counts: Counter[str] = Counter()

    person_rows: list[Values] = []
    household_rows: list[Values] = []
    for household, hid, code, at in zip(households, household_ids, codes, registered, strict=True):
        members = []
        for number, person in enumerate(household.people, 1):
            row = person_values(
                household_id=hid,
                first_names=person.first_names,
                last_names=person.last_names,
                sex=person.sex,
                date_of_birth=person.date_of_birth,  # type: ignore[arg-type]
                nationality=person.nationality,
                relationship=person.relationship,
                spanish_level=person.spanish_level,
                education_level=person.education_level,
                protection_status=person.protection_status,
                years_experience=person.years_experience,
                willing_to_work=person.willing_to_work,
                able_to_work=person.able_to_work,
                phone=person.phone,
                member_no=number,
            )
            row["created_at"] = row["updated_at"] = now
            members.append(row)
        row = household_values(
            code=code,
            modality=household.modality,
            origin_office_id=household.office_id,
            host_city_id=household.host_city_id,
            registered_by_id=actor.pk,
            registered_at=at,
            members=members,
            status=household.status,
            eligibility=household.outcome,
        )
        row["has_open_duplicate"] = any(id(p) in flagged for p in household.people)
        row["updated_at"] = now
        household_rows.append(row)
        person_rows += members
    counts["households"] = dicts_insert(Household, household_ids, household_rows)
    counts["people"] = dicts_insert(Person, person_ids, person_rows)
    del household_rows, person_rows
    counts.update(_person_details(households, household_ids, person_of, actor, now))
    counts.update(
        _household_details(households, household_ids, registered, actor, now, today, job_id)
    )
    row_person = {p.row: pk for p, pk in zip(people, person_ids, strict=True)}
    counts["duplicate_candidates"] = _candidates(likely, row_person, now)
    counts["references"] = rows_insert(
        HouseholdRef,
        ["ref", "household_id", "job_id"],
        ((h.ref, hid, job_id) for h, hid in zip(households, household_ids, strict=True)),
    )
    return dict(counts)


def _person_details(
    households: list[HouseholdIn],
    household_ids: list[int],
    person_of: dict[int, int],
    actor: User,
    now: dt.datetime,
) -> Counter[str]:
    needs: list[Values] = []
    languages: list[Values] = []
    occupations: list[tuple[int, int]] = []
    skills: list[tuple[int, int]] = []
    for household, hid in zip(households, household_ids, strict=True):
        for person in household.people:
            pid = person_of[id(person)]
            needs += [
                need_values(
                    household_id=hid,
                    person_id=pid,
                    code=code,
                    note="",
                    recorded_by_id=actor.pk,
                    recorded_at=now,
                )
                for code in person.needs
            ]
            languages += [
                person_language_values(person_id=pid, language=code, level=level)
                for code, level in person.languages
            ]
            occupations += [(pid, o) for o in person.occupations]
            skills += [(pid, s) for s in person.skills]
    return Counter(
        needs=dicts_insert(SpecificNeed, None, needs),
        documents=_documents_insert(households, person_of, now),
        languages=dicts_insert(PersonLanguage, None, languages),
        occupations=rows_insert(
            Person.occupations.through, ["person_id", "occupation_id"], occupations
        ),
        skills=rows_insert(Person.skills.through, ["person_id", "skill_id"], skills),
    )


def _documents_insert(
    households: list[HouseholdIn], person_of: dict[int, int], now: dt.datetime
) -> int:
    """The documents, each row built as COPY sends the ones before it (the server indexes
    them meanwhile): the largest table, built while it goes in rather than before."""

    def rows() -> Iterator[Values]:
        for household in households:
            for person in household.people:
                pid = person_of[id(person)]
                for document in person.documents:
                    row = identity_document_values(
                        person_id=pid,
                        document_type_id=document.type_id,
                        number=document.number,
                        issued_on=document.issued_on,
                        expires_on=document.expires_on,
                    )
                    row["created_at"] = now
                    yield row

    return dicts_insert(IdentityDocument, None, rows())


def _household_details(
    households: list[HouseholdIn],
    household_ids: list[int],
    registered: list[dt.datetime],
    actor: User,
    now: dt.datetime,
    today: dt.date,
    job_id: int,
) -> Counter[str]:
    decision_ids = ids_take(EligibilityDecision, len(households))
    decisions: list[Values] = []
    changes: list[Values] = []
    consents: list[Values] = []
    registered_reason = _("Registered by import %(n)s.") % {"n": job_id}
    stage_reason = _("Imported at this stage by import %(n)s.") % {"n": job_id}
    reason_of = decision_reasons()
    for household, hid, did, at in zip(
        households, household_ids, decision_ids, registered, strict=True
    ):
        decisions.append(
            eligibility_decision_values(
                household_id=hid,
                outcome=household.outcome,
                ruleset=household.ruleset,
                results=household.results,
                decided_at=now,
                decided_by_id=actor.pk,
            )
        )
        first = (
            HouseholdStatus.IDENTIFIED
            if household.status == HouseholdStatus.IDENTIFIED
            else HouseholdStatus.REGISTERED
        )
        changes.append(
            status_change_values(
                household_id=hid,
                from_status="",
                to_status=first,
                changed_by_id=actor.pk,
                changed_at=at,
                reason=registered_reason,
            )
        )
        if household.status != first:
            stated = household.stage not in (HouseholdStatus.REGISTERED,)
            when = _moment(household.stage_date, STAGE_AT, today, now) if stated else now
            decided = household.status in (HouseholdStatus.ELIGIBLE, HouseholdStatus.NOT_ELIGIBLE)
            changes.append(
                status_change_values(
                    household_id=hid,
                    from_status=first,
                    to_status=household.status,
                    changed_by_id=actor.pk,
                    changed_at=max(when, at),
                    reason=reason_of(did, household.ruleset, household.outcome)
                    if decided
                    else stage_reason,
                    closure_reason=household.closure_reason,
                )
            )
        consents += [
            consent_values(
                household_id=hid,
                purpose=purpose,
                given=given,
                recorded_by_id=actor.pk,
                recorded_at=now,
                given_on=None,
            )
            for purpose, given in household.consents.items()
        ]
    return Counter(
        decisions=dicts_insert(EligibilityDecision, decision_ids, decisions),
        status_changes=dicts_insert(StatusChange, None, changes),
        consents=dicts_insert(Consent, None, consents),
    )


def _candidates(likely: list[Likely], row_person: dict[int, int], now: dt.datetime) -> int:
    """The likely duplicates as open candidates (a pair once, whichever way round)."""
    rows = []
    seen: set[tuple[int, int]] = set()
    for item in likely:
        person = row_person[item.person.row]
        other = item.other_id if item.other_id is not None else row_person[item.other_row or 0]
        pair = (person, other)
        if pair in seen or (other, person) in seen:
            continue
        seen.add(pair)
        rows.append(
            {
                "person_id": person,
                "other_id": other,
                "score": item.score,
                "reasons": list(item.reasons),
                "status": DuplicateStatus.OPEN,
                "found_at": now,
                "resolved_by_id": None,
                "resolved_at": None,
                "resolution_note": "",
            }
        )
    return dicts_insert(DuplicateCandidate, None, rows)

"""Likely duplicates: find them when a household is registered, list them, merge or dismiss.

Identical document numbers are refused outright by the registration service and a unique
constraint. This module catches the rest: the same person registered again under a slightly
different spelling, or with day and month of birth swapped.

Detection narrows in SQL first (same nationality and a date of birth equal to the member's,
or to the member's with day and month swapped), then scores names with rapidfuzz on the few
rows left. Nothing here loads every person.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz import fuzz

from arraigo.accounts import scope
from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.numbers import percent

from .models import (
    DuplicateCandidate,
    DuplicateStatus,
    Household,
    HouseholdStatus,
    Person,
    StatusChange,
)

DEFAULT_THRESHOLD = 85.0
RESOLVE_PERMISSION = "registry.resolve_duplicate"

# Stored in English on the candidate; `reason_text` writes them in the reader's language.
REASON_SAME_DOB = gettext_noop("same date of birth")
REASON_SWAPPED_DOB = gettext_noop("day and month of birth swapped")
REASON_SAME_NATIONALITY = gettext_noop("same nationality")
_NAMES_SIMILAR = re.compile(r"^names (\d+(?:\.\d+)?)% similar$")


def reason_text(reason: str) -> str:
    """A stored reason in the active language, its percentage written through the locale."""
    match = _NAMES_SIMILAR.match(reason)
    if match is not None:
        return _("names %(score)s similar") % {"score": percent(float(match.group(1)), 0)}
    return _(reason) if reason else reason


def duplicate_threshold() -> float:
    """Lowest name similarity (0-100) kept as a candidate: ARRAIGO_DUPLICATE_THRESHOLD."""
    return float(getattr(settings, "ARRAIGO_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD))


# --- name similarity -------------------------------------------------------------------------


def normalise_name(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain.casefold())
    return " ".join(cleaned.split())


def name_similarity(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    """0-100: the better of whole-name and part-by-part similarity, word order ignored.

    Whole names catch first and last names typed into each other's fields; part by part
    catches a small typo in a long name that would be diluted in the whole.
    """
    fa, la, fb, lb = (normalise_name(s) for s in (first_a, last_a, first_b, last_b))
    whole = fuzz.token_sort_ratio(f"{fa} {la}", f"{fb} {lb}")
    parts = (fuzz.token_sort_ratio(fa, fb) + fuzz.token_sort_ratio(la, lb)) / 2
    return round(max(whole, parts), 1)


def swapped_day_month(day: dt.date) -> dt.date | None:
    """The date with day and month exchanged, when that is a different valid date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


# --- detection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    person: Person
    other: Person
    score: float
    reasons: list[str]


def _likely_matches(household: Household, members: list[Person], threshold: float) -> list[_Match]:
    """One query for every member: people elsewhere with a matching nationality and birth date."""
    keys = Q()
    wanted: dict[tuple[str, dt.date], list[tuple[Person, str]]] = {}
    for member in members:
        nationality = str(member.nationality)
        dates = [(member.date_of_birth, REASON_SAME_DOB)]
        swapped = swapped_day_month(member.date_of_birth)
        if swapped is not None:
            dates.append((swapped, REASON_SWAPPED_DOB))
        keys |= Q(nationality=nationality, date_of_birth__in=[d for d, _r in dates])
        for day, reason in dates:
            wanted.setdefault((nationality, day), []).append((member, reason))
    if not wanted:
        return []
    near = (
        Person.objects.filter(keys)
        .exclude(household_id=household.pk)
        .filter(household__merged_into__isnull=True)
        .order_by()
        .only("id", "household_id", "first_names", "last_names", "date_of_birth", "nationality")
    )
    matches = []
    for other in near:
        for member, dob_reason in wanted.get((str(other.nationality), other.date_of_birth), []):
            score = name_similarity(
                member.first_names, member.last_names, other.first_names, other.last_names
            )
            if score >= threshold:
                reasons = [dob_reason, REASON_SAME_NATIONALITY, f"names {score:.0f}% similar"]
                matches.append(_Match(member, other, score, reasons))
    return matches


def _refresh_open_flag(household: Household) -> None:
    """has_open_duplicate follows the open candidates found for this household's members."""
    flag = DuplicateCandidate.objects.filter(
        person__household=household, status=DuplicateStatus.OPEN
    ).exists()
    if household.has_open_duplicate != flag:
        household.has_open_duplicate = flag
        household.save(update_fields=["has_open_duplicate"])


@transaction.atomic
def duplicates_detect(
    *, household: Household, threshold: float | None = None
) -> list[DuplicateCandidate]:
    """Store a candidate for each member who looks like someone in another household.

    A pair already on record, in either direction and whatever its status, is not recorded
    again (a dismissed pair stays dismissed). Returns the household's open candidates from this
    run, best score first, and sets `has_open_duplicate` on the household when there are any.
    """
    limit = duplicate_threshold() if threshold is None else threshold
    members = list(
        household.members.only(
            "id", "household_id", "first_names", "last_names", "date_of_birth", "nationality"
        )
    )
    matches = _likely_matches(household, members, limit)
    found: list[DuplicateCandidate] = []
    if matches:
        member_ids = {m.person.pk for m in matches}
        other_ids = {m.other.pk for m in matches}
        existing = {
            pair: candidate
            for candidate in DuplicateCandidate.objects.filter(
                Q(person_id__in=member_ids, other_id__in=other_ids)
                | Q(person_id__in=other_ids, other_id__in=member_ids)
            )
            for pair in (
                (candidate.person_id, candidate.other_id),
                (candidate.other_id, candidate.person_id),
            )
        }
        now = timezone.now()
        new = []
        for match in matches:
            known = existing.get((match.person.pk, match.other.pk))
            if known is not None:
                if known.status == DuplicateStatus.OPEN and known.person_id == match.person.pk:
                    found.append(known)
                continue
            new.append(
                DuplicateCandidate(
                    person=match.person,
                    other=match.other,
                    score=match.score,
                    reasons=match.reasons,
                    found_at=now,
                )
            )
        for candidate in new:
            candidate.save()
        found.extend(new)
    _refresh_open_flag(household)
    return sorted(found, key=lambda c: (-c.score, c.pk))


# --- selectors -------------------------------------------------------------------------------


def _may_review(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(RESOLVE_PERMISSION))


def _with_both_people(qs: QuerySet[DuplicateCandidate]) -> QuerySet[DuplicateCandidate]:
    return qs.select_related(
        "person__household__origin_office",
        "other__household__origin_office",
        "resolved_by",
    )


def duplicates_visible_to(user: User) -> QuerySet[DuplicateCandidate]:
    """Every candidate for coordinators (who resolve them); nothing for anyone else. A pair may
    join households of two offices: only a reviewer who reaches every household sees them."""
    qs = DuplicateCandidate.objects.all()
    if not _may_review(user) or not scope.reaches_all(user, scope.Kind.HOUSEHOLDS):
        return qs.none()
    return qs


def duplicate_candidates_for(user: User, household: Household) -> QuerySet[DuplicateCandidate]:
    """Candidates involving a member of `household`, on either side, best first."""
    qs = duplicates_visible_to(user).filter(
        Q(person__household=household) | Q(other__household=household)
    )
    return _with_both_people(qs).order_by("-score", "-id")


def duplicates_open_list(
    user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[DuplicateCandidate]:
    """Candidates ranked by score. filters: status (default open; "" for all), office (id)."""
    filters = filters or {}
    qs = duplicates_visible_to(user)
    status = filters.get("status", DuplicateStatus.OPEN)
    if status:
        qs = qs.filter(status=status)
    office = filters.get("office")
    if office:
        qs = qs.filter(
            Q(person__household__origin_office=office) | Q(other__household__origin_office=office)
        )
    return _with_both_people(qs).order_by("-score", "-found_at", "-id")


def duplicate_get_for(user: User, pk: int) -> DuplicateCandidate:
    try:
        return _with_both_people(duplicates_visible_to(user)).get(pk=pk)
    except DuplicateCandidate.DoesNotExist as exc:
        raise Http404("No such duplicate candidate.") from exc


# --- resolution ------------------------------------------------------------------------------


def _check_resolvable(actor: User, candidate: DuplicateCandidate, note: str) -> str:
    if not _may_review(actor):
        raise NotPermitted(_("Only a programme coordinator can resolve duplicates."))
    if candidate.status != DuplicateStatus.OPEN:
        raise ValidationFailed({None: [_("This possible duplicate has already been resolved.")]})
    note = note.strip()
    if not note:
        raise ValidationFailed({"note": [_("Write a note saying why.")]})
    if len(note) > 300:
        raise ValidationFailed({"note": [_("Keep the note under 300 characters.")]})
    return note


def _lock(candidate: DuplicateCandidate) -> DuplicateCandidate:
    """The candidate re-read under a row lock, so two coordinators cannot both resolve it."""
    return (
        DuplicateCandidate.objects.select_for_update()
        .select_related("person__household", "other__household")
        .get(pk=candidate.pk)
    )


def _record_resolution(
    candidate: DuplicateCandidate, *, actor: User, status: str, note: str
) -> None:
    candidate.status = status
    candidate.resolved_by = actor
    candidate.resolved_at = timezone.now()
    candidate.resolution_note = note
    candidate.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])


@transaction.atomic
def duplicate_merge(
    *, actor: User, candidate: DuplicateCandidate, keep: str = "other", note: str
) -> Household:
    """Merge the two households of a candidate pair; returns the household kept.

    keep="other" keeps the household registered first (the other person's) and merges the
    new one into it; keep="person" does the reverse. The merged-away household is closed and
    points to the kept one; nobody is moved between households.
    """
    if keep not in {"other", "person"}:
        raise ValidationFailed({"keep": [_("Choose which household to keep.")]})
    note = _check_resolvable(actor, candidate, note)
    locked = _lock(candidate)
    note = _check_resolvable(actor, locked, note)
    kept = locked.other.household if keep == "other" else locked.person.household
    merged = locked.person.household if keep == "other" else locked.other.household
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise ValidationFailed({None: [_("One of these households was already merged.")]})

    now = timezone.now()
    StatusChange.objects.create(
        household=merged,
        from_status=merged.status,
        to_status=HouseholdStatus.CLOSED,
        changed_by=actor,
        changed_at=now,
        reason=f"merged into {kept.code}",
    )
    merged.merged_into = kept
    merged.status = HouseholdStatus.CLOSED
    merged.has_open_duplicate = False
    merged.save(update_fields=["merged_into", "status", "has_open_duplicate", "updated_at"])
    _record_resolution(locked, actor=actor, status=DuplicateStatus.MERGED, note=note)
    _refresh_open_flag(kept)
    audit_event(
        actor=actor,
        obj=merged,
        event="duplicate_merge",
        details={"candidate": locked.pk, "kept": kept.code, "merged": merged.code},
    )
    candidate.refresh_from_db()
    return kept


@transaction.atomic
def duplicate_dismiss(
    *, actor: User, candidate: DuplicateCandidate, note: str
) -> DuplicateCandidate:
    """Record that the pair are different people; the household's flag follows what is left."""
    note = _check_resolvable(actor, candidate, note)
    locked = _lock(candidate)
    note = _check_resolvable(actor, locked, note)
    _record_resolution(locked, actor=actor, status=DuplicateStatus.NOT_DUPLICATE, note=note)
    household = locked.person.household
    _refresh_open_flag(household)
    audit_event(
        actor=actor, obj=household, event="duplicate_dismiss", details={"candidate": locked.pk}
    )
    candidate.refresh_from_db()
    return candidate

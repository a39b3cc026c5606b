"""Reviewing a proposal (approve or override) and recording the household's answer.

Accepting reserves the city's capacity and the vacancy seats in one transaction. Row locks
are always taken in the same order (Capacity rows of the city by id, then Vacancy rows by id,
then the household) so that concurrent accepts queue instead of deadlocking or overbooking.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.jobs.models import Vacancy, VacancyStatus
from arraigo.places.models import Capacity, City
from arraigo.registry.consent import consent_current
from arraigo.registry.models import CityPreference, Household, HouseholdStatus, PreferenceKind
from arraigo.registry.selectors import households_visible_to
from arraigo.registry.services.transitions import household_transition

from ..adapter import DIMENSIONS, household_sizes
from ..models import Proposal, ProposalStatus

REVIEWABLE = {ProposalStatus.PROPOSED}
ANSWERABLE = {ProposalStatus.APPROVED, ProposalStatus.OVERRIDDEN}
NOTE_MAX = 300


def _check(actor: User, proposal: Proposal) -> Proposal:
    """The actor may review proposals and sees the household; returns the locked proposal."""
    if not (actor.is_active and actor.has_perm("matching.change_proposal")):
        raise NotPermitted()
    if not households_visible_to(actor).filter(pk=proposal.household_id).exists():
        raise NotPermitted()
    return Proposal.objects.select_for_update().select_related("run").get(pk=proposal.pk)


def _state_error(locked: Proposal) -> InvalidTransition:
    return InvalidTransition(
        _("This proposal is %(status)s: that step is no longer possible.")
        % {"status": locked.get_status_display().lower()}
    )


def _sync(proposal: Proposal, locked: Proposal) -> Proposal:
    proposal.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def proposal_approve(*, actor: User, proposal: Proposal) -> Proposal:
    """The caseworker agrees with the proposed city: the household is now proposed to it."""
    locked = _check(actor, proposal)
    if locked.status not in REVIEWABLE:
        raise _state_error(locked)
    household_transition(
        actor=actor, household=locked.household, to_status=HouseholdStatus.PROPOSED
    )
    locked.status = ProposalStatus.APPROVED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return _sync(proposal, locked)


@transaction.atomic
def proposal_override(
    *, actor: User, proposal: Proposal, city: City | None, reason: str
) -> Proposal:
    """The caseworker offers another city instead, with a reason on record."""
    locked = _check(actor, proposal)
    if locked.status not in REVIEWABLE:
        raise _state_error(locked)
    errors: dict[str | None, list[str]] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = [_("Give a reason for the override.")]
    elif len(reason) > NOTE_MAX:
        errors["reason"] = [_("At most %(max)d characters.") % {"max": NOTE_MAX}]
    if city is None:
        errors["city"] = [_("Choose the city to offer.")]
    elif city.pk == locked.city_id:
        errors["city"] = [_("That is the proposed city: approve the proposal instead.")]
    elif not _compatible(locked, city):
        errors["city"] = [
            _(
                "The household cannot go to %(city)s: excluded by the household or no capacity "
                "it needs in the period."
            )
            % {"city": city.name}
        ]
    if errors:
        raise ValidationFailed(errors)
    household_transition(
        actor=actor, household=locked.household, to_status=HouseholdStatus.PROPOSED, reason=reason
    )
    locked.status = ProposalStatus.OVERRIDDEN
    locked.override_city = city
    locked.override_reason = reason
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.save(
        update_fields=["status", "override_city", "override_reason", "reviewed_by", "reviewed_at"]
    )
    # The jobs were chosen for the proposed city; other cities' vacancies are not offered.
    locked.jobs.exclude(vacancy__city=city).delete()
    return _sync(proposal, locked)


def _needs(household: Household, day: dt.date) -> dict[str, int]:
    """What the household takes of each capacity dimension (as the run's adapter counts)."""
    members = list(household.members.all())
    codes = list(household.needs.values_list("code", flat=True))
    sizes, _workers = household_sizes(members, codes, day)
    return dict(zip(DIMENSIONS, sizes, strict=True))


def _compatible(proposal: Proposal, city: City) -> bool:
    """Not excluded by the household, a host city with capacity rows in the run's period, and
    specialised places there if the household needs them."""
    household = proposal.household
    if CityPreference.objects.filter(
        household=household, city=city, kind=PreferenceKind.EXCLUDED
    ).exists():
        return False
    run = proposal.run
    room = dict(
        Capacity.objects.filter(
            city=city, period_start=run.period_start, period_end=run.period_end
        ).values_list("dimension", "amount")
    )
    if not room:
        return False
    needs = _needs(household, run.period_start)
    return all(room.get(dim, 0) >= n for dim, n in needs.items() if n)


@transaction.atomic
def proposal_accept(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """The household accepts the offer: capacity and seats are reserved, or nothing is."""
    locked = _check(actor, proposal)
    if locked.status not in ANSWERABLE:
        raise _state_error(locked)
    household = locked.household
    if consent_current(household).get("relocation") is not True:
        raise ValidationFailed(
            {
                None: [
                    _(
                        "The household has not consented to relocation: record its consent "
                        "before accepting an offer."
                    )
                ]
            }
        )
    city = locked.offered_city
    run = locked.run
    needs = _needs(household, run.period_start)
    capacities = list(
        Capacity.objects.select_for_update()
        .filter(city=city, period_start=run.period_start, period_end=run.period_end)
        .order_by("id")
    )
    job_rows = list(locked.jobs.all())
    vacancies = list(
        Vacancy.objects.select_for_update()
        .filter(pk__in=sorted({j.vacancy_id for j in job_rows}))
        .order_by("id")
    )
    have = {c.dimension: c for c in capacities}
    for dim, n in needs.items():
        row = have.get(dim)
        if n and (row is None or row.amount - row.reserved < n):
            raise ValidationFailed(
                {
                    None: [
                        _(
                            "%(city)s has no %(dimension)s left for this household in the "
                            "period: nothing was reserved."
                        )
                        % {"city": city.name, "dimension": _dimension_label(dim)}
                    ]
                }
            )
    wanted: dict[int, int] = {}
    for job in job_rows:
        wanted[job.vacancy_id] = wanted.get(job.vacancy_id, 0) + 1
    for vacancy in vacancies:
        if (
            vacancy.status != VacancyStatus.OPEN
            or vacancy.seats - vacancy.seats_reserved < wanted[vacancy.pk]
        ):
            raise ValidationFailed(
                {
                    None: [
                        _("The vacancy %(title)s has no seats left: nothing was reserved.")
                        % {"title": vacancy.title}
                    ]
                }
            )
    for dim, n in needs.items():
        if n:
            Capacity.objects.filter(pk=have[dim].pk).update(reserved=F("reserved") + n)
    for vacancy in vacancies:
        Vacancy.objects.filter(pk=vacancy.pk).update(
            seats_reserved=F("seats_reserved") + wanted[vacancy.pk]
        )
    moved = household_transition(
        actor=actor, household=household, to_status=HouseholdStatus.OFFER_ACCEPTED
    )
    moved.host_city = city
    moved.save(update_fields=["host_city", "updated_at"])
    locked.status = ProposalStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()[:NOTE_MAX]
    locked.save(update_fields=["status", "decided_at", "decision_note"])
    return _sync(proposal, locked)


def _dimension_label(dim: str) -> str:
    from arraigo.places.models import CapacityDimension

    return str(CapacityDimension(dim).label).lower()


@transaction.atomic
def proposal_decline(*, actor: User, proposal: Proposal, note: str) -> Proposal:
    """The household declines the offer; it can go back to matching later."""
    locked = _check(actor, proposal)
    if locked.status not in ANSWERABLE:
        raise _state_error(locked)
    if len(note.strip()) > NOTE_MAX:
        raise ValidationFailed({"note": [_("At most %(max)d characters.") % {"max": NOTE_MAX}]})
    household_transition(
        actor=actor, household=locked.household, to_status=HouseholdStatus.OFFER_DECLINED
    )
    locked.status = ProposalStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_at", "decision_note"])
    return _sync(proposal, locked)

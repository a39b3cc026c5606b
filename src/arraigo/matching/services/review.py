"""Reviewing a proposal (approve or override) and recording the household's answer.

Accepting reserves the city's capacity and the vacancy seats in one transaction. Row locks
are always taken in the same order (Capacity rows of the city by id, then Vacancy rows by id,
then the household) so that concurrent accepts queue instead of deadlocking or overbooking.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.jobs.models import Vacancy, VacancyStatus
from arraigo.places.models import Capacity, City
from arraigo.registry.consent import consent_current
from arraigo.registry.models import HouseholdStatus
from arraigo.registry.selectors import households_visible_to
from arraigo.registry.services.transitions import household_transition

from ..compatibility import host_capacity_rows
from ..jobs import jobs_in_city
from ..models import Proposal, ProposalJob, ProposalStatus
from ..refusals import refusal
from ..selectors import household_city_fit, household_needs

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
    return locked


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
    else:
        fit = household_city_fit(locked.household, locked.run, city)
        if not fit.has_room:
            errors["city"] = [refusal(fit, city.name)]
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
    # The jobs were chosen for the proposed city: propose them again for the city offered.
    assert city is not None
    locked.jobs.all().delete()
    ProposalJob.objects.bulk_create(
        ProposalJob(proposal=locked, person_id=job.person, vacancy_id=job.vacancy, fit=job.fit)
        for job in jobs_in_city(
            household=locked.household, city_id=city.pk, day=locked.run.period_start
        )
    )
    return locked


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
    capacities = list(
        host_capacity_rows(run.period_start, run.period_end, [city.pk])
        .select_for_update(of=("self",))
        .order_by("id")
    )
    job_rows = list(locked.jobs.all())
    vacancies = list(
        Vacancy.objects.select_for_update()
        .filter(pk__in=sorted({j.vacancy_id for j in job_rows}))
        .order_by("id")
    )
    have = {c.dimension: c for c in capacities}
    fit = household_city_fit(
        household, run, city, {c.dimension: (c.amount, c.reserved) for c in capacities} or None
    )
    if not fit.has_room:
        raise ValidationFailed({None: [refusal(fit, city.name) + " " + _("Nothing was reserved.")]})
    needs = household_needs(household, run.period_start)
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
    return locked


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
    return locked

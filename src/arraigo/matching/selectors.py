"""Reads on matching runs and proposals, scoped to the asking user.

Runs are visible to whoever holds matching.view_matchingrun; a proposal only to users who
see its household (registry.selectors.households_visible_to). Out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.core.figures import kept
from arraigo.jobs.models import Vacancy
from arraigo.monitoring.models import FollowUpAnswer, Round
from arraigo.places.models import City
from arraigo.registry.models import CityPreference, Household, PreferenceKind

from .adapter import DIMENSIONS, household_sizes
from .compatibility import CityFit, city_fit, host_capacity, host_capacity_rows
from .models import MatchingRun, Objective, Proposal, ProposalJob, ProposalStatus
from .refusals import room_note


def _may(user: Any, perm: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(perm))


def runs_visible_to(user: User) -> QuerySet[MatchingRun]:
    if not _may(user, "matching.view_matchingrun"):
        return MatchingRun.objects.none()
    return scope.scope_filter(
        MatchingRun.objects.select_related("created_by"), user, scope.Kind.RUNS
    )


def run_get_for(user: User, pk: int) -> MatchingRun:
    try:
        return runs_visible_to(user).get(pk=pk)
    except MatchingRun.DoesNotExist as exc:
        raise Http404("No such run.") from exc


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    if not _may(user, "matching.view_proposal"):
        return Proposal.objects.none()
    return scope.scope_filter(
        Proposal.objects.all(),
        user,
        scope.Kind.HOUSEHOLDS,
        office="household__origin_office",
        city="household__host_city",
    )


def proposals_list(
    user: User,
    run: MatchingRun,
    *,
    city: City | None = None,
    status: str = "",
    search: str = "",
) -> QuerySet[Proposal]:
    qs = proposals_visible_to(user).filter(run=run)
    if city is not None:
        qs = qs.filter(city=city)
    if status:
        qs = qs.filter(status=status)
    if search.strip():
        qs = qs.filter(household_code__icontains=search.strip())
    # in code order through the index (run, household_code, id): a page of a run of 40,000
    # reads its 25 rows and stops
    return qs.select_related("household", "city", "override_city").order_by("household_code", "id")


def run_cities(run: MatchingRun) -> QuerySet[City]:
    """The cities the run proposed, by name: one look-up per city in the index (run, city),
    not a read of every proposal of the run."""
    proposed = Proposal.objects.filter(run=run, city=OuterRef("pk"))
    return City.objects.filter(Exists(proposed)).order_by("name")


def proposal_get_for(user: User, pk: int) -> Proposal:
    try:
        return (
            proposals_visible_to(user)
            .select_related("run", "household", "city", "override_city", "reviewed_by")
            .get(pk=pk)
        )
    except Proposal.DoesNotExist as exc:
        raise Http404("No such proposal.") from exc


def proposal_jobs(proposal: Proposal) -> list[Any]:
    return list(
        proposal.jobs.select_related("vacancy", "vacancy__employer", "vacancy__city").order_by("id")
    )


def household_needs(household: Household, day: dt.date) -> dict[str, int]:
    """What the household takes of each capacity dimension (as the run's adapter counts)."""
    members = list(household.members.all())
    codes = list(household.needs.values_list("code", flat=True))
    sizes, _workers = household_sizes(members, codes, day)
    return dict(zip(DIMENSIONS, sizes, strict=True))


def _excluded(household: Household) -> set[str]:
    return {
        str(pk)
        for pk in CityPreference.objects.filter(
            household=household, kind=PreferenceKind.EXCLUDED
        ).values_list("city_id", flat=True)
    }


def household_city_fit(
    household: Household,
    run: MatchingRun,
    city: City,
    capacity: Mapping[str, tuple[int, int]] | None = None,
) -> CityFit:
    """The shared compatibility rule for the household and `city` in the run's period;
    `capacity` when the caller has read (and locked) the city's rows itself."""
    if capacity is None:
        capacity = host_capacity(run.period_start, run.period_end, [city.pk]).get(str(city.pk))
    return city_fit(
        city=str(city.pk),
        needs=household_needs(household, run.period_start),
        capacity=capacity,
        excluded=_excluded(household),
    )


def override_cities(proposal: Proposal) -> QuerySet[City]:
    """Host cities with capacity in the run's period, except the proposed one."""
    run = proposal.run
    return (
        City.objects.filter(
            pk__in=host_capacity_rows(run.period_start, run.period_end).values("city_id")
        )
        .exclude(pk=proposal.city_id)
        .order_by("name")
    )


def override_options(proposal: Proposal) -> tuple[QuerySet[City], dict[int, str]]:
    """The cities an override may offer (compatible with the household, proposed one aside)
    and, for those without room now, why: {city id: refusal}."""
    run = proposal.run
    household = proposal.household
    capacity = host_capacity(run.period_start, run.period_end)
    needs = household_needs(household, run.period_start)
    excluded = _excluded(household)
    fits = {
        int(c): city_fit(city=c, needs=needs, capacity=rows, excluded=excluded)
        for c, rows in capacity.items()
    }
    cities = override_cities(proposal).filter(pk__in=[c for c, f in fits.items() if f.compatible])
    notes = {c: room_note(f) for c, f in fits.items() if f.compatible and not f.has_room}
    return cities, notes


def accepted_job_holders(vacancies: QuerySet[Vacancy]) -> QuerySet[ProposalJob, Any]:
    """The ids of the people whose accepted proposal names one of `vacancies` (they hold its
    seat until hired; proposal_accept reserved it). Registered with jobs.reservations."""
    return ProposalJob.objects.filter(
        vacancy__in=vacancies, proposal__status=ProposalStatus.ACCEPTED
    ).values("person_id")


# Bands of predicted outcome the page splits the households into (probability objective).
RUNS_RECOUNTED = 3  # `arraigo figures` recounts the latest runs' follow-up
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.0))


@dataclass(frozen=True)
class Comparison:
    low: float | None  # the band of predicted outcome [low, high); None for all households
    high: float | None
    households: int
    predicted: float  # mean predicted outcome
    observed: float  # mean observed outcome


@dataclass(frozen=True)
class RunFollowUp:
    accepted: int  # households of the run whose proposal was accepted
    reached: int  # of those, households with a six-month answer
    unpredicted: int  # reached, but no outcome stored for the city they went to
    objective: str
    rows: tuple[Comparison, ...]  # all households first, then the bands that have some


def _predictions(
    proposals: QuerySet[Proposal], reached: set[int]
) -> tuple[int, dict[int, float | None]]:
    """How many proposals, and the predicted outcome (`_predicted`) of each proposal's
    household in `reached`. The
    database reads the stored outcome out of the explanation (no JSON decoded here for 30,000
    proposals); an overridden proposal's alternatives are read whole, in a second query only
    when there is one."""
    found: dict[int, float | None] = {}
    overridden: list[int] = []
    rows = proposals.values_list("household_id", "override_city_id", "explanation__outcome")
    count = 0
    for household_id, override_city_id, value in rows:
        count += 1
        if household_id not in reached:
            continue
        if override_city_id is not None:
            overridden.append(household_id)
        found[household_id] = None if value is None else float(value)
    if overridden:
        for proposal in proposals.filter(household_id__in=overridden).only(
            "id", "household_id", "explanation", "override_city_id"
        ):
            found[proposal.household_id] = _predicted(proposal)
    return count, found


def _predicted(proposal: Proposal) -> float | None:
    explanation: dict[str, Any] = proposal.explanation or {}
    if proposal.override_city_id is None:
        value = explanation.get("outcome")
    else:
        value = next(
            (
                alt.get("outcome")
                for alt in explanation.get("alternatives", [])
                if str(alt.get("city")) == str(proposal.override_city_id)
            ),
            None,
        )
    return None if value is None else float(value)


def _band(value: float) -> tuple[float, float]:
    return next((band for band in BANDS if value < band[1]), BANDS[-1])


def _row(band: tuple[float, float] | None, pairs: list[tuple[float, float]]) -> Comparison:
    count = len(pairs)
    return Comparison(
        low=None if band is None else band[0],
        high=None if band is None else band[1],
        households=count,
        predicted=sum(p for p, _o in pairs) / count,
        observed=sum(o for _p, o in pairs) / count,
    )


def run_followup_kept(user: User, run: MatchingRun, *, recount: bool = False) -> RunFollowUp:
    """`run_followup`, kept a few minutes (core/figures.py): a run of the whole registry holds
    30,000 accepted offers, and its answers come in over months, not minutes."""
    return kept(
        "run_followup", user, lambda: run_followup(run), params=[run.pk], recount=recount
    ).value


def latest_runs_followup_recount(user: User) -> None:
    """`arraigo figures`: the follow-up of the latest finished runs, which people open most."""
    for run in runs_visible_to(user).filter(status="done").order_by("-pk")[:RUNS_RECOUNTED]:
        run_followup_kept(user, run, recount=True)


def run_followup(run: MatchingRun) -> RunFollowUp:
    """What became of the run's households: predicted against observed at six months.

    For each household whose proposal in the run was accepted and that answered the six-month
    survey: the outcome the run predicted for the city it went to (the proposal's stored
    `explanation["outcome"]`, or for an overridden proposal the one stored for the override
    city among its alternatives) against its answers: for a run that maximised households with
    someone in work, whether at least one member answered formal = yes (0 or 1); for one that
    maximised expected adults in work, how many did. Aggregates only, over a run the caller
    may already see (run_get_for).
    """
    objective = str(run.parameters.get("objective") or Objective.ANY_EMPLOYED)
    accepted = Proposal.objects.filter(run=run, status=ProposalStatus.ACCEPTED).order_by()
    answers = FollowUpAnswer.objects.filter(
        round=Round.MONTH6, household_id__in=accepted.values("household_id")
    )
    formal: dict[int, int] = {}
    for household_id, answer in answers.values_list("household_id", "formal"):
        formal[household_id] = formal.get(household_id, 0) + (answer is True)
    # A run of 30,000 households: the stored outcome is read by the database, and only the
    # households that answered; an overridden proposal's alternatives are read whole.
    accepted_count, predictions = _predictions(accepted, set(formal))
    pairs: list[tuple[float, float]] = []
    unpredicted = 0
    for household_id in sorted(predictions):
        predicted = predictions[household_id]
        if predicted is None:
            unpredicted += 1
            continue
        members = formal[household_id]
        observed = members if objective == Objective.EXPECTED_EMPLOYED else int(members > 0)
        pairs.append((predicted, float(observed)))
    rows: list[Comparison] = [_row(None, pairs)] if pairs else []
    if objective != Objective.EXPECTED_EMPLOYED:
        bands: dict[tuple[float, float], list[tuple[float, float]]] = defaultdict(list)
        for pair in pairs:
            bands[_band(pair[0])].append(pair)
        rows += [_row(band, bands[band]) for band in sorted(bands)]
    return RunFollowUp(
        accepted=accepted_count,
        reached=len(pairs) + unpredicted,
        unpredicted=unpredicted,
        objective=objective,
        rows=tuple(rows),
    )

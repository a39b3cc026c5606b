"""The demo's matching history: one finished run whose proposals led to the offers the
households answered, and the capacity their accepted offers reserved.

One run, in the capacity period of the reference year (the only period with capacity rows),
stands for every proposal of the demo's history: a proposal per relocation household that was
proposed a city (approved, waiting for the answer), declined it, or accepted it (and went on:
trip, arrival, closure; no-shows too). Accepted proposals offer the household's host city and
are dated by its status history: reviewed when the household moved to proposed (by whom the
history records, else the coordinator), answered when it moved to offer_accepted or
offer_declined. Households that declined a first offer keep only
the proposal of their last one. Proposals carry no jobs. Each proposal's score and explanation
come from the outcome priors, as a run scored with them would show: the factors of the offered
city, and the next best cities below it (the demo's city draws are not the optimiser's, so a
better-scoring city it passed over is not listed as an alternative).

Reserved capacity is what `proposal_accept` would have reserved for the offers accepted in the
period, in the order they were accepted (all of a household's needs or nothing, like the
service); offers accepted before the period took an earlier year's places. A no-show's offer
gave its places back. Approved proposals waiting for an answer offer a city that still has room
for them, so each can be accepted in the demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from arraigo.matching.adapter import DIMENSIONS, household_sizes
from arraigo.matching.models import MatchingRun, Proposal, ProposalStatus, RunStatus
from arraigo.optimiser.explain import Lost
from arraigo.outcomes.profiles import city_profiles, household_profiles
from arraigo.outcomes.scoring import priors_load, score_table
from arraigo.outcomes.types import ScoreTable
from arraigo.places.models import Capacity, City
from arraigo.registry.models import Household

from .bulk import next_id, rows_insert
from .places import Places
from .reference import chance, pick
from .relocation_journeys import Actors, Journey, NoShow, Step, local_day

ACCEPTED_STATUSES = frozenset(
    {"offer_accepted", "trip_booked", "travelled", "arrived", "integrating", "followed_up"}
)
RUN_NOTE = (
    "Demo history: this run stands for the proposals behind every offer in the demo data "
    "(reviewed and answered on the dates of each household's history)."
)


@dataclass(frozen=True)
class Accepted:
    proposal: int
    city: str  # city code


def proposal_status(journey: Journey, noshows: dict[int, NoShow]) -> str:
    """The household's proposal status, or "" when it has none."""
    if journey.status == "proposed":
        return ProposalStatus.APPROVED
    if journey.status == "offer_declined":
        return ProposalStatus.DECLINED
    if journey.last("offer_accepted") is None:
        return ""
    arrived = journey.last("arrived") is not None
    if journey.status in ACCEPTED_STATUSES or journey.id in noshows:
        return ProposalStatus.ACCEPTED
    if journey.status == "closed" and arrived:
        return ProposalStatus.ACCEPTED
    return ""


def tapachula_saltillo_ensure(journeys: list[Journey], places: Places) -> None:
    """At least one Tapachula household waits at offer accepted for a trip to Saltillo (the
    demo accounts' office and city): if none drew it, the first Tapachula household waiting
    that does not exclude Saltillo is offered Saltillo instead."""
    if "saltillo" not in places.cities or "tap" not in places.offices:
        return
    waiting = [j for j in journeys if j.status == "offer_accepted" and j.office == "tap"]
    if any(j.host == "saltillo" for j in waiting):
        return
    for journey in sorted(waiting, key=lambda j: j.code):
        if "saltillo" not in journey.excluded:
            journey.host = "saltillo"
            Household.objects.filter(pk=journey.id).update(host_city=places.cities["saltillo"])
            return


def _needs(journey: Journey, day: dt.date) -> dict[str, int]:
    sizes, _workers = household_sizes(journey.members, [c for c, _n in journey.needs], day)
    return dict(zip(DIMENSIONS, sizes, strict=True))


def _fits(room: dict[tuple[str, str], int], city: str, needs: dict[str, int]) -> bool:
    return all(room.get((city, d), 0) >= n for d, n in needs.items() if n)


def _take(room: dict[tuple[str, str], int], city: str, needs: dict[str, int]) -> None:
    for dim, n in needs.items():
        if n:
            room[(city, dim)] -= n


def _city_draw(
    rng: random.Random, journey: Journey, places: Places, allowed: set[str] | None = None
) -> str:
    """A city for a proposal not accepted: a liked one often, else by the cities' weights."""
    options = {
        c: w
        for c, w in places.host_weights.items()
        if c not in journey.excluded and (allowed is None or c in allowed)
    }
    if not options:
        options = {c: w for c, w in places.host_weights.items() if c not in journey.excluded}
    liked = [c for c in journey.liked if c in options]
    if liked and chance(rng, 0.6):
        return rng.choice(liked)
    return str(pick(rng, options or places.host_weights))


def matching_history_create(
    rng: random.Random,
    journeys: list[Journey],
    places: Places,
    actors: Actors,
    noshows: dict[int, NoShow],
    today: dt.date,
) -> tuple[dict[int, Accepted], Counter[str]]:
    """Write the run, its proposals and the reserved capacity; returns the accepted proposal
    of each household that has one, and counts."""
    period = (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    capacities = list(
        Capacity.objects.filter(period_start=period[0], period_end=period[1])
        .select_related("city")
        .order_by("id")
    )
    room = {(c.city.code, c.dimension): c.amount - c.reserved for c in capacities}
    counts: Counter[str] = Counter()
    chosen = [(j, s) for j in journeys if (s := proposal_status(j, noshows))]
    city_of: dict[int, str] = {}
    # Accepted offers reserve first, in the order the households accepted them.
    accepted = sorted(
        (j for j, s in chosen if s == ProposalStatus.ACCEPTED),
        key=lambda j: (_answered(j, ProposalStatus.ACCEPTED).at, j.id),
    )
    for journey in accepted:
        city = city_of[journey.id] = journey.host or _city_draw(rng, journey, places)
        day = local_day(_answered(journey, ProposalStatus.ACCEPTED).at)
        if journey.id in noshows or not period[0] <= day <= period[1]:
            continue
        needs = _needs(journey, period[0])
        if _fits(room, city, needs):
            _take(room, city, needs)
            counts["reservations"] += 1
        else:
            counts["reservations_without_room"] += 1
    for row in capacities:
        row.reserved = row.amount - room[(row.city.code, row.dimension)]
    Capacity.objects.bulk_update(capacities, ["reserved"])
    for journey, status in chosen:
        if status == ProposalStatus.APPROVED:
            needs = _needs(journey, period[0])
            with_room = {c for c in places.host_codes if _fits(room, c, needs)}
            city = city_of[journey.id] = _city_draw(rng, journey, places, with_room)
            if _fits(room, city, needs):
                _take(room, city, needs)  # kept apart, so that all of them can be accepted
        elif status == ProposalStatus.DECLINED:
            city_of[journey.id] = _city_draw(rng, journey, places)
    result = _proposals_write(rng, chosen, city_of, places, actors, period)
    counts["proposals"] = len(chosen)
    counts["matching_runs"] = 1 if chosen else 0
    return result, counts


def _answered(journey: Journey, status: str) -> Step:
    """The household's answer (accepted or declined), or its review for an approved one."""
    answers: dict[str, str] = {"accepted": "offer_accepted", "declined": "offer_declined"}
    target = answers.get(status, "proposed")
    step = journey.last(target)
    assert step is not None, f"{journey.code} has no move to {target}"
    return step


PREFERENCE_WEIGHT = 0.1  # the demo run's preference weight (its parameters say so too)
ALTERNATIVES = 3


def _priors_table(households: list[int], places: Places, day: dt.date) -> ScoreTable:
    """The priors' scores of the proposed households in every host city."""
    hosts = City.objects.filter(pk__in=[places.cities[c].pk for c in places.host_codes])
    return score_table(
        priors_load(),
        household_profiles(Household.objects.filter(pk__in=households).order_by("id"), on=day),
        city_profiles(hosts.order_by("id")),
        objective="any_employed",
    )


def _explanation(table: ScoreTable, journey: Journey, city: City, places: Places) -> dict[str, Any]:
    """What the proposal page shows: the score, its factors in the offered city (and the
    preference bonus where the household asked for it), and the next best cities below it."""
    household = str(journey.id)
    score = round(table.scores[(household, str(city.pk))], 4)
    factors: list[list[Any]] = [
        [label, round(value, 6)] for label, value in table.contributions[(household, str(city.pk))]
    ]
    liked = {places.cities[code].pk for code in journey.liked}
    bonus = PREFERENCE_WEIGHT if city.pk in liked else 0.0
    if bonus:
        factors.append(["Household preference", bonus])
    others = []
    for code in places.host_codes:
        other = places.cities[code]
        if other.pk == city.pk or code in journey.excluded:
            continue
        value = table.scores[(household, str(other.pk))]
        preference = PREFERENCE_WEIGHT if other.pk in liked else 0.0
        if value + preference < score + bonus:
            others.append((value + preference, value, preference, other))
    others.sort(key=lambda item: (-item[0], item[3].name))
    return {
        "outcome": score,
        "preference": bonus,
        "job_fit": 0.0,
        "factors": factors,
        "alternatives": [
            {
                "city": str(other.pk),
                "city_name": other.name,
                "score": round(total, 6),
                "outcome": round(value, 6),
                "preference": preference,
                "job_fit": 0.0,
                "reason": str(Lost.LOWER_SCORE),
                "dimensions": [],
            }
            for total, value, preference, other in others[:ALTERNATIVES]
        ],
        "binding": [],
    }


def _proposals_write(
    rng: random.Random,
    chosen: list[tuple[Journey, str]],
    city_of: dict[int, str],
    places: Places,
    actors: Actors,
    period: tuple[dt.date, dt.date],
) -> dict[int, Accepted]:
    if not chosen:
        return {}
    run_id = next_id(MatchingRun)
    first = next_id(Proposal)
    rows: list[tuple[Any, ...]] = []
    result: dict[int, Accepted] = {}
    table = _priors_table([journey.id for journey, _s in chosen], places, period[0])
    for offset, (journey, status) in enumerate(chosen):
        reviewed = _answered(journey, "")
        answered = _answered(journey, status) if status != ProposalStatus.APPROVED else None
        city = city_of[journey.id]
        rng.uniform(0.55, 0.92)  # the draw the score once took, so later draws stay the same
        explanation = _explanation(table, journey, places.cities[city], places)
        rows.append(
            (
                first + offset,
                run_id,
                journey.id,
                journey.code,
                places.cities[city].pk,
                explanation["outcome"],
                explanation,
                status,
                reviewed.by or actors.coordinator,
                reviewed.at,
                answered.at if answered is not None else None,
                answered.reason[:300] if status == ProposalStatus.DECLINED and answered else "",
            )
        )
        if status == ProposalStatus.ACCEPTED:
            result[journey.id] = Accepted(first + offset, city)
    finished = min(row[9] for row in rows) - dt.timedelta(days=1)
    objective = round(sum(row[5] for row in rows), 4)
    parameters = {
        "objective": "any_employed",
        "preference_weight": PREFERENCE_WEIGHT,
        "floors": {},
        "time_limit": 60.0,
        "demo_history": True,
        "note": RUN_NOTE,
    }
    run = {
        "id": run_id,
        "period_start": period[0],
        "period_end": period[1],
        "parameters": parameters,
        "status": RunStatus.DONE,
        "progress": 100,
        "model_version": "demo-history",
        "model_kind": "priors",
        "termination": "optimal",
        "objective": objective,
        "bound": objective,
        "gap": 0.0,
        "seconds": round(rng.uniform(2.0, 9.0), 2),
        "assigned": len(rows),
        "households_considered": len(rows),
        "greedy_objective": round(objective * 0.95, 4),
        "created_by_id": actors.coordinator,
        "created_at": finished - dt.timedelta(minutes=3),
        "started_at": finished - dt.timedelta(minutes=2, seconds=50),
        "finished_at": finished,
    }
    rows_insert(MatchingRun, list(run), [list(run.values())])
    columns = ["id", "run_id", "household_id", "household_code", "city_id", "score"]
    columns += ["explanation", "status"]
    columns += ["reviewed_by_id", "reviewed_at", "decided_at", "decision_note"]
    rows_insert(Proposal, columns, rows)
    return result

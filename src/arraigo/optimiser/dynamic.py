"""Weekly batches against annual capacity, capacity priced by sampled futures.

After Ahani, Gölz, Procaccia, Teytelboym and Trapp, "Dynamic placement in refugee
resettlement" (Operations Research, 2024): for each batch, sample K futures by resampling
recent arrivals, solve the LP relaxation of batch plus future against the capacity left,
average the capacity duals, and place the batch by the MIP with each pair's score reduced
by the price of the capacity it uses. Job variables are not part of the dynamic mode.

The future is resampled from every arrival so far; its size is what the annual plan still
expects (`planned_arrivals`), or the observed weekly rate times the weeks left when there
is no plan or it is already met. A household priced out of every city in its week waits in
the queue and is offered again with the next batch; the last batch has no future, so its
prices are 0 and whoever is still waiting is placed by the plain MIP against the capacity
left, or stays unplaced.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .check import result_check
from .greedy import greedy
from .instance import City, Household, Instance
from .relax import relax
from .result import Params, Result
from .solve import solve


@dataclass(frozen=True)
class PoolHousehold:
    """A past arrival used as a template for future ones: its sizes and its scores."""

    sizes: tuple[int, ...]
    outcome: Mapping[str, float]  # city -> score


@dataclass(frozen=True)
class DynamicParams:
    samples: int = 3  # K sampled futures per batch
    price_scale: float = 1.0  # multiplies the averaged duals
    pool_weeks: int = 0  # how many recent weeks of arrivals are resampled; 0: all so far
    carry_over: bool = True  # a household not placed in its week waits for the next batch
    seed: int = 0
    mip: Params = field(default_factory=lambda: Params(time_limit=20.0, gap=1e-4))


@dataclass(frozen=True)
class SimulationReport:
    households: int
    weeks: int
    hindsight: float  # the static optimum over the whole year
    hindsight_gap: float | None
    totals: dict[str, float]  # method -> total score over the year
    placed: dict[str, int]  # method -> households placed
    seconds: dict[str, float]  # method -> time spent, and "hindsight"
    hindsight_placed: int
    waited: int  # dynamic: households placed after at least one week in the queue
    mean_wait: float  # dynamic: mean weeks those households waited

    def share(self, method: str) -> float:
        return self.totals[method] / self.hindsight if self.hindsight else 0.0


def _future(
    rng: np.random.Generator, pool: Sequence[PoolHousehold], count: int, sample: int
) -> tuple[list[Household], dict[tuple[str, str], float]]:
    households: list[Household] = []
    outcome: dict[tuple[str, str], float] = {}
    if not pool or count <= 0:
        return households, outcome
    for i, k in enumerate(rng.integers(0, len(pool), size=count)):
        template = pool[int(k)]
        h_id = f"~future{sample}.{i}"
        households.append(Household(h_id, template.sizes))
        for c_id, score in template.outcome.items():
            outcome[(h_id, c_id)] = score
    return households, outcome


def capacity_prices(
    batch: Instance,
    future_pool: Sequence[PoolHousehold],
    expected_future: int,
    params: DynamicParams,
    rng: np.random.Generator,
) -> dict[tuple[str, str], float]:
    """Average over K sampled futures of the LP duals of every (city, dimension) row."""
    total = {(c.id, d): 0.0 for c in batch.cities for d in batch.dimensions}
    samples = max(1, params.samples) if expected_future > 0 else 0
    for s in range(samples):
        households, outcome = _future(rng, future_pool, expected_future, s)
        sampled = Instance(
            dimensions=batch.dimensions,
            households=batch.households + tuple(households),
            cities=batch.cities,
            outcome={**batch.outcome, **outcome},
            bans=batch.bans,
        )
        prices = relax(sampled, params.mip).capacity_price
        for key, value in prices.items():
            total[key] += value
    return {key: params.price_scale * value / max(1, samples) for key, value in total.items()}


def dynamic_place(
    batch: Instance,
    remaining_capacity: Mapping[str, tuple[int, ...]],
    future_pool: Sequence[PoolHousehold],
    weeks_left: int,
    arrivals_per_week: float,
    params: DynamicParams | None = None,
    rng: np.random.Generator | None = None,
) -> Result:
    """Place one batch against the capacity left, charging the sampled price of capacity.

    `weeks_left` counts the weeks still to come after this batch. The result's objective
    is the batch's real score (unpriced); a pair whose priced score is not positive is
    dropped, so a household may wait unplaced rather than take a scarce place cheaply.
    """
    params = params or DynamicParams()
    rng = rng or np.random.default_rng(params.seed)
    cities = tuple(City(c.id, tuple(remaining_capacity[c.id])) for c in batch.cities)
    batch = replace(batch, cities=cities)
    expected = round(arrivals_per_week * weeks_left)
    prices = capacity_prices(batch, future_pool, expected, params, rng)
    sizes = {h.id: h.sizes for h in batch.households}
    priced: dict[tuple[str, str], float] = {}
    for (h_id, c_id), score in batch.outcome.items():
        cost = sum(
            prices[(c_id, d)] * s for d, s in zip(batch.dimensions, sizes[h_id], strict=True)
        )
        if score - cost > 1e-9:
            priced[(h_id, c_id)] = score - cost
    kept = {pair: b for pair, b in batch.preference.items() if pair in priced}
    result = solve(replace(batch, outcome=priced, preference=kept), params.mip)
    real = sum(batch.outcome[(h, c)] for h, c in result.assignment.items())
    # The placement obeys the batch's model (capacity left, bans, seats); its objective is
    # the unpriced outcome alone, not the model's score, so it is not compared.
    return result_check(
        batch, replace(result, objective=real, bound=None, gap=None), objective=False
    )


def _batch(year: Instance, ids: Sequence[str]) -> Instance:
    wanted = set(ids)
    return replace(
        year,
        households=tuple(h for h in year.households if h.id in wanted),
        outcome={pair: s for pair, s in year.outcome.items() if pair[0] in wanted},
        preference={pair: b for pair, b in year.preference.items() if pair[0] in wanted},
    )


@dataclass(frozen=True)
class _Replay:
    total: float
    placed: int
    waited: int
    mean_wait: float


def _arrivals_per_week(arrived: int, week: int, weeks_left: int, planned: int | None) -> float:
    """What the plan still expects, spread over the weeks left; once the plan is met (or
    with no plan) the rate observed so far."""
    if planned is not None and planned > arrived and weeks_left > 0:
        return (planned - arrived) / weeks_left
    return arrived / (week + 1)


def _replay_dynamic(
    year: Instance, weeks: list[list[str]], params: DynamicParams, planned: int | None = None
) -> _Replay:
    rng = np.random.default_rng(params.seed)
    remaining = {c.id: tuple(c.capacity) for c in year.cities}
    scores: dict[str, dict[str, float]] = {}
    for (h_id, c_id), score in year.outcome.items():
        scores.setdefault(h_id, {})[c_id] = score
    sizes = {h.id: h.sizes for h in year.households}
    total, placed, arrived = 0.0, 0, 0
    waits: list[int] = []
    queue: dict[str, int] = {}  # household -> week of arrival, in arrival order
    for week, ids in enumerate(weeks):
        arrived += len(ids)
        queue.update((h_id, week) for h_id in ids)
        first = max(0, week - params.pool_weeks + 1) if params.pool_weeks > 0 else 0
        pool = [
            PoolHousehold(sizes[h], scores.get(h, {})) for w in weeks[first : week + 1] for h in w
        ]
        if not queue:
            continue
        weeks_left = len(weeks) - week - 1
        rate = _arrivals_per_week(arrived, week, weeks_left, planned)
        result = dynamic_place(
            _batch(year, list(queue)), remaining, pool, weeks_left, rate, params, rng
        )
        for h_id, c_id in result.assignment.items():
            remaining[c_id] = tuple(
                r - s for r, s in zip(remaining[c_id], sizes[h_id], strict=True)
            )
            if queue[h_id] < week:
                waits.append(week - queue[h_id])
        total += result.objective or 0.0
        placed += result.assigned
        if params.carry_over:
            queue = {h: w for h, w in queue.items() if h not in result.assignment}
        else:
            queue = {}
    return _Replay(total, placed, len(waits), sum(waits) / len(waits) if waits else 0.0)


def simulate_year(
    year: Instance,
    arrival_weeks: Mapping[str, int],
    *,
    methods: Sequence[str] = ("dynamic", "greedy"),
    params: DynamicParams | None = None,
    hindsight_params: Params | None = None,
    planned_arrivals: int | None = None,
) -> SimulationReport:
    """Replay a year of weekly arrivals; compare each method with the hindsight optimum.

    "greedy": each household in arrival order to its best city with room left.
    "dynamic": `dynamic_place` week by week, households left over waiting for the next
    batch when `params.carry_over`. Hindsight: the static MIP over the year.
    `planned_arrivals` is the programme's annual plan, from which the dynamic mode sizes
    the sampled futures; None: the observed rate alone.
    """
    params = params or DynamicParams()
    n_weeks = max(arrival_weeks.values(), default=-1) + 1
    weeks: list[list[str]] = [[] for _ in range(n_weeks)]
    for h in year.households:
        weeks[arrival_weeks[h.id]].append(h.id)
    totals: dict[str, float] = {}
    placed: dict[str, int] = {}
    seconds: dict[str, float] = {}
    waited, mean_wait = 0, 0.0
    started = time.perf_counter()
    hindsight = solve(year, hindsight_params or Params(time_limit=60.0, gap=1e-4))
    seconds["hindsight"] = time.perf_counter() - started
    order = {h_id: i for i, h_id in enumerate(h for week in weeks for h in week)}
    for method in methods:
        started = time.perf_counter()
        if method == "greedy":
            in_order = tuple(sorted(year.households, key=lambda h: order[h.id]))
            result = greedy(replace(year, households=in_order))
            totals[method], placed[method] = result.objective or 0.0, result.assigned
        elif method == "dynamic":
            replay = _replay_dynamic(year, weeks, params, planned_arrivals)
            totals[method], placed[method] = replay.total, replay.placed
            waited, mean_wait = replay.waited, replay.mean_wait
        else:
            raise ValueError(f"unknown method {method!r}")
        seconds[method] = time.perf_counter() - started
    return SimulationReport(
        households=len(year.households),
        weeks=n_weeks,
        hindsight=hindsight.objective or 0.0,
        hindsight_gap=hindsight.gap,
        totals=totals,
        placed=placed,
        seconds=seconds,
        hindsight_placed=hindsight.assigned,
        waited=waited,
        mean_wait=mean_wait,
    )

"""Large instances in two stages: cities first with an optimistic job value, then jobs.

The full model carries one job variable per (worker, vacancy) pair, which at 10,000
households makes the root LP too slow for a one-minute budget. Here stage 1 places
households with each pair's score raised by the best fit each worker could find in that
city (ignoring competition for seats); stage 2 fixes the cities and assigns workers to
seats (an LP with integral vertices). Stage 1's bound is a valid upper bound on the full
problem, because no job assignment can beat every worker getting their best fit.
"""

from __future__ import annotations

import time
from dataclasses import replace

from .instance import Instance, instance_check
from .result import Params, Result, Status
from .solve import solve


def job_value(instance: Instance) -> dict[tuple[str, str], float]:
    """(household, city) -> the sum over its workers of their best fit in that city."""
    city_of = {v.id: v.city for v in instance.vacancies}
    household_of = {w: h.id for h in instance.households for w in h.workers}
    best: dict[tuple[str, str], float] = {}
    for (w, v), fit in instance.fit.items():
        key = (w, city_of[v])
        if fit > best.get(key, 0.0):
            best[key] = fit
    value: dict[tuple[str, str], float] = {}
    for (w, c), fit in best.items():
        key = (household_of[w], c)
        value[key] = value.get(key, 0.0) + fit
    return value


def solve_two_stage(instance: Instance, params: Params | None = None) -> Result:
    """Stage 1: households to cities; stage 2: workers to seats in those cities."""
    params = params or Params()
    instance_check(instance)
    started = time.perf_counter()
    extra = job_value(instance)
    optimistic = {pair: s + extra.get(pair, 0.0) for pair, s in instance.outcome.items()}
    stage1 = solve(replace(instance, outcome=optimistic, vacancies=(), fit={}), params)
    if not stage1.assignment:
        return replace(stage1, seconds=time.perf_counter() - started)
    chosen = {
        pair: s for pair, s in instance.outcome.items() if stage1.assignment.get(pair[0]) == pair[1]
    }
    spent = time.perf_counter() - started
    remaining = Params(
        time_limit=max(1.0, params.time_limit - spent),
        gap=params.gap,
        seed=params.seed,
        threads=params.threads,
        greedy_start=params.greedy_start,
    )
    stage2 = solve(
        replace(instance, outcome=chosen, pins=dict(stage1.assignment), floors=()), remaining
    )
    if stage2.objective is None:
        return replace(stage1, seconds=time.perf_counter() - started, jobs={})
    bound = stage1.bound
    objective = stage2.objective
    gap = None if bound is None else abs(bound - objective) / max(abs(objective), 1e-9)
    status = Status.OPTIMAL if gap is not None and gap <= params.gap else Status.FEASIBLE_AT_LIMIT
    return Result(
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        assignment=stage2.assignment,
        jobs=stage2.jobs,
        message=f"two stages: {stage1.message}; jobs {stage2.message}",
        binding=stage1.binding,
    )

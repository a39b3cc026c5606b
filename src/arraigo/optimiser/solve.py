"""Static placement as an integer program, solved with HiGHS."""

from __future__ import annotations

import time

import highspy
import numpy as np

from .check import result_check
from .greedy import greedy
from .instance import Instance, instance_check
from .model import Model, model_build, model_highs
from .result import Params, Result, Status


def solve(
    instance: Instance, params: Params | None = None, *, start: Result | None = None
) -> Result:
    r"""Place households in cities and workers in vacancies to maximise the total score.

    Sets: households H, cities C, dimensions D, vacancies V (each in city c(v)),
    workers W (each in household h(w)). Compatible pairs P ⊆ H x C are the keys of
    `instance.outcome` less the bans; F ⊆ W x V the keys of `instance.fit` whose
    vacancy lies in a city compatible with the worker's household.

        maximise   Σ_{(h,c)∈P} (p[h,c] + b[h,c]) x[h,c]  +  Σ_{(w,v)∈F} q[w,v] y[w,v]
        subject to Σ_c x[h,c] ≤ 1                        for every h   (never split)
                   Σ_h s[h,d] x[h,c] ≤ K[c,d]            for every c, d
                   Σ_{v: c(v)=c} y[w,v] ≤ x[h(w),c]      for every w, c (job only where
                                                          the household goes; one job)
                   Σ_w y[w,v] ≤ seats[v]                 for every v
                   Σ_{h∈G} Σ_c x[h,c] ≥ floor[G]         for every group floor
                   x[h,c] = 1                            for every pin (h → c)
                   x, y ∈ {0,1}

    p is the predicted outcome, b the preference bonus, q the worker-vacancy fit,
    s the household's size per dimension and K the city capacity.

    `start`, when given, is handed to HiGHS as the first incumbent instead of the greedy
    placement (placement.place polishes a column-generation result this way).

    The result is checked against the model (`check.result_check`) before it is returned.
    """
    params = params or Params()
    instance_check(instance)
    return result_check(instance, _solve(instance, params, start))


def _solve(instance: Instance, params: Params, start: Result | None) -> Result:
    started = time.perf_counter()
    model = model_build(instance)
    if len(model.cost) == 0:
        floors_unmet = [f for f in instance.floors if f.minimum > 0]
        status = Status.INFEASIBLE if floors_unmet else Status.OPTIMAL
        return Result(
            status=status,
            objective=0.0,
            bound=0.0,
            gap=0.0,
            seconds=time.perf_counter() - started,
            message="no compatible pairs",
        )
    h = model_highs(model, params, integer=True)
    if start is not None:
        _give_start(h, model, start)
    elif params.greedy_start:
        _give_start(h, model, greedy(instance))
    h.run()
    seconds = time.perf_counter() - started
    model_status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = Status.OPTIMAL
    elif model_status == highspy.HighsModelStatus.kInfeasible:
        return Result(
            status=Status.INFEASIBLE,
            objective=None,
            bound=None,
            gap=None,
            seconds=seconds,
            message=_infeasibility_reason(instance),
        )
    elif model_status == highspy.HighsModelStatus.kTimeLimit:
        status = Status.FEASIBLE_AT_LIMIT if has_solution else Status.NO_SOLUTION_AT_LIMIT
    else:
        status = Status.FEASIBLE_AT_LIMIT if has_solution else Status.ERROR
    if not has_solution:
        return Result(
            status=status,
            objective=None,
            bound=None,
            gap=None,
            seconds=seconds,
            message=h.modelStatusToString(model_status),
        )
    values = np.asarray(h.getSolution().col_value)
    n_x = len(model.x_pairs)
    assignment = {
        hh: c for (hh, c), val in zip(model.x_pairs, values[:n_x], strict=True) if val > 0.5
    }
    jobs = {w: v for (w, v), val in zip(model.y_pairs, values[n_x:], strict=True) if val > 0.5}
    row_activity = model.matrix @ values
    binding = frozenset(
        (city, dim)
        for city, dim, r in model.capacity_rows
        if row_activity[r] >= model.row_upper[r] - 1e-6
    )
    objective = float(info.objective_function_value)
    bound = float(info.mip_dual_bound)
    gap = abs(bound - objective) / max(abs(objective), 1e-9)
    return Result(
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
        assignment=assignment,
        jobs=jobs,
        binding=binding,
        message=h.modelStatusToString(model_status),
    )


def _give_start(h: highspy.Highs, model: Model, start: Result) -> None:
    """Hand HiGHS a placement (greedy's, or another method's) as a first incumbent, so that a
    time limit reached before its own heuristics succeed still leaves a solution at least as
    good. HiGHS checks it and ignores it if it breaks a constraint (a pin or a floor)."""
    x_index = {pair: j for j, pair in enumerate(model.x_pairs)}
    y_index = {pair: len(model.x_pairs) + k for k, pair in enumerate(model.y_pairs)}
    values = np.zeros(len(model.cost))
    for pair in start.assignment.items():
        if pair in x_index:
            values[x_index[pair]] = 1.0
    for pair in start.jobs.items():
        if pair in y_index:
            values[y_index[pair]] = 1.0
    solution = highspy.HighsSolution()
    solution.col_value = values.tolist()
    h.setSolution(solution)


def _infeasibility_reason(instance: Instance) -> str:
    """Name the hard constraint that makes the instance infeasible (pins or floors)."""
    dims = instance.dimensions
    load: dict[str, list[int]] = {}
    sizes = {h.id: h.sizes for h in instance.households}
    for h_id, c_id in instance.pins.items():
        row = load.setdefault(c_id, [0] * len(dims))
        for d, s in enumerate(sizes[h_id]):
            row[d] += s
    for city in instance.cities:
        for d, dim in enumerate(dims):
            if load.get(city.id, [0] * len(dims))[d] > city.capacity[d]:
                return f"pins to {city.id} exceed its {dim} capacity"
    for floor in instance.floors:
        placeable = {h for (h, c) in instance.outcome if (h, c) not in instance.bans}
        members = [
            h.id for h in instance.households if floor.group in h.groups and h.id in placeable
        ]
        if len(members) < floor.minimum:
            return f"floor for {floor.group} needs {floor.minimum}, only {len(members)} placeable"
    if instance.floors:
        return "group floors cannot be met together with city capacities"
    return "pins cannot be met together with city capacities and floors"

"""Static placement as an integer program, solved with HiGHS."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from .greedy import greedy
from .highs import highs_new, threads_set
from .instance import Instance, instance_check
from .result import Params, Result, Status


@dataclass(frozen=True)
class _Model:
    x_pairs: list[tuple[str, str]]  # column j < n_x: (household, city)
    y_pairs: list[tuple[str, str]]  # column n_x + k: (worker, vacancy)
    cost: np.ndarray
    lower: np.ndarray
    matrix: sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    capacity_rows: list[tuple[str, str, int]]  # (city, dimension, row index)
    seat_rows: dict[str, int]  # vacancy -> row index


def _build(instance: Instance) -> _Model:
    households = {h.id: h for h in instance.households}
    worker_household = {w: h.id for h in instance.households for w in h.workers}
    vacancy_city = {v.id: v.city for v in instance.vacancies}

    x_pairs = [pair for pair in instance.outcome if pair not in instance.bans]
    x_index = {pair: j for j, pair in enumerate(x_pairs)}
    y_pairs = [
        (w, v) for (w, v) in instance.fit if (worker_household[w], vacancy_city[v]) in x_index
    ]
    n_x, n_y = len(x_pairs), len(y_pairs)
    cost = np.empty(n_x + n_y)
    for j, pair in enumerate(x_pairs):
        cost[j] = instance.outcome[pair] + instance.preference.get(pair, 0.0)
    for k, pair in enumerate(y_pairs):
        cost[n_x + k] = instance.fit[pair]
    lower = np.zeros(n_x + n_y)
    for h_id, c_id in instance.pins.items():
        lower[x_index[(h_id, c_id)]] = 1.0

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    row_lower: list[float] = []
    row_upper: list[float] = []

    def new_row(lo: float, hi: float) -> int:
        row_lower.append(lo)
        row_upper.append(hi)
        return len(row_lower) - 1

    # Each household at most one city (families are never split: one x per household).
    household_row = {h.id: new_row(-np.inf, 1.0) for h in instance.households}
    for j, (h_id, _c) in enumerate(x_pairs):
        rows.append(household_row[h_id])
        cols.append(j)
        vals.append(1.0)
    # Capacity of each city in each dimension.
    capacity_rows: list[tuple[str, str, int]] = []
    by_city: dict[str, list[int]] = {}
    for j, (_h, c_id) in enumerate(x_pairs):
        by_city.setdefault(c_id, []).append(j)
    for city in instance.cities:
        for d, dim in enumerate(instance.dimensions):
            members = [j for j in by_city.get(city.id, []) if households[x_pairs[j][0]].sizes[d]]
            if not members:
                continue
            r = new_row(-np.inf, float(city.capacity[d]))
            capacity_rows.append((city.id, dim, r))
            for j in members:
                rows.append(r)
                cols.append(j)
                vals.append(float(households[x_pairs[j][0]].sizes[d]))
    # A worker takes at most one vacancy, and only in the city their household goes to.
    link_row: dict[tuple[str, str], int] = {}
    for k, (w, v) in enumerate(y_pairs):
        key = (w, vacancy_city[v])
        if key not in link_row:
            r = new_row(-np.inf, 0.0)
            link_row[key] = r
            rows.append(r)
            cols.append(x_index[(worker_household[w], vacancy_city[v])])
            vals.append(-1.0)
        rows.append(link_row[key])
        cols.append(n_x + k)
        vals.append(1.0)
    # Seats per vacancy.
    seats = {v.id: v.seats for v in instance.vacancies}
    seat_row: dict[str, int] = {}
    for k, (_w, v) in enumerate(y_pairs):
        if v not in seat_row:
            seat_row[v] = new_row(-np.inf, float(seats[v]))
        rows.append(seat_row[v])
        cols.append(n_x + k)
        vals.append(1.0)
    # Group floors: at least so many households of a group placed.
    for floor in instance.floors:
        r = new_row(float(floor.minimum), np.inf)
        for j, (h_id, _c) in enumerate(x_pairs):
            if floor.group in households[h_id].groups:
                rows.append(r)
                cols.append(j)
                vals.append(1.0)

    matrix = sparse.csc_matrix((vals, (rows, cols)), shape=(len(row_lower), n_x + n_y), dtype=float)
    return _Model(
        x_pairs=x_pairs,
        y_pairs=y_pairs,
        cost=cost,
        lower=lower,
        matrix=matrix,
        row_lower=np.asarray(row_lower, dtype=float),
        row_upper=np.asarray(row_upper, dtype=float),
        capacity_rows=capacity_rows,
        seat_rows=seat_row,
    )


def _highs(model: _Model, params: Params, *, integer: bool) -> highspy.Highs:
    h = highs_new()
    h.setOptionValue("time_limit", float(params.time_limit))
    h.setOptionValue("mip_rel_gap", float(params.gap))
    h.setOptionValue("random_seed", int(params.seed))
    threads_set(h, params.threads)
    lp = highspy.HighsLp()
    n = len(model.cost)
    lp.num_col_ = n
    lp.num_row_ = len(model.row_lower)
    lp.col_cost_ = model.cost
    lp.col_lower_ = model.lower
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = model.matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = model.matrix.data
    if integer:
        # Only x needs to be integer: for fixed x the job variables form a bipartite
        # b-matching (each worker one seat, each vacancy its seats), whose LP has integral
        # vertices, so y is left continuous and read from the final (vertex) LP solution.
        n_x = len(model.x_pairs)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_x + [
            highspy.HighsVarType.kContinuous
        ] * (n - n_x)
    h.passModel(lp)
    return h


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
    """
    params = params or Params()
    instance_check(instance)
    started = time.perf_counter()
    model = _build(instance)
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
    h = _highs(model, params, integer=True)
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


def _give_start(h: highspy.Highs, model: _Model, start: Result) -> None:
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

"""The placement integer program, built once for `solve` (integer) and `relax` (its LP).

Internal to the optimiser: `solve` documents the model; this module only assembles it.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from .highs import highs_new, threads_set
from .instance import Instance
from .result import Params


@dataclass(frozen=True)
class Model:
    """The placement model of `solve` as HiGHS takes it: columns, bounds, rows."""

    x_pairs: list[tuple[str, str]]  # column j < n_x: (household, city)
    y_pairs: list[tuple[str, str]]  # column n_x + k: (worker, vacancy)
    cost: np.ndarray
    lower: np.ndarray
    matrix: sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    capacity_rows: list[tuple[str, str, int]]  # (city, dimension, row index)
    seat_rows: dict[str, int]  # vacancy -> row index


def model_build(instance: Instance) -> Model:
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
    return Model(
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


def model_highs(model: Model, params: Params, *, integer: bool) -> highspy.Highs:
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

"""Large instances: the LP relaxation by column generation, then a rounding that loses little.

The full model (see `solve`) carries one x per (household, city) and one y per (worker,
vacancy); at 10,000 households HiGHS needs minutes for its root LP alone. Most of those
columns never matter: a household that scores poorly in a city stays out of it. Here

1. the LP starts from a few promising cities per household (a "block" is a household's x
   in one city with all its workers' job columns there) and grows by pricing: with the
   duals of the restricted LP, the reduced cost of a missing block is

       p[h,c] + b[h,c] - u[h] - Σ_d λ[c,d] s[h,d] - Σ_G φ[G] [h∈G]
              + Σ_{w∈h} max(0, max_{v in c} (q[w,v] - μ[v]))

   (u household rows, λ capacity, φ floors, μ seats; the last term prices the link rows
   the block would bring). Adding every positive one and re-solving converges to the LP
   optimum of the full model. At any round, the restricted optimum plus, for each
   household, its best positive reduced cost is an upper bound on that optimum (raise u[h]
   by that much and every column is dual feasible), so the bound is valid from the start;
2. households whole in one city in the LP are kept there; the split and the left-out ones
   are placed by a small integer program on the capacity left, each pair valued by its
   score plus its workers' job value at the LP's seat prices;
3. with every city fixed, workers get seats (a b-matching: its LP has integral vertices).

The result's bound is the bound of step 1 (an upper bound on the full LP, hence on any
placement), so its gap is the gap to the LP bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import highspy
import numpy as np

from .check import result_check
from .greedy import greedy
from .highs import highs_new, threads_set
from .instance import City, Instance, instance_check
from .result import Params, Result, Status
from .solve import solve

INF = highspy.kHighsInf


@dataclass(frozen=True)
class ColgenParams:
    start_cities: int = 3  # blocks per household in the first restricted LP
    add_per_round: int = 2  # at most this many new blocks per household per round
    lp_share: float = 0.7  # share of the time limit the LP may take
    lp_gap: float | None = None  # stop pricing this close to the bound; None: a quarter of
    # the solve's gap tolerance, leaving the rest to rounding


@dataclass(frozen=True)
class _Arrays:
    households: list[str]
    cities: list[str]
    vacancies: list[str]
    sizes: np.ndarray  # (households, dimensions)
    capacity: np.ndarray  # (cities, dimensions)
    seats: np.ndarray  # (vacancies,)
    members: np.ndarray  # (floors, households) 0/1
    floor_minimum: np.ndarray  # (floors,)
    pair_h: np.ndarray  # per block: household index
    pair_c: np.ndarray  # per block: city index
    pair_score: np.ndarray  # per block: outcome plus preference
    pair_pinned: np.ndarray  # per block: a pin (lower bound 1)
    fit_v: np.ndarray  # per job column: vacancy index
    fit_q: np.ndarray  # per job column: fit
    fit_wc: np.ndarray  # per job column: its (worker, city) link index
    fit_worker: list[str]
    wc_pair: np.ndarray  # per link: the block it belongs to
    pair_wc_start: np.ndarray  # links of block p: wc_order[start[p]:start[p+1]]
    wc_order: np.ndarray
    wc_fit_start: np.ndarray  # job columns of link k: fit_order[start[k]:start[k+1]]
    fit_order: np.ndarray


def _arrays(instance: Instance) -> _Arrays:
    households = [h.id for h in instance.households]
    h_index = {h: i for i, h in enumerate(households)}
    cities = [c.id for c in instance.cities]
    c_index = {c: j for j, c in enumerate(cities)}
    vacancies = [v.id for v in instance.vacancies]
    v_index = {v: k for k, v in enumerate(vacancies)}
    vacancy_city = {v.id: c_index[v.city] for v in instance.vacancies}
    worker_household = {w: h_index[h.id] for h in instance.households for w in h.workers}

    pairs = [
        (h_index[h], c_index[c], s + instance.preference.get((h, c), 0.0), (h, c))
        for (h, c), s in instance.outcome.items()
        if (h, c) not in instance.bans
        and (h not in instance.pins or instance.pins[h] == c)  # a pinned household: one city
    ]
    pair_of = {(hi, ci): p for p, (hi, ci, _s, _k) in enumerate(pairs)}
    pinned = np.array([instance.pins.get(key[0]) == key[1] for *_x, key in pairs], dtype=bool)

    wc_of: dict[tuple[str, int], int] = {}
    wc_pair: list[int] = []
    fit_rows: list[tuple[int, float, int, str]] = []
    for (w, v), q in instance.fit.items():
        p = pair_of.get((worker_household[w], vacancy_city[v]))
        if p is None:
            continue
        key = (w, vacancy_city[v])
        if key not in wc_of:
            wc_of[key] = len(wc_pair)
            wc_pair.append(p)
        fit_rows.append((v_index[v], q, wc_of[key], w))
    fit_wc = np.array([r[2] for r in fit_rows], dtype=np.int64)
    wc_pair_array = np.array(wc_pair, dtype=np.int64)
    wc_order = np.argsort(wc_pair_array, kind="stable")
    fit_order = np.argsort(fit_wc, kind="stable")
    n_pairs = len(pairs)
    return _Arrays(
        households=households,
        cities=cities,
        vacancies=vacancies,
        sizes=np.array([h.sizes for h in instance.households], dtype=float).reshape(
            len(households), len(instance.dimensions)
        ),
        capacity=np.array([c.capacity for c in instance.cities], dtype=float).reshape(
            len(cities), len(instance.dimensions)
        ),
        seats=np.array([v.seats for v in instance.vacancies], dtype=float),
        members=np.array(
            [[f.group in h.groups for h in instance.households] for f in instance.floors],
            dtype=float,
        ).reshape(len(instance.floors), len(households)),
        floor_minimum=np.array([f.minimum for f in instance.floors], dtype=float),
        pair_h=np.array([p[0] for p in pairs], dtype=np.int64),
        pair_c=np.array([p[1] for p in pairs], dtype=np.int64),
        pair_score=np.array([p[2] for p in pairs], dtype=float),
        pair_pinned=pinned,
        fit_v=np.array([r[0] for r in fit_rows], dtype=np.int64),
        fit_q=np.array([r[1] for r in fit_rows], dtype=float),
        fit_wc=fit_wc,
        fit_worker=[r[3] for r in fit_rows],
        wc_pair=wc_pair_array,
        pair_wc_start=np.searchsorted(wc_pair_array[wc_order], np.arange(n_pairs + 1)),
        wc_order=wc_order,
        wc_fit_start=np.searchsorted(fit_wc[fit_order], np.arange(len(wc_pair) + 1)),
        fit_order=fit_order,
    )


def _gather(order: np.ndarray, start: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The items of every key in `keys`, where key k owns order[start[k]:start[k + 1]]."""
    parts = [order[start[k] : start[k + 1]] for k in keys]
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


class _Master:
    """The restricted LP, grown block by block in one HiGHS object (warm re-solves)."""

    def __init__(self, a: _Arrays, params: Params) -> None:
        self.a = a
        n_h, (n_c, n_d) = len(a.households), a.capacity.shape
        self.n_d = n_d
        self.cap_row0 = n_h
        self.seat_row0 = n_h + n_c * n_d
        self.floor_row0 = self.seat_row0 + len(a.vacancies)
        self.h = highs_new()
        self.h.setOptionValue("time_limit", float(params.time_limit))
        self.h.setOptionValue("random_seed", int(params.seed))
        threads_set(self.h, params.threads)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        upper = np.concatenate(
            [np.ones(n_h), a.capacity.reshape(-1), a.seats, np.full(len(a.floor_minimum), INF)]
        )
        lower = np.concatenate([np.full(self.floor_row0, -INF), a.floor_minimum])
        self._add_rows(lower, upper)
        self.n_rows = len(upper)
        self.link_row = np.full(len(a.wc_pair), -1, dtype=np.int64)
        self.in_model = np.zeros(len(a.pair_h), dtype=bool)
        self.x_col = np.full(len(a.pair_h), -1, dtype=np.int64)
        self.n_cols = 0

    def _add_rows(self, lower: np.ndarray, upper: np.ndarray) -> None:
        n = len(lower)
        empty = np.zeros(n, dtype=np.int32)
        self.h.addRows(n, lower, upper, 0, empty, np.zeros(0, np.int32), np.zeros(0))

    def add(self, blocks: np.ndarray) -> None:
        a = self.a
        blocks = blocks[~self.in_model[blocks]]
        if len(blocks) == 0:
            return
        links = _gather(a.wc_order, a.pair_wc_start, blocks)
        self.link_row[links] = self.n_rows + np.arange(len(links))
        self._add_rows(np.full(len(links), -INF), np.zeros(len(links)))
        self.n_rows += len(links)

        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        cost: list[float] = []
        lower: list[float] = []
        for p in blocks:
            hi, ci = int(a.pair_h[p]), int(a.pair_c[p])
            starts.append(len(index))
            index.append(hi)
            value.append(1.0)
            for d in range(self.n_d):
                if a.sizes[hi, d]:
                    index.append(self.cap_row0 + ci * self.n_d + d)
                    value.append(float(a.sizes[hi, d]))
            for f in np.flatnonzero(a.members[:, hi]):
                index.append(self.floor_row0 + int(f))
                value.append(1.0)
            for k in a.wc_order[a.pair_wc_start[p] : a.pair_wc_start[p + 1]]:
                index.append(int(self.link_row[k]))
                value.append(-1.0)
            cost.append(float(a.pair_score[p]))
            lower.append(1.0 if a.pair_pinned[p] else 0.0)
        self.x_col[blocks] = self.n_cols + np.arange(len(blocks))
        fits = _gather(a.fit_order, a.wc_fit_start, links)
        for f in fits:
            starts.append(len(index))
            index.extend((int(self.link_row[a.fit_wc[f]]), self.seat_row0 + int(a.fit_v[f])))
            value.extend((1.0, 1.0))
            cost.append(float(a.fit_q[f]))
            lower.append(0.0)
        n = len(cost)
        self.h.addCols(
            n,
            np.array(cost),
            np.array(lower),
            np.ones(n),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value),
        )
        self.n_cols += n
        self.in_model[blocks] = True

    def run(self, seconds: float) -> bool:
        # HiGHS counts its time limit from the object's first run, not from this one.
        self.h.setOptionValue("time_limit", float(self.h.getRunTime()) + seconds)
        self.h.run()
        return bool(self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal)

    def objective(self) -> float:
        return float(self.h.getInfo().objective_function_value)

    def x_values(self) -> np.ndarray:
        values = np.asarray(self.h.getSolution().col_value)
        x = np.zeros(len(self.a.pair_h))
        x[self.in_model] = values[self.x_col[self.in_model]]
        return x

    def duals(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().row_dual)


def _job_value(a: _Arrays, seat_price: np.ndarray) -> np.ndarray:
    """Per block: Σ over its workers of max(0, best fit less seat price) in that city."""
    best = np.zeros(len(a.wc_pair))
    np.maximum.at(best, a.fit_wc, a.fit_q - seat_price[a.fit_v])
    value = np.zeros(len(a.pair_h))
    np.add.at(value, a.wc_pair, best)
    return value


def _reduced_costs(a: _Arrays, duals: np.ndarray, master: _Master) -> np.ndarray:
    n_h, (n_c, n_d) = len(a.households), a.capacity.shape
    alpha = duals[:n_h]
    lam = duals[master.cap_row0 : master.seat_row0].reshape(n_c, n_d)
    mu = duals[master.seat_row0 : master.floor_row0]
    phi = duals[master.floor_row0 : master.floor_row0 + len(a.floor_minimum)]
    rc = a.pair_score - alpha[a.pair_h] - (lam[a.pair_c] * a.sizes[a.pair_h]).sum(axis=1)
    if len(phi):
        rc -= phi @ a.members[:, a.pair_h]
    total: np.ndarray = rc + _job_value(a, mu)
    return total


def _start_blocks(a: _Arrays, instance: Instance, count: int) -> np.ndarray:
    """Each household's `count` best blocks by score plus unpriced job value; pins; greedy's."""
    optimistic = a.pair_score + _job_value(a, np.zeros(len(a.vacancies)))
    order = np.lexsort((-optimistic, a.pair_h))
    rank = np.empty(len(order), dtype=np.int64)
    first = np.searchsorted(a.pair_h[order], a.pair_h[order], side="left")
    rank[order] = np.arange(len(order)) - first
    chosen = (rank < count) | a.pair_pinned
    start = greedy(instance)
    h_index = {h: i for i, h in enumerate(a.households)}
    c_index = {c: j for j, c in enumerate(a.cities)}
    wanted = {(h_index[h], c_index[c]) for h, c in start.assignment.items()}
    for p, key in enumerate(zip(a.pair_h.tolist(), a.pair_c.tolist(), strict=True)):
        if key in wanted:
            chosen[p] = True
    return np.flatnonzero(chosen)


def _best_new(rc: np.ndarray, a: _Arrays, in_model: np.ndarray, per: int) -> np.ndarray:
    """Up to `per` missing blocks per household, those with the highest positive rc."""
    candidates = np.flatnonzero((rc > 1e-7) & ~in_model)
    if len(candidates) == 0:
        return candidates
    order = candidates[np.lexsort((-rc[candidates], a.pair_h[candidates]))]
    first = np.searchsorted(a.pair_h[order], a.pair_h[order], side="left")
    return order[(np.arange(len(order)) - first) < per]


def _bound(z: float, rc: np.ndarray, a: _Arrays, in_model: np.ndarray) -> float:
    gain = np.zeros(len(a.households))
    missing = ~in_model
    np.maximum.at(gain, a.pair_h[missing], rc[missing])
    return z + float(gain.sum())


def solve_large(
    instance: Instance, params: Params | None = None, options: ColgenParams | None = None
) -> Result:
    """Column-generated LP bound, then rounding; see the module docstring. The result is
    checked against the full model (`check.result_check`) before it is returned."""
    params = params or Params()
    options = options or ColgenParams()
    instance_check(instance)
    started = time.perf_counter()
    a = _arrays(instance)
    if len(a.pair_h) == 0 or len(a.floor_minimum):
        return solve(instance, params)  # nothing to gain, or floors: the exact model
    master = _Master(a, params)
    master.add(_start_blocks(a, instance, options.start_cities))
    lp_deadline = started + options.lp_share * params.time_limit
    lp_gap = max(1e-7, params.gap / 4) if options.lp_gap is None else options.lp_gap
    rounds = 0
    bound = np.inf
    last: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # x, seat prices, blocks
    timed_out = False
    while True:
        if not master.run(max(1.0, lp_deadline - time.perf_counter())):
            timed_out = True  # out of time (or numerical trouble): round the last optimal LP
            break
        rounds += 1
        z = master.objective()
        duals = master.duals()
        rc = _reduced_costs(a, duals, master)
        bound = min(bound, _bound(z, rc, a, master.in_model))
        seats = duals[master.seat_row0 : master.floor_row0]
        last = (master.x_values(), seats, master.in_model.copy())
        new = _best_new(rc, a, master.in_model, options.add_per_round)
        if len(new) == 0 or bound - z <= lp_gap * abs(z):
            break
        if time.perf_counter() >= lp_deadline:
            timed_out = True
            break
        master.add(new)
    if last is None:
        return solve(instance, replace(params, time_limit=_left(params, started)))
    lp_seconds = time.perf_counter() - started
    assignment = _round(a, instance, *last, params, started)
    result = _seats(instance, assignment, params, started)
    objective = result.objective or 0.0
    gap = (bound - objective) / max(abs(objective), 1e-9)
    final = Result(
        status=_status(gap, params, timed_out or result.status is Status.FEASIBLE_AT_LIMIT),
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        assignment=result.assignment,
        jobs=result.jobs,
        message=(
            f"column generation: LP {lp_seconds:.1f} s in {rounds} rounds "
            f"({int(last[2].sum())} of {len(a.pair_h)} blocks), "
            f"rounded and seated in {time.perf_counter() - started - lp_seconds:.1f} s"
        ),
        binding=result.binding,
    )
    return result_check(instance, final)


def _status(gap: float, params: Params, timed_out: bool) -> Status:
    if gap <= params.gap:
        return Status.OPTIMAL  # within the tolerance of the bound
    return Status.FEASIBLE_AT_LIMIT if timed_out else Status.FEASIBLE


def _left(params: Params, started: float) -> float:
    return max(1.0, params.time_limit - (time.perf_counter() - started))


def _round(
    a: _Arrays,
    instance: Instance,
    x: np.ndarray,
    seat_price: np.ndarray,
    in_model: np.ndarray,
    params: Params,
    started: float,
) -> dict[str, str]:
    """Keep whole households where the LP put them; place the rest by a small MIP."""
    whole = x > 1 - 1e-6
    kept = {int(a.pair_h[p]): int(a.pair_c[p]) for p in np.flatnonzero(whole)}
    left = a.capacity.copy()
    for hi, ci in kept.items():
        left[ci] -= a.sizes[hi]
    value = a.pair_score + _job_value(a, seat_price)
    open_pairs = np.flatnonzero(in_model & ~np.isin(a.pair_h, list(kept)) & (value > 0))
    assignment = {a.households[hi]: a.cities[ci] for hi, ci in kept.items()}
    if len(open_pairs) == 0:
        return assignment
    rest = {
        (a.households[int(a.pair_h[p])], a.cities[int(a.pair_c[p])]): float(value[p])
        for p in open_pairs
    }
    ids = {h for h, _c in rest}
    sub = Instance(
        dimensions=instance.dimensions,
        households=tuple(h for h in instance.households if h.id in ids),
        cities=tuple(City(c, tuple(round(k) for k in left[j])) for j, c in enumerate(a.cities)),
        outcome=rest,
    )
    placed = solve(sub, replace(params, time_limit=_left(params, started) / 2))
    assignment.update(placed.assignment)
    return assignment


def _seats(
    instance: Instance, assignment: dict[str, str], params: Params, started: float
) -> Result:
    """With every household's city fixed, give workers seats (and score the whole)."""
    chosen = {pair: s for pair, s in instance.outcome.items() if assignment.get(pair[0]) == pair[1]}
    fixed = replace(
        instance,
        outcome=chosen,
        preference={pair: b for pair, b in instance.preference.items() if pair in chosen},
        pins=dict(assignment),
        floors=(),
        bans=frozenset(),
    )
    return solve(fixed, replace(params, time_limit=_left(params, started), greedy_start=False))

"""The postcondition of every solve: the returned placement obeys the model, and its score is
the one reported.

HiGHS reads job variables as continuous and returns values within its tolerances; a
result is read back with `> 0.5`, which is right only at a vertex. Column generation
assembles its result from three solves, the dynamic mode prices capacity and rescores. So
every solve path ends by checking what it returns against the instance, here, and raises
`ResultError` (naming every violation) rather than hand on a placement that overbooks a
city or a vacancy, splits a family, breaks a pin or a ban, or reports a score it does not
have.
"""

from __future__ import annotations

from .instance import Instance
from .result import Result

# Relative (to the larger of 1 and the score's size) tolerance between the objective a solver
# reports and the one recomputed from its placement: HiGHS's feasibility tolerances are
# 1e-6 per variable, far below the score of any single household or job.
OBJECTIVE_TOLERANCE = 1e-6


class ResultError(RuntimeError):
    """A solve returned a result that breaks the model; `violations` lists how."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        shown = "; ".join(violations[:10])
        more = f" (and {len(violations) - 10} more)" if len(violations) > 10 else ""
        super().__init__(f"the solver's result breaks the model: {shown}{more}")


def result_objective(instance: Instance, result: Result) -> float:
    """The score of `result`'s placement: outcome plus preference of every household in its
    city, plus the fit of every worker in their vacancy (the objective of `solve`)."""
    total = 0.0
    for pair in result.assignment.items():
        total += instance.outcome.get(pair, 0.0) + instance.preference.get(pair, 0.0)
    for pair in result.jobs.items():
        total += instance.fit.get(pair, 0.0)
    return total


def result_violations(
    instance: Instance, result: Result, *, baseline: bool = False, objective: bool = True
) -> list[str]:
    """Every way `result` breaks the model of `instance` (empty: it holds).

    `baseline=True` checks only what the greedy baseline promises: no group floors, and a
    pinned household either in its pinned city or (pins beyond capacity) left out.
    `objective=False` skips comparing the reported objective with the placement's score
    (the dynamic mode reports the unpriced outcome alone).
    """
    found: list[str] = []
    households = {h.id: h for h in instance.households}
    city_ids = {c.id for c in instance.cities}
    vacancies = {v.id: v for v in instance.vacancies}
    if not result.success:
        if result.assignment or result.jobs:
            found.append(f"status {result.status} comes with a placement")
        return found
    if result.objective is None:
        found.append(f"status {result.status} comes without an objective")

    # Each household in at most one city (a dict: at most one by construction), a known,
    # compatible, unbanned one.
    for h_id, c_id in result.assignment.items():
        if h_id not in households:
            found.append(f"unknown household {h_id!r} is placed")
        elif c_id not in city_ids:
            found.append(f"household {h_id!r} is placed in unknown city {c_id!r}")
        elif (h_id, c_id) not in instance.outcome:
            found.append(f"household {h_id!r} is placed in incompatible city {c_id!r}")
        elif (h_id, c_id) in instance.bans:
            found.append(f"household {h_id!r} is placed in {c_id!r}, which it is banned from")
    for h_id, c_id in instance.pins.items():
        placed = result.assignment.get(h_id)
        if placed is None and baseline:
            continue  # the baseline leaves out a pinned household whose city is full
        if placed != c_id:
            found.append(f"household {h_id!r} is pinned to {c_id!r} but placed in {placed!r}")

    # Capacity of every city in every dimension.
    load = {c.id: [0] * len(instance.dimensions) for c in instance.cities}
    for h_id, c_id in result.assignment.items():
        if h_id in households and c_id in load:
            for d, size in enumerate(households[h_id].sizes):
                load[c_id][d] += size
    for city in instance.cities:
        for d, dim in enumerate(instance.dimensions):
            if load[city.id][d] > city.capacity[d]:
                found.append(
                    f"city {city.id!r} holds {load[city.id][d]} {dim}, capacity {city.capacity[d]}"
                )
    for c_id, dim in result.binding:
        if c_id not in load or dim not in instance.dimensions:
            found.append(f"binding names unknown capacity ({c_id!r}, {dim!r})")
            continue
        d = instance.dimensions.index(dim)
        city_capacity = next(c.capacity[d] for c in instance.cities if c.id == c_id)
        if load[c_id][d] < city_capacity:
            found.append(f"capacity ({c_id!r}, {dim!r}) is reported binding but is not full")

    # Jobs: a known, fitting vacancy in the city of the worker's placed household; seats.
    worker_household = {w: h.id for h in instance.households for w in h.workers}
    taken: dict[str, int] = {}
    for w_id, v_id in result.jobs.items():
        if w_id not in worker_household:
            found.append(f"unknown worker {w_id!r} has a job")
            continue
        vacancy = vacancies.get(v_id)
        if vacancy is None:
            found.append(f"worker {w_id!r} has unknown vacancy {v_id!r}")
            continue
        if (w_id, v_id) not in instance.fit:
            found.append(f"worker {w_id!r} has vacancy {v_id!r}, which does not fit them")
        household_city = result.assignment.get(worker_household[w_id])
        if household_city != vacancy.city:
            found.append(
                f"worker {w_id!r} has vacancy {v_id!r} in {vacancy.city!r}, "
                f"but their household is placed in {household_city!r}"
            )
        taken[v_id] = taken.get(v_id, 0) + 1
    for v_id, count in taken.items():
        if count > vacancies[v_id].seats:
            found.append(f"vacancy {v_id!r} has {count} workers, seats {vacancies[v_id].seats}")

    if not baseline:
        for floor in instance.floors:
            members = sum(
                1
                for h_id in result.assignment
                if h_id in households and floor.group in households[h_id].groups
            )
            if members < floor.minimum:
                found.append(
                    f"floor for group {floor.group!r} needs {floor.minimum}, {members} placed"
                )

    if objective and result.objective is not None:
        score = result_objective(instance, result)
        tolerance = OBJECTIVE_TOLERANCE * max(1.0, abs(score))
        if abs(score - result.objective) > tolerance:
            found.append(
                f"reported objective {result.objective:.9g} but the placement scores {score:.9g}"
            )
        if result.bound is not None and result.objective > result.bound + tolerance:
            found.append(f"objective {result.objective:.9g} above the bound {result.bound:.9g}")
    return found


def result_check(
    instance: Instance, result: Result, *, baseline: bool = False, objective: bool = True
) -> Result:
    """Raise `ResultError` unless `result` obeys `instance`'s model (see `result_violations`);
    return `result` so a solve can end with `return result_check(instance, result)`."""
    violations = result_violations(instance, result, baseline=baseline, objective=objective)
    if violations:
        raise ResultError(violations)
    return result

"""One entry point that picks the method by size: exact MIP when small, columns when large."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from .check import result_check
from .colgen import solve_large
from .greedy import greedy
from .instance import Instance
from .result import Params, Result, Status
from .solve import solve


class Method(StrEnum):
    """How `place` solves. The values are what `arraigo solve --method` and stored run
    parameters spell; `Method(text)` converts them at the boundary."""

    AUTO = "auto"  # EXACT when small, else COLUMNS polished by EXACT when there is time
    EXACT = "exact"  # the full integer program (`solve`)
    COLUMNS = "columns"  # column generation, then rounding (`colgen.solve_large`)
    GREEDY = "greedy"  # the baseline (`greedy.greedy`): arrival order, best city with room


# Below this many columns (x plus y) HiGHS proves optimality of the full model in seconds;
# above, column generation reaches a small gap to the LP bound far sooner (bench/matching).
EXACT_MAX_COLUMNS = 20_000
# Up to this many columns, a column-generation result outside the gap tolerance is handed
# to the exact model as its first incumbent for the time that is left: a demo-sized run
# (150 households, 28,000 columns) then ends proven optimal in seconds. Beyond it the full
# model takes longer to build than the columns take to solve.
POLISH_MAX_COLUMNS = 100_000
POLISH_MIN_SECONDS = 1.0


def place(
    instance: Instance, params: Params | None = None, *, method: Method = Method.AUTO
) -> Result:
    """Solve with `method` (a `Method`, or its value as text: "auto", "exact", ...).

    AUTO solves small instances exactly; larger ones by column generation, then, when that
    result is outside the gap tolerance and the instance is not too large, polishes it with
    the exact model for the rest of the time limit. The result is never worse than the
    column-generation one, and its bound is the tighter of the two. GREEDY ignores `params`.
    Every result is checked against the model (`check.result_check`).
    """
    try:
        method = Method(method)
    except ValueError:
        raise ValueError(f"unknown method {method!r}") from None
    params = params or Params()
    if method is Method.EXACT:
        return solve(instance, params)
    if method is Method.COLUMNS:
        return solve_large(instance, params)
    if method is Method.GREEDY:
        return greedy(instance)
    columns = len(instance.outcome) + len(instance.fit)
    if columns <= EXACT_MAX_COLUMNS:
        return solve(instance, params)
    first = solve_large(instance, params)
    left = params.time_limit - first.seconds
    if (
        first.status is not Status.FEASIBLE
        or columns > POLISH_MAX_COLUMNS
        or left < POLISH_MIN_SECONDS
    ):
        return first
    second = solve(instance, replace(params, time_limit=left), start=first)
    return result_check(instance, _better(first, second))


def _better(first: Result, second: Result) -> Result:
    """The better placement of two runs on one instance, with the tighter bound of both."""
    seconds = first.seconds + second.seconds
    if second.objective is None or first.objective is None:
        return replace(first, seconds=seconds)
    bound = min(b for b in (first.bound, second.bound) if b is not None)
    best = second if second.objective >= first.objective else first
    objective = best.objective or 0.0
    gap = max(0.0, bound - objective) / max(abs(objective), 1e-9)
    status = Status.OPTIMAL if second.status is Status.OPTIMAL else best.status
    return replace(
        best,
        bound=bound,
        gap=gap,
        seconds=seconds,
        status=status,
        message=f"{first.message}; then exact model: {second.message}",
    )

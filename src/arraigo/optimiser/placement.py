"""One entry point that picks the method by size: exact MIP when small, columns when large."""

from __future__ import annotations

from .colgen import solve_large
from .instance import Instance
from .result import Params, Result
from .solve import solve

# Below this many columns (x plus y) HiGHS proves optimality of the full model in seconds;
# above, column generation reaches a small gap to the LP bound far sooner (bench/matching).
EXACT_MAX_COLUMNS = 20_000


def place(instance: Instance, params: Params | None = None, *, method: str = "auto") -> Result:
    """Solve with `method` "exact" (`solve`), "columns" (`solve_large`) or "auto"."""
    if method not in ("auto", "exact", "columns"):
        raise ValueError(f"unknown method {method!r}")
    if method == "auto":
        columns = len(instance.outcome) + len(instance.fit)
        method = "exact" if columns <= EXACT_MAX_COLUMNS else "columns"
    return solve(instance, params) if method == "exact" else solve_large(instance, params)

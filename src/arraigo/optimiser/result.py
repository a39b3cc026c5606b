"""What a solve returns: a typed result with its termination reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    OPTIMAL = "optimal"  # proven optimal within the gap tolerance
    FEASIBLE_AT_LIMIT = "feasible_at_limit"  # stopped by the time limit with a solution
    FEASIBLE = "feasible"  # a heuristic's placement (greedy): feasible, nothing proven
    INFEASIBLE = "infeasible"  # no assignment satisfies the hard constraints
    NO_SOLUTION_AT_LIMIT = "no_solution_at_limit"  # stopped with nothing feasible found
    ERROR = "error"


_SUCCESS = frozenset({Status.OPTIMAL, Status.FEASIBLE_AT_LIMIT, Status.FEASIBLE})


@dataclass(frozen=True)
class Params:
    time_limit: float = 60.0  # seconds
    gap: float = 1e-4  # relative MIP gap at which to stop
    seed: int = 0
    threads: int = 0  # 0: the solver decides
    greedy_start: bool = True  # hand the greedy placement to HiGHS as a first incumbent


@dataclass(frozen=True)
class Result:
    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    assignment: dict[str, str] = field(default_factory=dict)  # household -> city
    jobs: dict[str, str] = field(default_factory=dict)  # worker -> vacancy
    message: str = ""
    binding: frozenset[tuple[str, str]] = frozenset()  # (city, dimension) used to the full

    @property
    def assigned(self) -> int:
        return len(self.assignment)

    @property
    def success(self) -> bool:
        """A placement was found (`OPTIMAL`, `FEASIBLE` or `FEASIBLE_AT_LIMIT`): the
        assignment, jobs and objective are meaningful. False when the instance is
        infeasible, or the solver stopped or failed without one."""
        return self.status in _SUCCESS

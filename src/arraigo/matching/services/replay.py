"""Re-solving a finished run from the instance it stored, and comparing with what it proposed.

A run's proposals come from the database as it was when the run was built; households,
capacities and vacancies change afterwards. The run stores the instance it solved
(`MatchingRun.instance`), so it can be solved again, whatever the database holds now, and
the new result compared with the proposals, jobs and objective the run stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from arraigo.core.errors import ArraigoError
from arraigo.optimiser import Method, Result, place
from arraigo.optimiser.serial import instance_loads

from ..models import MatchingRun, ProposalJob, RunStatus
from .runs import run_solver_params

# The objective stored on the run is the solver's (a float column); a replay of the same
# instance with the same parameters finds the same placement, so its score agrees to the
# solver's tolerance.
OBJECTIVE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class RunReplay:
    run: MatchingRun
    result: Result
    differences: tuple[str, ...]  # empty: the replay reproduced the run

    @property
    def same(self) -> bool:
        return not self.differences


def matching_run_replay(*, run: MatchingRun) -> RunReplay:
    """Solve the instance `run` stored again, with the run's parameters, and compare the
    placement, the jobs and the objective with those the run stored. Writes nothing."""
    if run.status != RunStatus.DONE or run.instance is None:
        raise ArraigoError(
            _("Run %(run)s has no stored instance to replay (only finished runs store one).")
            % {"run": run.pk}
        )
    instance = instance_loads(bytes(run.instance))
    result = place(instance, run_solver_params(run.parameters), method=Method.AUTO)
    stored = {str(h): str(c) for h, c in run.proposals.values_list("household_id", "city_id")}
    stored_jobs = {
        str(w): str(v)
        for w, v in ProposalJob.objects.filter(proposal__run=run).values_list(
            "person_id", "vacancy_id"
        )
    }
    differences: list[str] = []
    for h_id in sorted(set(stored) | set(result.assignment), key=int):
        before, after = stored.get(h_id), result.assignment.get(h_id)
        if before != after:
            differences.append(f"household {h_id}: stored city {before}, replayed {after}")
    for w_id in sorted(set(stored_jobs) | set(result.jobs), key=int):
        before, after = stored_jobs.get(w_id), result.jobs.get(w_id)
        if before != after:
            differences.append(f"person {w_id}: stored vacancy {before}, replayed {after}")
    if str(result.status) != run.termination:
        differences.append(f"termination: stored {run.termination}, replayed {result.status}")
    if (run.objective is None) != (result.objective is None) or (
        run.objective is not None
        and result.objective is not None
        and abs(run.objective - result.objective)
        > OBJECTIVE_TOLERANCE * max(1.0, abs(run.objective))
    ):
        differences.append(f"objective: stored {run.objective}, replayed {result.objective}")
    return RunReplay(run=run, result=result, differences=tuple(differences))

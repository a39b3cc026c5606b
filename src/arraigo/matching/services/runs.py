"""Launching and executing a matching run."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.jobs.models import Vacancy
from arraigo.optimiser import Params, Result, place
from arraigo.optimiser.explain import explain
from arraigo.optimiser.greedy import greedy
from arraigo.optimiser.serial import instance_dumps
from arraigo.registry.models import Household, Person

from ..adapter import Built, instance_build
from ..models import MatchingRun, Objective, Proposal, ProposalJob, ProposalStatus, RunStatus
from ..queue import run_enqueue
from ..report import capacity_report, household_explanation, run_summary, run_totals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "objective": Objective.ANY_EMPLOYED.value,
    "preference_weight": 0.1,
    "floors": {},
    "time_limit": 60.0,
    "gap": 1e-4,
    "seed": 0,
    "threads": 0,
}


def _parameters(given: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str | None, list[str]] = {}
    params = {**DEFAULTS, **{k: v for k, v in given.items() if v is not None}}
    if params["objective"] not in Objective.values:
        errors["objective"] = [_("Choose an objective from the list.")]
    if float(params["preference_weight"]) < 0:
        errors["preference_weight"] = [_("The preference weight cannot be negative.")]
    if not 0 < float(params["time_limit"]) <= 3600:
        errors["time_limit"] = [_("The time limit must be between 1 second and 1 hour.")]
    floors = dict(params["floors"] or {})
    if any(int(v) < 0 for v in floors.values()):
        errors["floors"] = [_("A floor cannot be negative.")]
    if errors:
        raise ValidationFailed(errors)
    params["preference_weight"] = float(params["preference_weight"])
    params["time_limit"] = float(params["time_limit"])
    params["floors"] = {str(k): int(v) for k, v in floors.items() if int(v) > 0}
    return params


@transaction.atomic
def matching_run_create(
    *, actor: User, period_start: dt.date, period_end: dt.date, parameters: Mapping[str, Any]
) -> MatchingRun:
    """Record a queued run (coordinators only). `matching_run_start` sets it going."""
    require_perm(actor, "matching.add_matchingrun")
    if period_end < period_start:
        raise ValidationFailed({"period_end": [_("The period must end after it starts.")]})
    return MatchingRun.objects.create(
        period_start=period_start,
        period_end=period_end,
        parameters=_parameters(parameters),
        created_by=actor,
    )


def matching_run_start(*, run: MatchingRun) -> None:
    """Execute `run` in the background (the registered queue: once the current transaction
    commits, in a thread, by default)."""
    run_enqueue(run.pk)


def run_solver_params(parameters: Mapping[str, Any]) -> Params:
    """The solver's settings from a run's stored parameters (a replay uses the same)."""
    return Params(
        time_limit=float(parameters.get("time_limit", 60.0)),
        gap=float(parameters.get("gap", 1e-4)),
        seed=int(parameters.get("seed", 0)),
        threads=int(parameters.get("threads", 0)),
    )


def _progress(run_id: int, percent: int, message: str, **fields: Any) -> None:
    """Progress in its own short transaction so the run's page sees it at once."""
    with transaction.atomic():
        MatchingRun.objects.filter(pk=run_id).update(
            progress=percent, progress_message=message, **fields
        )


def matching_run_execute(
    *, run_id: int, on_progress: Callable[[int, str], None] | None = None
) -> MatchingRun:
    """Build, score, solve and store a run. Idempotent: a finished run is left as it is, and a
    run that failed or stopped half-way is redone from the start. `on_progress(percent,
    message)` is told each step as well (the command line prints them)."""

    def step(percent: int, message: str) -> None:
        _progress(run_id, percent, message)
        if on_progress is not None:
            on_progress(percent, message)

    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.DONE:
            return run
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.error = ""
        run.save(update_fields=["status", "started_at", "error"])
    try:
        step(10, _("Building the instance"))
        built = instance_build(
            period_start=run.period_start, period_end=run.period_end, parameters=run.parameters
        )
        step(30, _("Scored with %(model)s") % {"model": built.model_version})
        step(60, _("Solving"))
        result = place(built.instance, run_solver_params(run.parameters))
        baseline = greedy(built.instance)
        step(90, _("Storing proposals"))
        _store(run_id, built, result, baseline.objective)
    except Exception as exc:
        logger.exception("matching run %s failed", run_id)
        _progress(
            run_id,
            100,
            _("Failed"),
            status=RunStatus.FAILED,
            error=str(exc)[:500],
            finished_at=timezone.now(),
        )
        raise
    if on_progress is not None:
        on_progress(100, _("Done"))
    return MatchingRun.objects.get(pk=run_id)


@transaction.atomic
def _store(run_id: int, built: Built, result: Result, greedy_objective: float | None) -> None:
    run = MatchingRun.objects.select_for_update().get(pk=run_id)
    instance = built.instance
    run.proposals.all().delete()
    household_ids = [int(h) for h in result.assignment]
    # A newer proposal replaces the unreviewed ones of earlier runs for the same household.
    Proposal.objects.filter(household_id__in=household_ids, status=ProposalStatus.PROPOSED).exclude(
        run=run
    ).update(status=ProposalStatus.SUPERSEDED)
    fit = instance.fit
    explanations = explain(instance, result)
    codes = dict(Household.objects.filter(pk__in=household_ids).values_list("pk", "code"))
    proposals = Proposal.objects.bulk_create(
        Proposal(
            run=run,
            household_id=int(h),
            household_code=codes[int(h)],
            city_id=int(c),
            # the household's whole score, as its page adds it up: outcome, preference, jobs
            score=round(explanations[h].score or 0.0, 6),
            explanation=household_explanation(
                explanations[h], built.contributions, built.city_names
            ),
        )
        for h, c in sorted(result.assignment.items(), key=lambda item: int(item[0]))
    )
    by_household = {str(p.household_id): p for p in proposals}
    worker_household = {w: h.id for h in instance.households for w in h.workers}
    ProposalJob.objects.bulk_create(
        ProposalJob(
            proposal=by_household[worker_household[w]],
            person=Person(pk=int(w)),
            vacancy=Vacancy(pk=int(v)),
            fit=round(fit[(w, v)], 6),
        )
        for w, v in sorted(result.jobs.items(), key=lambda item: int(item[0]))
    )
    run.status = RunStatus.DONE
    run.progress = 100
    run.progress_message = _("Done")
    run.model_version = built.model_version
    run.model_kind = built.model_kind
    run.termination = str(result.status)
    run.objective = result.objective
    run.bound = result.bound
    run.gap = result.gap
    run.seconds = result.seconds
    run.assigned = result.assigned
    run.households_considered = len(instance.households)
    run.greedy_objective = greedy_objective
    run.summary = {
        **run_summary(instance, result, built.facts),
        "unplaced": [
            {"household": built.facts[h_id].code, "reason": str(e.unplaced)}
            for h_id, e in sorted(explanations.items(), key=lambda item: int(item[0]))
            if e.unplaced is not None
        ],
        "capacity": capacity_report(instance, result, built.city_names),
        "totals": run_totals(instance, result),
    }
    run.instance = instance_dumps(instance)
    run.finished_at = timezone.now()
    run.save()

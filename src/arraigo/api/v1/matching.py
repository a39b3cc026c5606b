"""Matching runs: list, status, start (the coordinator, through the matching service the web
uses) and a run's proposals (households in the caller's scope; pseudonyms for a
pseudonymised reader)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from arraigo.accounts.permissions import sees_names
from arraigo.core.formflow import require_perm
from arraigo.matching import selectors, services
from arraigo.matching.models import MatchingRun, Objective, Proposal, ProposalStatus
from arraigo.registry.pseudonyms import household_pseudonym

from .common import MAX_ID, Date, answers, caller
from .pagination import LIMIT_DEFAULT, LIMIT_MAX, Order, cursor_page

router = Router(tags=["matching"])

NEWEST = Order("created_at", descending=True)
BY_CODE = Order("household_code", descending=False)


class RunOut(Schema):
    id: int
    status: str
    progress: int
    progress_message: str
    period_start: dt.date
    period_end: dt.date
    parameters: dict[str, Any]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    termination: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float | None
    households_considered: int
    assigned: int
    greedy_objective: float | None
    model_version: str
    error: str


class RunPage(Schema):
    items: list[RunOut]
    next: str | None


class RunIn(Schema):
    period_start: Date
    period_end: Date
    objective: Objective = Objective.ANY_EMPLOYED
    preference_weight: float = Field(0.1, ge=0, le=100, allow_inf_nan=False)
    specific_needs_floor: int | None = Field(None, ge=0, le=1_000_000)
    time_limit: float = Field(60, gt=0, le=3600, allow_inf_nan=False)


class ProposalOut(Schema):
    id: int
    run_id: int
    household_id: int
    household: str  # the case code, or its pseudonym for a pseudonymised reader
    city_id: int
    city: str
    score: float
    status: str
    override_city_id: int | None
    reviewed_at: dt.datetime | None
    decided_at: dt.datetime | None


class ProposalPage(Schema):
    items: list[ProposalOut]
    next: str | None


def _run_out(run: MatchingRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "progress": run.progress,
        "progress_message": run.progress_message,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "parameters": dict(run.parameters or {}),
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "termination": run.termination,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "seconds": run.seconds,
        "households_considered": run.households_considered,
        "assigned": run.assigned,
        "greedy_objective": run.greedy_objective,
        "model_version": run.model_version,
        "error": run.error,
    }


def _proposal_out(proposal: Proposal, names: bool) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "run_id": proposal.run_id,
        "household_id": proposal.household_id,
        "household": proposal.household_code
        if names
        else household_pseudonym(proposal.household_id),
        "city_id": proposal.city_id,
        "city": proposal.city.name,
        "score": proposal.score,
        "status": proposal.status,
        "override_city_id": proposal.override_city_id,
        "reviewed_at": proposal.reviewed_at,
        "decided_at": proposal.decided_at,
    }


def _reader(request: HttpRequest) -> Any:
    user = caller(request)
    require_perm(user, "matching.view_matchingrun")
    return user


@router.get("/matching/runs", response=answers({200: RunPage}), summary="List matching runs")
def run_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """Every run, newest first."""
    user = _reader(request)
    page = cursor_page(selectors.runs_visible_to(user), NEWEST, cursor=cursor, limit=limit)
    return {"items": [_run_out(run) for run in page.rows], "next": page.next}


@router.get(
    "/matching/runs/{run_id}", response=answers({200: RunOut}), summary="Read a run's status"
)
def run_detail(request: HttpRequest, run_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """The run's status and progress, and once done, the solver's result."""
    return _run_out(selectors.run_get_for(_reader(request), run_id))


@router.post("/matching/runs", response=answers({202: RunOut}), summary="Start a matching run")
def run_start(request: HttpRequest, body: RunIn) -> Status[dict[str, Any]]:
    """Queue a run over the capacity period (coordinators); follow it with the run's status."""
    user = _reader(request)
    require_perm(user, "matching.add_matchingrun")
    floor = body.specific_needs_floor
    run = services.matching_run_create(
        actor=user,
        period_start=body.period_start,
        period_end=body.period_end,
        parameters={
            "objective": body.objective.value,
            "preference_weight": body.preference_weight,
            "floors": {"specific_needs": floor} if floor else {},
            "time_limit": body.time_limit,
        },
    )
    services.matching_run_start(run=run)
    return Status(202, _run_out(selectors.run_get_for(user, run.pk)))


@router.get(
    "/matching/runs/{run_id}/proposals",
    response=answers({200: ProposalPage}),
    summary="List a run's proposals",
)
def run_proposals(
    request: HttpRequest,
    run_id: int = Path(..., ge=1, le=MAX_ID),
    status: ProposalStatus | None = None,
    city: int | None = Query(None, ge=1, le=MAX_ID),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """The run's proposals for households in your scope, in case-code order."""
    user = _reader(request)
    require_perm(user, "matching.view_proposal")
    run = selectors.run_get_for(user, run_id)
    qs = selectors.proposals_list(user, run, status=status.value if status else "")
    if city is not None:
        qs = qs.filter(city_id=city)
    page = cursor_page(qs, BY_CODE, cursor=cursor, limit=limit)
    names = sees_names(user)
    return {"items": [_proposal_out(p, names) for p in page.rows], "next": page.next}

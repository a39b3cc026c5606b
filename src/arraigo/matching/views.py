"""Matching pages: launch and follow runs, review proposals, record the household's answer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.background.selectors import workers_alive
from arraigo.core.charts import bar_chart
from arraigo.core.formflow import (
    Action,
    action_posted,
    action_submit,
    request_user,
    require_perm,
    submit_redirect,
)
from arraigo.core.pagination import paginate
from arraigo.outcomes.selectors import outcome_model_by_label

from . import labels, presenting, selectors, services
from .forms import AnswerForm, EmptyForm, OverrideForm, ProposalFilterForm, RunForm
from .models import MatchingRun, ProposalStatus

SUMMARY_TITLES = {
    "nationality": gettext_lazy("By nationality of the head"),
    "head_sex": gettext_lazy("By sex of the head"),
    "head_protection": gettext_lazy("By protection status of the head"),
    "specific_needs": gettext_lazy("By specific needs"),
}


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "matching.view_matchingrun")
    form = RunForm(request.POST or None) if user.has_perm("matching.add_matchingrun") else None
    if request.method == "POST" and form is None:
        raise PermissionDenied

    def call() -> MatchingRun:
        assert form is not None
        run = services.matching_run_create(
            actor=user,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            parameters=form.parameters(),
        )
        services.matching_run_start(run=run)
        return run

    if form is not None:
        started = submit_redirect(
            request,
            form,
            call,
            message=_("Matching run started."),
            redirect_to=lambda run: reverse("matching:run_detail", args=[run.pk]),
        )
        if started is not None:
            return started
    page = paginate(request, selectors.runs_visible_to(user))
    return render(request, "matching/run_list.html", {"form": form, "page_obj": page})


def _summary_charts(run: MatchingRun) -> list[dict[str, Any]]:
    """Per grouping of the run summary: its groups in words with the share of them placed."""
    charts = []
    for key, title in SUMMARY_TITLES.items():
        rows = [
            {
                **row,
                "label": labels.group_label(key, str(row["group"])),
                "share": round(100 * row["placed"] / row["households"]),
            }
            for row in run.summary.get(key, [])
            if row["households"]
        ]
        rows.sort(key=lambda r: (r["group"] == labels.MISSING_GROUP, r["label"].casefold()))
        charts.append(
            {
                # percentages: drawn against 100 %, not against the largest bar
                "chart": bar_chart(
                    _("Share placed (%)"), [(r["label"], r["share"]) for r in rows], full=100
                ),
                "rows": rows,
                "title": title,
                "key": key,
            }
        )
    return charts


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.run_get_for(user, pk)
    form = ProposalFilterForm(request.GET, cities=selectors.run_cities(run))
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.proposals_list(user, run, **filters))
    context = {
        "run": run,
        "workers_alive": workers_alive() if run.is_active else 0,
        "form": form,
        "page_obj": page,
        "charts": _summary_charts(run) if run.summary else [],
        "figures": presenting.run_figures(run),
        "followup": selectors.run_followup_kept(user, run) if run.status == "done" else None,
        **_model_card(run),
        "capacity": _capacity(run.summary.get("capacity") or {}),
        "floors": [
            {"minimum": minimum, "label": labels.floor_group_label(str(group))}
            for group, minimum in sorted((run.parameters.get("floors") or {}).items())
        ],
        "unplaced": [
            {"household": item["household"], "reason": labels.unplaced_label(item["reason"])}
            for item in run.summary.get("unplaced", [])
        ],
    }
    return render(request, "matching/run_detail.html", context)


# The model card's groups, in order, with their headings (OutcomeModel.groups).
CARD_GROUPS = (
    ("head_sex", gettext_lazy("By sex of the head, on the held-out households")),
    ("nationality", gettext_lazy("By nationality of the head, on the held-out households")),
    ("specific_needs", gettext_lazy("By specific needs, on the held-out households")),
)


def _model_card(run: MatchingRun) -> dict[str, Any]:
    """The learned model the run used, with its groups in order (nothing for the priors)."""
    card = outcome_model_by_label(run.model_version) if run.model_kind == "learned" else None
    if card is None:
        return {"model_card": None, "card_groups": []}
    groups = [
        {"key": key, "title": title, "rows": card.groups.get(key, [])}
        for key, title in CARD_GROUPS
        if card.groups.get(key)
    ]
    return {"model_card": card, "card_groups": groups}


def _capacity(stored: dict[str, Any]) -> dict[str, Any]:
    """The run's capacity report with each dimension in words."""
    return {
        "stopped": stored.get("stopped", 0),
        "dimensions": [
            {**row, "label": labels.dimension_label(str(row["dimension"]))}
            for row in stored.get("dimensions", [])
        ],
    }


ACTIONS = ("approve", "override", "accept", "decline")


def _explanation(stored: dict[str, Any]) -> dict[str, Any]:
    """A proposal's stored explanation with its factors, reasons and capacities in words."""
    return {
        "factors": presenting.model_factors(stored),
        "alternatives": [
            {
                **alt,
                "reason_label": labels.lost_label(str(alt.get("reason", ""))),
                "dimension_labels": labels.dimension_labels(alt.get("dimensions", [])),
                "floor_label": labels.floor_group_label(str(alt.get("floor_group") or "")),
            }
            for alt in stored.get("alternatives", [])
        ],
        "binding": labels.dimension_labels(stored.get("binding", [])),
    }


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and action not in ACTIONS:
        action = ""
    if request.method == "GET":
        audit_event(actor=user, obj=proposal, event="view", request=request)
    cities, notes = selectors.override_options(proposal)
    override = OverrideForm(
        action_posted(request, "override"), cities=cities, notes=notes, prefix="override"
    )
    accept = AnswerForm(action_posted(request, "accept"), prefix="accept")
    decline = AnswerForm(action_posted(request, "decline"), prefix="decline")
    updated = _("Proposal updated.")
    actions = {
        "approve": Action(
            EmptyForm(action_posted(request, "approve")),
            lambda: services.proposal_approve(actor=user, proposal=proposal),
            updated,
        ),
        "override": Action(
            override,
            lambda: services.proposal_override(
                actor=user,
                proposal=proposal,
                city=override.cleaned_data["city"],
                reason=override.cleaned_data["reason"],
            ),
            updated,
        ),
        "accept": Action(
            accept,
            lambda: services.proposal_accept(
                actor=user, proposal=proposal, note=accept.cleaned_data["note"]
            ),
            updated,
        ),
        "decline": Action(
            decline,
            lambda: services.proposal_decline(
                actor=user, proposal=proposal, note=decline.cleaned_data["note"]
            ),
            updated,
        ),
    }
    if action:
        require_perm(user, "matching.change_proposal")
        # the proposal moved on meanwhile: say so, show it
        back_url = reverse("matching:proposal_detail", args=[proposal.pk])
        done = action_submit(request, actions, action, back=back_url)
        if done is not None:
            return done
    jobs = selectors.proposal_jobs(proposal)
    parts, total = presenting.score_parts(proposal, jobs)
    context = {
        "proposal": proposal,
        "jobs": jobs,
        "parts": parts,
        "total": total,
        "outcome_label": presenting.outcome_label(proposal.run),
        "household": presenting.household_view(proposal, user, jobs),
        "forms": {name: step.form for name, step in actions.items()},
        "can_review": user.has_perm("matching.change_proposal")
        and proposal.status == ProposalStatus.PROPOSED,
        "can_answer": user.has_perm("matching.change_proposal")
        and proposal.status in {ProposalStatus.APPROVED, ProposalStatus.OVERRIDDEN},
        **_explanation(proposal.explanation),
    }
    return render(request, "matching/proposal_detail.html", context)

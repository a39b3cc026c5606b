"""Matching pages: launch and follow runs, review proposals, record the household's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.core.charts import bar_chart
from arraigo.core.errors import InvalidTransition
from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.pagination import paginate
from arraigo.places.models import City

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

    run = submit(request, form, call) if form is not None else None
    if run is not None:
        messages.success(request, _("Matching run started."))
        return redirect("matching:run_detail", pk=run.pk)
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
    cities = City.objects.filter(pk__in=run.proposals.values("city_id")).order_by("name")
    form = ProposalFilterForm(request.GET, cities=cities)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.proposals_list(user, run, **filters))
    context = {
        "run": run,
        "form": form,
        "page_obj": page,
        "charts": _summary_charts(run) if run.summary else [],
        "figures": presenting.run_figures(run),
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
    bound: dict[str, forms.Form] = {
        "approve": EmptyForm(request.POST if action == "approve" else None),
        "override": OverrideForm(
            request.POST if action == "override" else None,
            cities=cities,
            notes=notes,
            prefix="override",
        ),
        "accept": AnswerForm(request.POST if action == "accept" else None, prefix="accept"),
        "decline": AnswerForm(request.POST if action == "decline" else None, prefix="decline"),
    }
    if action:
        require_perm(user, "matching.change_proposal")
        form = bound[action]
        calls = {
            "approve": lambda: services.proposal_approve(actor=user, proposal=proposal),
            "override": lambda: services.proposal_override(
                actor=user,
                proposal=proposal,
                city=form.cleaned_data["city"],
                reason=form.cleaned_data["reason"],
            ),
            "accept": lambda: services.proposal_accept(
                actor=user, proposal=proposal, note=form.cleaned_data["note"]
            ),
            "decline": lambda: services.proposal_decline(
                actor=user, proposal=proposal, note=form.cleaned_data["note"]
            ),
        }
        try:
            done = submit(request, form, calls[action])
        except InvalidTransition as exc:  # the proposal moved on meanwhile: say so, show it
            messages.error(request, exc.message)
            return redirect("matching:proposal_detail", pk=proposal.pk)
        if done is not None:
            messages.success(request, _("Proposal updated."))
            return redirect("matching:proposal_detail", pk=proposal.pk)
    jobs = selectors.proposal_jobs(proposal)
    parts, total = presenting.score_parts(proposal, jobs)
    context = {
        "proposal": proposal,
        "jobs": jobs,
        "parts": parts,
        "total": total,
        "outcome_label": presenting.outcome_label(proposal.run),
        "household": presenting.household_view(proposal, user, jobs),
        "forms": bound,
        "can_review": user.has_perm("matching.change_proposal")
        and proposal.status == ProposalStatus.PROPOSED,
        "can_answer": user.has_perm("matching.change_proposal")
        and proposal.status in {ProposalStatus.APPROVED, ProposalStatus.OVERRIDDEN},
        **_explanation(proposal.explanation),
    }
    return render(request, "matching/proposal_detail.html", context)

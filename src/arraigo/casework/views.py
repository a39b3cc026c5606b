"""The plan page, opening a plan, the work list, the workload view and the template editor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arraigo.accounts.audit import audit_event
from arraigo.core.charts import bar_chart
from arraigo.core.digits import whole_number
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate_keys
from arraigo.registry.selectors import household_get_for

from . import services
from .forms import MilestoneForm, TemplateMilestoneForm, WorklistForm
from .models import Milestone, MilestoneStatus, TemplateMilestone
from .rules import APPLIES_LABELS, plan_rules
from .selectors import (
    case_team,
    plan_get_for,
    plan_milestones,
    worklist_cities,
    worklist_counted,
    worklist_keys,
    worklist_people,
    worklist_rows,
    workload,
)
from .selectors_people import person_steps_counts, person_steps_table


@login_required
@require_POST
def plan_open(request: HttpRequest, household_pk: int) -> HttpResponse:
    user = request_user(request)
    household = household_get_for(user, household_pk)
    try:
        plan = services.plan_open(actor=user, household=household)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("registry:household_detail", pk=household.pk)
    messages.success(request, _("Integration plan opened."))
    return redirect("casework:plan_detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plan_get_for(user, pk)
    team = case_team(plan)
    failed: tuple[int, MilestoneForm] | None = None
    if request.method == "POST":
        require_perm(user, "casework.change_milestone")
        milestone = get_object_or_404(
            Milestone, pk=whole_number(request.POST.get("milestone")) or 0, plan=plan
        )
        form = MilestoneForm(request.POST, team=team)
        done = submit_redirect(
            request,
            form,
            lambda: services.milestone_update(
                actor=user,
                milestone=milestone,
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data.get("evidence") or "",
                done_on=form.cleaned_data.get("done_on"),
                responsible=form.cleaned_data.get("responsible"),
            ),
            message=_("Milestone saved."),
            redirect_to=f"{request.path}#m{milestone.pk}",
        )
        if done is not None:
            return done
        failed = (milestone.pk, form)
    else:
        audit_event(actor=user, obj=plan, event="view", request=request)
    rows: list[dict[str, Any]] = []
    milestones = plan_milestones(plan, timezone.localdate())
    for milestone in milestones:
        form = (
            failed[1]
            if failed and failed[0] == milestone.pk
            else MilestoneForm(
                team=team,
                initial={
                    "status": milestone.status,
                    "evidence": milestone.evidence,
                    "done_on": milestone.done_on,
                    "responsible": milestone.responsible_id,
                },
            )
        )
        rows.append({"milestone": milestone, "form": form})
    context = {
        "plan": plan,
        "rows": rows,
        "overdue": len([m for m in milestones if m.is_overdue]),  # type: ignore[attr-defined]
        "done": sum(1 for m in milestones if m.status == MilestoneStatus.DONE),
        "naturalisation_on": services.plan_naturalisation_day(plan),
        "naturalisation_note": plan_rules().naturalisation.note,
        "can_change": user.has_perm("casework.change_milestone"),
    }
    return render(request, "casework/plan_detail.html", context)


@login_required
@require_GET
def work_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "casework.view_integrationplan")
    # the milestones of the template in use as edited (the file's until first stored),
    # named in the page's language; one query, nothing written
    rules = plan_rules()
    stored = TemplateMilestone.objects.filter(template__version=rules.version)
    codes = [(item.code, item.title) for item in stored.order_by("position", "id")] or [
        (rule.code, rule.title) for rule in rules.milestones
    ]
    form = WorklistForm(
        request.GET or None,
        codes=codes,
        people=worklist_people(user),
        cities=worklist_cities(user),
    )
    today = timezone.localdate()
    filters = form.filters()
    keys = worklist_keys(user, filters, today)
    counted = worklist_counted(keys, user, filters, today)
    page = paginate_keys(request, keys, lambda ids: worklist_rows(ids, today), counted=counted)
    context = {"form": form, "page_obj": page}
    return render(request, "casework/work_list.html", context)


@login_required
@require_GET
def workload_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "casework.change_templatemilestone")  # coordinators
    by_person, by_city, counted_at = workload(user, timezone.localdate())
    person_steps = person_steps_counts(user)
    chart = bar_chart(
        _("Overdue milestones by caseworker"), [(r.name, r.overdue) for r in by_person]
    )
    context = {
        "by_person": by_person,
        "by_city": by_city,
        "counted_at": counted_at,
        "chart": chart,
        "person_steps": person_steps,
        "person_steps_table": person_steps_table(person_steps),
    }
    return render(request, "casework/workload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "casework.change_templatemilestone")
    template = services.template_current()
    items = list(template.milestones.order_by("position", "id"))
    failed: tuple[int, TemplateMilestoneForm] | None = None
    if request.method == "POST":
        item = get_object_or_404(
            TemplateMilestone, pk=whole_number(request.POST.get("item")) or 0, template=template
        )
        form = TemplateMilestoneForm(request.POST)
        saved = submit_redirect(
            request,
            form,
            lambda: services.template_milestone_update(
                actor=user,
                item=item,
                title_en=form.cleaned_data["title_en"],
                title_es=form.cleaned_data["title_es"],
                due_days=form.cleaned_data["due_days"],
                active=form.cleaned_data["active"],
            ),
            message=_("Template saved: new plans use it."),
            redirect_to=reverse("casework:template_edit"),
        )
        if saved is not None:
            return saved
        failed = (item.pk, form)
    rows = [
        {
            "item": item,
            "applies": APPLIES_LABELS.get(item.applies, item.applies),
            "form": failed[1]
            if failed and failed[0] == item.pk
            else TemplateMilestoneForm(
                initial={
                    "title_en": item.title_en,
                    "title_es": item.title_es,
                    "due_days": item.due_days,
                    "active": item.active,
                }
            ),
        }
        for item in items
    ]
    return render(request, "casework/template_edit.html", {"template": template, "rows": rows})

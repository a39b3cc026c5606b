"""Relocation pages: trips (plans, check-in on arrival, no-shows and their follow-up).

Group departures and the carrier's manifest are in views/departures.py.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import Role
from arraigo.accounts.permissions import sees_names
from arraigo.core.digits import whole_number
from arraigo.core.errors import ArraigoError, NotPermitted
from arraigo.core.formflow import (
    Action,
    action_posted,
    action_submit,
    request_user,
    require_perm,
    submit_redirect,
)
from arraigo.core.pagination import paginate, paginate_keys
from arraigo.matching.models import Proposal

from .. import selectors_trips as trip_reads
from ..forms.trips import EmptyForm, PlanFilterForm, PlanForm, ReasonForm, ResolveForm
from ..models import PlanStatus, RelocationPlan
from ..selectors import follow_ups_visible_to, plan_follow_ups, plan_get_for
from ..services import arrivals, trips
from ..services.trip_checks import plan_state_error
from . import arrivals as arrivals_views
from . import departures


def _part_context(module_name: str, request: HttpRequest, plan: RelocationPlan) -> dict[str, Any]:
    """What the lodging or grants part of the plan's page needs (their own views provide it)."""
    module = importlib.import_module(f"arraigo.relocation.views.{module_name}")
    provider = getattr(module, "plan_context", None)
    return dict(provider(request, plan)) if provider is not None else {}


def _refused(request: HttpRequest, exc: ArraigoError) -> None:
    if isinstance(exc, NotPermitted):
        raise PermissionDenied from exc
    messages.error(request, exc.message)


# --- plans ---------------------------------------------------------------------------------


OFFERS_SHOWN = 50  # the oldest accepted offers waiting for a trip, listed first


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.view_relocationplan")
    cities, offices = trip_reads.plan_places(user)
    form = PlanFilterForm(request.GET, cities=cities, offices=offices)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate_keys(request, trip_reads.plans_list(user, **filters), trip_reads.plan_rows)
    # the waiting offers' ids in order (their number is the count), then the first rows whole
    waiting = trip_reads.offers_to_plan_keys(user)
    context = {
        "form": form,
        "page_obj": page,
        "offers": trip_reads.offer_rows(waiting[:OFFERS_SHOWN]),
        "offers_total": len(waiting),
        "can_sweep": user.role == Role.COORDINATOR,
        "sweep_form": EmptyForm(),
    }
    return render(request, "relocation/plan_list.html", context)


@login_required
@require_POST
def noshow_run(request: HttpRequest) -> HttpResponse:
    """The coordinator's button: run the no-show check for today."""
    user = request_user(request)
    try:
        changed = arrivals.noshow_sweep(actor=user, today=timezone.localdate())
    except NotPermitted as exc:
        raise PermissionDenied from exc
    messages.success(
        request,
        ngettext(
            "%(n)d household did not arrive in time: marked as no-show.",
            "%(n)d households did not arrive in time: marked as no-shows.",
            len(changed),
        )
        % {"n": len(changed)},
    )
    return redirect("relocation:plan_list")


def _travellers(proposal: Proposal) -> list[Any]:
    return list(proposal.household.members.all())


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.add_relocationplan")
    proposal = trip_reads.offers_to_plan(user).filter(pk=proposal_pk).first()
    if proposal is None:
        # Out of scope, or already planned: the list says which offers can be planned.
        raise Http404
    initial = {"escort": proposal.household.needs.exists()}
    form = PlanForm(request.POST or None, travellers=_travellers(proposal), initial=initial)
    context = {"form": form, "proposal": proposal, "household": proposal.household}
    return submit_redirect(
        request,
        form,
        lambda: trips.plan_create(actor=user, proposal=proposal, **form.trip()),
        message=_("Trip booked."),
        redirect_to=lambda plan: reverse("relocation:plan_detail", args=[plan.pk]),
    ) or render(request, "relocation/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.change_relocationplan")
    plan = plan_get_for(user, pk)
    if plan.status != PlanStatus.PLANNED:
        messages.error(request, plan_state_error(plan).message)
        return redirect("relocation:plan_detail", pk=plan.pk)
    travellers = [t.person for t in trip_reads.plan_tickets(plan)]
    form = PlanForm(request.POST or None, travellers=travellers, initial=PlanForm.initial_for(plan))
    back_url = reverse("relocation:plan_detail", args=[plan.pk])
    context = {"form": form, "plan": plan, "household": plan.household}
    return submit_redirect(
        request,
        form,
        lambda: trips.plan_update(actor=user, plan=plan, **form.trip()),
        message=_("Trip changed."),
        redirect_to=back_url,
        moved_on=back_url,
    ) or render(request, "relocation/plan_form.html", context)


PLAN_ACTIONS = ("depart", "cancel")


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plan_get_for(user, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    cancel_form = ReasonForm(action_posted(request, "cancel"), prefix="cancel")
    if request.method == "GET":
        audit_event(actor=user, obj=plan, event="view", request=request)
    elif action in PLAN_ACTIONS:
        require_perm(user, "relocation.change_relocationplan")
        actions = {
            "depart": Action(
                EmptyForm(request.POST),
                lambda: trips.plan_depart(actor=user, plan=plan),
                _("Departure recorded: the household is travelling."),
            ),
            "cancel": Action(
                cancel_form,
                lambda: trips.plan_cancel(
                    actor=user, plan=plan, reason=cancel_form.cleaned_data["reason"]
                ),
                _("Trip cancelled."),
            ),
        }
        back_url = reverse("relocation:plan_detail", args=[plan.pk])
        done = action_submit(request, actions, action, back=back_url)
        if done is not None:
            return done
    tickets = trip_reads.plan_tickets(plan)
    planned = plan.status == PlanStatus.PLANNED
    can_change = user.has_perm("relocation.change_relocationplan")
    context: dict[str, Any] = {
        "plan": plan,
        "tickets": tickets,
        "total": sum(t.cost for t in tickets),
        "history": trip_reads.plan_history(plan),
        "show_names": sees_names(user),
        "can_edit": can_change and planned,
        "can_depart": can_change and planned and plan.departure_id is None,
        "can_check_in": arrivals_views.may_check_in(user, plan),
        "can_correct": arrivals_views.may_correct(user, plan),
        "check_in_form": arrivals_views.CheckInForm(plan=plan),
        "corrections": arrivals_views.plan_corrections(plan),
        "cancel_form": cancel_form,
        "follow_ups": plan_follow_ups(user, plan),
    }
    context.update(_part_context("lodging", request, plan))
    context.update(_part_context("grants", request, plan))
    return render(request, "relocation/plan_detail.html", context)


# --- follow-ups ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.view_followuprequest")
    visible = follow_ups_visible_to(user)
    posted = request.POST.get("follow_up", "") if request.method == "POST" else ""
    form = ResolveForm(request.POST if posted else None)
    if posted:
        require_perm(user, "relocation.change_followuprequest")
        follow_up = get_object_or_404(visible, pk=whole_number(posted) or 0)
        back_url = reverse("relocation:follow_up_list")
        done = submit_redirect(
            request,
            form,
            lambda: arrivals.follow_up_resolve(
                actor=user, follow_up=follow_up, resolution=form.cleaned_data["resolution"]
            ),
            message=_("Follow-up resolved."),
            redirect_to=back_url,
            moved_on=back_url,
        )
        if done is not None:
            return done
    open_only = request.GET.get("all") != "1"
    rows = visible.filter(resolved_at__isnull=True) if open_only else visible
    context = {
        "page_obj": paginate(request, rows.select_related("resolved_by", "plan__destination_city")),
        "form": form,
        "blank_form": ResolveForm(),
        "posted": whole_number(posted),
        "open_only": open_only,
        "can_resolve": user.has_perm("relocation.change_followuprequest"),
    }
    return render(request, "relocation/follow_up_list.html", context)


urlpatterns: list[URLPattern] = [
    path("", plan_list, name="plan_list"),
    path("plans/", plan_list),
    path("plans/no-shows/", noshow_run, name="noshow_run"),
    path("plans/new/<int:proposal_pk>/", plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan_edit"),
    path("follow-ups/", follow_up_list, name="follow_up_list"),
    *departures.urlpatterns,
    *arrivals_views.urlpatterns,
]

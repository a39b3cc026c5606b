"""Relocation pages: cash grants (list, detail with its steps, and each step's form).

The plan's page (trips) shows the grant part through `plan_context` and the partial
`relocation/_plan_grants.html`; preparing a grant posts here and returns to the plan.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import ValidationFailed
from arraigo.core.formflow import (
    Action,
    action_posted,
    action_submit,
    request_user,
    require_perm,
    submit,
)
from arraigo.core.numbers import money
from arraigo.core.pagination import paginate
from arraigo.places.models import City

from ..forms.grants import ConfirmForm, DisburseForm, GrantFilterForm, MembersForm, ReasonForm
from ..models import CostCategory, Grant, GrantStatus, LedgerEntry, RelocationPlan
from ..selectors import grants_visible_to, plan_get_for
from ..services import grants as services
from ..services.grant_checks import LIVE_STATUSES, has_open_duplicate, relocation_live_grant
from ..services.grant_tables import grant_quote
from ..services.grant_timing import commitment_day
from ..services.ledger import budget_position
from .grants_rules import grant_rules_context
from .lodging import plan_url


def _can_prepare(user: User, plan: RelocationPlan, live: Grant | None) -> bool:
    return (
        user.has_perm("relocation.add_grant")
        and live is None
        and plan.status not in services.NO_GRANT_PLAN_STATUSES
    )


def plan_context(request: HttpRequest, plan: RelocationPlan) -> dict[str, Any]:
    """The grant part of the plan's page: its grants, and what a new one would be.

    `other_trip` is the live grant of another trip booked for the same offer (it stands for the
    relocation: no second grant); `to_review` are the grants paid for a trip that was cancelled
    or did not arrive, which a person should review for reversal.
    """
    user = request_user(request)
    plan_grants = list(
        grants_visible_to(user).filter(plan=plan).select_related("prepared_by", "approved_by")
    )
    live = next((g for g in plan_grants if g.status in LIVE_STATUSES), None)
    if live is None:
        live = relocation_live_grant(plan)
    other_trip = live if live is not None and live.plan_id != plan.pk else None
    closed = plan.status in services.NO_GRANT_PLAN_STATUSES
    can_prepare = _can_prepare(user, plan, live)
    quote, quote_error = None, ""
    if can_prepare:
        try:
            quote = grant_quote(plan)
        except ValidationFailed as exc:
            quote_error = exc.message
    return {
        "grants_part": {
            "grants": plan_grants,
            "live": live,
            "other_trip": other_trip,
            "other_trip_visible": other_trip is not None
            and grants_visible_to(user).filter(pk=other_trip.pk).exists(),
            "to_review": [g for g in plan_grants if closed and g.status == GrantStatus.DISBURSED],
            "can_prepare": can_prepare,
            "quote": quote,
            "quote_error": quote_error,
            "duplicate_warning": can_prepare and has_open_duplicate(plan.household),
        }
    }


@login_required
@require_POST
def grant_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plan_get_for(user, pk)
    require_perm(user, "relocation.add_grant")
    form = ConfirmForm(request.POST)
    grant = submit(request, form, lambda: services.grant_prepare(actor=user, plan=plan))
    if grant is None:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Grant prepared: %(amount)s %(currency)s. Another person must approve it.")
            % {"amount": money(grant.amount), "currency": grant.currency},
        )
    return redirect(plan_url(plan))


def _filtered(user: User, request: HttpRequest) -> tuple[QuerySet[Grant], GrantFilterForm, bool]:
    qs = grants_visible_to(user).select_related(
        "plan__destination_city", "household__host_city", "prepared_by"
    )
    cities = City.objects.filter(
        Q(pk__in=qs.values("plan__destination_city_id"))
        | Q(pk__in=qs.filter(plan__isnull=True).values("household__host_city_id"))
    ).order_by("name")
    form = GrantFilterForm(request.GET, cities=cities)
    awaiting = request.GET.get("awaiting") == "1" and user.has_perm("relocation.approve_grant")
    if awaiting:
        qs = qs.filter(status=GrantStatus.PREPARED).exclude(prepared_by=user)
    if form.is_valid():
        data = form.cleaned_data
        if data["search"]:
            qs = qs.filter(household__code__icontains=data["search"].strip())
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["city"] is not None:
            city = data["city"]
            qs = qs.filter(
                Q(plan__destination_city=city) | Q(plan__isnull=True, household__host_city=city)
            )
    return qs, form, awaiting


@login_required
def grant_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.view_grant")
    qs, form, awaiting = _filtered(user, request)
    context = {
        "form": form,
        "page_obj": paginate(request, qs),
        "awaiting": awaiting,
        "can_approve": user.has_perm("relocation.approve_grant"),
    }
    return render(request, "relocation/grant_list.html", context)


ACTIONS = ("update", "approve", "disburse", "cancel", "reverse")


def _allowed(user: User, grant: Grant) -> dict[str, bool]:
    """Which step forms to show (the services check again)."""
    own = grant.prepared_by_id == user.pk
    prepared = grant.status == GrantStatus.PREPARED
    return {
        "update": prepared and own and user.has_perm("relocation.add_grant"),
        "approve": prepared and not own and user.has_perm("relocation.approve_grant"),
        "disburse": grant.status == GrantStatus.APPROVED
        and user.has_perm("relocation.disburse_grant"),
        "cancel": (prepared and own and user.has_perm("relocation.add_grant"))
        or (
            grant.status in (GrantStatus.PREPARED, GrantStatus.APPROVED)
            and user.has_perm("relocation.change_grant")
        ),
        "reverse": grant.status == GrantStatus.DISBURSED
        and user.has_perm("relocation.change_grant"),
    }


def _actions(request: HttpRequest, user: User, grant: Grant) -> dict[str, Action[Grant]]:
    """Each step: its form (bound when it is the one posted), its service call, its message."""
    update = MembersForm(
        action_posted(request, "update"), prefix="update", initial={"members": grant.members}
    )
    approve = ConfirmForm(action_posted(request, "approve"), prefix="approve")
    disburse = DisburseForm(action_posted(request, "disburse"), prefix="disburse")
    cancel = ReasonForm(action_posted(request, "cancel"), prefix="cancel")
    reverse_form = ReasonForm(action_posted(request, "reverse"), prefix="reverse")
    return {
        "update": Action(
            update,
            lambda: services.grant_update(
                actor=user, grant=grant, members=update.cleaned_data["members"]
            ),
            _("Grant updated."),
        ),
        "approve": Action(
            approve,
            lambda: services.grant_approve(actor=user, grant=grant),
            _("Grant approved: the amount is committed."),
        ),
        "disburse": Action(
            disburse,
            lambda: services.grant_disburse(
                actor=user,
                grant=grant,
                method=disburse.cleaned_data["method"],
                reference=disburse.cleaned_data["reference"],
                disbursed_on=disburse.cleaned_data["disbursed_on"],
            ),
            _("Disbursement recorded."),
        ),
        "cancel": Action(
            cancel,
            lambda: services.grant_cancel(
                actor=user, grant=grant, reason=cancel.cleaned_data["reason"]
            ),
            _("Grant cancelled."),
        ),
        "reverse": Action(
            reverse_form,
            lambda: services.grant_reverse(
                actor=user, grant=grant, reason=reverse_form.cleaned_data["reason"]
            ),
            _("Grant reversed."),
        ),
    }


def _budget_warning(grant: Grant) -> dict[str, Any] | None:
    """Where approving this grant would leave the year's grants budget (shown before approval)."""
    day = commitment_day(grant, approved_on=timezone.localdate())
    position = budget_position(year=day.year, category=CostCategory.GRANTS)
    if position.budget is None:
        return None
    after = position.budget - position.committed - grant.amount
    return {"position": position, "after": after, "over": after < 0, "over_by": -after}


@login_required
@require_http_methods(["GET", "POST"])
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.view_grant")
    grant = get_object_or_404(
        grants_visible_to(user).select_related(
            "plan__destination_city",
            "plan__origin_office",
            "household__host_city",
            "household__origin_office",
            "prepared_by",
            "approved_by",
            "disbursed_by",
            "closed_by",
        ),
        pk=pk,
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action not in ACTIONS:
        action = ""
    actions = _actions(request, user, grant)
    if request.method == "GET":
        audit_event(actor=user, obj=grant, event="view", request=request)
    elif not action:
        raise PermissionDenied
    else:
        # the grant moved on meanwhile: say so, show it
        back_url = reverse("relocation:grant_detail", args=[grant.pk])
        done = action_submit(request, actions, action, back=back_url)
        if done is not None:
            return done
    allowed = _allowed(user, grant)
    # A refused step whose form this page does not show: its message goes on top.
    refusals = (
        [str(error) for error in actions[action].form.non_field_errors()]
        if action and not allowed[action]
        else []
    )
    entries = (
        LedgerEntry.objects.filter(source=f"grant:{grant.pk}").select_related("created_by")
        if user.has_perm("relocation.view_ledgerentry")
        else LedgerEntry.objects.none()
    )
    context = {
        "grant": grant,
        "plan_url": plan_url(grant.plan) if grant.plan else "",
        "household_url": reverse("registry:household_detail", args=[grant.household_id]),
        "forms": {name: step.form for name, step in actions.items()},
        "allowed": allowed,
        "any_action": any(allowed.values()),
        "budget": _budget_warning(grant) if allowed["approve"] else None,
        "entries": list(entries),
        "refusals": refusals,
        **grant_rules_context(user, grant),
    }
    return render(request, "relocation/grant_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/grant/", grant_prepare, name="grant_prepare"),
    path("grants/", grant_list, name="grant_list"),
    path("grants/<int:pk>/", grant_detail, name="grant_detail"),
]

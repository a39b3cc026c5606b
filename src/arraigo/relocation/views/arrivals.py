"""Relocation pages: the arrivals expected in a city, checking travellers in on the day they
arrived, and correcting a check-in (another date, or undone) with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arraigo.accounts import scope
from arraigo.accounts.permissions import sees_names
from arraigo.core.digits import whole_number
from arraigo.core.errors import ArraigoError, NotPermitted
from arraigo.core.formflow import request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate
from arraigo.places.models import City

from .. import selectors_trips as trip_reads
from ..forms.arrivals import CORRECT_UNDO, ArrivalCorrectionForm, CheckInForm
from ..models import ArrivalCorrection, PlanStatus, RelocationPlan
from ..selectors import plan_get_for, plans_visible_to
from ..services import arrivals

__all__ = ["CheckInForm", "may_check_in", "may_correct", "plan_corrections"]


def _host_side(user: Any, plan: RelocationPlan) -> bool:
    if not user.has_perm("relocation.change_ticket"):
        return False
    # The receiving side: whoever reaches the households of the plan's destination city.
    return scope.in_scope(user, scope.Kind.HOUSEHOLDS, city=plan.destination_city_id)


def may_check_in(user: Any, plan: RelocationPlan) -> bool:
    return plan.status == PlanStatus.DEPARTED and _host_side(user, plan)


def may_correct(user: Any, plan: RelocationPlan) -> bool:
    """Someone is checked in (the page's tickets are prefetched) and the user checks in here."""
    if plan.status not in (PlanStatus.DEPARTED, PlanStatus.ARRIVED):
        return False
    return _host_side(user, plan) and plan.tickets.filter(checked_in_at__isnull=False).exists()


def plan_corrections(plan: RelocationPlan) -> QuerySet[ArrivalCorrection]:
    return plan.arrival_corrections.select_related("ticket__person", "corrected_by")


@login_required
@require_POST
def plan_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Check in one traveller (ticket=<id>) or the whole household (no ticket), on the date
    given (arrived_on; today if empty)."""
    user = request_user(request)
    require_perm(user, "relocation.change_ticket")
    plan = plan_get_for(user, pk)
    form = CheckInForm(request.POST, plan=plan)
    ticket_id = request.POST.get("ticket", "")
    if not form.is_valid():
        messages.error(request, _("Write the arrival date as YYYY-MM-DD."))
    else:
        day = form.cleaned_data["arrived_on"]
        try:
            if ticket_id:
                ticket = get_object_or_404(plan.tickets, pk=whole_number(ticket_id) or 0)
                plan = arrivals.ticket_check_in(actor=user, ticket=ticket, arrived_on=day)
            else:
                plan = arrivals.plan_check_in_all(actor=user, plan=plan, arrived_on=day)
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except ArraigoError as exc:
            messages.error(request, exc.message)
        else:
            if plan.status == PlanStatus.ARRIVED:
                messages.success(request, _("Everyone has arrived: the household is checked in."))
            else:
                messages.success(request, _("Traveller checked in."))
    if request.POST.get("next", "") == "arrivals":
        return redirect("relocation:arrivals")
    return redirect("relocation:plan_detail", pk=plan.pk)


@login_required
def arrivals_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.view_relocationplan")
    city = None
    own_city = scope.anchor(user) is scope.Anchor.CITY  # a city's team sees its own arrivals
    if own_city:
        city = user.city
    elif (city_id := whole_number(request.GET.get("city"))) is not None:
        city = City.objects.filter(pk=city_id).first()
    plans = trip_reads.arrivals_for(user, city)
    page = paginate(request, plans)
    today = timezone.localdate()
    can_check_in = user.has_perm("relocation.change_ticket")
    context = {
        "page_obj": page,
        "city": city,
        "cities": City.objects.filter(
            pk__in=plans_visible_to(user).values("destination_city_id")
        ).order_by("name")
        if not own_city
        else [],
        "today": today,
        "show_names": sees_names(user),
        "can_check_in": can_check_in,
        # each household's card with its own check-in form (its own field ids)
        "cards": [(plan, CheckInForm(plan=plan) if can_check_in else None) for plan in page],
    }
    return render(request, "relocation/arrivals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def arrival_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Another arrival date, or a check-in undone, with the reason."""
    user = request_user(request)
    require_perm(user, "relocation.change_ticket")
    plan = plan_get_for(user, pk)
    if not _host_side(user, plan):
        raise PermissionDenied
    form = ArrivalCorrectionForm(request.POST or None, plan=plan, show_names=sees_names(user))

    def call() -> RelocationPlan:
        data = form.cleaned_data
        if data["action"] == CORRECT_UNDO:
            return arrivals.arrival_undo(
                actor=user, plan=plan, ticket=data["ticket"], reason=data["reason"]
            )
        return arrivals.arrival_correct(
            actor=user,
            plan=plan,
            ticket=data["ticket"],
            arrived_on=data["arrived_on"],
            reason=data["reason"],
        )

    back_url = reverse("relocation:plan_detail", args=[plan.pk])
    return submit_redirect(
        request,
        form,
        call,
        message=_("Arrival corrected."),
        redirect_to=back_url,
        moved_on=back_url,
    ) or render(
        request,
        "relocation/arrival_correct_form.html",
        {"plan": plan, "form": form, "corrections": plan_corrections(plan)},
    )


urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/check-in/", plan_check_in, name="plan_check_in"),
    path("plans/<int:pk>/arrival/correct/", arrival_correct, name="arrival_correct"),
    path("arrivals/", arrivals_page, name="arrivals"),
]

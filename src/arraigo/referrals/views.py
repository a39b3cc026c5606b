"""Referral list (staff and partners), the send form, and the referral page with its answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts import scope
from arraigo.accounts.audit import audit_event
from arraigo.accounts.permissions import figures_only
from arraigo.core.charts import bar_chart
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user, require_perm, submit, submit_redirect
from arraigo.core.pagination import paginate_keys
from arraigo.registry.selectors import household_get_for

from . import services
from .forms import CompleteForm, DeclineForm, ReferralFilterForm, ReferralForm
from .models import ReferralStatus
from .selectors import (
    referral_counts,
    referral_get_for,
    referral_rows,
    referrals_list,
    services_for,
)


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if figures_only(user, "referrals.view_referral"):
        return redirect("monitoring:referrals")  # figures, not the list of people
    require_perm(user, "referrals.view_referral")
    form = ReferralFilterForm(request.GET or None)
    qs = referrals_list(user, **form.filters())
    counts = referral_counts(qs)
    chart = bar_chart(
        _("Referrals by status"),
        [(str(label), counts.get(value, 0)) for value, label in ReferralStatus.choices],
    )
    context = {
        "form": form,
        # the counts by status add up to the list's rows: the page does not count them again
        "page_obj": paginate_keys(request, qs, referral_rows, total=sum(counts.values())),
        "chart": chart,
        "partner": scope.anchor(user) is scope.Anchor.PROVIDER,
    }
    return render(request, "referrals/referral_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, household_pk: int) -> HttpResponse:
    user = request_user(request)
    household = household_get_for(user, household_pk)
    require_perm(user, "referrals.add_referral")
    form = ReferralForm(
        request.POST or None,
        people=household.members.order_by("id"),
        services=services_for(household, user),
    )
    context = {"form": form, "household": household}
    return submit_redirect(
        request,
        form,
        lambda: services.referral_send(
            actor=user,
            household=household,
            person=form.cleaned_data.get("person"),
            service=form.cleaned_data["service"],
            purpose=form.cleaned_data["purpose"],
            override_reason=form.cleaned_data.get("override_reason", ""),
        ),
        message=_("Referral sent."),
        redirect_to=lambda referral: reverse("referrals:referral_detail", args=[referral.pk]),
    ) or render(request, "referrals/referral_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = referral_get_for(user, pk)
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    complete_form = CompleteForm(request.POST if request.POST.get("action") == "complete" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        calls = {
            "accept": (None, lambda: services.referral_accept(actor=user, referral=referral)),
            "decline": (
                decline_form,
                lambda: services.referral_decline(
                    actor=user, referral=referral, reason=decline_form.cleaned_data["reason"]
                ),
            ),
            "complete": (
                complete_form,
                lambda: services.referral_complete(
                    actor=user,
                    referral=referral,
                    outcome_note=complete_form.cleaned_data["outcome_note"],
                ),
            ),
        }
        if action in calls:
            form, call = calls[action]
            done = _answer(request, form, call)
            if done:
                messages.success(request, _("Referral updated."))
                return redirect("referrals:referral_detail", pk=referral.pk)
    else:
        audit_event(actor=user, obj=referral, event="view", request=request)
    context = {
        "referral": referral,
        "partner": scope.anchor(user) is scope.Anchor.PROVIDER,
        "can_answer": user.has_perm("referrals.answer_referral")
        and scope.in_scope(user, scope.Kind.REFERRALS, provider=referral.provider_id),
        "decline_form": decline_form,
        "complete_form": complete_form,
    }
    return render(request, "referrals/referral_detail.html", context)


def _answer(request: HttpRequest, form: object, call: object) -> bool:
    """Run one answer; refusals become messages or form errors. True when it went through."""
    assert callable(call)
    try:
        if form is not None:
            return submit(request, form, call) is not None  # type: ignore[arg-type]
        call()
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except (InvalidTransition, ValidationFailed) as exc:
        messages.error(request, exc.message)
        return False
    return True

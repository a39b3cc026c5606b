"""The erasure pages: ask (from a household), the list of requests, one request's decision."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arraigo.accounts.models import User
from arraigo.core.digits import whole_number
from arraigo.core.errors import InvalidTransition
from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.pagination import paginate
from arraigo.registry.selectors import household_get_for

from .forms import ApproveForm, ErasureRequestForm, RefuseForm, RequestFilterForm
from .models import ErasureRequest, RequestStatus
from .selectors import (
    VIEW,
    RequestFilters,
    erasure_preview,
    erasure_request_get_for,
    erasure_requests_for,
)
from .services import erasure_approve, erasure_refuse, erasure_request, erasure_withdraw


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the household (or one member) to be erased: coordinators only."""
    user = request_user(request)
    household = household_get_for(user, pk)  # out of scope: 404
    require_perm(user, "privacy.request_erasure")
    # ?person=<id> asks for one member (a link from the member's line)
    chosen = whole_number(request.GET.get("person"))
    initial = (
        {"target": "person", "person": chosen} if chosen is not None else {"target": "household"}
    )
    form = ErasureRequestForm(request.POST or None, household=household, initial=initial)
    made = submit(
        request,
        form,
        lambda: erasure_request(
            actor=user,
            household=household,
            person=form.cleaned_data["person"],
            source=form.cleaned_data["source"],
            reason=form.cleaned_data["reason"],
        ),
    )
    if made is not None:
        messages.success(request, _("Erasure requested: another coordinator decides on it."))
        return redirect("privacy:request_detail", made.pk)
    context = {
        "form": form,
        "household": household,
        "back_url": reverse("registry:household_detail", args=[household.pk]),
    }
    return render(request, "privacy/request_form.html", context)


@login_required
@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, VIEW)
    form = RequestFilterForm(request.GET)
    filters = RequestFilters(**form.cleaned_data) if form.is_valid() else RequestFilters()
    page = paginate(request, erasure_requests_for(user, filters))
    context = {"filter_form": form, "page_obj": page, "requests": page.object_list}
    return render(request, "privacy/request_list.html", context)


def _decide(request: HttpRequest, erasure: ErasureRequest, user: User) -> HttpResponse | None:
    """Run the button pressed (approve, refuse, withdraw); None shows the page again."""
    action = request.POST.get("action")
    form: forms.Form
    if action == "approve":
        form = ApproveForm(request.POST)
        done = _("Approved: the data are erased.")

        def call() -> object:
            return erasure_approve(actor=user, request=erasure)

    elif action == "refuse":
        form = RefuseForm(request.POST)
        done = _("Refused: nothing was erased.")

        def call() -> object:
            return erasure_refuse(actor=user, request=erasure, note=form.cleaned_data["note"])

    elif action == "withdraw":
        form = forms.Form(request.POST)
        done = _("Request withdrawn.")

        def call() -> object:
            return erasure_withdraw(actor=user, request=erasure)

    else:
        return None
    try:
        result = submit(request, form, call)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
        return redirect("privacy:request_detail", erasure.pk)
    if result is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return None
    messages.success(request, done)
    return redirect("privacy:request_detail", erasure.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what approving it erases, and the decision (approve, refuse, withdraw)."""
    user = request_user(request)
    require_perm(user, VIEW)
    erasure = erasure_request_get_for(user, pk)
    if request.method == "POST":
        if not (
            user.has_perm("privacy.approve_erasure") or user.has_perm("privacy.request_erasure")
        ):
            raise PermissionDenied
        answered = _decide(request, erasure, user)
        if answered is not None:
            return answered
    waiting = erasure.status == RequestStatus.REQUESTED
    own = erasure.requested_by_id == user.pk
    context = {
        "erasure": erasure,
        "preview": erasure_preview(erasure) if waiting else [],
        "may_decide": waiting and not own and user.has_perm("privacy.approve_erasure"),
        "may_withdraw": waiting and own,
        "approve_form": ApproveForm(),
        "refuse_form": RefuseForm(),
    }
    return render(request, "privacy/request_detail.html", context)

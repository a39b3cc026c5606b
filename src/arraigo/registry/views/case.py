"""How every form and button on one household behaves.

Out of scope answers 404 (household_get_for); in scope but not allowed, a page that says so
(403). A form is re-rendered with what was typed and the service's errors beside their fields.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import ArraigoError, InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user
from arraigo.core.versions import StaleEdit, version_refresh

from ..forms.people import place_errors
from ..models import Household
from ..selectors import household_get_for

P = ParamSpec("P")
CaseView = Callable[Concatenate[HttpRequest, User, Household, P], HttpResponse]


def refused(request: HttpRequest, message: str | None = None) -> HttpResponse:
    return render(
        request,
        "registry/refused.html",
        {"message": message or _("Your role does not allow this.")},
        status=403,
    )


def case_view(perm: str) -> Callable[[CaseView[P]], Callable[..., HttpResponse]]:
    """Load the household of the URL in the user's scope (else 404), then check `perm`."""

    def decorate(view: CaseView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, *args: P.args, **kwargs: P.kwargs) -> Any:
            user = request_user(request)
            household = household_get_for(user, pk)
            if not user.has_perm(perm):
                return refused(request)
            return view(request, user, household, *args, **kwargs)

        return wrapper

    return decorate


def back_to(household: Household) -> HttpResponse:
    return redirect("registry:household_detail", pk=household.pk)


def service_errors(form: forms.Form, exc: ArraigoError) -> int:
    """Put a service refusal on `form`; the HTTP status to answer with."""
    if isinstance(exc, StaleEdit):
        version_refresh(form, exc.version)
    if isinstance(exc, ValidationFailed):
        for key, messages_ in exc.errors.items():
            place_errors(form, key, messages_)
        return 200
    form.add_error(None, exc.message)
    return 403 if isinstance(exc, NotPermitted) else 200


def form_page(
    request: HttpRequest,
    *,
    household: Household,
    form: forms.Form,
    call: Callable[[dict[str, Any]], object],
    success: str,
    title: str,
    intro: str = "",
    submit_label: str = "",
) -> HttpResponse:
    """GET shows `form`; a valid POST runs `call(cleaned_data)` and goes back to the page."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except (ValidationFailed, NotPermitted, InvalidTransition) as exc:
            status = service_errors(form, exc)
        else:
            messages.success(request, success)
            return back_to(household)
    return render(
        request,
        "registry/case_form.html",
        {
            "household": household,
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit_label or _("Save"),
        },
        status=status,
    )


def removal(
    request: HttpRequest, *, household: Household, call: Callable[[], object], success: str
) -> HttpResponse:
    """A POST button that removes something; the outcome is a message on the household page."""
    try:
        call()
    except (ValidationFailed, NotPermitted, InvalidTransition) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return back_to(household)

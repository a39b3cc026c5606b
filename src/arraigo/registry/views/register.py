"""Registering a household: the household, its head and further members in one page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user

from .. import services
from ..forms.people import place_errors
from ..forms.register import Registration
from .case import refused


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.has_perm("registry.add_household"):
        return refused(request)
    status = 200
    if request.method == "POST":
        add_member = "add_member" in request.POST
        registration = Registration(user=user, data=request.POST, add_member=add_member)
        if not add_member and registration.is_valid():
            try:
                household = services.household_register(actor=user, **registration.service_kwargs())
            except ValidationFailed as exc:
                registration.add_service_errors(exc.errors)
            except NotPermitted as exc:
                place_errors(registration.household, None, [exc.message])
                status = 403
            else:
                messages.success(
                    request,
                    _("Household %(code)s registered.") % {"code": household.code},
                )
                return redirect("registry:household_detail", pk=household.pk)
    else:
        registration = Registration(user=user)
    return render(
        request,
        "registry/household_create.html",
        {"registration": registration},
        status=status,
    )

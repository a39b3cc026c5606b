"""Asking another office or host city to take a case, and answering such requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user, require_perm
from arraigo.core.pagination import paginate
from arraigo.registry.models import Household
from arraigo.registry.views.case import back_to, case_view

from ..forms import TransferForm
from ..selectors import transfers_incoming
from ..services import transfer_answer, transfer_request


@require_POST
@case_view("registry.change_household")
def transfer_create(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    form = TransferForm(request.POST, user=user, household=household)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back_to(household)
    try:
        transfer_request(
            actor=user,
            household=household,
            reason=form.cleaned_data["reason"],
            to_office=form.cleaned_data.get("to_office"),
            to_city=form.cleaned_data.get("to_city"),
        )
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Transfer requested: the receiving side will answer."))
    return back_to(household)


@login_required
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "registry.change_household")
    page = paginate(request, transfers_incoming(user).order_by("requested_at", "id"))
    context = {"transfers": page.object_list, "page_obj": page, "me": user}
    return render(request, "casefile/transfer_list.html", context)


@login_required
@require_POST
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    transfer = get_object_or_404(transfers_incoming(user), pk=pk)
    try:
        transfer_answer(
            actor=user,
            transfer=transfer,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
    except NotPermitted as exc:
        messages.error(request, exc.message)
    except (InvalidTransition, ValidationFailed) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Transfer answered."))
    return redirect("casefile:transfer_list")

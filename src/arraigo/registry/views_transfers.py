"""Asking another office or host city to take a case, and answering such requests."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from arraigo.accounts.models import Role, User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user, require_perm
from arraigo.core.pagination import paginate
from arraigo.places.models import City, CityKind, Office

from .models import Household
from .selectors import household_transfers, transfers_incoming
from .services.transfers import transfer_answer, transfer_request
from .views_case import back_to, case_view


class TransferForm(forms.Form):
    to_office = forms.ModelChoiceField(
        label=gettext_lazy("To office"), queryset=Office.objects.none(), required=False
    )
    to_city = forms.ModelChoiceField(
        label=gettext_lazy("To host city"), queryset=City.objects.none(), required=False
    )
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=300)

    def __init__(self, *args: object, user: User, household: Household, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if user.role in (Role.COORDINATOR, Role.ORIGIN_CASEWORKER):
            self.fields["to_office"].queryset = Office.objects.exclude(  # type: ignore[attr-defined]
                pk=household.origin_office_id
            ).order_by("name")
        else:
            del self.fields["to_office"]
        if user.role in (Role.COORDINATOR, Role.HOST_CASEWORKER) and household.host_city_id:
            cities = City.objects.filter(kind=CityKind.HOST, active=True)
            self.fields["to_city"].queryset = cities.exclude(  # type: ignore[attr-defined]
                pk=household.host_city_id
            ).order_by("name")
        else:
            del self.fields["to_city"]


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
    return render(request, "registry/transfer_list.html", context)


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
    return redirect("registry:transfer_list")


def transfer_context(user: User, household: Household) -> dict[str, object]:
    """What the household page shows of transfers."""
    can = user.has_perm("registry.change_household")
    transfers = household_transfers(household)
    pending = any(t.status == "requested" for t in transfers)
    return {
        "transfers": transfers,
        "transfer_form": TransferForm(user=user, household=household)
        if can and not pending
        else None,
    }

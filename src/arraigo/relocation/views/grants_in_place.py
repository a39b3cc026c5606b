"""A grant for a household supported where it lives (no trip): prepared from the household's
page, whose grant section is `relocation_tags.household_grants_section`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.numbers import money
from arraigo.registry.selectors import household_get_for

from ..forms.grants import ConfirmForm
from ..services.grants_in_place import grant_prepare_in_place


@login_required
@require_POST
def grant_prepare_household(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    household = household_get_for(user, pk)
    require_perm(user, "relocation.add_grant")
    form = ConfirmForm(request.POST)
    grant = submit(request, form, lambda: grant_prepare_in_place(actor=user, household=household))
    if grant is None:
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("registry:household_detail", pk=household.pk)
    messages.success(
        request,
        _("Grant prepared: %(amount)s %(currency)s. Another person must approve it.")
        % {"amount": money(grant.amount), "currency": grant.currency},
    )
    return redirect("relocation:grant_detail", pk=grant.pk)


urlpatterns: list[URLPattern] = [
    path("households/<int:pk>/grant/", grant_prepare_household, name="grant_prepare_household"),
]

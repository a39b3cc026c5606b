"""A grant for a household supported where it lives (no trip): prepared from the household's
page, whose grant section is `relocation_tags.household_grants_section`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.registry.selectors import household_get_for

from ..forms.grants import ConfirmForm
from ..services.grants_in_place import grant_prepare_in_place
from .grants import prepare_said


@login_required
@require_POST
def grant_prepare_household(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    household = household_get_for(user, pk)
    require_perm(user, "relocation.add_grant")
    form = ConfirmForm(request.POST)
    grant = submit(request, form, lambda: grant_prepare_in_place(actor=user, household=household))
    prepare_said(request, form, grant)
    if grant is None:
        return redirect("registry:household_detail", pk=household.pk)
    return redirect("relocation:grant_detail", pk=grant.pk)


urlpatterns: list[URLPattern] = [
    path("households/<int:pk>/grant/", grant_prepare_household, name="grant_prepare_household"),
]

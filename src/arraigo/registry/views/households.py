"""The household list and the household page (reads only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_countries import countries

from arraigo.accounts.audit import audit_event
from arraigo.accounts.permissions import sees_names
from arraigo.core.formflow import request_user, require_perm
from arraigo.core.pagination import paginate_found, paginate_keys

from .. import journey
from ..forms.households import ExceptionApproveForm, HouseholdFilterForm
from ..models import ClosureReason, EligibilityOutcome, HouseholdStatus
from ..pseudonyms import arrival_year, household_pseudonym
from ..selectors import (
    household_filter_choices,
    household_list_keys,
    household_list_searches,
    household_page,
    household_rows,
)


@login_required
def household_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # A role that reads no household (employers, service partners, the liaison) has no list of
    # them to open: refused, as the API refuses it, rather than an empty page.
    require_perm(user, "registry.view_household")
    names = sees_names(user)
    form = HouseholdFilterForm(request.GET, choices=household_filter_choices(user), names=names)
    filters = form.filters()
    keys = household_list_keys(user, filters)
    if household_list_searches(user, filters):
        page = paginate_found(request, keys, household_rows)
    else:
        page = paginate_keys(request, keys, household_rows)
    for household in page:
        # A pseudonymised reader never sees the case code (registry.pseudonyms).
        household.shown_code = household.code if names else household_pseudonym(household.pk)
    rows = [(household, countries.name(household.head_nationality or "")) for household in page]
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "names": names,
            "can_register": user.has_perm("registry.add_household"),
        },
    )


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    page = household_page(user, pk)
    household = page.household
    audit_event(actor=user, obj=household, event="view", request=request)
    can_change = user.has_perm("registry.change_household")
    names = sees_names(user)
    moves = [
        {"target": move.target, "label": HouseholdStatus(move.target).label}
        for move in journey.moves_from(household.status, household.modality, user.role)
        if can_change
    ]
    can_approve = (
        household.eligibility == EligibilityOutcome.BY_EXCEPTION
        and household.exception_approved_at is None
        and user.has_perm("registry.approve_exception")
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "page": page,
            "household": household,
            "names": names,
            # Pseudonymised view: a pseudonym for the code, years for the dates.
            "shown_code": household.code if names else household_pseudonym(household.pk),
            "arrival_year": None if names else arrival_year(household),
            "can_change": can_change,
            "can_add_person": user.has_perm("registry.add_person"),
            "can_change_person": user.has_perm("registry.change_person"),
            "moves": moves,
            "closure_reasons": ClosureReason.choices
            if any(m["target"] == HouseholdStatus.CLOSED for m in moves)
            else None,
            "approve_form": ExceptionApproveForm() if can_approve else None,
        },
    )

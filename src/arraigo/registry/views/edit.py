"""Forms and buttons on one household: its fields, needs, consent, preferences, status and
eligibility exception. Each calls one registry service."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names

from .. import journey, services
from ..consent import consent_current
from ..forms.consent import ConsentForm
from ..forms.households import (
    ExceptionApproveForm,
    HouseholdEditForm,
    NeedForm,
    PreferenceForm,
    TransitionForm,
)
from ..models import CityPreference, Household, HouseholdStatus, Person, SpecificNeed
from .case import case_view, form_page, refused, removal

CHANGE = "registry.change_household"


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@case_view(CHANGE)
def household_edit(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    form = HouseholdEditForm(_data(request), household=household)
    return form_page(
        request,
        household=household,
        form=form,
        call=lambda data: services.household_update(
            actor=user,
            household=household,
            modality=data["modality"],
            host_city=data["host_city"],
            version=data["version"] or None,
        ),
        success=_("Household updated."),
        title=_("Modality and host city"),
    )


def member_labels(user: User, household: Household) -> list[tuple[int, str]]:
    """(id, label) per member: the name, or "Member N" for roles that do not see names."""
    people = Person.objects.filter(household=household).order_by("date_of_birth", "id")
    if sees_names(user):
        return [(person.pk, person.full_name) for person in people]
    return [(person.pk, _("Member %(n)d") % {"n": index}) for index, person in enumerate(people, 1)]


@case_view(CHANGE)
def need_add(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    form = NeedForm(_data(request), members=member_labels(user, household))

    def call(data: dict[str, Any]) -> object:
        person = household.members.get(pk=data["person"]) if data["person"] else None
        return services.need_add(
            actor=user, household=household, code=data["code"], person=person, note=data["note"]
        )

    return form_page(
        request,
        household=household,
        form=form,
        call=call,
        success=_("Specific need recorded."),
        title=_("Record a specific need"),
    )


@require_POST
@case_view(CHANGE)
def need_remove(
    request: HttpRequest, user: User, household: Household, need_pk: int
) -> HttpResponse:
    need = get_object_or_404(SpecificNeed, pk=need_pk, household=household)
    return removal(
        request,
        household=household,
        call=lambda: services.need_remove(actor=user, need=need),
        success=_("Specific need removed."),
    )


def _giver_labels(user: User, household: Household) -> list[tuple[int, str]]:
    """The adults who may answer for the household, labelled as `member_labels` does."""
    adults = {p.pk for p in services.consent_givers(household, on=timezone.localdate())}
    return [(pk, label) for pk, label in member_labels(user, household) if pk in adults]


@case_view(CHANGE)
def consent_record(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    form = ConsentForm(
        _data(request),
        givers=_giver_labels(user, household),
        current=consent_current(household),
    )
    return form_page(
        request,
        household=household,
        form=form,
        call=lambda data: services.consent_record_all(
            actor=user,
            household=household,
            answers=form.answers(),
            given_by=household.members.get(pk=data["given_by"]),
            method=data["method"],
            witness_name=data["witness_name"],
            given_on=data["given_on"],
            note=data["note"],
        ),
        success=_("Consent recorded."),
        title=_("Record consent"),
        intro=_(
            "Record the household's answers as an adult member gave them: only the answers "
            "that change are recorded, and each answer is kept."
        ),
    )


@case_view(CHANGE)
def preference_add(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    form = PreferenceForm(_data(request))
    return form_page(
        request,
        household=household,
        form=form,
        call=lambda data: services.preference_set(
            actor=user,
            household=household,
            city=data["city"],
            kind=data["kind"],
            rank=data["rank"],
            note=data["note"],
        ),
        success=_("City preference recorded."),
        title=_("Add a city preference"),
    )


@require_POST
@case_view(CHANGE)
def preference_remove(
    request: HttpRequest, user: User, household: Household, preference_pk: int
) -> HttpResponse:
    preference = get_object_or_404(CityPreference, pk=preference_pk, household=household)
    return removal(
        request,
        household=household,
        call=lambda: services.preference_remove(actor=user, preference=preference),
        success=_("City preference removed."),
    )


@case_view(CHANGE)
def household_transition(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    moves = journey.moves_from(household.status, household.modality, user.role)
    if not moves:
        return refused(request, _("Your role cannot change this household's status now."))
    form = TransitionForm(_data(request), initial={"to_status": request.GET.get("to", "")})
    to_status: Any = form.fields["to_status"]
    to_status.choices = [(move.target, HouseholdStatus(move.target).label) for move in moves]
    return form_page(
        request,
        household=household,
        form=form,
        call=lambda data: services.household_transition(
            actor=user,
            household=household,
            to_status=data["to_status"],
            reason=data["reason"],
            closure_reason=data.get("closure_reason") or "",
        ),
        success=_("Status changed."),
        title=_("Change the status"),
        submit_label=_("Change status"),
    )


@case_view("registry.approve_exception")
def eligibility_approve(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    form = ExceptionApproveForm(_data(request))
    return form_page(
        request,
        household=household,
        form=form,
        call=lambda data: services.eligibility_exception_approve(
            actor=user, household=household, reason=data["reason"]
        ),
        success=_("Eligibility by exception approved."),
        title=_("Approve eligibility by exception"),
        submit_label=_("Approve"),
    )

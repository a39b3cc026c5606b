"""The survey pages: the list of surveys due, and the entry of one household's survey."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.accounts.permissions import sees_names
from arraigo.core.formflow import request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate
from arraigo.registry.selectors import household_get_for

from . import services
from .due import VIEW_PERM, DueStatus, surveys_due, surveys_due_counts
from .due_household import household_rounds
from .entry import stored_survey, survey_members
from .forms_surveys import SurveyFilterForm, SurveyForm
from .models import Interview, Round
from .programme import monitoring_rules


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, VIEW_PERM)
    today = timezone.localdate()
    form = SurveyFilterForm(request.GET or None)
    rows = surveys_due(
        user,
        today,
        round_code=form.value("round"),
        statuses=form.statuses(),
        code=form.value("q"),
    )
    context = {
        "form": form,
        "page_obj": paginate(request, rows),
        "counts": surveys_due_counts(user, today),
        "can_enter": user.has_perm("monitoring.add_interview"),
        "overdue": DueStatus.OVERDUE,
    }
    return render(request, "monitoring/survey_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_entry(request: HttpRequest, household_pk: int, round_code: str) -> HttpResponse:
    user = request_user(request)
    if round_code not in {rule.code for rule in monitoring_rules().rounds}:
        raise Http404
    household = household_get_for(user, household_pk)
    if not services.interview_may_record(user, household):
        raise PermissionDenied
    today = timezone.localdate()
    stored = stored_survey(household, round_code)
    members = survey_members(household)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        members=members,
        stored=stored,
        today=today,
        round_code=round_code,
    )
    back = reverse("registry:household_detail", args=[household.pk]) + "#surveys"

    def record() -> Interview:
        return services.interview_record(
            actor=user,
            household=household,
            round=round_code,
            date=form.cleaned_data["date"],
            mode=form.cleaned_data["mode"],
            household_answers=form.household_answers(),
            member_answers=form.member_answers(),
            version=form.cleaned_data["version"] or None,
        )

    saved = submit_redirect(
        request,
        form,
        record,
        message=_("Survey saved."),
        redirect_to=back,
    )
    if saved is not None:
        return saved
    if request.method == "GET":
        audit_event(
            actor=user,
            obj=household,
            event="view",
            request=request,
            details={"page": "survey", "round": round_code},
        )
    state = next(r for r in household_rounds(household, today).rounds if r.rule.code == round_code)
    context = {
        "household": household,
        "round_label": Round(round_code).label,
        "state": state,
        "form": form,
        "rows": form.member_rows(),
        "names": sees_names(user),
        "stored": stored,
        "back_url": back,
    }
    return render(request, "monitoring/survey_entry.html", context)

"""Placement list, page and actions (start, IMSS, separation), the hire form, and turnover."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts import scope
from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.accounts.permissions import AGGREGATES, figures_only
from arraigo.core.charts import line_chart
from arraigo.core.digits import whole_number
from arraigo.core.formflow import (
    Action,
    action_posted,
    action_submit,
    request_user,
    require_perm,
    submit_redirect,
)
from arraigo.core.numbers import share_percent
from arraigo.core.pagination import paginate

from .. import services
from ..employment_rules import employment_rules
from ..forms_placements import (
    HireForm,
    ImssForm,
    PlacementFilterForm,
    SeparationForm,
    StartForm,
)
from ..models import Placement, Vacancy, VacancyStatus
from ..selectors import employers_visible_to
from ..selectors_placements import (
    employer_liaisons,
    hire_candidates,
    placement_get_for,
    placements_list,
    turnover_page,
)


def _employers_for(user: User) -> Any:
    """A company's HR user: their own company, active or not; staff: the active ones they see."""
    qs = employers_visible_to(user)
    if not scope.confined(user, scope.Kind.EMPLOYERS):
        qs = qs.filter(active=True)
    return qs.order_by("name")


@login_required
@require_GET
def placement_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if figures_only(user, "jobs.view_placement"):
        return redirect("monitoring:placements")  # figures, not the list of people
    require_perm(user, "jobs.view_placement")
    form = PlacementFilterForm(request.GET or None, employers=_employers_for(user))
    page = paginate(request, placements_list(user, **form.filters()))
    return render(request, "jobs/placement_list.html", {"form": form, "page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def placement_hire(request: HttpRequest) -> HttpResponse:
    """Staff open it from a household (?household=<id>); a company's HR user sees the people
    whose accepted offer names one of its vacancies."""
    user = request_user(request)
    require_perm(user, "jobs.add_placement")
    household = request.GET.get("household", "")
    people = hire_candidates(user, household_id=whole_number(household))
    employers = _employers_for(user)
    vacancies = (
        Vacancy.objects.filter(employer__in=employers, status=VacancyStatus.OPEN)
        .select_related("employer")
        .order_by("title", "site", "opened_on", "id")
    )
    hr = scope.confined(user, scope.Kind.EMPLOYERS)
    initial: dict[str, Any] = {"hired_on": timezone.localdate()}
    if hr:
        initial["employer"] = user.employer_id
    form = HireForm(
        request.POST or None,
        people=people,
        employers=employers,
        vacancies=vacancies,
        initial=initial,
    )

    def call() -> Placement:
        data = form.cleaned_data
        return services.placement_hire(
            actor=user,
            person=data["person"],
            employer=data["employer"],
            vacancy=data.get("vacancy"),
            data=form.to_data(),
        )

    done = submit_redirect(
        request,
        form,
        call,
        message=_("Hire recorded."),
        redirect_to=lambda placement: reverse("jobs:placement_detail", args=[placement.pk]),
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "hr": hr,
        "has_candidates": people.exists(),
        "liaisons": employer_liaisons() if hr else [],
    }
    return render(request, "jobs/placement_hire.html", context)


def _actions(
    request: HttpRequest, user: User, placement: Placement
) -> dict[str, Action[Placement]]:
    start_form = StartForm(action_posted(request, "start"))
    imss_form = ImssForm(action_posted(request, "imss"))
    separate_form = SeparationForm(action_posted(request, "separate"))
    saved = _("Placement saved.")
    return {
        "start": Action(
            start_form,
            lambda: services.placement_start(
                actor=user, placement=placement, started_on=start_form.cleaned_data["started_on"]
            ),
            saved,
        ),
        "imss": Action(
            imss_form,
            lambda: services.placement_imss_register(
                actor=user,
                placement=placement,
                registered_on=imss_form.cleaned_data["registered_on"],
            ),
            saved,
        ),
        "separate": Action(
            separate_form,
            lambda: services.placement_separate(
                actor=user,
                placement=placement,
                separated_on=separate_form.cleaned_data["separated_on"],
                reason=separate_form.cleaned_data["reason"],
                note=separate_form.cleaned_data.get("note", ""),
            ),
            saved,
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    placement = placement_get_for(user, pk)
    actions = _actions(request, user, placement)
    if request.method == "POST":
        require_perm(user, "jobs.change_placement")
        action = request.POST.get("action", "")
        if action in actions:
            done = action_submit(
                request,
                actions,
                action,
                back=reverse("jobs:placement_detail", args=[placement.pk]),
                moved_on=False,
            )
            if done is not None:
                return done
    else:
        audit_event(actor=user, obj=placement, event="view", request=request)
    context = {
        "placement": placement,
        "can_change": user.has_perm("jobs.change_placement"),
        **{f"{name}_form": action.form for name, action in actions.items()},
    }
    return render(request, "jobs/placement_detail.html", context)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def _scope_name(user: User) -> str:
    """Whose placements the figures count: a company's own, a host city's, or the programme's."""
    own = scope.anchor_object(user) if scope.confined(user, scope.Kind.PLACEMENTS) else None
    return str(own.name) if own is not None else _("Programme")


@login_required
@require_GET
def turnover(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.has_perm(AGGREGATES):
        require_perm(user, "jobs.view_placement")
    rules = employment_rules()
    kept_report = turnover_page(user)
    report = kept_report.value
    chart = line_chart(
        _("Monthly turnover (%)"),
        report.months,
        [(_scope_name(user), [_percent(m.rate) for m in report.overall])],
        reference=(
            _("%(label)s (%(rate)s a month)")
            % {"label": rules.benchmark_label, "rate": share_percent(rules.benchmark_rate, 0)},
            100 * rules.benchmark_rate,
        ),
        chart_id="turnover-chart",
        description=_("Separations in the month over the average headcount, in percent."),
    )
    context = {
        "report": report,
        "counted_at": kept_report.counted_at,
        "chart": chart,
        "rules": rules,
        "benchmark_percent": 100 * rules.benchmark_rate,
    }
    return render(request, "jobs/turnover.html", context)

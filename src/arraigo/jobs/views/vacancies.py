"""Vacancy list, vacancy page, and the forms to post, change and close a vacancy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts import scope
from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.core.formflow import form_page, request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate

from .. import selectors, services
from ..forms import VacancyFilterForm, VacancyForm
from ..models import Employer, Vacancy


@login_required
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "jobs.view_vacancy")
    form = VacancyFilterForm(request.GET)
    form.is_valid()
    page = paginate(request, selectors.vacancies_list(user, **form.cleaned_data))
    return render(request, "jobs/vacancy_list.html", {"form": form, "page_obj": page})


@login_required
@require_GET
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_detail(user, pk)
    return render(request, "jobs/vacancy_detail.html", {"vacancy": vacancy})


def _form_page(request: HttpRequest, form: Any, title: str, back_url: str) -> HttpResponse:
    return form_page(request, "jobs/form.html", form, title=title, back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest) -> HttpResponse:
    """Staff choose the company; an employer's HR user posts for their own company only."""
    user = request_user(request)
    require_perm(user, "jobs.add_vacancy")
    own: Employer | None = None
    choices: QuerySet[Employer] | None = None
    if scope.confined(user, scope.Kind.EMPLOYERS):
        own = selectors.employer_get_for(user, user.employer_id or 0)
    else:
        choices = selectors.employers_visible_to(user).filter(active=True).order_by("name")
    initial = {"employer": request.GET["employer"]} if request.GET.get("employer") else None
    form = VacancyForm(request.POST or None, employers=choices, initial=initial)

    def call() -> Vacancy:
        employer = own or form.cleaned_data["employer"]
        return services.vacancy_create(actor=user, employer=employer, data=form.to_data())

    return submit_redirect(
        request,
        form,
        call,
        message=_("Vacancy saved."),
        redirect_to=lambda vacancy: reverse("jobs:vacancy_detail", args=[vacancy.pk]),
    ) or _form_page(request, form, _("New vacancy"), reverse("jobs:vacancy_list"))


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_detail(user, pk)
    require_perm(user, "jobs.change_vacancy")
    form = VacancyForm(request.POST or None, initial=VacancyForm.initial_from(vacancy))
    back_url = reverse("jobs:vacancy_detail", args=[vacancy.pk])
    title = _("Edit %(vacancy)s") % {"vacancy": vacancy.title}
    return submit_redirect(
        request,
        form,
        lambda: services.vacancy_update(actor=user, vacancy=vacancy, data=form.to_data()),
        message=_("Vacancy saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, title, back_url)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_get_for(user, pk)
    require_perm(user, "jobs.change_vacancy")
    if request.method == "POST":
        try:
            services.vacancy_close(actor=user, vacancy=vacancy)
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Vacancy closed."))
        return redirect("jobs:vacancy_detail", pk=vacancy.pk)
    return render(request, "jobs/vacancy_close.html", {"vacancy": vacancy})

"""Employer list, employer page and the employer forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.core.formflow import form_page, request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate

from .. import selectors, services
from ..forms import EmployerFilterForm, EmployerForm


@login_required
@require_GET
def employer_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "jobs.view_employer")
    form = EmployerFilterForm(request.GET)
    form.is_valid()
    page = paginate(request, selectors.employers_list(user, **form.cleaned_data))
    return render(request, "jobs/employer_list.html", {"form": form, "page_obj": page})


@login_required
@require_GET
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    detail = selectors.employer_detail(user, pk)
    context = {"detail": detail, "employer": detail.employer}
    return render(request, "jobs/employer_detail.html", context)


def _form_page(request: HttpRequest, form: Any, title: str, back_url: str) -> HttpResponse:
    return form_page(request, "jobs/form.html", form, title=title, back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def employer_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "jobs.add_employer")
    form = EmployerForm(request.POST or None)
    return submit_redirect(
        request,
        form,
        lambda: services.employer_create(actor=user, data=form.to_data()),
        message=_("Employer saved."),
        redirect_to=lambda employer: reverse("jobs:employer_detail", args=[employer.pk]),
    ) or _form_page(request, form, _("New employer"), reverse("jobs:employer_list"))


@login_required
@require_http_methods(["GET", "POST"])
def employer_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    employer = selectors.employer_get_for(user, pk)
    require_perm(user, "jobs.change_employer")
    form = EmployerForm(request.POST or None, initial=EmployerForm.initial_from(employer))
    back_url = reverse("jobs:employer_detail", args=[employer.pk])
    title = _("Edit %(employer)s") % {"employer": employer.name}
    return submit_redirect(
        request,
        form,
        lambda: services.employer_update(actor=user, employer=employer, data=form.to_data()),
        message=_("Employer saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, title, back_url)

"""The service directory: provider list, provider page, provider and service forms."""

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
from ..forms import ProviderFilterForm, ProviderForm, ServiceForm
from ..models import City
from ..types import ProviderData, ServiceData


@login_required
@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "places.view_serviceprovider")
    cities = City.objects.filter(
        pk__in=selectors.providers_visible_to(user).values("city_id")
    ).order_by("name")
    form = ProviderFilterForm(request.GET, cities=cities)
    form.is_valid()
    page = paginate(request, selectors.providers_list(user, **form.cleaned_data))
    return render(request, "places/provider_list.html", {"form": form, "page_obj": page})


@login_required
@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    provider, groups = selectors.provider_detail(user, pk)
    context = {"provider": provider, "groups": groups}
    return render(request, "places/provider_detail.html", context)


def _provider_data(form: ProviderForm) -> ProviderData:
    data = form.cleaned_data
    return ProviderData(**{**data, "phone": str(data["phone"] or "")})


def _form_page(request: HttpRequest, form: Any, title: str, back_url: str) -> HttpResponse:
    return form_page(request, "places/form.html", form, title=title, back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "places.add_serviceprovider")
    initial = {"city": request.GET.get("city")} if request.GET.get("city") else None
    form = ProviderForm(request.POST or None, initial=initial)
    return submit_redirect(
        request,
        form,
        lambda: services.provider_create(actor=user, data=_provider_data(form)),
        message=_("Provider saved."),
        redirect_to=lambda provider: reverse("places:provider_detail", args=[provider.pk]),
    ) or _form_page(request, form, _("New service provider"), reverse("places:provider_list"))


@login_required
@require_http_methods(["GET", "POST"])
def provider_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    provider = selectors.provider_get_for(user, pk)
    require_perm(user, "places.change_serviceprovider")
    form = ProviderForm(request.POST or None, initial=ProviderForm.initial_from(provider))
    back_url = reverse("places:provider_detail", args=[provider.pk])
    title = _("Edit %(provider)s") % {"provider": provider.name}
    return submit_redirect(
        request,
        form,
        lambda: services.provider_update(actor=user, provider=provider, data=_provider_data(form)),
        message=_("Provider saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, title, back_url)


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    provider = selectors.provider_get_for(user, pk)
    require_perm(user, "places.add_service")
    form = ServiceForm(request.POST or None)
    back_url = reverse("places:provider_detail", args=[provider.pk])
    title = _("New service of %(provider)s") % {"provider": provider.name}
    return submit_redirect(
        request,
        form,
        lambda: services.service_create(
            actor=user, provider=provider, data=ServiceData(**form.cleaned_data)
        ),
        message=_("Service saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, title, back_url)


@login_required
@require_http_methods(["GET", "POST"])
def service_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    service = selectors.service_get_for(user, pk)
    require_perm(user, "places.change_service")
    form = ServiceForm(request.POST or None, initial=ServiceForm.initial_from(service))
    back_url = reverse("places:provider_detail", args=[service.provider_id])
    title = _("Edit %(service)s") % {"service": service.name}
    return submit_redirect(
        request,
        form,
        lambda: services.service_update(
            actor=user, service=service, data=ServiceData(**form.cleaned_data)
        ),
        message=_("Service saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, title, back_url)

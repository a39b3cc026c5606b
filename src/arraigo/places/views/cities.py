"""City list, city page, and the city, capacity and office forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.core.charts import bar_chart
from arraigo.core.formflow import form_page, request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate

from .. import selectors, services
from ..forms import CapacityForm, CityFilterForm, CityForm, OfficeForm
from ..models import CapacityDimension, City
from ..types import CityData, OfficeData


@login_required
@require_GET
def city_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "places.view_city")
    form = CityFilterForm(request.GET, states=selectors.states_list(user))
    form.is_valid()
    page = paginate(request, selectors.cities_list(user, **form.cleaned_data))
    rows = [(city, selectors.capacity_cells(city)) for city in page]
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "dimensions": CapacityDimension.choices,
    }
    return render(request, "places/city_list.html", context)


def _period_chart(period: selectors.CapacityPeriod) -> dict[str, Any]:
    rows: list[tuple[str, int]] = []
    for capacity in period.rows:
        label = capacity.get_dimension_display()
        rows.append((_("%(dimension)s: capacity") % {"dimension": label}, capacity.amount))
        rows.append((_("%(dimension)s: reserved") % {"dimension": label}, capacity.reserved))
    title = _("Capacity and reservations, %(start)s to %(end)s") % {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    return bar_chart(title, rows)


@login_required
@require_GET
def city_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    detail = selectors.city_detail(user, pk)
    periods = [(period, _period_chart(period)) for period in detail.periods]
    context = {"detail": detail, "city": detail.city, "periods": periods}
    return render(request, "places/city_detail.html", context)


def _form_page(request: HttpRequest, form: Any, title: str, back_url: str) -> HttpResponse:
    return form_page(request, "places/form.html", form, title=title, back_url=back_url)


def _city_data(form: CityForm) -> CityData:
    return CityData(**form.cleaned_data)


@login_required
@require_http_methods(["GET", "POST"])
def city_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "places.add_city")
    form = CityForm(request.POST or None)
    return submit_redirect(
        request,
        form,
        lambda: services.city_create(actor=user, data=_city_data(form)),
        message=_("City saved."),
        redirect_to=lambda city: reverse("places:city_detail", args=[city.pk]),
    ) or _form_page(request, form, _("New city"), reverse("places:city_list"))


@login_required
@require_http_methods(["GET", "POST"])
def city_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    city = selectors.city_get_for(user, pk)
    require_perm(user, "places.change_city")
    form = CityForm(request.POST or None, initial=CityForm.initial_from(city))
    back_url = reverse("places:city_detail", args=[city.pk])
    return submit_redirect(
        request,
        form,
        lambda: services.city_update(actor=user, city=city, data=_city_data(form)),
        message=_("City saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, _("Edit %(city)s") % {"city": city.name}, back_url)


def _capacity_initial(request: HttpRequest, city: City) -> dict[str, Any]:
    """Prefill from an existing row when the city page links to it (?dimension=&period_start=)."""
    dimension = request.GET.get("dimension", "")
    if dimension not in CapacityDimension.values:
        return {}
    try:
        start = dt.date.fromisoformat(request.GET.get("period_start", ""))
    except ValueError:
        return {"dimension": dimension}
    row = city.capacities.filter(dimension=dimension, period_start=start).first()
    if row is None:
        return {"dimension": dimension, "period_start": start}
    return {
        "dimension": row.dimension,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "amount": row.amount,
    }


@login_required
@require_http_methods(["GET", "POST"])
def capacity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    city = selectors.city_get_for(user, pk)
    require_perm(user, "places.change_capacity")
    form = CapacityForm(request.POST or None, initial=_capacity_initial(request, city))
    back_url = reverse("places:city_detail", args=[city.pk])
    return submit_redirect(
        request,
        form,
        lambda: services.capacity_set(actor=user, city=city, **form.cleaned_data),
        message=_("Capacity saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, _("Capacity of %(city)s") % {"city": city.name}, back_url)


def _office_data(form: OfficeForm, city: City) -> OfficeData:
    data = form.cleaned_data
    return OfficeData(**{**data, "phone": str(data["phone"] or "")}, city=city)


@login_required
@require_http_methods(["GET", "POST"])
def office_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    city = selectors.city_get_for(user, pk)
    require_perm(user, "places.add_office")
    form = OfficeForm(request.POST or None)
    back_url = reverse("places:city_detail", args=[city.pk])
    return submit_redirect(
        request,
        form,
        lambda: services.office_create(actor=user, data=_office_data(form, city)),
        message=_("Office saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, _("New office in %(city)s") % {"city": city.name}, back_url)


@login_required
@require_http_methods(["GET", "POST"])
def office_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    office = selectors.office_get_for(user, pk)
    require_perm(user, "places.change_office")
    form = OfficeForm(request.POST or None, initial=OfficeForm.initial_from(office))
    back_url = reverse("places:city_detail", args=[office.city_id])
    return submit_redirect(
        request,
        form,
        lambda: services.office_update(
            actor=user, office=office, data=_office_data(form, office.city)
        ),
        message=_("Office saved."),
        redirect_to=back_url,
    ) or _form_page(request, form, _("Edit %(office)s") % {"office": office.name}, back_url)

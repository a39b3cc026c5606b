"""Relocation pages: group departures and the carrier's manifest (CSV and PDF).

Mounted through views/trips.py's urlpatterns.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.core.digits import whole_number
from arraigo.core.errors import NotPermitted
from arraigo.core.formflow import Action, action_submit, request_user, require_perm, submit_redirect
from arraigo.core.pagination import paginate
from arraigo.places.models import Office

from .. import selectors_trips as trip_reads
from ..forms.trips import DepartureAddForm, DepartureFilterForm, DepartureForm, EmptyForm
from ..models import Departure, DepartureStatus
from ..selectors import departures_visible_to
from ..services import departures as services
from ..services import manifest


def _departure_for(request: HttpRequest, pk: int) -> Departure:
    user = request_user(request)
    require_perm(user, "relocation.view_departure")
    try:
        return departures_visible_to(user).get(pk=pk)
    except Departure.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def departure_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "relocation.view_departure")
    can_create = user.has_perm("relocation.add_departure")
    form = DepartureForm(request.POST or None) if can_create else None
    if request.method == "POST" and form is None:
        raise PermissionDenied
    if form is not None:
        data_form = form
        created = submit_redirect(
            request,
            data_form,
            lambda: services.departure_create(actor=user, **data_form.cleaned_data),
            message=_("Departure created: add the households travelling on it."),
            redirect_to=lambda departure: reverse(
                "relocation:departure_detail", args=[departure.pk]
            ),
        )
        if created is not None:
            return created
    visible = departures_visible_to(user)
    filters = DepartureFilterForm(
        request.GET,
        offices=Office.objects.filter(pk__in=visible.values("origin_office_id")).order_by("name"),
    )
    page = paginate(
        request,
        trip_reads.departures_list(user, **(filters.cleaned_data if filters.is_valid() else {})),
    )
    context = {"form": form, "filters": filters, "page_obj": page}
    return render(request, "relocation/departure_list.html", context)


ACTIONS = ("add", "remove", "depart", "cancel")


@login_required
@require_http_methods(["GET", "POST"])
def departure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    departure = _departure_for(request, pk)
    is_open = departure.status == DepartureStatus.OPEN
    can_change = user.has_perm("relocation.change_departure") and is_open
    candidates = trip_reads.plans_to_add(user, departure.origin_office_id, departure.date)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    add_form = DepartureAddForm(request.POST if action == "add" else None, plans=candidates)
    if action in ACTIONS:
        if not user.has_perm("relocation.change_departure"):
            raise PermissionDenied
        plans_here = trip_reads.departure_plans(user, departure.pk)
        plan_id = request.POST.get("plan", "")
        updated = _("Departure updated.")
        actions = {
            "add": Action(
                add_form,
                lambda: services.departure_add_plan(
                    actor=user, departure=departure, plan=add_form.cleaned_data["plan"]
                ),
                updated,
            ),
            "remove": Action(
                EmptyForm(request.POST),
                lambda: services.departure_remove_plan(
                    actor=user,
                    departure=departure,
                    plan=get_object_or_404(plans_here, pk=whole_number(plan_id) or 0),
                ),
                updated,
            ),
            "depart": Action(
                EmptyForm(request.POST),
                lambda: services.departure_depart(actor=user, departure=departure),
                updated,
            ),
            "cancel": Action(
                EmptyForm(request.POST),
                lambda: services.departure_cancel(actor=user, departure=departure),
                updated,
            ),
        }
        back_url = reverse("relocation:departure_detail", args=[departure.pk])
        done = action_submit(request, actions, action, back=back_url)
        if done is not None:
            return done
        if action != "add":
            for error in actions[action].form.non_field_errors():
                messages.error(request, str(error))
    context = {
        "departure": departure,
        "plans": trip_reads.departure_plans(user, departure.pk),
        "add_form": add_form,
        "has_candidates": candidates.exists(),
        "can_change": can_change,
        "can_export": _may_export(user, departure),
    }
    return render(request, "relocation/departure_detail.html", context)


def _may_export(user: object, departure: Departure) -> bool:
    try:
        manifest.manifest_check(user, departure)  # type: ignore[arg-type]
    except NotPermitted:
        return False
    return True


def _manifest(request: HttpRequest, pk: int, fmt: str) -> manifest.Manifest:
    user = request_user(request)
    departure = _departure_for(request, pk)
    try:
        built = manifest.manifest_build(actor=user, departure=departure)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    audit_event(
        actor=user,
        obj=departure,
        event="export",
        request=request,
        details={"export": "manifest", "format": fmt, "rows": len(built.passengers)},
    )
    return built


def _filename(departure: Departure, ext: str) -> str:
    return f"manifest-{departure.date:%Y-%m-%d}-{departure.pk}.{ext}"


@login_required
def manifest_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    built = _manifest(request, pk, "csv")
    response = StreamingHttpResponse(
        manifest.manifest_csv_lines(built), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(built.departure, "csv")}"'
    return response


@login_required
def manifest_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    built = _manifest(request, pk, "pdf")
    response = HttpResponse(manifest.manifest_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(built.departure, "pdf")}"'
    return response


urlpatterns: list[URLPattern] = [
    path("departures/", departure_list, name="departure_list"),
    path("departures/<int:pk>/", departure_detail, name="departure_detail"),
    path("departures/<int:pk>/manifest.csv", manifest_csv, name="manifest_csv"),
    path("departures/<int:pk>/manifest.pdf", manifest_pdf, name="manifest_pdf"),
]

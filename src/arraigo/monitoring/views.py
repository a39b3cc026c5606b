"""The aggregate pages (counts and charts, no names) and the pseudonymised exports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arraigo.accounts.audit import audit_event
from arraigo.core.charts import bar_chart
from arraigo.core.csv_safety import csv_lines
from arraigo.core.formflow import request_user

from . import export
from .selectors import (
    EXPORT_PERM,
    Figures,
    feedback_figures,
    placement_figures,
    referral_figures,
    require_aggregates,
)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_aggregates(user)
    return render(request, "monitoring/index.html", {"can_export": user.has_perm(EXPORT_PERM)})


def _figures_page(request: HttpRequest, build: Callable[[Any], Figures]) -> HttpResponse:
    user = request_user(request)
    require_aggregates(user)
    figures = build(timezone.localdate())
    charts = [bar_chart(title, rows) for title, rows in figures.tables]
    return render(
        request,
        "monitoring/figures.html",
        {"figures": figures, "sections": list(zip(charts, figures.tables, strict=True))},
    )


@login_required
@require_GET
def placements(request: HttpRequest) -> HttpResponse:
    return _figures_page(request, placement_figures)


@login_required
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    return _figures_page(request, referral_figures)


@login_required
@require_GET
def feedback(request: HttpRequest) -> HttpResponse:
    return _figures_page(request, feedback_figures)


def _csv(
    request: HttpRequest, name: str, header: list[str], rows: Iterator[list[Any]]
) -> StreamingHttpResponse:
    user = request_user(request)
    require_aggregates(user, EXPORT_PERM)
    audit_event(
        actor=user,
        obj=user,
        event="export",
        request=request,
        details={"export": f"pseudonymised_{name}", "format": "csv"},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


@login_required
@require_GET
def export_people(request: HttpRequest) -> StreamingHttpResponse:
    today = timezone.localdate()
    return _csv(request, "people", export.PEOPLE_HEADER, export.people_rows(today, request.user))


@login_required
@require_GET
def export_figures(request: HttpRequest) -> StreamingHttpResponse:
    today = timezone.localdate()
    return _csv(request, "figures", export.FIGURES_HEADER, export.figure_rows(today))

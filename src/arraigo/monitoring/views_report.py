"""The results report page and its downloads (coordinators and M&E: monitoring.view_aggregates;
aggregates only, small cells suppressed, every download audited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arraigo.accounts.audit import audit_event
from arraigo.core.figures import Kept
from arraigo.core.formflow import request_user

from .forms import ResultsForm
from .programme import monitoring_rules
from .report import Period, Report, results_kept, row_chart
from .report_export import CONTENT_TYPES, FORMATS, report_csv_lines, report_pdf, report_xlsx
from .selectors import require_aggregates
from .small_cells import SMALL_CELL


def _report(request: HttpRequest) -> tuple[ResultsForm, Kept[Report] | None]:
    """The report the query asks for (by default the current year, no breakdown) and when it
    was counted, or None with the form's errors."""
    today = timezone.localdate()
    form = ResultsForm(request.GET or {"year": today.year}, today=today)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, results_kept(
        request_user(request), Period(data["date_from"], data["date_to"]), data.get("by") or ""
    )


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    require_aggregates(request_user(request))
    form, kept_report = _report(request)
    report = kept_report.value if kept_report else None
    rows = [(row, row_chart(row)) for row in report.rows] if report else []
    return render(
        request,
        "monitoring/results.html",
        {
            "form": form,
            "report": report,
            "counted_at": kept_report.counted_at if kept_report else None,
            "rows": rows,
            "rules": monitoring_rules(),
            "small_cell": SMALL_CELL,
            "query": request.GET.urlencode(),
            "formats": FORMATS,
        },
        status=200 if report else 400,
    )


@login_required
@require_GET
def results_download(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request_user(request)
    require_aggregates(user)
    if fmt not in FORMATS:
        raise Http404
    form, kept_report = _report(request)
    if kept_report is None:
        return HttpResponseBadRequest(
            " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    report = kept_report.value
    audit_event(
        actor=user,
        obj=user,
        event="export",
        request=request,
        details={
            "export": "results_report",
            "format": fmt,
            "from": report.period.date_from.isoformat(),
            "to": report.period.date_to.isoformat(),
            "breakdown": report.breakdown.code if report.breakdown else "",
        },
    )
    if fmt == "csv":
        body: bytes = "".join(report_csv_lines(report)).encode()
    elif fmt == "xlsx":
        body = report_xlsx(report)
    else:
        body = report_pdf(report)
    period = report.period
    name = f"results-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.{fmt}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

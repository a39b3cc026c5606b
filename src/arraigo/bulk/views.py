"""The import pages (upload, progress and report, confirm), template downloads and exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.core.formflow import request_user, submit
from arraigo.core.pagination import paginate

from . import services
from .exports import EXPORT_KINDS, export_audit, export_header, export_rows, may_export
from .exports_background import BACKGROUND_KINDS, export_file_content, export_request
from .forms import UploadForm
from .models import ImportKind, ImportStatus
from .report import Report
from .selectors import (
    export_get_for,
    export_progress,
    exports_of,
    import_get_for,
    import_progress,
    imports_of,
)
from .sheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from .templates_files import template_bytes

PROBLEMS_PER_PAGE = 100


def _kinds(request: HttpRequest) -> list[str]:
    kinds = services.kinds_for(request_user(request))
    if not kinds:
        raise PermissionDenied
    return kinds


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    kinds = _kinds(request)
    user = request_user(request)
    return render(
        request,
        "bulk/import_list.html",
        {
            "page_obj": paginate(request, imports_of(user)),
            "kinds": [(k, ImportKind(k).label) for k in kinds],
            "exports": [
                (k, ImportKind(k).label, k in BACKGROUND_KINDS)
                for k in EXPORT_KINDS
                if may_export(user, k)
            ],
            "prepared": exports_of(user)[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    kinds = _kinds(request)
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in kinds else {}
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds, initial=initial)
    job = submit(
        request,
        form,
        lambda: services.import_upload(
            actor=request_user(request),
            kind=form.cleaned_data["kind"],
            filename=form.cleaned_data["file"].name,
            content=form.cleaned_data["file"].read(),
        ),
    )
    if job is not None:
        return redirect("bulk:import_detail", pk=job.pk)
    return render(request, "bulk/import_upload.html", {"form": form, "kinds": kinds})


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_get_for(request_user(request), pk)
    report = Report.from_json(job.report)
    problems = Paginator(report.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "bulk/import_detail.html",
        {
            "job": job,
            "report": report,
            "page_obj": problems,
            "progress": import_progress(job),
            "can_confirm": job.status == ImportStatus.CHECKED,
        },
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    job = import_get_for(user, pk)
    try:
        services.import_confirm(actor=user, job=job)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("bulk:import_detail", pk=job.pk)


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    job = import_get_for(user, pk)
    try:
        services.import_discard(actor=user, job=job)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was discarded; nothing was written."))
    return redirect("bulk:import_list")


def _attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_GET
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in _kinds(request) or fmt not in {"csv", "xlsx"}:
        raise Http404
    return _attachment(template_bytes(kind, fmt), fmt, f"arraigo-{kind}-template")


@login_required
@require_http_methods(["GET", "POST"])
def export_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A direct download; the households' (large) is prepared in the background (POST)."""
    user = request_user(request)
    if kind not in EXPORT_KINDS or fmt not in {"csv", "xlsx"}:
        raise Http404
    if kind in BACKGROUND_KINDS:
        if request.method != "POST":
            return redirect("bulk:import_list")
        try:
            job = export_request(actor=user, kind=kind, fmt=fmt)
        except NotPermitted as exc:
            raise PermissionDenied from exc
        return redirect("bulk:export_detail", pk=job.pk)
    try:
        rows = export_rows(user, kind)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    header = export_header(user, kind)
    content = csv_bytes(header, rows) if fmt == "csv" else xlsx_bytes([(kind, header, rows)])
    export_audit(user, kind, fmt)
    return _attachment(content, fmt, f"arraigo-{kind}-{timezone.localdate().isoformat()}")


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = export_get_for(request_user(request), pk)
    return render(
        request, "bulk/export_detail.html", {"job": job, "progress": export_progress(job)}
    )


@login_required
@require_GET
def export_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    job = export_get_for(user, pk)
    try:
        content = export_file_content(actor=user, job=job)
    except NotPermitted as exc:
        raise Http404 from exc
    stamp = (job.finished_at or job.created_at).date().isoformat()
    return _attachment(content, job.fmt, f"arraigo-{job.kind}-{stamp}")

"""The audit-trail pages (list with filters, one entry, the CSV export) and the sign-in locks
page."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arraigo.core.csv_safety import csv_lines
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user
from arraigo.core.pagination import paginate

from .audit import audit_event
from .audit_values import ValueReader
from .forms import ACTION_LABELS, AuditFilterForm
from .lockout import sign_in_rules
from .locks import may_see_locks, sign_in_locks_for
from .selectors import (
    CSV_HEADER,
    audit_entries_for,
    audit_entry_get_for,
    entry_changes,
    entry_csv_row,
    entry_details,
    entry_kind,
    may_read_audit_trail,
    object_type_label,
)
from .services import sign_in_unlock


def _require_auditor(request: HttpRequest) -> Any:
    if not may_read_audit_trail(request.user):
        raise Http404("No such page.")
    return request.user


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return form, {}
    return form, {key: value for key, value in form.cleaned_data.items() if value}


def _csv_rows(entries: Iterator[LogEntry]) -> Iterator[list[Any]]:
    """The export's rows, the names of related rows fetched for 500 entries at a time."""
    while chunk := list(itertools.islice(entries, 500)):
        reader = ValueReader(chunk)
        yield from (entry_csv_row(entry, reader) for entry in chunk)


def _kind_label(entry: Any) -> str:
    kind = entry_kind(entry)
    return str(ACTION_LABELS.get(kind, kind))


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    user = _require_auditor(request)
    form, filters = _filters(request)
    page = paginate(request, audit_entries_for(user, filters))
    entries = list(page.object_list)
    reader = ValueReader(entries)
    rows = [
        {
            "entry": entry,
            "kind": entry_kind(entry),
            "label": _kind_label(entry),
            "object_type": object_type_label(entry),
            "changes": entry_changes(entry, reader),
        }
        for entry in entries
    ]
    return render(
        request,
        "accounts/audit_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "rows": rows,
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _require_auditor(request)
    entry = audit_entry_get_for(user, pk)
    return render(
        request,
        "accounts/audit_detail.html",
        {
            "entry": entry,
            "kind": entry_kind(entry),
            "label": _kind_label(entry),
            "object_type": object_type_label(entry),
            "changes": entry_changes(entry),
            "details": entry_details(entry),
        },
    )


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV; the export itself goes on the trail first."""
    user = _require_auditor(request)
    _form, filters = _filters(request)
    audit_event(
        actor=user,
        obj=user,
        event="export",
        request=request,
        details={
            "export": "audit_trail",
            "filters": {key: str(value) for key, value in filters.items()},
        },
    )
    entries = audit_entries_for(user, filters).iterator(chunk_size=2000)
    response = StreamingHttpResponse(
        csv_lines(CSV_HEADER, _csv_rows(entries)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


# --- sign-in locks ----------------------------------------------------------------------------


@login_required
@require_GET
def lock_list(request: HttpRequest) -> HttpResponse:
    """The accounts and addresses locked after failed sign-ins, for coordinators to lift."""
    if not may_see_locks(request.user):
        raise Http404("No such page.")
    rules = sign_in_rules()
    context = {"locks": sign_in_locks_for(request.user), "rules": rules}
    return render(request, "accounts/lock_list.html", context)


@login_required
@require_POST
def lock_lift(request: HttpRequest) -> HttpResponse:
    if not may_see_locks(request.user):
        raise Http404("No such page.")
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    try:
        sign_in_unlock(actor=request_user(request), kind=kind, key=key)
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    except NotPermitted as exc:
        raise Http404("No such page.") from exc
    else:
        lifted = _("The lock is lifted: %(key)s can sign in again.") % {"key": key}
        messages.success(request, lifted)
    return redirect("accounts:lock_list")

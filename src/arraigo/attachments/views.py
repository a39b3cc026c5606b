"""Files: download (scoped, consent-checked, audited), attach from a case's page, remove.

There is no other way to a file's bytes: the storage is outside the web root and a file is
named by a random UUID. Out of scope answers 404, like a file that does not exist; a service
partner without the household's consent gets a page that says so (403). Attaching and removing
come back to the page the form was on, with what went wrong said on top.
"""

from __future__ import annotations

import logging
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arraigo.accounts.audit import audit_event
from arraigo.casework.models import Milestone
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user
from arraigo.referrals.models import Referral
from arraigo.registry.models import Consent

from .forms import AttachmentForm
from .models import AttachmentKind
from .selectors import (
    Target,
    attachment_get_for,
    household_id_of,
    target_get_for,
    withheld_from,
)
from .services import attachment_add, attachment_remove

logger = logging.getLogger(__name__)


def back_url(target: Target) -> str:
    """The page that shows `target`'s files, at their place on it."""
    if isinstance(target, Referral):
        return reverse("referrals:referral_detail", args=[target.pk]) + "#files"
    if isinstance(target, Milestone):
        return reverse("casework:plan_detail", args=[target.plan_id]) + f"#m{target.pk}"
    case = reverse("registry:household_detail", args=[household_id_of(target)])
    if isinstance(target, Consent):
        return case + "#consent-files"
    return case + f"#documents-{target.person_id}"


@login_required
@require_GET
def attachment_download(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    user = request_user(request)
    attachment = attachment_get_for(user, public_id)
    withheld = withheld_from(user, attachment)
    if withheld:
        return render(request, "attachments/withheld.html", {"reason": withheld}, status=403)
    try:
        handle = attachment.file.open("rb")
    except OSError as exc:  # the row is there, its bytes are not: an operator's matter
        logger.error("stored file of attachment %s is missing", attachment.public_id)
        raise Http404("No such file.") from exc
    audit_event(
        actor=user,
        obj=attachment,
        event="download",
        request=request,
        details={"household": attachment.household.code, "kind": attachment.kind},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Opened in the browser anyway, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_create(request: HttpRequest, kind: str) -> HttpResponse:
    user = request_user(request)
    if kind not in AttachmentKind.values:
        raise Http404("No such kind of record.")
    try:
        target_pk = int(request.POST.get("target", ""))
    except ValueError as exc:
        raise Http404("No such record.") from exc
    target = target_get_for(user, kind, target_pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back_url(target))
    try:
        attachment_add(actor=user, target=target, uploaded_file=form.cleaned_data["file"])
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(request, _("File attached."))
    return redirect(back_url(target))


@login_required
@require_POST
def attachment_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request_user(request)
    attachment = attachment_get_for(user, public_id)
    back = back_url(attachment.target)  # type: ignore[arg-type]
    try:
        attachment_remove(actor=user, attachment=attachment)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    messages.success(request, _("File removed."))
    return redirect(back)

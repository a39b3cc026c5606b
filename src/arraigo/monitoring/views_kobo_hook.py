"""KoboToolbox's REST Services: the endpoint KoboToolbox posts submissions to, and the pages
where coordinators register forms (secret shown once) and follow the submissions.

The endpoint answers at once (202, the submission stored and queued; 200 for a submission it
already has) and leaves the work to a background task. KoboToolbox authenticates with the
form's secret, sent as basic authentication (any user name, the secret as password: REST
Services' "Basic authentication"), or in a custom header `X-Arraigo-Token` or `Authorization:
Bearer` (REST Services' custom HTTP headers).
"""

from __future__ import annotations

import base64
import binascii
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arraigo.core.digits import whole_number
from arraigo.core.errors import InvalidTransition, ValidationFailed
from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.pagination import paginate

from . import services_kobo_hook as services
from .forms_kobo_hook import KoboFormForm, SubmissionFilterForm, kobo_form_initial
from .instruments import Instrument, survey_instruments
from .models_kobo import KoboForm, KoboSubmission, SubmissionStatus
from .selectors_kobo_hook import (
    kobo_form_by_slug,
    kobo_forms_for,
    kobo_submission_counts,
    kobo_submissions_for,
)

MAX_BYTES = 256 * 1024  # a submission of one household: a few kilobytes


def _max_bytes() -> int:
    return int(getattr(settings, "ARRAIGO_KOBO_HOOK_MAX_BYTES", MAX_BYTES))


def _credential(request: HttpRequest) -> str:
    """The secret the request carries: basic authentication's password, a bearer or token
    header, or X-Arraigo-Token ("" when none)."""
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    if scheme.lower() in ("bearer", "token"):
        return value.strip()
    return request.headers.get("X-Arraigo-Token", "").strip()


def _refuse(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="arraigo"'
    return response


@csrf_exempt
@require_POST
def kobo_hook(request: HttpRequest, slug: str) -> HttpResponse:
    """POST /hooks/kobo/<slug>/: one submission of the form `slug`, as JSON."""
    form = kobo_form_by_slug(slug)
    if not services.secret_matches(form, _credential(request)) or form is None:
        return _refuse(401, "unknown form or wrong secret")
    length = whole_number(request.META.get("CONTENT_LENGTH") or "0")
    if length is None or length > _max_bytes():
        return _refuse(413, f"a submission is at most {_max_bytes()} bytes")
    try:
        body = request.body
        payload = json.loads(body)
    except RequestDataTooBig:
        return _refuse(413, f"a submission is at most {_max_bytes()} bytes")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[...]]]]
        return _refuse(400, "the body must be the submission as JSON (REST Services: JSON)")
    if len(body) > _max_bytes():
        return _refuse(413, f"a submission is at most {_max_bytes()} bytes")
    if not isinstance(payload, dict):
        return _refuse(400, "the body must be one submission, a JSON object")
    try:
        row, new = services.kobo_submission_receive(form=form, payload=payload)
    except ValidationFailed as exc:
        return _refuse(400, exc.message)
    answer = {"submission": row.uuid, "status": "received" if new else "duplicate"}
    return JsonResponse(answer, status=202 if new else 200)


# --- the coordinators' pages ------------------------------------------------------------------


def _instruments() -> tuple[Instrument, ...]:
    return survey_instruments().instruments


def _form(user: object, pk: int) -> KoboForm:
    try:
        return kobo_forms_for(user).get(pk=pk)
    except KoboForm.DoesNotExist as exc:
        raise Http404 from exc


def _forms_url() -> str:
    return reverse("monitoring:kobo_forms")


def _secret_page(request: HttpRequest, form: KoboForm, secret: str) -> HttpResponse:
    endpoint = request.build_absolute_uri(reverse("kobo_hook", args=[form.slug]))
    context = {"kobo_form": form, "secret": secret, "endpoint": endpoint}
    return render(request, "monitoring/kobo_secret_once.html", context)


@login_required
@require_GET
def kobo_forms(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.view_koboform")
    rows = list(kobo_forms_for(user))
    for row in rows:
        row.endpoint = request.build_absolute_uri(reverse("kobo_hook", args=[row.slug]))  # type: ignore[attr-defined]
    return render(request, "monitoring/kobo_forms.html", {"kobo_forms": rows})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def kobo_form_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.add_koboform")
    form = KoboFormForm(
        request.POST if request.method == "POST" else None, instruments=_instruments()
    )
    created = submit(
        request, form, lambda: services.kobo_form_create(actor=user, data=form.data_for_service())
    )
    if created is not None:
        return _secret_page(request, *created)
    context = {"form": form, "title": _("New KoboToolbox form"), "back_url": _forms_url()}
    return render(request, "form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def kobo_form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.change_koboform")
    kobo_form = _form(user, pk)
    form = KoboFormForm(
        request.POST if request.method == "POST" else None,
        instruments=_instruments(),
        initial=kobo_form_initial(kobo_form),
    )
    saved = submit(
        request,
        form,
        lambda: services.kobo_form_update(actor=user, form=kobo_form, data=form.data_for_service()),
    )
    if saved is not None:
        messages.success(request, _("KoboToolbox form saved."))
        return redirect(_forms_url())
    title = _("KoboToolbox form %(name)s") % {"name": kobo_form.name}
    return render(
        request, "form_page.html", {"form": form, "title": title, "back_url": _forms_url()}
    )


@never_cache
@login_required
@require_POST
def kobo_form_secret(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.change_koboform")
    kobo_form = _form(user, pk)
    secret = services.kobo_form_secret_renew(actor=user, form=kobo_form)
    return _secret_page(request, kobo_form, secret)


@login_required
@require_GET
def kobo_submissions(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.view_kobosubmission")
    forms_list = list(kobo_forms_for(user)) if user.has_perm("monitoring.view_koboform") else []
    filters = SubmissionFilterForm(request.GET or None, forms_list=forms_list)
    chosen = filters.filters()
    context = {
        "form": filters,
        "page_obj": paginate(request, kobo_submissions_for(user, **chosen)),
        "counts": kobo_submission_counts(user),
        "failed": SubmissionStatus.FAILED,
        "chosen_form": next((f for f in forms_list if f.pk == chosen.get("form")), None),
    }
    return render(request, "monitoring/kobo_submissions.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("monitoring:kobo_submissions")


@login_required
@require_POST
def kobo_submission_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.retry_kobosubmission")
    try:
        row = kobo_submissions_for(user).get(pk=pk)
    except KoboSubmission.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.kobo_submission_retry(actor=user, submission=row)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The submission is queued to be processed again."))
    return _back(request)


@login_required
@require_POST
def kobo_form_retry_failed(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "monitoring.retry_kobosubmission")
    kobo_form = _form(user, pk)
    n = services.kobo_submissions_retry_failed(actor=user, form=kobo_form)
    messages.success(
        request,
        _("%(n)s failed submission(s) of %(form)s queued to be processed again.")
        % {"n": n, "form": kobo_form.name},
    )
    return _back(request)

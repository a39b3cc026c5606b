"""The second factor's pages (accounts.second_factor): one's own two-step sign-in page,
enrolment (the key as a QR code and as text, confirmed by a code), the recovery codes shown
once, the code page at each sign-in, and a coordinator's reset of another user's second
factor."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from arraigo.core.errors import ValidationFailed
from arraigo.core.formflow import request_user, submit

from . import second_factor as sf
from .forms import AppCodeForm, SecondFactorResetForm, SignInCodeForm
from .services import (
    RESET_SECOND_FACTOR,
    recovery_codes_renew,
    second_factor_enrol,
    second_factor_enrolment_start,
    second_factor_reset,
    second_factor_verify,
)


def _next(request: HttpRequest) -> str:
    """Where to go once done: the page asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _with_next(url_name: str, after: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': after})}" if after else reverse(url_name)


def _verified_now(request: HttpRequest, device: Any) -> None:
    """This session passed the second factor: a new session key, then django-otp's mark."""
    request.session.cycle_key()
    django_otp.login(request, device)


@login_required
@require_http_methods(["GET"])
def two_step(request: HttpRequest) -> HttpResponse:
    """One's own page: whether two-step sign-in is on, the recovery codes left, and the way to
    turn it on (anyone) or to make new recovery codes."""
    user = request_user(request)
    context = {
        "enrolled": sf.enrolled(user),
        "required": sf.required_of(user),
        "codes_left": sf.recovery_codes_left(user),
        "may_reset": user.has_perm(RESET_SECOND_FACTOR),
    }
    return render(request, "accounts/two_step.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_step_enrol(request: HttpRequest) -> HttpResponse:
    """The key as a QR code and as text, and the code that confirms the app has it. An
    enrolled user replaces their app here only from a verified session."""
    user = request_user(request)
    after = _next(request)
    if sf.enrolled(user) and not sf.session_verified(request):
        return redirect(_with_next("accounts:two_step_verify", request.get_full_path()))
    device = second_factor_enrolment_start(user=user)
    form = AppCodeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: second_factor_enrol(
            user=user, device_id=device.pk, code=form.cleaned_data["code"], request=request
        ),
    )
    if done is not None:
        _verified_now(request, done.device)
        request.session[sf.NEW_CODES_SESSION_KEY] = done.recovery_codes
        messages.success(request, _("Two-step sign-in is on."))
        return redirect(_with_next("accounts:two_step_codes", after))
    context = {
        "form": form,
        "qr_svg": sf.qr_svg(device),
        "key_text": sf.key_text(device),
        "required": sf.required_of(user),
        "replacing": sf.enrolled(user),
        "next": after,
        # the menu leads nowhere until the second factor is set up (the page has Sign out)
        "second_factor_pending": (
            sf.enforced() and sf.required_of(user) and not sf.session_verified(request)
        ),
    }
    return render(request, "accounts/two_step_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_step_codes(request: HttpRequest) -> HttpResponse:
    """GET: the recovery codes just made, shown this once. POST: new codes (the old ones stop
    working), from a verified session only."""
    user = request_user(request)
    after = _next(request)
    if request.method == "POST":
        if not sf.session_verified(request):
            return redirect(_with_next("accounts:two_step_verify", reverse("accounts:two_step")))
        try:
            codes = recovery_codes_renew(user=user, request=request)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
            return redirect("accounts:two_step")
        request.session[sf.NEW_CODES_SESSION_KEY] = codes
        messages.success(request, _("New recovery codes are made: the old ones no longer work."))
        return redirect("accounts:two_step_codes")
    codes = request.session.pop(sf.NEW_CODES_SESSION_KEY, None) or []
    context = {
        "codes": [sf.recovery_code_shown(code) for code in codes],
        "codes_left": sf.recovery_codes_left(user),
        "enrolled": sf.enrolled(user),
        "next": after or reverse("home:dashboard"),
    }
    return render(request, "accounts/two_step_codes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_step_verify(request: HttpRequest) -> HttpResponse:
    """The code page after the password: a code of the app, or a recovery code (spent)."""
    user = request_user(request)
    after = _next(request)
    if not sf.enrolled(user):
        if sf.required_of(user):
            return redirect(_with_next("accounts:two_step_enrol", after))
        return redirect(after or "home:dashboard")
    if sf.session_verified(request):
        return redirect(after or "home:dashboard")
    form = SignInCodeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: second_factor_verify(user=user, code=form.cleaned_data["code"], request=request),
    )
    if done is not None:
        _verified_now(request, done.device)
        if done.recovery_code_used:
            left = done.recovery_codes_left
            text = ngettext(
                "You used a recovery code: %(count)d is left.",
                "You used a recovery code: %(count)d are left.",
                left,
            ) % {"count": left}
            if left <= 3:
                text += " " + _("Make new ones on your Two-step sign-in page.")
            messages.warning(request, text)
        return redirect(after or "home:dashboard")
    context = {
        "form": form,
        "next": after,
        "codes_left": sf.recovery_codes_left(user),
        "demo_code": sf.demo_hint(user),
        "second_factor_pending": sf.enforced(),
    }
    return render(request, "accounts/two_step_verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_step_reset(request: HttpRequest) -> HttpResponse:
    """A coordinator removes another user's second factor (a lost phone); that user sets it up
    again at their next sign-in."""
    user = request_user(request)
    if not user.has_perm(RESET_SECOND_FACTOR):
        raise PermissionDenied
    form = SecondFactorResetForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: second_factor_reset(
            actor=user, username=form.cleaned_data["username"], request=request
        ),
    )
    if done is not None:
        messages.success(
            request,
            _(
                "The second factor of %(username)s is reset: they set it up again at their "
                "next sign-in."
            )
            % {"username": done.username},
        )
        return redirect("accounts:two_step_reset")
    return render(request, "accounts/two_step_reset.html", {"form": form})

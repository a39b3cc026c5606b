"""Changing one's password, and resetting a forgotten one by email: Django's own views and
forms (its password validators: length, common passwords, similarity to the user's own
details), with what the programme adds: each change on the audit trail, the pages in the
user's language, and a reset that also lifts the account's sign-in lock (whoever reads the
account's email may sign in again).
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .audit import audit_event


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_event(
            actor=self.request.user, obj=form.user, event="password_changed", request=self.request
        )
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordReset(auth_views.PasswordResetView):
    """Asks for the account's email; answers the same whether or not an account has it."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        # the link starts with the address people open the site at (SITE_URL), not with
        # whatever Host the request named
        self.extra_email_context = {"site_url": settings.ARRAIGO_SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        axes_reset(username=user.get_username())
        audit_event(actor=None, obj=user, event="password_reset", request=self.request)
        messages.success(self.request, _("Your password is changed. Sign in with it."))
        return response

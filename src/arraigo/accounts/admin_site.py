"""Django's admin, for active superusers whose session passed the second factor only.

Everyone else is refused: signed out, the admin's own sign-in page sends people to the site's
(with its lock on password guessing, accounts.lockout); a superuser not yet verified goes to the
code page (or to enrolment); a signed-in user who is not a superuser gets the 403 page (on the
audit trail as a refusal). The site is the default one (SecondFactorAdminConfig), so the apps'
admin.py files register on it unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .second_factor import enforced, enrolled, session_verified


def _may_enter(request: HttpRequest) -> bool:
    user: Any = request.user
    if not (user.is_active and user.is_superuser):
        return False
    return session_verified(request) or not enforced()


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return _may_enter(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Not the admin's own sign-in form: the site's, then its second factor."""
        after = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(after)
        if not (user.is_active and user.is_superuser):
            raise PermissionDenied
        if _may_enter(request):
            return redirect(after)
        page = "accounts:two_step_verify" if enrolled(user) else "accounts:two_step_enrol"
        response: HttpResponse = redirect(f"{reverse(page)}?{urlencode({'next': after})}")
        return response

"""The email notifications page: each signed-in user chooses which emails they get."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arraigo.core.formflow import request_user, submit_redirect

from .forms import PreferenceForm
from .selectors import kinds_for, preference_of
from .services import preference_set


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    kinds = kinds_for(user)
    chosen = preference_of(user)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds,
        initial={kind.value: chosen.wants(kind) for kind in kinds},
    )
    done = submit_redirect(
        request,
        form,
        lambda: preference_set(actor=user, choices=form.choices()),
        message=_("Your choice of emails is saved."),
        redirect_to=reverse("notifications:preferences"),
    )
    context = {"form": form, "kinds": kinds, "email": user.email}
    return done or render(request, "notifications/preferences.html", context)

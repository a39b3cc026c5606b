"""The API token pages of the signed-in user: their tokens, a new one (shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.core.formflow import request_user, submit

from .forms import TokenForm
from .selectors import token_get_for, tokens_of
from .services import token_create, token_revoke


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    rows = [(token, token.state_on(today)) for token in tokens_of(user)]
    return render(request, "api/token_list.html", {"rows": rows})


@never_cache  # the page that shows the secret is never kept by a browser or a proxy
@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TokenForm(request.POST or None)
    created = submit(
        request,
        form,
        lambda: token_create(
            actor=user,
            name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"],
        ),
    )
    if created is not None:
        return render(
            request, "api/token_created.html", {"token": created.token, "secret": created.secret}
        )
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    token = token_get_for(user, pk)
    if request.method == "POST":
        try:
            token_revoke(actor=user, token=token)
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Token revoked: it no longer opens the API."))
        return redirect("api:token_list")
    return render(request, "api/token_revoke.html", {"token": token})

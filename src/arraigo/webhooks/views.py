"""The webhooks pages (coordinators): subscribers, their secret shown once, the delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arraigo.core.errors import InvalidTransition
from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.pagination import paginate

from . import services
from .forms import DeliveryFilterForm, SubscriberForm, subscriber_initial
from .models import Delivery, DeliveryStatus, Subscriber
from .selectors import (
    deliveries_for,
    delivery_counts,
    delivery_get_for,
    subscriber_get_for,
    subscribers_for,
)


def _subscriber(user: object, pk: int) -> Subscriber:
    try:
        return subscriber_get_for(user, pk)
    except Subscriber.DoesNotExist as exc:
        raise Http404 from exc


def _secret_page(request: HttpRequest, subscriber: Subscriber, secret: str) -> HttpResponse:
    """The secret, once: the page is not cached and the secret is never shown again."""
    return render(
        request, "webhooks/secret_once.html", {"subscriber": subscriber, "secret": secret}
    )


@login_required
@require_GET
def subscriber_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.view_subscriber")
    context = {"subscribers": list(subscribers_for(user))}
    return render(request, "webhooks/subscriber_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def subscriber_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.add_subscriber")
    form = SubscriberForm(request.POST if request.method == "POST" else None)
    created = submit(
        request,
        form,
        lambda: services.subscriber_create(actor=user, data=form.data_for_service()),
    )
    if created is not None:
        return _secret_page(request, *created)
    context = {"form": form, "title": _("New webhook subscriber"), "back_url": _list_url()}
    return render(request, "webhooks/subscriber_form.html", context)


def _list_url() -> str:
    return reverse("webhooks:subscriber_list")


@login_required
@require_http_methods(["GET", "POST"])
def subscriber_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.change_subscriber")
    subscriber = _subscriber(user, pk)
    form = SubscriberForm(
        request.POST if request.method == "POST" else None,
        initial=subscriber_initial(subscriber),
    )
    saved = submit(
        request,
        form,
        lambda: services.subscriber_update(
            actor=user, subscriber=subscriber, data=form.data_for_service()
        ),
    )
    if saved is not None:
        messages.success(request, _("Subscriber saved."))
        return redirect(_list_url())
    context = {
        "form": form,
        "title": _("Subscriber %(name)s") % {"name": subscriber.name},
        "back_url": _list_url(),
        "subscriber": subscriber,
    }
    return render(request, "webhooks/subscriber_form.html", context)


@never_cache
@login_required
@require_POST
def subscriber_secret(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.change_subscriber")
    subscriber = _subscriber(user, pk)
    secret = services.subscriber_secret_renew(actor=user, subscriber=subscriber)
    return _secret_page(request, subscriber, secret)


@login_required
@require_POST
def subscriber_ping(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.change_subscriber")
    subscriber = _subscriber(user, pk)
    try:
        services.subscriber_ping(actor=user, subscriber=subscriber)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
        return redirect(_list_url())
    messages.success(request, _("Test event queued: its delivery is at the top of the log."))
    return redirect(reverse("webhooks:delivery_list") + f"?subscriber={subscriber.pk}")


@login_required
@require_GET
def delivery_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.view_delivery")
    subscribers = list(subscribers_for(user)) if user.has_perm("webhooks.view_subscriber") else []
    form = DeliveryFilterForm(request.GET or None, subscribers=subscribers)
    context = {
        "form": form,
        "page_obj": paginate(request, deliveries_for(user, **form.filters())),
        "counts": delivery_counts(user),
        "failed": DeliveryStatus.FAILED,
    }
    return render(request, "webhooks/delivery_list.html", context)


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "webhooks.retry_delivery")
    try:
        delivery = delivery_get_for(user, pk)
    except Delivery.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.delivery_retry(actor=user, delivery=delivery)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The delivery is queued again."))
    back = request.POST.get("next", "")
    return redirect(
        back if back.startswith("/") and not back.startswith("//") else "webhooks:delivery_list"
    )

"""Relocation pages: lodging on arrival (stays, closing a stay, extra nights).

The plan's page (trips) shows the lodging part through `plan_context` and the partial
`relocation/_plan_lodging.html`; its forms post here, and a refusal shows the form again on a
page of its own with the message beside the field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from arraigo.core.formflow import request_user, require_perm, submit, submit_redirect

from ..forms.lodging import CloseStayForm, ExtensionForm, StayForm
from ..models import LodgingExtension, LodgingStay, RelocationPlan
from ..rules import rules_current
from ..selectors import plan_get_for, plans_visible_to
from ..services import lodging as services


def plan_url(plan: RelocationPlan) -> str:
    """The plan's page, where lodging and grant actions return."""
    return reverse("relocation:plan_detail", kwargs={"pk": plan.pk})


def _open_plan(plan: RelocationPlan) -> bool:
    return plan.status not in services.CLOSED_PLAN_STATUSES


def _extension_form(plan: RelocationPlan, extensions: list[Any]) -> ExtensionForm:
    """The form, saying how many extra nights the programme's ceiling still leaves."""
    ceiling = rules_current().lodging_max_extension_nights
    left = max(0, ceiling - sum(e.extra_nights for e in extensions))
    form = ExtensionForm(prefix="extension")
    form.fields["extra_nights"].help_text = _(
        "At most %(left)s more (the programme allows %(max)s extra nights per relocation)."
    ) % {"left": left, "max": ceiling}
    return form


def plan_context(request: HttpRequest, plan: RelocationPlan) -> dict[str, Any]:
    """The lodging part of the plan's page: stays, nights against the limit, and the forms."""
    user = request_user(request)
    stays = list(plan.lodging_stays.select_related("provider").order_by("check_in"))
    extensions = list(plan.lodging_extensions.select_related("approved_by"))
    can_record = user.has_perm("relocation.add_lodgingstay") and _open_plan(plan)
    can_extend = user.has_perm("relocation.add_lodgingextension") and _open_plan(plan)
    limit = rules_current().lodging_max_nights
    return {
        "lodging_part": {
            "stays": stays,
            "extensions": extensions,
            "nights_used": sum(stay.nights for stay in stays),
            "nights_allowed": limit + sum(e.extra_nights for e in extensions),
            "limit": limit,
            "total_cost": sum((stay.nightly_cost * stay.nights for stay in stays), start=0),
            "can_record": can_record,
            "can_close": user.has_perm("relocation.change_lodgingstay"),
            "can_extend": can_extend,
            "stay_form": StayForm(providers=services.lodging_providers(plan.destination_city))
            if can_record
            else None,
            "extension_form": _extension_form(plan, extensions) if can_extend else None,
        }
    }


@login_required
@require_http_methods(["GET", "POST"])
def stay_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plan_get_for(user, pk)
    require_perm(user, "relocation.add_lodgingstay")
    form = StayForm(
        request.POST or None, providers=services.lodging_providers(plan.destination_city)
    )

    def call() -> LodgingStay:
        data = form.cleaned_data
        return services.stay_record(
            actor=user,
            plan=plan,
            provider=data["provider"],
            check_in=data["check_in"],
            check_out=data["check_out"],
            nightly_cost=data["nightly_cost"],
        )

    def recorded(stay: LodgingStay) -> str:
        text = ngettext(
            "Lodging recorded: %(n)s night at %(provider)s.",
            "Lodging recorded: %(n)s nights at %(provider)s.",
            stay.nights,
        )
        return text % {"n": stay.nights, "provider": stay.provider.name}

    context = {"plan": plan, "form": form, "plan_url": plan_url(plan)}
    return submit_redirect(
        request, form, call, message=recorded, redirect_to=plan_url(plan)
    ) or render(request, "relocation/lodging_stay_form.html", context)


@login_required
@require_POST
def stay_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    try:
        stay = LodgingStay.objects.select_related("plan").get(
            pk=pk, plan__in=plans_visible_to(user)
        )
    except LodgingStay.DoesNotExist as exc:
        raise Http404 from exc
    require_perm(user, "relocation.change_lodgingstay")
    form = CloseStayForm(request.POST)
    closed = submit(
        request,
        form,
        lambda: services.stay_close(
            actor=user, stay=stay, left_on=form.cleaned_data.get("left_on")
        ),
    )
    if closed is not None:
        messages.success(request, _("Stay closed: its cost is booked as paid."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(plan_url(stay.plan))


@login_required
@require_http_methods(["GET", "POST"])
def extension_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plan_get_for(user, pk)
    require_perm(user, "relocation.add_lodgingextension")
    form = ExtensionForm(request.POST or None, prefix="extension")

    def call() -> LodgingExtension:
        return services.extension_approve(
            actor=user,
            plan=plan,
            extra_nights=form.cleaned_data["extra_nights"],
            reason=form.cleaned_data["reason"],
        )

    def approved(extension: LodgingExtension) -> str:
        n = extension.extra_nights
        return ngettext("%(n)s extra night approved.", "%(n)s extra nights approved.", n) % {"n": n}

    done = submit_redirect(request, form, call, message=approved, redirect_to=plan_url(plan))
    if done is not None:
        return done
    context = {
        "plan": plan,
        "form": form,
        "plan_url": plan_url(plan),
        "limit": rules_current().lodging_max_nights,
        "nights_used": services.nights_used(plan),
        "nights_allowed": services.nights_allowed(plan),
    }
    return render(request, "relocation/lodging_extension_form.html", context)


urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/lodging/new/", stay_create, name="lodging_stay_create"),
    path("plans/<int:pk>/lodging/extension/", extension_create, name="lodging_extension_create"),
    path("lodging/<int:pk>/close/", stay_close, name="lodging_stay_close"),
]

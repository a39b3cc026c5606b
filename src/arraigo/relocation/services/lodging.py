"""Temporary lodging on arrival: stays at providers of the service directory, and extensions.

A plan gets `rules_current().lodging_max_nights` nights (check-out day excluded) plus the extra
nights that coordinators approved for it; a stay that would go beyond is refused. Recording a
stay commits its money (nights x cost) against the year's lodging budget; closing it books the
expenditure. The plan row is locked while nights are counted, so two stays recorded at once
cannot both take the last night.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.places.models import City, ServiceCategory, ServiceProvider

from ..descriptions import lodging_description
from ..models import (
    CostCategory,
    EntryKind,
    LodgingExtension,
    LodgingStay,
    PlanStatus,
    RelocationPlan,
)
from ..rows import stay_row
from ..rules import rules_current
from ..selectors import plans_visible_to
from .ledger import budget_reserve, ledger_post

REASON_MAX = 300
CLOSED_PLAN_STATUSES = (PlanStatus.CANCELLED, PlanStatus.NO_SHOW)

# "An eighth night needs ...": the night that goes over the limit, in words.
_NIGHT_WORDS = (
    gettext_lazy("A first night"),
    gettext_lazy("A second night"),
    gettext_lazy("A third night"),
    gettext_lazy("A fourth night"),
    gettext_lazy("A fifth night"),
    gettext_lazy("A sixth night"),
    gettext_lazy("A seventh night"),
    gettext_lazy("An eighth night"),
    gettext_lazy("A ninth night"),
    gettext_lazy("A tenth night"),
    gettext_lazy("An eleventh night"),
    gettext_lazy("A twelfth night"),
    gettext_lazy("A thirteenth night"),
    gettext_lazy("A fourteenth night"),
    gettext_lazy("A fifteenth night"),
)


def night_in_words(n: int) -> str:
    if 1 <= n <= len(_NIGHT_WORDS):
        return str(_NIGHT_WORDS[n - 1])
    return _("Night %(n)s") % {"n": n}


def lodging_providers(city: City) -> QuerySet[ServiceProvider]:
    """Active providers of the city's service directory that offer an active housing service."""
    return (
        ServiceProvider.objects.filter(
            city=city,
            active=True,
            services__category=ServiceCategory.HOUSING,
            services__active=True,
        )
        .distinct()
        .order_by("name")
    )


def _extra_approved(plan: RelocationPlan) -> int:
    return int(plan.lodging_extensions.aggregate(total=Sum("extra_nights"))["total"] or 0)


def nights_allowed(plan: RelocationPlan) -> int:
    """The programme's limit plus the extra nights coordinators approved for this plan."""
    return rules_current().lodging_max_nights + _extra_approved(plan)


def extension_nights_left(plan: RelocationPlan) -> int:
    """How many more extra nights coordinators may still approve (the programme's ceiling)."""
    return max(0, rules_current().lodging_max_extension_nights - _extra_approved(plan))


def _over_ceiling_message(*, approved: int) -> str:
    ceiling = rules_current().lodging_max_extension_nights
    if approved >= ceiling:
        return _(
            "This relocation already has the %(max)s extra nights the programme allows: "
            "no more can be approved."
        ) % {"max": ceiling}
    message = _("The programme allows at most %(max)s extra nights per relocation.") % {
        "max": ceiling
    }
    if approved:
        message = _(
            "The programme allows at most %(max)s extra nights per relocation: %(approved)s "
            "are already approved, so at most %(left)s more."
        ) % {"max": ceiling, "approved": approved, "left": ceiling - approved}
    return message


def nights_used(plan: RelocationPlan) -> int:
    return sum(stay.nights for stay in plan.lodging_stays.all())


def _lock_plan_in_scope(actor: User, plan: RelocationPlan) -> RelocationPlan:
    """The actor sees the plan (a host caseworker: only plans to their city); lock its row."""
    if not plans_visible_to(actor).filter(pk=plan.pk).exists():
        raise NotPermitted()
    return (
        RelocationPlan.objects.select_for_update(of=("self",))
        .select_related("destination_city")
        .get(pk=plan.pk)
    )


def _closed_plan_message(plan: RelocationPlan) -> str:
    if plan.status == PlanStatus.NO_SHOW:
        return _("This household did not arrive: no lodging for this relocation.")
    return _("This relocation was cancelled: no lodging for it.")


def _over_limit_message(*, used: int, allowed: int, adding: int, extra: int) -> str:
    limit = allowed - extra
    night = night_in_words(allowed + 1)
    if extra:
        message = _(
            "%(night)s needs another coordinator's approval: this household has %(used)s of "
            "%(allowed)s nights (%(limit)s plus %(extra)s approved)."
        ) % {"night": night, "used": used, "allowed": allowed, "limit": limit, "extra": extra}
    else:
        message = _(
            "%(night)s needs a coordinator's approval: this household has %(used)s of "
            "%(allowed)s nights without one."
        ) % {"night": night, "used": used, "allowed": allowed}
    if used < allowed:
        message += " " + _("This stay of %(adding)s nights would bring it to %(total)s.") % {
            "adding": adding,
            "total": used + adding,
        }
    return message


def _check_stay(
    plan: RelocationPlan,
    *,
    provider: ServiceProvider,
    check_in: dt.date,
    check_out: dt.date,
    nightly_cost: Decimal,
) -> None:
    errors: Errors = {}
    if plan.status in CLOSED_PLAN_STATUSES:
        add_error(errors, None, _closed_plan_message(plan))
    if not lodging_providers(plan.destination_city).filter(pk=provider.pk).exists():
        add_error(
            errors,
            "provider",
            _(
                "%(provider)s is not a lodging provider of the service directory in %(city)s: "
                "choose one that offers housing there."
            )
            % {"provider": provider.name, "city": plan.destination_city.name},
        )
    if check_out <= check_in:
        add_error(errors, "check_out", _("Check-out must be at least one day after check-in."))
    if nightly_cost < 0:
        add_error(errors, "nightly_cost", _("The cost per night cannot be negative."))
    if errors:
        raise ValidationFailed(errors)
    stays = list(plan.lodging_stays.all())
    for stay in stays:
        if stay.check_in < check_out and check_in < stay.check_out:
            raise ValidationFailed(
                {
                    "check_in": [
                        _(
                            "These dates overlap a stay already recorded for this household "
                            "(%(check_in)s to %(check_out)s)."
                        )
                        % {
                            "check_in": f"{stay.check_in:%Y-%m-%d}",
                            "check_out": f"{stay.check_out:%Y-%m-%d}",
                        }
                    ]
                }
            )
    used = sum(stay.nights for stay in stays)
    adding = (check_out - check_in).days
    allowed = nights_allowed(plan)
    if used + adding > allowed:
        extra = allowed - rules_current().lodging_max_nights
        raise ValidationFailed(
            {
                "check_out": [
                    _over_limit_message(used=used, allowed=allowed, adding=adding, extra=extra)
                ]
            }
        )


@transaction.atomic
def stay_record(
    *,
    actor: User,
    plan: RelocationPlan,
    provider: ServiceProvider,
    check_in: dt.date,
    check_out: dt.date,
    nightly_cost: Decimal,
) -> LodgingStay:
    """Record nights at a lodging provider and commit their cost to the lodging budget.

    Host caseworkers of the destination city and coordinators only. Refused beyond the night
    limit (unless a coordinator approved extra nights), for overlapping dates, for a provider
    outside the city's directory, or when the budget line would go over.
    """
    require_perm(actor, "relocation.add_lodgingstay")
    locked = _lock_plan_in_scope(actor, plan)
    _check_stay(
        locked, provider=provider, check_in=check_in, check_out=check_out, nightly_cost=nightly_cost
    )
    stay = stay_row(
        plan_id=locked.pk,
        provider_id=provider.pk,
        check_in=check_in,
        check_out=check_out,
        nightly_cost=nightly_cost,
        created_by_id=actor.pk,
    )
    stay.save(force_insert=True)
    total = nightly_cost * stay.nights
    budget_reserve(day=check_in, category=CostCategory.LODGING, amount=total)
    ledger_post(
        actor=actor,
        booked_on=check_in,
        kind=EntryKind.COMMITMENT,
        category=CostCategory.LODGING,
        amount=total,
        household=locked.household,
        city=locked.destination_city,
        office=locked.origin_office,
        source=f"lodging:{stay.pk}",
        description=lodging_description(stay.nights, nightly_cost, provider.name),
    )
    return stay


@transaction.atomic
def stay_close(*, actor: User, stay: LodgingStay, left_on: dt.date | None = None) -> LodgingStay:
    """The household has left the lodging: its cost is paid out (expenditure on check-out).

    `left_on`, when the household left before the planned check-out, shortens the stay: the
    unused nights come off the commitment (an opposite entry on the day it was booked) and only
    the nights used are paid.
    """
    require_perm(actor, "relocation.change_lodgingstay")
    locked_plan = _lock_plan_in_scope(actor, stay.plan)
    locked = (
        LodgingStay.objects.select_for_update(of=("self",))
        .select_related("provider")
        .get(pk=stay.pk)
    )
    if locked.checked_out:
        raise ValidationFailed({None: [_("This stay is already closed.")]})
    planned = locked.nights
    if left_on is not None and left_on != locked.check_out:
        if left_on <= locked.check_in or left_on > locked.check_out:
            raise ValidationFailed(
                {
                    "left_on": [
                        _("The day they left falls after check-in and by %(day)s.")
                        % {"day": f"{locked.check_out:%Y-%m-%d}"}
                    ]
                }
            )
        if left_on > timezone.localdate():
            raise ValidationFailed({"left_on": [_("The day cannot be in the future.")]})
        locked.check_out = left_on
    locked.checked_out = True
    locked.save(update_fields=["checked_out", "check_out"])

    def post(kind: str, booked_on: dt.date, nights: int) -> None:
        ledger_post(
            actor=actor,
            booked_on=booked_on,
            kind=kind,
            category=CostCategory.LODGING,
            amount=locked.nightly_cost * nights,
            household=locked_plan.household,
            city=locked_plan.destination_city,
            office=locked_plan.origin_office,
            source=f"lodging:{locked.pk}",
            description=lodging_description(nights, locked.nightly_cost, locked.provider.name),
        )

    if locked.nights < planned:
        post(EntryKind.COMMITMENT, locked.check_in, locked.nights - planned)
    post(EntryKind.EXPENDITURE, locked.check_out, locked.nights)
    stay.checked_out, stay.check_out = True, locked.check_out
    return locked


@transaction.atomic
def extension_approve(
    *, actor: User, plan: RelocationPlan, extra_nights: int, reason: str
) -> LodgingExtension:
    """A coordinator allows `extra_nights` beyond the programme's limit, with a reason, up to
    the programme's ceiling of extra nights per relocation (`lodging_max_extension_nights`,
    counted over all the plan's approvals)."""
    require_perm(actor, "relocation.add_lodgingextension")
    locked = _lock_plan_in_scope(actor, plan)
    errors: Errors = {}
    reason = reason.strip()
    if not reason:
        add_error(errors, "reason", _("Give the reason for the extra nights."))
    elif len(reason) > REASON_MAX:
        add_error(
            errors, "reason", _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}
        )
    if extra_nights < 1:
        add_error(errors, "extra_nights", _("Approve at least one extra night."))
    elif extra_nights > extension_nights_left(locked):  # the plan's row is locked: no race
        add_error(errors, "extra_nights", _over_ceiling_message(approved=_extra_approved(locked)))
    if locked.status in CLOSED_PLAN_STATUSES:
        add_error(errors, None, _closed_plan_message(locked))
    if errors:
        raise ValidationFailed(errors)
    return LodgingExtension.objects.create(
        plan=locked, extra_nights=extra_nights, reason=reason, approved_by=actor
    )

"""Transfers of a case: requested by the side that has it, answered by the side that would
receive it. On acceptance the household's office or host city changes, and with it who sees
the case."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.casework.services import plan_hand_over
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.places.models import City, CityKind, Office
from arraigo.registry.models import Household
from arraigo.registry.selectors import households_visible_to
from arraigo.registry.services import household_reassign

from ..models import CaseTransfer, TransferStatus

REASON_MAX = 300


@transaction.atomic
def transfer_request(
    *,
    actor: User,
    household: Household,
    reason: str,
    to_office: Office | None = None,
    to_city: City | None = None,
) -> CaseTransfer:
    """Ask another office (origin side) or host city to take the case."""
    require_perm(actor, "registry.change_household")
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if (to_office is None) == (to_city is None):
        raise ValidationFailed({None: [_("Choose either an office or a host city.")]})
    if to_office is not None and actor.role not in (Role.COORDINATOR, Role.ORIGIN_CASEWORKER):
        raise NotPermitted(_("Only the origin side moves a case to another office."))
    if to_city is not None and actor.role not in (Role.COORDINATOR, Role.HOST_CASEWORKER):
        raise NotPermitted(_("Only the host side moves a case to another host city."))
    reason = reason.strip()
    errors: dict[str | None, list[str]] = {}
    if not reason or len(reason) > REASON_MAX:
        errors["reason"] = [_("Say why, in at most %(max)d characters.") % {"max": REASON_MAX}]
    if to_office is not None and to_office.pk == locked.origin_office_id:
        errors["to_office"] = [_("The case is already with this office.")]
    if to_city is not None and (to_city.pk == locked.host_city_id or to_city.kind != CityKind.HOST):
        errors["to_city"] = [_("Choose another host city.")]
    if to_city is not None and locked.host_city_id is None:
        errors["to_city"] = [_("This household has no host city yet.")]
    pending = CaseTransfer.objects.filter(household=locked, status=TransferStatus.REQUESTED)
    if pending.exists():
        errors[None] = [_("A transfer of this case is already waiting for an answer.")]
    if errors:
        raise ValidationFailed(errors)
    return CaseTransfer.objects.create(
        household=locked,
        from_office=locked.origin_office if to_office is not None else None,
        to_office=to_office,
        from_city=locked.host_city if to_city is not None else None,
        to_city=to_city,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
    )


def receives(user: User, transfer: CaseTransfer) -> bool:
    """Whether `user` is on the receiving side of `transfer`."""
    if user.role == Role.COORDINATOR:
        return True
    if transfer.to_office_id is not None:
        return user.role == Role.ORIGIN_CASEWORKER and user.office_id == transfer.to_office_id
    return user.role == Role.HOST_CASEWORKER and user.city_id == transfer.to_city_id


@transaction.atomic
def transfer_answer(
    *, actor: User, transfer: CaseTransfer, accept: bool, note: str = ""
) -> CaseTransfer:
    require_perm(actor, "registry.change_household")
    locked = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not receives(actor, locked):
        raise NotPermitted()
    if locked.requested_by_id == actor.pk:
        raise NotPermitted(_("You asked for this transfer: someone on the receiving side answers."))
    if locked.status != TransferStatus.REQUESTED:
        raise InvalidTransition(_("This transfer was answered already."))
    note = note.strip()
    if not accept and not note:
        raise ValidationFailed({"note": [_("Say why the case cannot be taken.")]})
    locked.status = TransferStatus.ACCEPTED if accept else TransferStatus.DECLINED
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.answer_note = note[:REASON_MAX]
    locked.save(update_fields=["status", "answered_by", "answered_at", "answer_note"])
    if accept:
        # The case changes hands through the services of the apps that own its rows: the
        # registry moves the household, casework hands its open plan to the receiving side.
        household = household_reassign(
            household=locked.household, to_office=locked.to_office, to_city=locked.to_city
        )
        if locked.to_city_id is not None:
            plan_hand_over(household=household, to=actor)
    return locked

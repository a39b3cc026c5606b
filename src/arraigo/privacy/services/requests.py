"""Asking for an erasure, and deciding on it (four eyes: never the requester).

A coordinator asks, with a reason and the request's source; another coordinator approves it
(the erasure runs in the same transaction) or refuses it with a note; the requester may
withdraw it while it waits. Two approvals at once cannot both erase: the request row is locked
(select_for_update) and the second finds it decided.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.registry.models import Household, Person
from arraigo.registry.selectors import households_visible_to

from ..models import ErasureRecord, ErasureRequest, RequestStatus, Source, Target
from .erasure import household_erase, person_erase

REQUEST = "privacy.request_erasure"
APPROVE = "privacy.approve_erasure"
REASON_MAX = 500
NOTE_MAX = 300


def _text(value: str, field: str, limit: int, missing: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationFailed({field: [missing]})
    if len(text) > limit:
        raise ValidationFailed({field: [_("At most %(max)d characters.") % {"max": limit}]})
    return text


@transaction.atomic
def erasure_request(
    *,
    actor: User,
    household: Household,
    person: Person | None,
    source: str,
    reason: str,
) -> ErasureRequest:
    """Ask for `household` (or `person`, one of its members) to be erased."""
    require_perm(actor, REQUEST)
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    if source not in Source.values:
        raise ValidationFailed({"source": [_("Choose one of the listed options.")]})
    reason = _text(reason, "reason", REASON_MAX, _("Say why the data are to be erased."))
    if person is not None and person.household_id != household.pk:
        raise ValidationFailed({"person": [_("Choose a member of this household.")]})
    if ErasureRecord.objects.filter(household=household, target=Target.HOUSEHOLD).exists():
        raise ValidationFailed({None: [_("This household has been erased already.")]})
    if ErasureRequest.objects.filter(household=household, status=RequestStatus.REQUESTED).exists():
        raise ValidationFailed(
            {None: [_("An erasure of this household is already waiting for approval.")]}
        )
    return ErasureRequest.objects.create(
        household=household,
        person=person,
        member_no=person.member_no if person else None,
        target=Target.PERSON if person else Target.HOUSEHOLD,
        source=source,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
    )


def _lock_waiting(request: ErasureRequest) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.REQUESTED:
        raise InvalidTransition(
            _("This request was decided already: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _decider(actor: User, request: ErasureRequest) -> None:
    require_perm(actor, APPROVE)
    if not households_visible_to(actor).filter(pk=request.household_id).exists():
        raise NotPermitted()
    if request.requested_by_id == actor.pk:
        raise NotPermitted(_("Someone other than the requester decides on an erasure (four eyes)."))


@transaction.atomic
def erasure_approve(*, actor: User, request: ErasureRequest) -> ErasureRecord:
    """Approve the request and erase at once; the request is then done."""
    _decider(actor, request)
    locked = _lock_waiting(request)
    if locked.target == Target.PERSON:
        if locked.person is None:
            raise ValidationFailed({None: [_("This member is no longer in the household.")]})
        record = person_erase(person=locked.person, actor=actor, request=locked)
    else:
        record = household_erase(household=locked.household, actor=actor, request=locked)
    locked.status = RequestStatus.DONE
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return record


@transaction.atomic
def erasure_refuse(*, actor: User, request: ErasureRequest, note: str) -> ErasureRequest:
    """Refuse the request, saying why; nothing is erased."""
    _decider(actor, request)
    note = _text(note, "note", NOTE_MAX, _("Say why the erasure is refused."))
    locked = _lock_waiting(request)
    locked.status = RequestStatus.REFUSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return locked


@transaction.atomic
def erasure_withdraw(*, actor: User, request: ErasureRequest) -> ErasureRequest:
    """The requester takes the request back while it waits."""
    require_perm(actor, REQUEST)
    if request.requested_by_id != actor.pk:
        raise NotPermitted(_("Only the person who asked may withdraw the request."))
    locked = _lock_waiting(request)
    locked.status = RequestStatus.WITHDRAWN
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked

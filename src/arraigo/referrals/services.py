"""Writes on referrals: sent by a caseworker with the household's consent (or a coordinator's
override with a reason), answered by the service partner, completed with an outcome."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.places.models import Service
from arraigo.registry.consent import consent_current
from arraigo.registry.models import ConsentPurpose, Household, Person
from arraigo.registry.selectors import households_visible_to
from arraigo.webhooks.events import Event
from arraigo.webhooks.services import event_emit

from .models import Referral, ReferralStatus
from .rows import referral_row, referral_shared
from .selectors import (
    PROTECTED_CATEGORIES,
    household_city,
    may_see_protected,
    referrals_visible_to,
)

PURPOSE_MAX = 500
REASON_MAX = 300


def _shared(household: Household, person: Person | None, purpose: str, consented: bool) -> dict:
    """The only fields the service sees; the phone only with consent to share."""
    if person is None:
        return referral_shared(
            household_code=household.code, purpose=purpose, members=household.members.count()
        )
    return referral_shared(
        household_code=household.code,
        purpose=purpose,
        person_name=person.full_name,
        age=person.age_on(timezone.localdate()),
        languages=person.languages.values_list("language", flat=True),
        phone=person.phone.as_e164 if consented and person.phone else "",
    )


def _consent_refusal(answer: bool | None) -> str:
    if answer is None:
        return _(
            "No referral: the household has not been asked for consent to share with service "
            "partners. Record its answer first."
        )
    return _("No referral: the household refused consent to share with service partners.")


@transaction.atomic
def referral_send(
    *,
    actor: User,
    household: Household,
    person: Person | None,
    service: Service,
    purpose: str,
    override_reason: str = "",
) -> Referral:
    """Refer `person` (or the whole household) to `service`.

    Without the household's consent for sharing with service partners, only a coordinator may
    refer, with a reason; the override is kept on the referral and in the audit trail.
    """
    require_perm(actor, "referrals.add_referral")
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    errors: Errors = {}
    purpose = purpose.strip()
    override_reason = override_reason.strip()
    if not purpose:
        add_error(errors, "purpose", _("Say what the referral is for."))
    elif len(purpose) > PURPOSE_MAX:
        add_error(errors, "purpose", _("At most %(max)d characters.") % {"max": PURPOSE_MAX})
    if person is not None and person.household_id != household.pk:
        add_error(errors, "person", _("This person is not a member of the household."))
    if not (service.active and service.provider.active):
        add_error(errors, "service", _("This service is no longer offered."))
    if service.category in PROTECTED_CATEGORIES and not may_see_protected(actor):
        raise NotPermitted(
            _("Referrals to this service are protection-sensitive: the host-city team makes them.")
        )
    city = household_city(household)
    if city is None or service.provider.city_id != city.pk:
        add_error(
            errors, "service", _("This service is not in the city where the household lives.")
        )
    answer = consent_current(household)[ConsentPurpose.SERVICE_PARTNERS]
    if answer is not True:
        if not override_reason:
            add_error(errors, None, _consent_refusal(answer))
        elif not actor.has_perm("referrals.override_referral_consent"):
            raise NotPermitted(_("Only a coordinator may refer without the household's consent."))
        elif len(override_reason) > REASON_MAX:
            add_error(
                errors, "override_reason", _("At most %(max)d characters.") % {"max": REASON_MAX}
            )
    if errors:
        raise ValidationFailed(errors)
    referral = referral_row(
        household_id=household.pk,
        person_id=person.pk if person is not None else None,
        service=service,
        purpose=purpose,
        shared=_shared(household, person, purpose, consented=answer is True),
        sent_at=timezone.now(),
        sent_by_id=actor.pk,
        consent_override_reason=override_reason if answer is not True else "",
    )
    referral.save(force_insert=True)
    if answer is not True:
        audit_event(
            actor=actor,
            obj=referral,
            event="consent_override",
            details={"household": household.code},
        )
    if service.category not in PROTECTED_CATEGORIES:  # a protection referral leaves no trace
        # The case code leaves only with the household's consent to share with partners (a
        # referral a coordinator sent without it is announced without saying whose it is).
        named = answer is True
        event_emit(
            event=Event.REFERRAL_CREATED,
            payload={
                "referral": referral.pk,
                "household": household.code if named else None,
                "member": person.member_no if person is not None and named else None,
                "service": service.pk,
                "provider": service.provider_id,
                "category": service.category,
                "city": city.pk if city is not None else None,
                "sent_at": referral.sent_at,
            },
        )
    return referral


def _lock_for_answer(actor: User, referral: Referral) -> Referral:
    require_perm(actor, "referrals.answer_referral")
    if not referrals_visible_to(actor).filter(pk=referral.pk).exists():
        raise NotPermitted()
    # One answers for the service it was sent to: a partner their own organisation's.
    if not scope.in_scope(actor, scope.Kind.REFERRALS, provider=referral.provider_id):
        raise NotPermitted()
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _expect(locked: Referral, status: str, message: str) -> None:
    if locked.status != status:
        raise InvalidTransition(message % {"status": locked.get_status_display().lower()})


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    locked = _lock_for_answer(actor, referral)
    _expect(locked, ReferralStatus.SENT, _("This referral is %(status)s: it was answered already."))
    locked.status = ReferralStatus.ACCEPTED
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.save(update_fields=["status", "answered_at", "answered_by"])
    return locked


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    locked = _lock_for_answer(actor, referral)
    _expect(locked, ReferralStatus.SENT, _("This referral is %(status)s: it was answered already."))
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationFailed(
            {"reason": [_("Say why, in at most %(max)d characters.") % {"max": REASON_MAX}]}
        )
    locked.status = ReferralStatus.DECLINED
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.decline_reason = reason
    locked.save(update_fields=["status", "answered_at", "answered_by", "decline_reason"])
    return locked


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral, outcome_note: str) -> Referral:
    locked = _lock_for_answer(actor, referral)
    _expect(
        locked,
        ReferralStatus.ACCEPTED,
        _("This referral is %(status)s: only an accepted one can be completed."),
    )
    note = outcome_note.strip()
    if not note or len(note) > PURPOSE_MAX:
        raise ValidationFailed(
            {
                "outcome_note": [
                    _("Give a short outcome, in at most %(max)d characters.") % {"max": PURPOSE_MAX}
                ]
            }
        )
    locked.status = ReferralStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.completed_by = actor
    locked.outcome_note = note
    locked.save(update_fields=["status", "completed_at", "completed_by", "outcome_note"])
    return locked

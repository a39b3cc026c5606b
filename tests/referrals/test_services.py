"""Sending and answering referrals: consent, scope, what is shared, and each refusal."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import ServiceFactory

from .conftest import World, consent

pytestmark = pytest.mark.django_db


def _send(world: World, actor=None, **kwargs):
    return referral_send(
        actor=actor or world.host,
        household=world.household,
        person=kwargs.pop("person", world.person),
        service=kwargs.pop("service", world.service),
        purpose=kwargs.pop("purpose", "Daycare for the youngest so Ana can start her shift."),
        **kwargs,
    )


def test_a_referral_shares_only_the_listed_fields(world: World):
    referral = _send(world)

    age = world.person.age_on(timezone.localdate())
    assert referral.shared == {
        "household": "HH-0100",
        "purpose": "Daycare for the youngest so Ana can start her shift.",
        "person": "Ana Pérez López",
        "age": age,
        "languages": [],
        "phone": "+528441234567",
    }
    assert (referral.status, referral.provider, referral.sent_by) == (
        ReferralStatus.SENT,
        world.service.provider,
        world.host,
    )


def test_a_household_referral_shares_the_number_of_members(world: World):
    referral = _send(world, person=None)

    assert referral.shared == {
        "household": "HH-0100",
        "purpose": "Daycare for the youngest so Ana can start her shift.",
        "members": 1,
    }


def test_no_referral_without_consent(world: World):
    consent(world.household, False)

    with pytest.raises(ValidationFailed) as info:
        _send(world)

    assert info.value.errors == {
        None: ["No referral: the household refused consent to share with service partners."]
    }
    assert Referral.objects.count() == 0


def test_no_referral_when_consent_was_never_asked(world: World):
    world.household.consents.all().delete()

    with pytest.raises(ValidationFailed) as info:
        _send(world)

    assert info.value.errors == {
        None: [
            "No referral: the household has not been asked for consent to share with service "
            "partners. Record its answer first."
        ]
    }


def test_a_caseworker_cannot_override_consent(world: World):
    consent(world.household, False)

    with pytest.raises(NotPermitted) as info:
        _send(world, override_reason="Urgent: child at risk.")

    assert info.value.message == "Only a coordinator may refer without the household's consent."
    assert Referral.objects.count() == 0


def test_a_coordinator_overrides_with_a_reason_on_record(world: World):
    consent(world.household, False)

    referral = _send(world, actor=world.coordinator, override_reason="Urgent: child at risk.")

    assert referral.consent_override_reason == "Urgent: child at risk."
    assert "phone" not in referral.shared  # nothing beyond the minimum without consent
    entry = LogEntry.objects.get(additional_data__event="consent_override")
    assert (entry.object_pk, entry.actor) == (str(referral.pk), world.coordinator)


def test_a_service_in_another_city_is_refused(world: World):
    elsewhere = ServiceFactory()

    with pytest.raises(ValidationFailed) as info:
        _send(world, service=elsewhere)

    assert info.value.errors == {
        "service": ["This service is not in the city where the household lives."]
    }


def test_a_caseworker_of_another_city_cannot_refer(world: World):
    with pytest.raises(NotPermitted):
        _send(world, actor=UserFactory(role=Role.HOST_CASEWORKER))


@pytest.mark.parametrize(
    "role", [Role.SERVICE_PARTNER, Role.EMPLOYER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_roles_without_the_right_cannot_refer(world: World, role):
    with pytest.raises(NotPermitted):
        _send(world, actor=UserFactory(role=role))


def test_the_partner_accepts_then_completes(world: World):
    referral = _send(world)

    referral_accept(actor=world.partner, referral=referral)
    referral_complete(actor=world.partner, referral=referral, outcome_note="Place from 1 December.")

    referral.refresh_from_db()
    assert (referral.status, referral.answered_by, referral.completed_by) == (
        ReferralStatus.COMPLETED,
        world.partner,
        world.partner,
    )
    assert referral.outcome_note == "Place from 1 December."
    assert referral.completed_at - referral.answered_at < dt.timedelta(seconds=5)


def test_the_partner_declines_with_a_reason(world: World):
    referral = _send(world)

    with pytest.raises(ValidationFailed) as info:
        referral_decline(actor=world.partner, referral=referral, reason=" ")
    assert info.value.errors == {"reason": ["Say why, in at most 300 characters."]}

    referral_decline(actor=world.partner, referral=referral, reason="No places until March.")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (
        ReferralStatus.DECLINED,
        "No places until March.",
    )


def test_another_partner_cannot_answer(world: World):
    referral = _send(world)

    with pytest.raises(NotPermitted):
        referral_accept(actor=world.other_partner, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_caseworker_cannot_answer_for_the_partner(world: World):
    referral = _send(world)

    with pytest.raises(NotPermitted):
        referral_accept(actor=world.host, referral=referral)


def test_steps_keep_their_order(world: World):
    referral = _send(world)

    with pytest.raises(InvalidTransition) as info:
        referral_complete(actor=world.partner, referral=referral, outcome_note="Done.")
    assert info.value.message == "This referral is sent: only an accepted one can be completed."

    referral_accept(actor=world.partner, referral=referral)
    with pytest.raises(InvalidTransition) as info:
        referral_decline(actor=world.partner, referral=referral, reason="Changed our mind.")
    assert info.value.message == "This referral is accepted: it was answered already."

"""Events by email: a new referral to its service partner, a grant to those who may approve
it, a transfer to the receiving side; found by scanning, each sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.casefile.services import transfer_request
from arraigo.notifications.models import NotificationSent
from arraigo.notifications.services import SendResult, notifications_send, preference_set
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.services import referral_send
from tests.accounts.factories import UserFactory
from tests.places.factories import ServiceFactory
from tests.referrals.conftest import consent
from tests.relocation.factories import relocation_world
from tests.relocation.grant_helpers import grant_prepared

from .mailboxes import RefusingBackend
from .world import SITE, World, emails_for_everyone

pytestmark = pytest.mark.django_db

FOOTER = (
    "Emails carry no personal data: only case codes, counts and links. Sign in to see the "
    "cases.\n"
    f"Choose which emails you get: {SITE}/notifications/\n"
)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _refer(world: World) -> Referral:
    """The host refers Ana's household to a daycare of Saltillo, whose partner has an account
    (as has a partner of another organisation)."""
    consent(world.ana, True)
    service = ServiceFactory(
        provider__city=world.saltillo, provider__name="Casa de Cuidado", name="Guardería"
    )
    UserFactory(username="partner", role=Role.SERVICE_PARTNER, provider=service.provider)
    UserFactory(username="otherpartner", role=Role.SERVICE_PARTNER)
    return referral_send(
        actor=world.host, household=world.ana, person=None, service=service, purpose="Daycare"
    )


def test_a_new_referral_goes_to_its_service_partner_alone(world: World) -> None:
    referral = _refer(world)
    emails_for_everyone()

    result = notifications_send(now=timezone.now())

    assert result == SendResult(messages=1, users=1)
    [message] = mail.outbox
    assert message.to == ["partner@example.org"]
    assert message.subject == "arraigo · Referrals waiting for your answer: 1"
    assert message.body == (
        "New referrals to your organisation wait for your answer:\n"
        f"  HH-0500: {SITE}/referrals/{referral.pk}/\n"
        f"The whole list: {SITE}/referrals/?status=sent\n"
        "\n" + FOOTER
    )


def test_a_grant_goes_to_those_who_may_approve_it_but_not_to_who_prepared_it() -> None:
    rworld = relocation_world()
    by_origin = grant_prepared(rworld)  # prepared by the origin caseworker
    emails_for_everyone()

    assert notifications_send(now=timezone.now()) == SendResult(messages=2, users=2)

    assert _recipients() == ["coord2@example.org", "coord@example.org"]
    message = mail.outbox[0]
    assert message.subject == "arraigo · Grants waiting for your approval: 1"
    assert message.body == (
        "Newly prepared grants wait for your approval:\n"
        f"  HH-0100: {SITE}/relocation/grants/{by_origin.pk}/\n"
        f"The whole list: {SITE}/relocation/grants/?awaiting=1\n"
        "\n" + FOOTER
    )


def test_a_grant_a_coordinator_prepared_goes_to_the_other_coordinator() -> None:
    rworld = relocation_world()
    grant_prepared(rworld, actor=rworld.coordinator)
    emails_for_everyone()

    notifications_send(now=timezone.now())

    assert _recipients() == ["coord2@example.org"]


def test_a_transfer_goes_to_the_receiving_side_and_not_to_other_offices(world: World) -> None:
    UserFactory(username="thirdoffice", role=Role.ORIGIN_CASEWORKER)
    transfer_request(
        actor=world.origin, household=world.ana, to_office=world.palenque, reason="Family."
    )
    emails_for_everyone()

    result = notifications_send(now=timezone.now())

    # Palenque's caseworker and the coordinator may answer; Tapachula's asked for it; another
    # office's caseworker and the host cities have nothing to do with it.
    assert result == SendResult(messages=2, users=2)
    assert _recipients() == ["coord@example.org", "palenque@example.org"]
    message = mail.outbox[0]
    assert message.subject == "arraigo · Transfers waiting for your answer: 1"
    assert message.body == (
        "Cases to be transferred to your side wait for your answer:\n"
        "  HH-0500\n"
        f"The whole list: {SITE}/households/transfers/\n"
        "\n" + FOOTER
    )


def test_nothing_is_sent_twice_and_the_next_run_brings_only_what_is_new(world: World) -> None:
    first = _refer(world)
    emails_for_everyone()
    notifications_send(now=timezone.now())

    assert notifications_send(now=timezone.now()) == SendResult(messages=0, users=0)
    assert len(mail.outbox) == 1

    consent(world.marta, True)
    second = referral_send(
        actor=world.host,
        household=world.marta,
        person=None,
        service=first.service,
        purpose="Daycare",
    )
    assert notifications_send(now=timezone.now()) == SendResult(messages=1, users=1)
    assert mail.outbox[1].subject == "arraigo · Referrals waiting for your answer: 1"
    assert f"  HH-0501: {SITE}/referrals/{second.pk}/\n" in mail.outbox[1].body
    assert "HH-0500" not in mail.outbox[1].body
    assert sorted(NotificationSent.objects.values_list("user__username", "kind", "key")) == [
        ("partner", "referral", str(first.pk)),
        ("partner", "referral", str(second.pk)),
    ]


def test_an_event_older_than_a_week_or_no_longer_waiting_is_not_sent(world: World) -> None:
    old = _refer(world)
    emails_for_everyone()
    Referral.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=8))

    assert notifications_send(now=timezone.now()) == SendResult(messages=0, users=0)

    Referral.objects.filter(pk=old.pk).update(
        sent_at=timezone.now(), status=ReferralStatus.ACCEPTED, answered_at=timezone.now()
    )
    assert notifications_send(now=timezone.now()) == SendResult(messages=0, users=0)
    assert mail.outbox == []


def test_a_user_who_turned_a_kind_off_gets_none_of_it(world: World) -> None:
    _refer(world)
    transfer_request(
        actor=world.origin, household=world.ana, to_office=world.palenque, reason="Family."
    )
    emails_for_everyone()
    partner = type(world.host).objects.get(username="partner")
    preference_set(actor=partner, choices={"referral": False})
    preference_set(actor=world.coordinator, choices={"transfer": False})

    assert notifications_send(now=timezone.now()) == SendResult(messages=1, users=1)
    assert _recipients() == ["palenque@example.org"]


def test_a_mail_server_out_of_reach_stops_the_run_and_records_nothing(
    world: World, refusing: type[RefusingBackend]
) -> None:
    _refer(world)
    emails_for_everyone()
    refusing.unreachable = True

    with pytest.raises(ConnectionRefusedError):
        notifications_send(now=timezone.now())

    assert not NotificationSent.objects.exists()
    refusing.unreachable = False
    assert notifications_send(now=timezone.now()) == SendResult(messages=1, users=1)

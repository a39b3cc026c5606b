"""The daily digest: each caseworker's overdue milestones and surveys due, as case codes,
counts and links, in their own scope, once a day, to those who want it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from arraigo.accounts.models import Role
from arraigo.casework.models import Milestone
from arraigo.notifications import selectors
from arraigo.notifications.errors import DeliveryFailed
from arraigo.notifications.models import NotificationSent
from arraigo.notifications.services import SendResult, digest_send, preference_set
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory

from .mailboxes import RefusingBackend
from .world import SITE, TODAY, World, emails_for_everyone

pytestmark = pytest.mark.django_db


def _mail_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [address]]


def test_the_host_caseworker_gets_codes_counts_and_links_of_their_work(world: World) -> None:
    emails_for_everyone()

    digest_send(today=TODAY)

    [message] = _mail_to("host@example.org")
    ana, marta = world.ana_plan.pk, world.marta_plan.pk
    assert message.subject == "arraigo · Daily digest of April 1, 2026"
    assert message.from_email == "arraigo <no-reply@localhost>"
    assert message.body == (
        "What needs your attention on April 1, 2026:\n"
        "\n"
        "My overdue milestones: 2\n"
        f"  HH-0500, 2 milestones: {SITE}/casework/plans/{ana}/\n"
        f"  The whole list: {SITE}/casework/tasks/?when=overdue&mine=on\n"
        "\n"
        "Overdue milestones nobody is responsible for: 1\n"
        f"  HH-0501, 1 milestone: {SITE}/casework/plans/{marta}/\n"
        f"  The whole list: {SITE}/casework/tasks/?when=overdue&responsible=0\n"
        "\n"
        "Follow-up surveys overdue: 1\n"
        f"  HH-0501, One month: {SITE}/monitoring/surveys/{world.marta.pk}/month1/\n"
        f"  The whole list: {SITE}/monitoring/surveys/?status=overdue\n"
        "\n"
        "Follow-up surveys due: 1\n"
        f"  HH-0500, One month: {SITE}/monitoring/surveys/{world.ana.pk}/month1/\n"
        f"  The whole list: {SITE}/monitoring/surveys/?status=due\n"
        "\n"
        "Emails carry no personal data: only case codes, counts and links. Sign in to see the "
        "cases.\n"
        f"Choose which emails you get: {SITE}/notifications/\n"
    )


def test_each_user_hears_only_of_the_cases_they_may_see(world: World) -> None:
    UserFactory(username="monterrey", role=Role.HOST_CASEWORKER, city=CityFactory())
    emails_for_everyone()

    result = digest_send(today=TODAY)

    # León's caseworker: their own case only; the coordinator: the team's unassigned work
    # (no surveys: the whole programme's are not theirs); Monterrey's caseworker has nothing
    # to do, and origin caseworkers keep no work list: no message for either.
    assert result == SendResult(messages=3, users=3)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "coord@example.org",
        "host@example.org",
        "leonhost@example.org",
    ]
    [leon] = _mail_to("leonhost@example.org")
    assert "HH-0600, 1 milestone" in leon.body
    assert "HH-0500" not in leon.body and "HH-0501" not in leon.body
    [coordinator] = _mail_to("coord@example.org")
    assert coordinator.body.splitlines()[2:5] == [
        "Overdue milestones nobody is responsible for: 1",
        f"  HH-0501, 1 milestone: {SITE}/casework/plans/{world.marta_plan.pk}/",
        f"  The whole list: {SITE}/casework/tasks/?when=overdue&responsible=0",
    ]
    assert "HH-0500" not in coordinator.body and "HH-0600" not in coordinator.body


def test_the_digest_goes_once_a_day(world: World) -> None:
    emails_for_everyone()
    digest_send(today=TODAY)

    again = digest_send(today=TODAY)

    assert again == SendResult(messages=0, users=0)
    assert len(mail.outbox) == 3
    assert sorted(NotificationSent.objects.values_list("user__username", "kind", "key")) == [
        ("coord", "digest", "2026-04-01"),
        ("host", "digest", "2026-04-01"),
        ("leonhost", "digest", "2026-04-01"),
    ]
    # the next day's is another digest
    assert digest_send(today=TODAY + dt.timedelta(days=1)) == SendResult(messages=3, users=3)


def test_a_user_who_turned_the_digest_off_gets_none(world: World) -> None:
    emails_for_everyone()
    world.host.refresh_from_db()
    preference_set(actor=world.host, choices={"digest": False})

    result = digest_send(today=TODAY)

    assert result == SendResult(messages=2, users=2)
    assert _mail_to("host@example.org") == []


def test_a_user_without_an_email_address_is_skipped(world: World) -> None:
    emails_for_everyone()
    type(world.host).objects.filter(pk=world.host.pk).update(email="")

    assert digest_send(today=TODAY) == SendResult(messages=2, users=2)
    assert not NotificationSent.objects.filter(user=world.host).exists()


def test_a_long_list_shows_the_first_lines_and_counts_the_rest(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "CAP", 1)
    Milestone.objects.filter(plan=world.ana_plan, code="curp").update(responsible=None)
    emails_for_everyone()

    digest_send(today=TODAY)

    [coordinator] = _mail_to("coord@example.org")
    assert coordinator.body.splitlines()[2:6] == [
        "Overdue milestones nobody is responsible for: 3",
        f"  HH-0501, 1 milestone: {SITE}/casework/plans/{world.marta_plan.pk}/",
        "  and 1 more",
        f"  The whole list: {SITE}/casework/tasks/?when=overdue&responsible=0",
    ]


def test_a_message_the_server_refused_is_sent_by_the_retry_alone(
    world: World, refusing: type[RefusingBackend]
) -> None:
    emails_for_everyone()
    refusing.refuse("host@example.org")

    with pytest.raises(DeliveryFailed) as failed:
        digest_send(today=TODAY)

    assert failed.value.message == (
        "1 of 3 email messages could not be sent; the others went out. "
        "Retrying sends only the missing ones."
    )
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "coord@example.org",
        "leonhost@example.org",
    ]
    assert not NotificationSent.objects.filter(user=world.host).exists()

    refusing.refuse()
    assert digest_send(today=TODAY) == SendResult(messages=1, users=1)
    assert [m.to for m in mail.outbox[2:]] == [["host@example.org"]]

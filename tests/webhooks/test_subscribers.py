"""Subscribers: an https address, the events from the list, a secret stored sealed."""

from __future__ import annotations

import pytest

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.webhooks.events import Event
from arraigo.webhooks.models import Subscriber
from arraigo.webhooks.secrets_box import SecretUnreadable, secret_open
from arraigo.webhooks.services import (
    SubscriberData,
    subscriber_create,
    subscriber_secret_renew,
    url_problem,
)
from tests.accounts.factories import UserFactory

from .factories import subscriber

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_sealed_and_opens_for_its_subscriber_only():
    sub, secret = subscriber([Event.REFERRAL_CREATED])
    other, _other_secret = subscriber([Event.REFERRAL_CREATED], name="Other")
    stored = Subscriber.objects.get(pk=sub.pk).secret

    assert len(secret) == 43
    assert secret not in stored and stored.startswith("v1:")
    assert secret_open(stored, sub.pk) == secret
    with pytest.raises(SecretUnreadable):
        secret_open(stored, other.pk)


def test_a_new_secret_replaces_the_old_one(coordinator):
    sub, secret = subscriber([Event.REFERRAL_CREATED])
    renewed = subscriber_secret_renew(actor=coordinator, subscriber=sub)
    sub.refresh_from_db()
    assert renewed != secret
    assert secret_open(sub.secret, sub.pk) == renewed


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://partner.example/hook", None),
        ("http://partner.example/hook", "The address must start with https://: payloads are "
         "sent encrypted only."),
        ("http://127.0.0.1:8080/hook", "The address must start with https://: payloads are "
         "sent encrypted only."),
        ("https://user:pw@partner.example/", "Leave the user and password out of the address: "
         "the signature proves it is us."),
        ("partner.example", "Give a full address, https://..."),
    ],
)  # fmt: skip
def test_addresses(url, problem):
    assert url_problem(url) == problem


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/hook", "http://localhost/h", "http://[::1]/"]
)
def test_plain_http_to_this_machine_in_tests_and_development(settings, url):
    settings.ARRAIGO_WEBHOOKS_ALLOW_LOOPBACK = True
    assert url_problem(url) is None
    assert url_problem("http://partner.example/hook") is not None


def test_the_events_come_from_the_list(coordinator):
    with pytest.raises(ValidationFailed) as info:
        subscriber_create(
            actor=coordinator,
            data=SubscriberData(name=" ", url="https://p.example/", events=["ping", "other"]),
        )
    assert info.value.errors == {
        "name": ["Give the subscriber a name."],
        "events": ["Choose events from the list."],
    }


@pytest.mark.parametrize("role", [Role.HOST_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR])
def test_only_the_coordinator_adds_subscribers(role):
    with pytest.raises(NotPermitted):
        subscriber_create(
            actor=UserFactory(role=role),
            data=SubscriberData(name="X", url="https://p.example/", events=["survey.due"]),
        )
    assert Subscriber.objects.count() == 0

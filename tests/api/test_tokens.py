"""Personal API tokens: stored hashed, shown once, with an expiry, revoked by their owner."""

import datetime as dt
import hashlib

import pytest
from auditlog.models import LogEntry
from django.http import Http404
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.api.models import ApiToken, TokenState
from arraigo.api.selectors import token_check, token_get_for, tokens_of
from arraigo.api.services import token_create, token_revoke, token_used
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_its_hash_and_its_secret_is_given_once():
    user = UserFactory(role=Role.ORIGIN_CASEWORKER)
    created = token_create(actor=user, name="  nightly   export ")
    token = ApiToken.objects.get()
    assert created.secret.startswith(f"arr_{token.prefix}_")
    assert len(created.secret) > 50
    assert token.secret_hash == hashlib.sha256(created.secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(created.secret in value for value in stored)
    assert token.name == "nightly export"
    assert token.user == user


def test_the_default_expiry_is_ninety_days_and_at_most_a_year():
    user = UserFactory()
    today = timezone.localdate()
    assert token_create(actor=user, name="a").token.expires_on == today + dt.timedelta(days=90)
    last = today + dt.timedelta(days=365)
    assert token_create(actor=user, name="b", expires_on=last).token.expires_on == last
    with pytest.raises(ValidationFailed) as refused:
        token_create(actor=user, name="c", expires_on=last + dt.timedelta(days=1))
    assert list(refused.value.errors) == ["expires_on"]
    with pytest.raises(ValidationFailed) as past:
        token_create(actor=user, name="d", expires_on=today)
    assert past.value.errors == {"expires_on": ["The expiry date must be after today."]}


def test_a_token_needs_a_name():
    with pytest.raises(ValidationFailed) as refused:
        token_create(actor=UserFactory(), name="   ")
    assert list(refused.value.errors) == ["name"]
    assert ApiToken.objects.count() == 0


def test_a_user_without_a_role_gets_no_token():
    user = UserFactory()
    user.role = ""
    with pytest.raises(NotPermitted):
        token_create(actor=user, name="x")


def test_the_presented_token_opens_the_api_while_active():
    user = UserFactory()
    created = token_create(actor=user, name="x")
    check = token_check(created.secret)
    assert check.token == created.token
    assert check.state is TokenState.ACTIVE
    # the right prefix with another secret, another prefix, or nothing like a token
    assert token_check(created.secret[:-2] + "zz").token is None
    assert token_check(created.secret[:-2] + "zz").state is None
    assert token_check("arr_000000000000_" + created.secret.split("_", 2)[2]).state is None
    assert token_check("not a token").state is None


def test_an_expired_token_opens_nothing():
    user = UserFactory()
    created = token_create(actor=user, name="x")
    ApiToken.objects.filter(pk=created.token.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    check = token_check(created.secret)
    assert check.token is None
    assert check.state is TokenState.EXPIRED


def test_a_token_of_a_deactivated_user_opens_nothing():
    user = UserFactory()
    created = token_create(actor=user, name="x")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert token_check(created.secret).token is None


def test_the_owner_revokes_their_token_once_and_it_is_on_the_audit_trail():
    user = UserFactory()
    created = token_create(actor=user, name="x")
    revoked = token_revoke(actor=user, token=created.token)
    assert revoked.revoked_at is not None
    check = token_check(created.secret)
    assert (check.token, check.state) == (None, TokenState.REVOKED)
    with pytest.raises(InvalidTransition):
        token_revoke(actor=user, token=created.token)
    changes = LogEntry.objects.get_for_object(created.token).order_by("timestamp", "pk")
    assert [entry.action for entry in changes] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert "secret_hash" not in changes[0].changes_dict
    assert "revoked_at" in changes[1].changes_dict


def test_nobody_revokes_another_users_token():
    created = token_create(actor=UserFactory(), name="x")
    with pytest.raises(NotPermitted):
        token_revoke(actor=UserFactory(), token=created.token)
    assert ApiToken.objects.get().revoked_at is None


def test_a_user_lists_and_reaches_only_their_own_tokens():
    mine = UserFactory()
    other = UserFactory()
    first = token_create(actor=mine, name="first").token
    token_create(actor=other, name="theirs")
    second = token_create(actor=mine, name="second").token
    assert list(tokens_of(mine)) == [second, first]
    assert token_get_for(mine, first.pk) == first
    with pytest.raises(Http404):
        token_get_for(other, first.pk)


def test_a_use_is_noted_at_most_once_a_minute():
    created = token_create(actor=UserFactory(), name="x")
    token = created.token
    token_used(token=token)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    token_used(token=token)
    assert ApiToken.objects.get().last_used_at == first
    token.last_used_at = first - dt.timedelta(minutes=2)
    token_used(token=token)
    assert ApiToken.objects.get().last_used_at > first
    # each use stays off the audit trail
    assert LogEntry.objects.get_for_object(token).count() == 1

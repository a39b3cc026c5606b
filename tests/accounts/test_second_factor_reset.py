"""A coordinator resets another user's second factor (a lost phone): audited, through a
service; the user enrols again at the next sign-in. Other roles are refused."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.accounts.models import Role
from arraigo.accounts.services import second_factor_reset
from arraigo.core.errors import NotPermitted, ValidationFailed
from tests.accounts.factories import UserFactory
from tests.accounts.second_factor_helpers import ENROL, app_code, enrol, sign_in

pytestmark = pytest.mark.django_db

RESET = "/accounts/two-step/reset/"


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True


def _verified(client: Client, user) -> Client:
    sign_in(client, user.username)
    client.post("/accounts/two-step/verify/", {"code": app_code(user)})
    return client


def test_a_coordinator_resets_a_lost_phone_and_the_user_enrols_again(client: Client):
    # Given an auditor who enrolled, and a coordinator verified with their own second factor
    auditor = UserFactory(username="aud", role=Role.AUDITOR)
    enrol(auditor)
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    _verified(client, coordinator)

    # When the coordinator opens the reset page and resets the auditor's second factor
    page = client.get(RESET).content.decode()
    assert '<input type="text" name="username"' in page
    response = client.post(RESET, {"username": "aud"}, follow=True)

    # Then the auditor's app and recovery codes are gone, and the reset is on the trail
    assert "The second factor of aud is reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=auditor).exists()
    assert not StaticDevice.objects.filter(user=auditor).exists()
    (entry,) = LogEntry.objects.filter(additional_data__event="second_factor_reset")
    assert (entry.actor, entry.object_pk) == (coordinator, str(auditor.pk))
    assert entry.additional_data == {"event": "second_factor_reset", "username": "aud"}

    # And at the next sign-in the auditor is sent to enrol
    other = Client()
    sign_in(other, "aud")
    assert other.get("/")["Location"].startswith(ENROL)


def test_a_session_verified_before_the_reset_is_verified_no_longer(client: Client):
    auditor = UserFactory(username="aud", role=Role.AUDITOR)
    enrol(auditor)
    _verified(client, auditor)
    assert client.get("/accounts/audit/").status_code == 200

    second_factor_reset(actor=UserFactory(role=Role.COORDINATOR), username="aud")

    assert client.get("/accounts/audit/")["Location"].startswith(ENROL)


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.ME_OFFICER, Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER]
)
def test_other_roles_may_not_reset(client: Client, role):
    # Given an enrolled caseworker, and a user of another role, verified
    target = UserFactory(username="cw", role=Role.ORIGIN_CASEWORKER)
    enrol(target)
    actor = UserFactory(username="actor", role=role)
    enrol(actor)
    _verified(client, actor)

    # Then the page and the post are refused, and the service too
    assert client.get(RESET).status_code == 403
    assert client.post(RESET, {"username": "cw"}).status_code == 403
    with pytest.raises(NotPermitted):
        second_factor_reset(actor=actor, username="cw")
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not LogEntry.objects.filter(additional_data__event="second_factor_reset").exists()


def test_a_coordinator_does_not_reset_their_own_or_a_missing_one():
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    UserFactory(username="cw", role=Role.ORIGIN_CASEWORKER)

    with pytest.raises(ValidationFailed) as own:
        second_factor_reset(actor=coordinator, username="coord")
    with pytest.raises(ValidationFailed) as none:
        second_factor_reset(actor=coordinator, username="cw")
    with pytest.raises(ValidationFailed) as unknown:
        second_factor_reset(actor=coordinator, username="nobody")

    assert own.value.errors == {"username": ["Another coordinator resets your own second factor."]}
    assert none.value.errors == {"username": ["This account has no second factor to reset."]}
    assert unknown.value.errors == {"username": ["There is no account with this username."]}
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_the_sign_in_locks_page_leads_coordinators_to_the_reset(client: Client, settings):
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = False
    client.force_login(UserFactory(role=Role.COORDINATOR))

    assert f'href="{RESET}"' in client.get("/accounts/locks/").content.decode()
    assert f'href="{RESET}"' in client.get("/accounts/two-step/").content.decode()

"""The second factor: who must enrol, the gate every page sits behind until the code is typed,
recovery codes that work once, wrong codes throttled, and the audit trail.

The test settings leave ARRAIGO_SECOND_FACTOR_ENFORCED off (other tests sign in with
force_login); these tests turn it on, as base and production settings have it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.accounts.models import Role
from arraigo.accounts.second_factor import app_device
from arraigo.api.models import ApiToken
from tests.accounts.factories import UserFactory
from tests.accounts.second_factor_helpers import (
    ENROL,
    VERIFY,
    app_code,
    code_from_key,
    enrol,
    sign_in,
)
from tests.site_walk import route_names

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True


def _events(event: str) -> list[LogEntry]:
    return list(LogEntry.objects.filter(additional_data__event=event).order_by("pk"))


def _verify_url(after: str) -> str:
    return f"{VERIFY}?next={after.replace('/', '%2F')}"


# Pages an unverified session still opens (accounts.middleware.SecondFactorMiddleware).
OPEN = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:two_step_verify",
    "set_language",
    "healthz",
    "feedback:public_form",
}


def test_a_coordinator_who_enrolled_reaches_no_page_without_the_code(client: Client):
    # Given a coordinator who enrolled, signed in with the right password
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")

    # When they open every page of the site that takes no argument (the API aside)
    routes = sorted(
        name
        for name in route_names(get_resolver().url_patterns, without_arguments=True)
        if not name.startswith("api:api-v1:") and name not in OPEN
    )
    refused = {}
    for name in routes:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        response = client.get(path)
        refused[name] = response["Location"] if response.status_code == 302 else ""

    # Then each one sends them to the code page, and comes back after it
    assert len(refused) > 40
    assert {name: to for name, to in refused.items() if not to.startswith(VERIFY)} == {}
    assert refused["home:dashboard"] == _verify_url("/")
    assert client.get("/households/").status_code == 302

    # And a post to a page is refused too: no API token is made without the code
    response = client.post(reverse("api:token_new"), {"name": "mine", "days": "30"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert ApiToken.objects.count() == 0

    # When they type the app's code, the page asked for opens
    response = client.post(VERIFY, {"code": app_code(coordinator), "next": "/households/"})
    assert response["Location"] == "/households/"
    assert client.get("/households/").status_code == 200


def test_without_the_code_the_password_alone_opens_nothing_at_the_next_sign_in(client: Client):
    # Given a coordinator who enrolled and used their code once, then signed out
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")
    client.post(VERIFY, {"code": app_code(coordinator)})
    assert client.get("/households/").status_code == 200
    client.post("/accounts/logout/")

    # When they sign in again with the password only
    sign_in(client, "coord")

    # Then the list is refused until the code is typed
    response = client.get("/households/")
    assert (response.status_code, response["Location"]) == (302, _verify_url("/households/"))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AUDITOR, Role.ME_OFFICER])
def test_a_required_role_is_sent_to_enrol_at_first_sign_in(client: Client, role):
    # Given a user of a role that needs a second factor, with none yet
    UserFactory(username="new", role=role)

    # When they sign in with their password
    sign_in(client, "new")
    response = client.get("/", follow=True)

    # Then every page sends them to enrolment, which shows the key and asks for a code
    assert response.redirect_chain == [(f"{ENROL}?next=%2F", 302)]
    page = response.content.decode()
    assert "<svg" in page and 'data-testid="totp-key"' in page
    assert 'id="mainnav"' not in page
    assert 'name="code"' in page and 'autocomplete="one-time-code"' in page
    assert client.get("/accounts/two-step/").status_code == 302
    assert client.get(VERIFY)["Location"] == ENROL


@pytest.mark.parametrize("role", [Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER, Role.EMPLOYER])
def test_a_role_that_may_choose_is_not_asked_to_enrol(client: Client, role):
    user = UserFactory(username="free", role=role)

    sign_in(client, "free")

    assert client.get("/accounts/two-step/").status_code == 200
    assert client.get("/accounts/password/").status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_role_the_programme_lists_must_enrol_too(client: Client, settings, tmp_path):
    (tmp_path / "security.yaml").write_text(
        "second_factor: {required_roles: [coordinator, auditor, me_officer, host_caseworker]}",
        encoding="utf-8",
    )
    settings.ARRAIGO_PROGRAMME_DIR = tmp_path
    UserFactory(username="host", role=Role.HOST_CASEWORKER)

    sign_in(client, "host")

    assert client.get("/accounts/password/")["Location"].startswith(ENROL)


def test_a_user_who_chose_it_is_asked_for_the_code(client: Client):
    # Given a caseworker who turned on two-step sign-in themselves
    caseworker = UserFactory(username="cw", role=Role.ORIGIN_CASEWORKER)
    sign_in(client, "cw")
    page = client.get(ENROL).content.decode()
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page)
    assert key is not None
    response = client.post(ENROL, {"code": code_from_key(key[1])})
    assert response["Location"] == "/accounts/two-step/codes/"
    client.post("/accounts/logout/")

    # When they sign in again
    sign_in(client, "cw")

    # Then they too need the code
    assert client.get("/households/")["Location"] == _verify_url("/households/")
    client.post(VERIFY, {"code": app_code(caseworker)})
    assert client.get("/households/").status_code == 200


def test_enrolment_confirms_the_key_and_shows_ten_recovery_codes_once(client: Client):
    # Given a coordinator at the enrolment page after the password
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    sign_in(client, "coord")
    page = client.get(ENROL).content.decode()
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page)
    assert key is not None
    assert client.get(ENROL).content.decode().count(key[1]) == 1  # the same key when reopened

    # When they type the code their app computes from the key shown
    response = client.post(ENROL, {"code": code_from_key(key[1]), "next": "/households/"})

    # Then the recovery codes are shown, once, with the warning to save them
    assert response["Location"] == "/accounts/two-step/codes/?next=%2Fhouseholds%2F"
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Save these codes now: they are shown only this once." in page
    assert 'href="/households/"' in page
    again = client.get("/accounts/two-step/codes/").content.decode()
    assert not re.findall(r"<li><code>", again)
    assert "You have 10 left." in again
    # And the session is verified; the enrolment is on the trail, without the key
    assert client.get("/households/").status_code == 200
    device = app_device(coordinator)
    assert device is not None and device.confirmed
    (entry,) = _events("second_factor_enrolled")
    assert entry.actor == coordinator and device.key not in str(entry.additional_data)


def test_a_wrong_enrolment_code_is_refused_and_not_written_back(client: Client):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    sign_in(client, "coord")
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "That is not the code the app shows now." in page
    assert 'value="000000"' not in page
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
    assert client.get("/households/")["Location"].startswith(ENROL)


def test_an_enrolled_user_cannot_enrol_a_new_app_without_the_code(client: Client):
    # Given an enrolled coordinator whose password someone else knows
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")

    # When the enrolment page is opened without the code
    response = client.get(ENROL)

    # Then it asks for the code first, and no new key is made
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_a_recovery_code_works_once(client: Client):
    # Given an enrolled coordinator with their ten recovery codes
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    codes = enrol(coordinator)
    sign_in(client, "coord")

    # When they type one instead of the app's code (as shown: two groups, upper case)
    code = f"{codes[0][:4]}-{codes[0][4:]}".upper()
    response = client.post(VERIFY, {"code": code, "next": "/households/"}, follow=True)

    # Then it opens the page asked for and says how many are left
    assert response.redirect_chain == [("/households/", 302)]
    assert "You used a recovery code: 9 are left." in response.content.decode()
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9

    # And at the next sign-in the same code is refused
    client.post("/accounts/logout/")
    sign_in(client, "coord")
    response = client.post(VERIFY, {"code": codes[0]})
    page = response.content.decode()
    assert "That is not one of your recovery codes, or it was used already." in page
    assert "you have 9 left" in page
    assert client.get("/households/").status_code == 302
    verified, failed = _events("second_factor_verified"), _events("second_factor_failed")
    assert [e.additional_data for e in verified] == [
        {"event": "second_factor_verified", "kind": "recovery_code", "recovery_codes_left": 9}
    ]
    assert [e.additional_data for e in failed] == [
        {"event": "second_factor_failed", "kind": "recovery_code"}
    ]


def test_an_app_code_works_once(client: Client):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    code = app_code(coordinator)
    sign_in(client, "coord")
    client.post(VERIFY, {"code": code})
    client.post("/accounts/logout/")
    TOTPDevice.objects.filter(user=coordinator).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )

    sign_in(client, "coord")
    response = client.post(VERIFY, {"code": code})

    assert "That is not the code your app shows now." in response.content.decode()


def test_wrong_codes_are_throttled_even_before_the_right_one(client: Client):
    # Given an enrolled coordinator past the password
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")

    # When a wrong code is typed, it is refused and written on the trail (not the code)
    response = client.post(VERIFY, {"code": "123456"})
    page = response.content.decode()
    assert "That is not the code your app shows now." in page
    assert "123456" not in page  # the page does not write back what was typed
    assert [e.additional_data for e in _events("second_factor_failed")] == [
        {"event": "second_factor_failed", "kind": "app"}
    ]

    # When four wrong codes in a row were typed (each doubles the wait: 1, 2, 4, 8 s)
    device = TOTPDevice.objects.get(user=coordinator)
    device.throttling_failure_count = 4
    device.throttling_failure_timestamp = timezone.now()
    device.save()

    # Then even the right code is refused for now, with how long to wait; it is not checked
    response = client.post(VERIFY, {"code": app_code(coordinator)})
    page = response.content.decode()
    assert re.search(r"Too many wrong codes\. Wait [78] seconds, then try again\.", page)
    assert client.get("/households/").status_code == 302
    assert len(_events("second_factor_failed")) == 1

    # And once the wait is over, the right code opens the site
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(seconds=9)
    device.save()
    client.post(VERIFY, {"code": app_code(coordinator)})
    assert client.get("/households/").status_code == 200
    assert len(_events("second_factor_verified")) == 1


def test_new_recovery_codes_replace_the_old_ones(client: Client):
    # Given an enrolled, verified coordinator
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    old = enrol(coordinator)
    sign_in(client, "coord")
    client.post(VERIFY, {"code": app_code(coordinator)})

    # When they make new recovery codes on their page
    page = client.get("/accounts/two-step/").content.decode()
    assert "You have 10 recovery codes left." in page
    response = client.post("/accounts/two-step/codes/", follow=True)

    # Then ten new codes are shown, and the old ones no longer work
    page = response.content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{4})-([a-z2-7]{4})</code></li>", page)
    assert len(new) == 10 and not {a + b for a, b in new} & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == {a + b for a, b in new}
    (entry,) = _events("recovery_codes_renewed")
    assert entry.actor == coordinator


def test_new_recovery_codes_need_a_verified_session(client: Client):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    old = enrol(coordinator)
    sign_in(client, "coord")

    response = client.post("/accounts/two-step/codes/")

    assert response["Location"].startswith(VERIFY)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_the_code_page_sends_back_to_the_page_asked_for_only_on_this_site(client: Client):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")

    response = client.post(VERIFY, {"code": app_code(coordinator), "next": "https://evil.test/"})

    assert response["Location"] == "/"


def test_pages_left_open_before_the_code(client: Client):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")

    assert client.get("/healthz").status_code == 200
    assert client.get("/feedback/tell-us/").status_code == 200
    assert client.get("/accounts/password/reset/").status_code == 200
    assert client.get("/api/v1/households").status_code == 401  # tokens only
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_code_page_shows_its_field_and_the_recovery_codes_left(client: Client):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    enrol(coordinator)
    sign_in(client, "coord")

    page = client.get(f"{VERIFY}?next=/households/").content.decode()

    assert re.search(r'<input type="text" name="code"[^>]*autocomplete="one-time-code"', page)
    assert 'name="next" value="/households/"' in page
    assert "you have 10 left" in page
    assert 'data-testid="demo-code"' not in page
    # the menu, which leads nowhere yet, is not shown; the page has its own Sign out
    assert 'id="mainnav"' not in page and 'action="/accounts/logout/"' in page
    client.post(VERIFY, {"code": app_code(coordinator)})
    assert 'id="mainnav"' in client.get("/accounts/two-step/").content.decode()


def test_a_user_without_a_second_factor_is_not_kept_on_the_code_page(client: Client):
    UserFactory(username="cw", role=Role.ORIGIN_CASEWORKER)
    sign_in(client, "cw")

    assert client.get(VERIFY)["Location"] == "/"


def test_the_two_step_page_offers_to_turn_it_on(client: Client):
    UserFactory(username="cw", role=Role.ORIGIN_CASEWORKER)
    sign_in(client, "cw")

    page = client.get("/accounts/two-step/").content.decode()

    assert 'data-testid="two-step-state">Off<' in page
    assert f'href="{ENROL}"' in page
    assert "Reset someone" not in page
    assert not StaticDevice.objects.exists()


def test_a_session_verified_by_a_recovery_code_makes_new_codes_and_sees_them(client: Client):
    # Given a coordinator who signed in with a recovery code (their phone is lost)
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    codes = enrol(coordinator)
    sign_in(client, "coord")
    client.post(VERIFY, {"code": codes[3]})

    # When they make new recovery codes
    response = client.post("/accounts/two-step/codes/", follow=True)

    # Then the new codes are shown, and the session is still verified
    assert response.redirect_chain == [("/accounts/two-step/codes/", 302)]
    assert len(re.findall(r"<li><code>", response.content.decode())) == 10
    assert client.get("/households/").status_code == 200

"""The second factor in a browser: a coordinator signs in for the first time and is sent to
enrol (the key as a QR code and as text), confirms it with the code an app computes from the
key, is shown the recovery codes once, signs out, and signs in again with a code."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.accounts.second_factor import next_code
from tests.accounts.factories import UserFactory
from tests.accounts.second_factor_helpers import PASSWORD, code_from_key
from tests.browser.conftest import LoginFn

pytestmark = pytest.mark.browser


def test_a_coordinator_enrols_signs_out_and_signs_in_again_with_a_code(
    page: Page, login: LoginFn, settings
) -> None:
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True  # as in production
    UserFactory(username="coord", role=Role.COORDINATOR)
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}]
    )

    # The first sign-in leads to enrolment: a QR code and the key as text
    login(page, "coord", PASSWORD)
    assert "/accounts/two-step/enrol/" in page.url
    assert page.locator("figure.qr svg").count() == 1
    key = page.get_by_test_id("totp-key").inner_text()

    # The code an authenticator app computes from the key confirms it
    page.fill("#id_code", code_from_key(key))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert "/accounts/two-step/codes/" in page.url
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert "Save these codes now" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved them: continue").click()
    assert page.url == f"{base}/"

    # Signed out, then in again: the code page, and the app's next code opens the site (the
    # code used at enrolment works once)
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="Sign out").click()
    login(page, "coord", PASSWORD)
    assert "/accounts/two-step/verify/" in page.url
    # (the code the device accepts now: the app's next code when this step's was used at
    # enrolment; a step's drift recorded at enrolment, under load, is allowed for too)
    device = TOTPDevice.objects.get(user__username="coord", confirmed=True)
    code = next_code(device)
    assert code is not None
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.url == f"{base}/"
    page.goto("/households/")
    assert page.url == f"{base}/households/"

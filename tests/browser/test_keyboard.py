"""The page frame with a keyboard alone, on a phone (issue 10, item 28).

A skip link comes first and lands in the content; the phone menu is a button that opens the
menu; the language selector changes nothing until its button is pressed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn

pytestmark = pytest.mark.browser

PASSWORD = "keyboard-pass-123"


def _tab_to(page: Page, selector: str, *, most: int = 12) -> None:
    """Press Tab until the element matching `selector` has the focus (the header holds about
    ten stops: the skip link, the menu, the account links, the language)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took the focus in {most} presses of Tab")


@pytest.fixture
def phone(page: Page, login: LoginFn) -> Page:
    UserFactory(username="coord", role=Role.COORDINATOR, password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 800})
    login(page, "coord", PASSWORD)
    page.goto("/")
    return page


def test_the_first_tab_reaches_a_skip_link_that_moves_into_the_content(phone: Page) -> None:
    # When a keyboard user presses Tab once on the dashboard
    phone.keyboard.press("Tab")

    # Then the focus is on a visible link that skips to the content
    skip = phone.locator(".skip-link")
    assert phone.evaluate("document.activeElement.classList.contains('skip-link')")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0

    # And following it puts the focus in the main content
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"


def test_the_phone_menu_opens_and_closes_with_the_keyboard(phone: Page) -> None:
    # Given the menu is closed on a phone
    toggle = phone.locator(".nav-toggle")
    menu = phone.locator("#mainnav")
    assert menu.is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"

    # When the user tabs to the menu button and presses Enter
    _tab_to(phone, ".nav-toggle")
    phone.keyboard.press("Enter")

    # Then the menu is shown, and its button says so
    assert menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"

    # When they press Escape, it closes and the focus goes back to the button
    phone.keyboard.press("Escape")
    assert menu.is_hidden()
    assert phone.evaluate("document.activeElement.classList.contains('nav-toggle')")


def test_the_language_changes_only_when_its_button_is_pressed(phone: Page) -> None:
    # Given the page in its current language
    before = phone.evaluate("document.documentElement.lang")
    url = phone.url

    # When a keyboard user goes to the language selector and presses an arrow key
    _tab_to(phone, "select[name=language]")
    first = phone.evaluate("document.activeElement.selectedIndex === 0")
    phone.keyboard.press("ArrowDown" if first else "ArrowUp")
    phone.wait_for_timeout(500)

    # Then nothing is sent: same page, same language
    assert phone.url == url
    assert phone.evaluate("document.documentElement.lang") == before

    # When they tab to the button and press it
    with phone.expect_navigation():
        _tab_to(phone, ".langbox button")
        phone.keyboard.press("Enter")

    # Then the page comes back in the language chosen
    assert phone.evaluate("document.documentElement.lang") != before

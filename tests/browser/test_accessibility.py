"""The main pages of every role, on a phone and scanned for accessibility (issue 10, 22 and 28).

A small demo is seeded, then each role signs in on a 390-pixel-wide screen and opens its main
pages, following the first link of a list to its detail page. Every page is scanned by the
`page` fixture (axe-core at WCAG 2.1 A and AA, unique ids, scrollable tables reachable by
keyboard: tests/browser/axe.py) and must not be wider than the screen.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from arraigo.demo.accounts import DEMO_PASSWORD
from arraigo.demo.seed import demo_seed
from tests.browser.conftest import LoginFn
from tests.demo.conftest import occupations_ensure

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390

# Per role: (a page, links to follow from it one after the other, each to a detail page).
HOUSEHOLD = "main table a[href^='/households/'][href$='/']"
PLAN = "main a[href^='/casework/plans/']"
RUN = "main table a[href^='/matching/runs/']"
PROPOSAL = "main a[href^='/matching/proposals/']"
TRIP = "main table a[href^='/relocation/plans/'][href$='/']"
NEW_TRIP = "main a[href^='/relocation/plans/new/']"
DEPARTURE = "main table a[href^='/relocation/departures/']"
GRANT = "main table a[href^='/relocation/grants/']"
CITY = "main table a[href^='/places/'][href$='/']"
EMPLOYER = "main table a[href^='/jobs/employers/']"
VACANCY = "main table a[href^='/jobs/vacancies/']"
PLACEMENT = "main table a[href^='/jobs/placements/']"
REFERRAL = "main table a[href^='/referrals/'][href$='/']"
FEEDBACK = "main table a[href^='/feedback/'][href$='/']"
AUDIT = "main table a[href^='/accounts/audit/'][href$='/']"
SURVEY = "main table a[href^='/monitoring/surveys/']"

MAIN_PAGES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "demo-coordinator": [
        ("/", ()),
        ("/households/", (HOUSEHOLD,)),
        ("/households/new/", ()),
        ("/casework/tasks/", (PLAN,)),
        ("/casework/template/", ()),
        ("/casework/workload/", ()),
        ("/matching/", (RUN, PROPOSAL)),
        ("/relocation/", (TRIP,)),
        ("/relocation/", (NEW_TRIP,)),
        ("/relocation/departures/", (DEPARTURE,)),
        ("/relocation/arrivals/", ()),
        ("/relocation/follow-ups/", ()),
        ("/relocation/grants/", (GRANT,)),
        ("/relocation/budget/", ()),
        ("/places/", (CITY,)),
        ("/jobs/vacancies/", (VACANCY,)),
        ("/referrals/", (REFERRAL,)),
        ("/feedback/", (FEEDBACK,)),
        ("/monitoring/results/", ()),
        ("/monitoring/instruments/", ()),
        ("/monitoring/instruments/import/", ()),
        ("/background/", ()),
        ("/privacy/erasures/", ()),
        ("/accounts/two-step/", ()),
        ("/accounts/two-step/reset/", ()),
    ],
    "demo-origin-tapachula": [
        ("/", ()),
        ("/households/", (HOUSEHOLD,)),
        ("/households/new/", ()),
        ("/casework/tasks/", ()),
        ("/accounts/two-step/enrol/", ()),  # the key as a QR code, on a phone
    ],
    "demo-host-saltillo": [
        ("/", ()),
        ("/households/", (HOUSEHOLD,)),
        ("/casework/tasks/", (PLAN,)),
        ("/relocation/", (TRIP,)),
        ("/referrals/", (REFERRAL,)),
        ("/monitoring/surveys/?status=all", (SURVEY,)),
    ],
    "demo-liaison": [
        ("/jobs/employers/", (EMPLOYER,)),
        ("/jobs/placements/", (PLACEMENT,)),
        ("/jobs/turnover/", ()),
    ],
    "demo-employer": [("/", ()), ("/jobs/vacancies/", (VACANCY,))],
    "demo-partner": [("/", ()), ("/referrals/", ())],
    "demo-me": [
        ("/", ()),
        ("/matching/", (RUN,)),
        ("/monitoring/results/", ()),
        ("/monitoring/instruments/", ()),
    ],
    "demo-auditor": [("/", ()), ("/accounts/audit/", (AUDIT,))],
}


# The outermost elements that reach past the right edge of the screen, to say what is too wide.
_TOO_WIDE = """(width) => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > width
    && el.parentElement.getBoundingClientRect().right <= width)
  .map((el) => el.outerHTML.slice(0, 120))"""


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(_TOO_WIDE, PHONE_WIDTH) if width > PHONE_WIDTH else []
    assert width <= PHONE_WIDTH, f"{page.url} is {width} pixels wide: {too_wide}"


def _sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_every_roles_main_pages_fit_a_phone_and_pass_the_accessibility_scan(
    page: Page, login: LoginFn
) -> None:
    # Given a small demo (every kind of record, one account per role) and a phone's screen
    occupations_ensure()
    demo_seed(households=80, employers=12, vacancies=30)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    visited: list[str] = []

    for username, pages in MAIN_PAGES.items():
        # When the role opens each of its main pages and follows a list to a detail page
        login(page, username, DEMO_PASSWORD)
        for path, links in pages:
            response = page.goto(path)  # the fixture scans every page it loads
            assert response is not None and response.status == 200, f"{username}: {path}"
            _fits_the_phone(page)
            for selector in links:
                link = page.locator(selector).first
                assert link.count() == 1, f"{username}: no {selector} on {page.url}"
                response = page.goto(link.get_attribute("href") or "")
                assert response is not None and response.status == 200, f"{username}: {page.url}"
                _fits_the_phone(page)
            visited.append(f"{username} {path}")
        _sign_out(page)

    # Then every page was scanned without a problem and fits the screen (asserted above)
    assert len(visited) == sum(len(pages) for pages in MAIN_PAGES.values())

"""Every page that shows a form shows its fields, for every role that may open it.

A small demo is seeded once for the module. Each demo role starts on the dashboard and follows
the site's own links, opening one page per URL pattern (the first link found), so the pages are
reached with real ids as people reach them. Every `<form>` on every page reached must offer
something to fill in (an input other than hidden or submit, a select or a textarea); the
logout and language forms, which are single buttons, are left out.

The walk must reach every URL pattern of the site that answers a GET, so that a new page is
checked without anyone adding it here; the few that cannot be reached this way say why in
NOT_WALKED.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve
from django.urls.exceptions import Resolver404
from pytest_django import DjangoDbBlocker

from tests.site_walk import demo_clients, route_names

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 60
SEED = 3
# The coordinator, who sees every page, opens a few pages per pattern; other roles one.
WIDE_WALKER = "demo-coordinator"

# URL patterns the walk does not open, with the reason.
NOT_WALKED = {
    "accounts:logout": "signs the walker out",
    "set_language": "changes the walker's language",
    # Files, not pages.
    "accounts:audit_export": "a CSV file",
    "relocation:manifest_csv": "a CSV file",
    "relocation:manifest_pdf": "a PDF file",
    "relocation:ledger_csv": "a CSV file",
    "relocation:ledger_xlsx": "a spreadsheet",
    "monitoring:export_people": "a CSV file",
    "monitoring:export_figures": "a CSV file",
    "monitoring:results_download": "a PDF, XLSX or CSV file",
    "monitoring:xlsform": "a spreadsheet (an XLSForm)",
    "healthz": "JSON for a load balancer (tests/core/test_health.py)",
    # A button on the household page (its form is walked there), not a page of its own.
    "relocation:grant_prepare_household": "posted from the household page",
    "background:task_retry": "a button on the background jobs page (tests/background)",
    "accounts:lock_lift": "a button on the sign-in locks page (tests/accounts/test_lockout.py)",
    "privacy:request_detail": "the demo has no erasure request (tests/privacy/test_views.py)",
    # Opened signed out (test_signed_out_pages_show_their_fields).
    "accounts:login": "signed out",
    "accounts:password_reset": "signed out",
    "accounts:password_reset_sent": "signed out, after asking for a link (tests/accounts)",
    "accounts:password_reset_confirm": "a link sent by email (tests/accounts/test_passwords.py)",
    "feedback:public_form": "signed out",
    # Posted by other systems, not opened by people.
    "kobo_hook": "posted by KoboToolbox with a form's secret (tests/monitoring)",
    # A case's file: bytes for those in scope (tests/attachments), and its remove button.
    "attachments:download": "a file",
    "attachments:remove": "a button next to each file, posted",
    # Imports and exports: files, and the pages of one upload or export (tests/bulk).
    "bulk:template": "a CSV or XLSX file",
    "bulk:export": "a CSV or XLSX file, or a button that prepares one",
    "bulk:export_file": "a file",
    "bulk:export_detail": "an export asked for (tests/bulk)",
    "bulk:import_detail": "an uploaded file (tests/bulk)",
    "bulk:import_confirm": "a button on the import's page (tests/bulk)",
    "bulk:import_discard": "a button on the import's page (tests/bulk)",
}
# The REST API: JSON for tokens, not pages (tests/api, its schemathesis run among them).
NOT_WALKED_PREFIXES = ("api:api-v1:",)
# Pages that ask for a confirmation only: a sentence and a button.
CONFIRMATIONS = {"jobs:vacancy_close"}
# Pages that only exist in a state the small demo may not reach on a link.
MAY_BE_UNLINKED = {
    "casefile:transfer_decide",  # only while a transfer waits for an answer
    "relocation:plan_create",  # only for an accepted proposal without a plan
    "relocation:lodging_extension_create",  # only during a stay
    "relocation:lodging_stay_create",  # only before a stay
    "relocation:grant_prepare",  # only while a plan has no grant
    "referrals:referral_create",  # only on a household that may be referred
    "casework:plan_open",  # only on a household without a plan
    "registry:duplicate_detail",  # only when a likely duplicate was found
    "relocation:plan_edit",  # only before the trip
    "relocation:lodging_stay_close",  # a button, only during a stay
    "registry:preference_remove",  # a button, only on a household with city preferences
    "registry:eligibility_approve",  # only while eligibility needs an exception
    "api:token_revoke",  # only for a user with an API token (tests/api)
    "monitoring:kobo_form_edit",  # only once a KoboToolbox form is registered
    "monitoring:kobo_form_secret",  # the same
    "monitoring:kobo_form_retry_failed",  # a button, only when a form has failed submissions
    "monitoring:kobo_submission_retry",  # a button, only on a failed submission
    "webhooks:subscriber_edit",  # only once a subscriber exists (tests/webhooks)
    "webhooks:subscriber_secret",  # the same
    "webhooks:subscriber_ping",  # a button, the same
    "webhooks:delivery_retry",  # a button, only on a failed delivery
}
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/api/v1/")
FILE_SUFFIXES = (".csv", ".pdf", ".xlsx")
FILLABLE_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _PageParser(HTMLParser):
    """The links of a page and, per form, its action and how many controls it offers."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, object]] = []
        self._form: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form":
            self._form = {"action": values.get("action", ""), "controls": 0, "button": False}
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and values.get("name") == "action":
            self._form["button"] = True
        elif self._form is not None and self._fillable(tag, values):
            self._form["controls"] = int(str(self._form["controls"])) + 1

    @staticmethod
    def _fillable(tag: str, values: dict[str, str]) -> bool:
        if tag == "input":
            return values.get("type", "text").lower() not in FILLABLE_INPUTS
        return tag in {"select", "textarea"}

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _route_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _internal(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(FILE_SUFFIXES):
        return None
    return parts.path  # one page per pattern: query strings (filters, pages) are not followed


def _walk(client: Client, per_pattern: int) -> dict[str, tuple[str, _PageParser]]:
    """Follow links from the dashboard; the first page opened per URL pattern, parsed.

    Up to `per_pattern` pages of a pattern are opened (the first is kept), so that a page
    linked only from some households, cities or plans is still found.
    """
    opened: dict[str, tuple[str, _PageParser]] = {}
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    queue: deque[str] = deque(["/"])
    while queue:
        path = queue.popleft()
        route = _route_of(path)
        if route is None or path in seen or counts[route] >= per_pattern or route in NOT_WALKED:
            continue
        seen.add(path)
        counts[route] += 1
        response = client.get(path)
        assert response.status_code in {200, 302, 403, 405}, f"{path}: {response.status_code}"
        if response.status_code == 302:  # a link that opens something, then shows it
            queue.extend(filter(None, [_internal(response["Location"])]))
        page = _PageParser()
        page.feed(response.content.decode())
        opened.setdefault(route, (path, page))  # 405: a button's target, with no page of its own
        targets = page.links + [str(form["action"]) for form in page.forms]
        for href in targets:
            target = _internal(href)
            if target is not None and target not in seen:
                queue.append(target)
    return opened


def _empty_forms(page: _PageParser, path: str) -> list[str]:
    """Forms of the page with nothing to fill in, buttons aside.

    A button is a form without fields that posts to another address ("remove", "check in")
    or names its action in a hidden "action" field ("take it", "accept"); a form that posts
    back to its own page with neither is a form page whose fields are missing.
    """
    return [
        str(form["action"]) or "(this page)"
        for form in page.forms
        if form["controls"] == 0 and not form["button"] and str(form["action"]) in {"", path}
    ]


@pytest.fixture(scope="module")
def walked(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict]:
    """Per demo role, the pages its walk opened; the demo is rolled back after the module."""
    with demo_clients(
        django_db_blocker,
        households=HOUSEHOLDS,
        seed=SEED,
        employers=20,
        vacancies=60,
        headers={"accept-language": "en"},
    ) as clients:
        yield {
            username: _walk(client, per_pattern=2 if username == WIDE_WALKER else 1)
            for username, client in clients.items()
        }


def test_every_form_page_shows_fields_to_every_role(walked):
    # Given every page each demo role reaches by following links
    # When the forms on them are counted
    empty = {
        f"{username} {path}": _empty_forms(page, path)
        for username, pages in walked.items()
        for route, (path, page) in pages.items()
        if route not in CONFIRMATIONS and _empty_forms(page, path)
    }
    # Then none is a form with nothing to fill in
    assert not empty, "\n".join(f"{page}: {forms}" for page, forms in sorted(empty.items()))


def test_the_walk_reaches_every_page_of_the_site(walked):
    # Given the URL patterns of the site (the admin aside)
    routes = set(route_names(get_resolver().url_patterns))
    # When the pages reached by any role are put together
    reached = {route for pages in walked.values() for route in pages}
    # Then every pattern is reached, or listed with the reason it is not walked
    missing = {
        route
        for route in routes - reached - set(NOT_WALKED) - MAY_BE_UNLINKED
        if not route.startswith(NOT_WALKED_PREFIXES)
    }
    assert not missing, "\n".join(sorted(missing))


def test_the_person_forms_show_their_fields(walked):
    # Given the member pages a caseworker reaches from a household
    pages = walked["demo-origin-tapachula"]
    for route in ("registry:person_edit", "registry:person_add"):
        _path, page = pages[route]
        # Then the member's form asks for names, birth date and sex, among the rest
        assert next(form["controls"] for form in page.forms if not form["action"]) >= 12


def test_signed_out_pages_show_their_fields(client):
    # Given nobody signed in
    for path in ("/accounts/login/", "/feedback/tell-us/", "/accounts/password/reset/"):
        # When the page is opened
        page = _PageParser()
        page.feed(client.get(path).content.decode())
        # Then its form has fields
        assert page.forms and _empty_forms(page, path) == [], path

"""An over-long search term never breaks a list page (issue 10, item 4).

SQLite refuses a LIKE pattern of tens of thousands of characters ("LIKE or GLOB pattern too
complex"): every search box must clean and cap its term (core.search) before it reaches a
query. The pages are found, not listed: every URL pattern without arguments is opened by the
first demo role that may open it, and every text box of a GET form on it gets a term of
60,000 characters. A small demo is seeded once for the module, so every searched table has
rows (SQLite only checks the pattern when it compares it with a row).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from pytest_django import DjangoDbBlocker

from arraigo.core.search import SEARCH_MAX_LENGTH, SearchField, search_term
from tests.site_walk import demo_clients, route_names

pytestmark = pytest.mark.django_db

LONG = "Ñandú " + "x" * 60_000
TEXT_TYPES = {"text", "search"}
# Pages with a search box today; more may come, none may go unnoticed.
AT_LEAST = 14


class _SearchBoxes(HTMLParser):
    """The names of the text boxes inside the GET forms of a page, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.links: list[str] = []
        self._in_get_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href", "").startswith("/"):
            self.links.append(values["href"])
        elif tag == "form":
            self._in_get_form = values.get("method", "get").lower() == "get"
        elif tag == "input" and self._in_get_form and self._text_box(values):
            self.names.append(values["name"])

    @staticmethod
    def _text_box(values: dict[str, str]) -> bool:
        return bool(values.get("name")) and values.get("type", "text").lower() in TEXT_TYPES

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_get_form = False


@pytest.fixture(scope="module")
def clients(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[list[Client]]:
    """A signed-in client per demo role, on a small demo rolled back after the module."""
    with demo_clients(
        django_db_blocker,
        households=40,
        seed=5,
        employers=15,
        vacancies=40,
        raise_request_exception=False,
    ) as signed_in:
        yield list(signed_in.values())


def _boxes(client: Client, url: str) -> _SearchBoxes | None:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    parser = _SearchBoxes()
    parser.feed(response.content.decode())
    return parser


def _route(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _search_pages(clients: list[Client]) -> dict[str, tuple[Client, list[str]]]:
    """Each list page with a search box, the first client that opens it, and its boxes.

    The pages without arguments, then one page per other URL pattern linked from them (the
    lists inside a household or a matching run)."""
    found = {}
    linked: dict[str, tuple[Client, str]] = {}
    for name in sorted(set(route_names(get_resolver().url_patterns, without_arguments=True))):
        url = reverse(name)
        for client in clients:
            if (page := _boxes(client, url)) is None:
                continue
            if page.names:
                found[url] = (client, sorted(set(page.names)))
            for link in page.links:
                route = _route(link)
                if route and not route.startswith("admin:"):
                    linked.setdefault(route, (client, urlsplit(link).path))
            break
    seen = {_route(url) for url in found}
    for route, (client, url) in sorted(linked.items()):
        if route in seen or not resolve(url).kwargs:
            continue
        if (page := _boxes(client, url)) is not None and page.names:
            found[url] = (client, sorted(set(page.names)))
    return found


def test_every_search_box_takes_a_60000_character_term(clients):
    pages = _search_pages(clients)

    answers = {
        f"{url}?{box}=…": client.get(url, {box: LONG}).status_code
        for url, (client, boxes) in pages.items()
        for box in boxes
    }

    assert len(pages) >= AT_LEAST, sorted(pages)
    assert {page: status for page, status in answers.items() if status != 200} == {}


def test_the_term_is_cleaned_and_capped_in_one_place():
    assert search_term("  Ana\x00 María\t\u200b López \n") == "Ana María López"
    assert search_term(LONG) == ("Ñandú " + "x" * 60_000)[:SEARCH_MAX_LENGTH]
    assert search_term(None) == ""


def test_the_search_field_cuts_rather_than_refuses():
    field = SearchField(label="Search")

    assert field.clean(LONG) == search_term(LONG)
    assert 'maxlength="100"' in str(field.widget.render("q", "", field.widget_attrs(field.widget)))

"""Property-based tests of what list pages read from the query string: search boxes, filters
and page numbers never make a page answer 500.

Paths covered: every URL pattern of the site that takes no argument and answers a GET, opened
by every demo role that may open it (found, not listed, as tests/core/test_long_search.py finds
them), with hostile values in the parameters the pages read: the search box `q`
(core/search.py `search_term` behind every `SearchField`), `page` (core/pagination.py
`paginate`), and the filters read by the filter forms and by hand (`status`, `city`, `round`,
`year`, `month`, `household`, `employer`, `kind`, `form`, `dimension`, `period_start`,
`date_from`, `date_to`, `to`, `all`, `awaiting`, `category`...). Hand-read ids were the weak
spot: `"²".isdigit()` is true and `int("²")` raises (relocation arrivals' `city`, the budget's
`month`, the hire page's and the feedback form's `household`), fixed with core/digits.py.

The ids posted by buttons on list pages (a departure's `plan`, a follow-up's `follow_up`) are
checked at the end: the same mistake, through a POST.

Property: the answer is 200, 302, 400, 403 or 404, never 500. (These are reads; nothing to
count.)
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoDbBlocker

from tests.site_walk import demo_clients, route_names

from .properties import NASTY_WORDS, nasty_text

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q", "page", "status", "city", "round", "year", "month", "household", "employer", "kind",
    "form", "dimension", "period_start", "date_from", "date_to", "to", "all", "awaiting",
    "category", "state", "office", "sector", "stage", "modality", "sort", "order", "next",
    "event", "user", "action", "model", "run", "channel", "tier", "subscriber", "sea",
]  # fmt: skip
FILES = {  # not pages: tests/core/test_form_pages.py NOT_WALKED says what they are
    "accounts:logout", "set_language", "accounts:audit_export", "relocation:manifest_csv",
    "relocation:ledger_csv", "relocation:ledger_xlsx", "monitoring:export_people",
    "monitoring:export_figures", "monitoring:results_download", "monitoring:xlsform",
    "healthz",
}  # fmt: skip
OK = {200, 302, 400, 403, 404, 405}


@pytest.fixture(scope="module")
def pages(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[list[tuple[Client, str]]]:
    """(a demo role's client, a page it opens), on a small demo rolled back after the module."""
    with (
        demo_clients(
            django_db_blocker,
            households=30,
            seed=11,
            employers=10,
            vacancies=20,
            raise_request_exception=False,
        ) as clients,
        django_db_blocker.unblock(),
    ):
        found = []
        for name in sorted(route_names(get_resolver().url_patterns, without_arguments=True)):
            if name in FILES or name.startswith("api:"):
                continue
            url = reverse(name)
            opened = 0
            for client in clients.values():  # two roles a page: the test stays quick
                if opened < 2 and client.get(url).status_code == 200:
                    found.append((client, url))
                    opened += 1
        yield found


def _query(params: dict[str, str]) -> str:
    return urlencode(params)


@st.composite
def queries(draw: st.DrawFn) -> dict[str, str]:
    names = draw(st.lists(st.sampled_from(PARAMETERS), min_size=1, max_size=4, unique=True))
    return {name: draw(nasty_text).replace("\x00", "") for name in names}


def test_the_module_opens_pages_with_search_boxes_and_filters(pages):
    urls = {url for _client, url in pages}
    assert len(urls) >= 40
    for url in ("/households/", "/relocation/arrivals/", "/jobs/placements/new/", "/feedback/new/"):
        assert url in urls


@settings(max_examples=200)
@given(index=st.integers(min_value=0), query=queries())
@example(index=0, query={"q": "%_%", "page": "-1"})
def test_no_page_answers_500_to_hostile_query_strings(pages, index, query):
    client, url = pages[index % len(pages)]
    response = client.get(f"{url}?{_query(query)}")
    assert response.status_code in OK, (url, query, response.status_code)


# Found by the property: each raised ValueError from int("²") (the page answered 500).
HAND_READ = [
    ("/relocation/arrivals/", "city"),
    ("/relocation/budget/", "month"),
    ("/jobs/placements/new/", "household"),
    ("/feedback/new/", "household"),
]


@pytest.mark.parametrize(("url", "name"), HAND_READ)
@pytest.mark.parametrize("value", ["²", "١٢", "9" * 5000, "99999999999999999999999"])
def test_a_hand_read_id_that_is_no_plain_number_is_ignored(pages, url, name, value):
    opened = [client for client, page in pages if page == url]
    assert opened, url
    for client in opened:
        response = client.get(f"{url}?{_query({name: value})}")
        assert response.status_code in {200, 404}, (url, name, value, response.status_code)


@pytest.mark.parametrize("value", [w for w in NASTY_WORDS if "\x00" not in w])
def test_every_nasty_word_as_a_search_term_on_the_households_list(pages, value):
    for client, url in pages:
        if url == "/households/":
            response = client.get(f"{url}?{_query({'q': value})}")
            assert response.status_code == 200, value

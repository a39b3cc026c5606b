"""Cursor pagination: a stable order, opaque cursors, and a fixed number of queries a page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.api.v1.pagination import Order, cursor_encode, cursor_page
from arraigo.registry.models import Household
from tests.accounts.factories import UserFactory
from tests.api import builders
from tests.api.conftest import caller_for
from tests.matching.factories import MatchingRunFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


def test_walking_the_pages_gives_every_row_once_in_order_even_with_equal_keys():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    same = timezone.now() - dt.timedelta(days=1)
    made = [household_with_head(registered_at=same) for _index in range(12)]
    made += [household_with_head() for _index in range(5)]
    expected = [h.pk for h in sorted(made, key=lambda h: (h.registered_at, h.pk), reverse=True)]
    seen: list[int] = []
    cursor = ""
    pages = 0
    while True:
        response = caller.get(f"/households?limit=5{'&cursor=' + cursor if cursor else ''}")
        assert response.status_code == 200
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        if body["next"] is None:
            break
        cursor = body["next"]
    assert seen == expected
    assert pages == 4


def test_a_row_added_meanwhile_does_not_shift_the_next_page():
    made = [household_with_head() for _index in range(4)]
    qs = Household.objects.all()
    order = Order("registered_at")
    first = cursor_page(qs, order, cursor=None, limit=2)
    household_with_head()  # newer: belongs before the first page
    second = cursor_page(qs, order, cursor=first.next, limit=2)
    assert [h.pk for h in first.rows + second.rows] == [h.pk for h in reversed(made)]
    assert second.next is None


def test_a_cursor_the_api_did_not_give_is_422_on_the_cursor():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    for cursor in ["nonsense", cursor_encode("not a date", 3), cursor_encode(None, 3)]:
        response = caller.get(f"/households?cursor={cursor}")
        assert response.status_code == 422, cursor
        assert response.json()["error"]["details"][0]["field"] == "cursor"


def test_the_limit_is_at_most_100():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    assert caller.get("/households?limit=100").status_code == 200
    assert caller.get("/households?limit=101").status_code == 422
    assert caller.get("/households?limit=0").status_code == 422


LISTS = [
    ("/households", builders.households),
    ("/vacancies", builders.vacancies),
    ("/placements", builders.placements),
    ("/referrals", builders.referrals),
    ("/matching/runs", builders.runs),
    ("/matching/runs/{run}/proposals", builders.proposals),
    ("/followups", builders.followups),
]


def _queries(caller, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = caller.get(path + "?limit=50")
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


@pytest.mark.parametrize(("path", "build"), LISTS, ids=[path for path, _b in LISTS])
def test_each_list_reads_as_many_queries_for_30_rows_as_for_2(path, build):
    user = UserFactory(role=Role.COORDINATOR)
    caller = caller_for(user)
    run = MatchingRunFactory()
    path = path.format(run=run.pk)
    caller.get("/tokens")  # the token's use is noted once a minute: not in what is counted
    build(2, user=user, run=run)
    few, rows = _queries(caller, path)
    assert rows == (3 if path == "/matching/runs" else 2)
    build(28, user=user, run=run)
    many, rows = _queries(caller, path)
    assert rows == (31 if path == "/matching/runs" else 30)
    assert many == few

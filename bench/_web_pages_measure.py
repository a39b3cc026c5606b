"""The requests of bench/web_pages.py, run inside a process whose Django is set up already.

Picks the users and the household from the seeded data, then times each page and counts its
queries. Returns plain data: {page key: {url, status, samples_ms, queries_min, queries_max}}.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from arraigo.accounts.models import Role, User
from arraigo.places.models import Office
from arraigo.registry.models import Household, Person
from arraigo.registry.selectors import households_visible_to

# The list page's query parameters; kept here so a rename in the view is a one-line change.
SEARCH_PARAM = "q"
FILTER_PARAM = "status"
FILTER_VALUE = "registered"
PAGE_PARAM = "page"


def _coordinator() -> User:
    user = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    if user is None:
        raise SystemExit("web_pages: the seeded data has no active coordinator.")
    return user


def _busiest_origin_caseworker() -> User:
    """The origin caseworker of the office with the most households (so page 5 exists)."""
    staffed = User.objects.filter(role=Role.ORIGIN_CASEWORKER, is_active=True).values("office")
    office = (
        Office.objects.filter(pk__in=staffed)
        .annotate(n=Count("households"))
        .order_by("-n", "pk")
        .first()
    )
    user = (
        User.objects.filter(role=Role.ORIGIN_CASEWORKER, is_active=True, office=office)
        .order_by("pk")
        .first()
    )
    if user is None:
        raise SystemExit("web_pages: the seeded data has no active origin caseworker.")
    return user


def _search_term(user: User) -> str:
    """A family name that occurs in the user's households: a search with real hits."""
    person = (
        Person.objects.filter(household__in=households_visible_to(user))
        .exclude(last_names="")
        .order_by("pk")
        .first()
    )
    return person.last_names.split()[0] if person is not None else "a"


def _pages_for(user: User) -> dict[str, str]:
    list_url = reverse("registry:household_list")
    visible = households_visible_to(user).order_by("pk")
    total = visible.count()
    middle: Household | None = visible[total // 2] if total else None
    pages = {
        "list": list_url,
        "search": f"{list_url}?{urlencode({SEARCH_PARAM: _search_term(user)})}",
        "filter": f"{list_url}?{urlencode({FILTER_PARAM: FILTER_VALUE})}",
        "page 5": f"{list_url}?{urlencode({PAGE_PARAM: 5})}",
    }
    if middle is not None:
        pages["household"] = reverse("registry:household_detail", args=[middle.pk])
    return pages


def _time_page(client: Client, url: str, repeats: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        client.get(url)
    samples: list[float] = []
    queries: list[int] = []
    status = 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        status = response.status_code
        if status != 200:
            return {"url": url, "status": status, "error": f"HTTP {status} for {url}"}
    return {
        "url": url,
        "status": status,
        "samples_ms": samples,
        "queries_min": min(queries),
        "queries_max": max(queries),
    }


def who(users: dict[str, User]) -> dict[str, dict[str, Any]]:
    """Who asked: each user's name, role and how many households they may see."""
    return {
        label: {
            "username": user.username,
            "role": user.role,
            "visible_households": households_visible_to(user).count(),
        }
        for label, user in users.items()
    }


def bench_users() -> dict[str, User]:
    return {"coordinator": _coordinator(), "caseworker": _busiest_origin_caseworker()}


def measure_pages(
    *, users: dict[str, User], repeats: int, warmup: int
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        try:
            pages = _pages_for(user)
        except NoReverseMatch as exc:
            raise SystemExit(f"web_pages: the household pages are not there yet ({exc}).") from exc
        for page, url in pages.items():
            results[f"{label}: {page}"] = _time_page(client, url, repeats, warmup)
    return results

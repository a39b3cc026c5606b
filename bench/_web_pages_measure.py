"""The requests of bench/web_pages.py, run inside a process whose Django is set up already.

Picks one user per role and the household, case code and run to ask for from the seeded
data, then times each page and counts its queries. Returns plain data: {page key: {url,
status, samples_ms, queries_min, queries_max}}.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role, User
from arraigo.api.services import token_create
from arraigo.matching.models import MatchingRun
from arraigo.places.models import City, Office
from arraigo.registry.models import Household, HouseholdStatus, Modality, Person
from arraigo.registry.selectors import households_visible_to

# The list page's query parameters; kept here so a rename in the view is a one-line change.
SEARCH_PARAM = "q"
FILTER_PARAM = "status"
FILTER_VALUE = "registered"
PAGE_PARAM = "page"


def _first(role: str, **scope: Any) -> User | None:
    return User.objects.filter(role=role, is_active=True, **scope).order_by("pk").first()


def _busiest_origin_caseworker() -> User | None:
    """The origin caseworker of the office with the most households (so page 5 exists)."""
    staffed = User.objects.filter(role=Role.ORIGIN_CASEWORKER, is_active=True).values("office")
    office = (
        Office.objects.filter(pk__in=staffed)
        .annotate(n=Count("households"))
        .order_by("-n", "pk")
        .first()
    )
    return _first(Role.ORIGIN_CASEWORKER, office=office)


def _busiest_host_caseworker() -> User | None:
    """The host caseworker of the city with the most households placed there."""
    staffed = User.objects.filter(role=Role.HOST_CASEWORKER, is_active=True).values("city")
    city = (
        City.objects.filter(pk__in=staffed)
        .annotate(n=Count("relocation_plans"))
        .order_by("-n", "pk")
        .first()
    )
    return _first(Role.HOST_CASEWORKER, city=city)


def bench_users() -> dict[str, User]:
    """One user per role (the busiest office and city for the caseworkers)."""
    found: dict[str, User | None] = {
        "coordinator": _first(Role.COORDINATOR),
        "origin caseworker": _busiest_origin_caseworker(),
        "host caseworker": _busiest_host_caseworker(),
        "M&E officer": _first(Role.ME_OFFICER),
        "liaison": _first(Role.EMPLOYER_LIAISON),
        "employer": _first(Role.EMPLOYER),
        "partner": _first(Role.SERVICE_PARTNER),
        "auditor": _first(Role.AUDITOR),
    }
    missing = [label for label, user in found.items() if user is None]
    if missing:
        raise SystemExit(f"web_pages: the seeded data has no active {', '.join(missing)}.")
    return {label: user for label, user in found.items() if user is not None}


def _middle_household(user: User) -> Household | None:
    """The middle household (by id) of those the user sees at one stage of the journey, so
    that both sizes open a case page of the same shape: a relocated household being
    accompanied (its trip, plan and jobs sections), not flagged as a possible duplicate. A
    page's sections depend on the stage and modality, and so does its number of queries."""
    visible = households_visible_to(user)
    alike = visible.filter(
        status=HouseholdStatus.INTEGRATING,
        modality=Modality.RELOCATION,
        has_open_duplicate=False,
    ).order_by("pk")
    if not alike.exists():
        alike = visible.order_by("pk")
    total = alike.count()
    return alike[total // 2] if total else None


def _search_term(user: User) -> str:
    """A family name that occurs in the user's households: a search with real hits."""
    person = (
        Person.objects.filter(household__in=households_visible_to(user))
        .exclude(last_names="")
        .order_by("pk")
        .first()
    )
    return person.last_names.split()[0] if person is not None else "a"


def _household_pages(user: User) -> dict[str, str]:
    list_url = reverse("registry:household_list")
    pages = {
        "list": list_url,
        "search by name": f"{list_url}?{urlencode({SEARCH_PARAM: _search_term(user)})}",
        "filter": f"{list_url}?{urlencode({FILTER_PARAM: FILTER_VALUE})}",
        "page 5": f"{list_url}?{urlencode({PAGE_PARAM: 5})}",
    }
    middle = _middle_household(user)
    if middle is not None:
        pages["search by case code"] = f"{list_url}?{urlencode({SEARCH_PARAM: middle.code})}"
        pages["household"] = reverse("registry:household_detail", args=[middle.pk])
    return pages


def _run_page() -> dict[str, str]:
    run = MatchingRun.objects.filter(status="done").order_by("-pk").first()
    return {"matching run": reverse("matching:run_detail", args=[run.pk])} if run else {}


def _url(name: str) -> str:
    return reverse(name)


API = "/api/v1"
_clients: dict[int, Client] = {}


def client_for(user: User) -> Client:
    """A client signed in as `user` for the pages, and carrying a token of theirs for the
    API (each user's one token, made on first use)."""
    if user.pk not in _clients:
        secret = token_create(actor=user, name="bench").secret
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        client.force_login(user)
        _clients[user.pk] = client
    return _clients[user.pk]


def _api_list(user: User, path: str, page: int = 1) -> str:
    """The URL of the `page`th page of an API list, following the cursors of the pages
    before it (the first page's URL when the list is shorter)."""
    url = f"{API}{path}"
    for _ in range(page - 1):
        following = client_for(user).get(url).json().get("next")
        if not following:
            break
        url = f"{API}{path}?{urlencode({'cursor': following})}"
    return url


def _api_households(user: User) -> dict[str, str]:
    return {
        "API households": _api_list(user, "/households"),
        "API households, page 5": _api_list(user, "/households", 5),
    }


PAGES: dict[str, Callable[[User], dict[str, str]]] = {
    "coordinator": lambda user: {
        "dashboard": _url("home:dashboard"),
        **_household_pages(user),
        "work list": _url("casework:work_list"),
        "workload": _url("casework:workload"),
        "relocation list": _url("relocation:plan_list"),
        "turnover": _url("jobs:turnover"),
        "feedback": _url("feedback:feedback_list"),
        "referrals": _url("referrals:referral_list"),
        "results report": _url("monitoring:results"),
        **_run_page(),
        "background jobs": _url("background:task_list"),
        **_api_households(user),
        "API referrals": _api_list(user, "/referrals"),
    },
    "origin caseworker": lambda user: {
        "dashboard": _url("home:dashboard"),
        **_household_pages(user),
        "work list": _url("casework:work_list"),
        **_api_households(user),
    },
    "host caseworker": lambda user: {
        "dashboard": _url("home:dashboard"),
        "work list": _url("casework:work_list"),
        "relocation list": _url("relocation:plan_list"),
        "referrals": _url("referrals:referral_list"),
    },
    "M&E officer": lambda user: {
        "dashboard": _url("home:dashboard"),
        "results report": _url("monitoring:results"),
        "API households": _api_list(user, "/households"),
    },
    "liaison": lambda user: {
        "dashboard": _url("home:dashboard"),
        "turnover": _url("jobs:turnover"),
    },
    "employer": lambda user: {
        "dashboard": _url("home:dashboard"),
        "API vacancies": _api_list(user, "/vacancies"),
    },
    "partner": lambda user: {
        "dashboard": _url("home:dashboard"),
        "referrals": _url("referrals:referral_list"),
        "API referrals": _api_list(user, "/referrals"),
    },
    "auditor": lambda user: {"dashboard": _url("home:dashboard")},
}


class _QueryCounter:
    """Counts the queries a request runs, and keeps nothing else: Django's query log
    (CaptureQueriesContext) formats and keeps every query's SQL, which added to each
    request's time and, kept by the thousand, to every full garbage collection's."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


def _time_page(client: Client, url: str, repeats: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        client.get(url, follow=True)
    samples: list[float] = []
    queries: list[int] = []
    status = 0
    for _ in range(repeats):
        counted = _QueryCounter()
        with connection.execute_wrapper(counted):
            started = time.perf_counter()
            response = client.get(url, follow=True)
            samples.append((time.perf_counter() - started) * 1000)
        queries.append(counted.n)
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


def warm_pages(*, users: dict[str, User], only: str = "") -> None:
    """Requests every page once, as a web process's first requests would (its templates
    compiled and its caches filled before deploy/gunicorn.conf.py freezes them)."""
    for label, user in users.items():
        client = client_for(user)
        for page, url in PAGES[label](user).items():
            if not only or only in f"{label}: {page}":
                client.get(url, follow=True)


def measure_pages(
    *, users: dict[str, User], repeats: int, warmup: int, only: str = ""
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for label, user in users.items():
        client = client_for(user)
        for page, url in PAGES[label](user).items():
            key = f"{label}: {page}"
            if only and only not in key:
                continue
            results[key] = _time_page(client, url, repeats, warmup)
    return results

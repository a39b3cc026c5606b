"""Refused attempts go on the audit trail with the user, on the web and the API, and are
logged without a traceback (accounts.middleware, api.v1.errors).

A 403, raised or rendered by the view, and a 404 for a case out of the user's scope are
recorded; a 404 for an id that does not exist answers exactly as one out of scope (the user
cannot tell them apart) and is recorded the same way; a mistyped address is not recorded, nor
is anything done signed out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from arraigo.accounts.models import Role
from arraigo.accounts.roles import roles_sync
from arraigo.api.services import token_create
from tests.accounts.scope_world import ScopeWorld, scope_world

pytestmark = pytest.mark.django_db

ABSENT = 999_999


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[ScopeWorld]:
    with django_db_blocker.unblock(), transaction.atomic():
        roles_sync()
        yield scope_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _roles() -> None:
    """Overrides the per-test roles_sync (tests/conftest.py): the module's world synced them."""


@pytest.fixture(autouse=True)
def _fresh_rate_windows() -> None:
    cache.clear()


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record of every logger, down to DEBUG (django.request and the root among them)."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.request")
    return caplog


def _as(world: ScopeWorld, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _api(world: ScopeWorld, role: str) -> dict[str, str]:
    secret = token_create(actor=world.users[role], name="refusals").secret
    return {"Authorization": f"Bearer {secret}"}


def _refusals() -> list[tuple[Any, int, str, str]]:
    return [
        (
            entry.actor,
            entry.additional_data["status"],
            entry.additional_data["path"],
            entry.additional_data.get("via", "web"),
        )
        for entry in LogEntry.objects.filter(additional_data__event="refused").order_by("pk")
    ]


def _page(response: Any, path: str) -> str:
    """The page, its form's CSRF token (masked anew on every answer) and its own address (the
    language form's way back) left out."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())
    return page.replace(path, "")


def _tracebacks(logs: pytest.LogCaptureFixture) -> list[str]:
    return [f"{record.name}: {record.getMessage()}" for record in logs.records if record.exc_info]


def test_a_raised_403_is_recorded_with_the_user_and_logged_without_a_traceback(world, logs):
    # Given an origin caseworker, who may not approve an eligibility exception
    origin = world.users[Role.ORIGIN_CASEWORKER]
    path = f"/households/{world.ours.household.pk}/eligibility/approve/"
    # When they post the approval on a household of their own office
    response = _as(world, Role.ORIGIN_CASEWORKER).post(path)
    # Then they are refused, the trail says who and where, and no traceback is logged
    assert response.status_code == 403
    assert _refusals() == [(origin, 403, path, "web")]
    assert _tracebacks(logs) == []
    warnings = [r.getMessage() for r in logs.records if r.name == "django.request"]
    assert warnings == [f"Forbidden: {path}"]


def test_a_refusal_page_rendered_by_the_view_is_recorded_too(world, logs):
    # Given an auditor, who reads households but changes none
    auditor = world.users[Role.AUDITOR]
    path = f"/households/{world.ours.household.pk}/edit/"
    # When they open a household's edit page (the case views answer with their refusal page)
    response = _as(world, Role.AUDITOR).get(path)
    # Then it is refused and recorded once
    assert response.status_code == 403
    assert _refusals() == [(auditor, 403, path, "web")]
    assert _tracebacks(logs) == []


def test_a_case_out_of_scope_and_an_absent_one_answer_alike_and_are_both_recorded(world, logs):
    # Given an origin caseworker of office A
    origin = world.users[Role.ORIGIN_CASEWORKER]
    client = _as(world, Role.ORIGIN_CASEWORKER)
    theirs = f"/households/{world.theirs.household.pk}/"
    absent = f"/households/{ABSENT}/"
    # When they open office B's household, then an id that does not exist
    out_of_scope = client.get(theirs)
    missing = client.get(absent)
    # Then both are 404 with the same page, and both are on the trail with the user
    assert (out_of_scope.status_code, missing.status_code) == (404, 404)
    assert _page(out_of_scope, theirs) == _page(missing, absent)
    assert _refusals() == [(origin, 404, theirs, "web"), (origin, 404, absent, "web")]
    assert _tracebacks(logs) == []


def test_their_own_case_and_a_mistyped_address_leave_no_refusal(world, logs):
    client = _as(world, Role.ORIGIN_CASEWORKER)
    assert client.get(f"/households/{world.ours.household.pk}/").status_code == 200
    assert client.get("/households/no-such-page/").status_code == 404
    assert _refusals() == []
    assert _tracebacks(logs) == []


def test_nothing_is_recorded_signed_out(world, logs):
    client = Client()
    response = client.post(f"/households/{world.ours.household.pk}/eligibility/approve/")
    assert response.status_code == 302  # to the sign-in page
    assert client.get(f"/api/v1/households/{world.ours.household.pk}").status_code == 401
    assert _refusals() == []
    assert _tracebacks(logs) == []


def test_api_refusals_are_recorded_with_the_token_s_owner(world, logs):
    # Given an origin caseworker's token
    origin = world.users[Role.ORIGIN_CASEWORKER]
    client, headers = Client(), _api(world, Role.ORIGIN_CASEWORKER)
    theirs = f"/api/v1/households/{world.theirs.household.pk}"
    absent = f"/api/v1/households/{ABSENT}"
    body = {"title": "Welder", "occupation_code": "8211", "seats": 1, "monthly_wage_mxn": "9000"}
    # When it reads office B's household, an absent one, and posts a vacancy (not its role's)
    out_of_scope = client.get(theirs, headers=headers)
    missing = client.get(absent, headers=headers)
    posted = client.post(
        "/api/v1/vacancies", body, content_type="application/json", headers=headers
    )
    # Then 404, 404 alike, and 403; each on the trail once, marked as the API's
    assert (out_of_scope.status_code, missing.status_code, posted.status_code) == (404, 404, 403)
    assert out_of_scope.json() == missing.json()
    assert _refusals() == [
        (origin, 404, theirs, "api"),
        (origin, 404, absent, "api"),
        (origin, 403, "/api/v1/vacancies", "api"),
    ]
    assert _tracebacks(logs) == []


def test_a_refused_write_writes_nothing_but_the_refusal(world):
    # Given a host-city caseworker of city X and office B's household (out of their scope)
    household = world.theirs.household
    before = LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count()
    # When they post a change to it
    response = _as(world, Role.HOST_CASEWORKER).post(
        f"/households/{household.pk}/edit/", {"notes": "changed"}
    )
    # Then it is not found, nothing changed, and the attempt is recorded
    assert response.status_code == 404
    assert LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count() == before
    household.refresh_from_db()
    assert [status for _actor, status, _path, _via in _refusals()] == [404]

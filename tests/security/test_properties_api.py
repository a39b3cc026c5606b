"""Property-based tests of the REST API's writes (api/v1/): whatever the body, a 2xx or a 4xx
in the error shape, never 500, and a refused write changes nothing.

tests/api/test_openapi.py already runs schemathesis over every operation (bodies drawn from the
schema, answers checked against it). It does not look at the database. These tests draw bodies
schemathesis does not: a valid body with one to three fields given hostile values (wrong
types, huge or non-finite numbers, NUL and other controls, right-to-left and zero-width text,
dates that do not exist), and bodies that are not JSON at all; and they check what is stored.

Paths covered (each through its pydantic schema in api/v1, then the service):
- POST /vacancies and PUT /vacancies/{id}: `VacancyIn` (api/v1/jobs.py), jobs.services
  `vacancy_create` / `vacancy_update`.
- POST /matching/runs: `RunIn` (api/v1/matching.py), matching.services `matching_run_create`.
- POST /referrals/{id}/decline and /complete: `DeclineIn`, `CompleteIn` (api/v1/referrals.py),
  referrals.services.
- `?cursor=` of every list (api/v1/pagination.py `cursor_decode`): base64 of any JSON pair.

Properties: the answer is 2xx, or 4xx with the error shape (`error.code`); a 4xx leaves every
table's row count and the changed record as they were (a refused 403/404 may add its audit
entry); a 2xx reads back what was sent, normalised (a vacancy's fields, a run's period).
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.forms.models import model_to_dict
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from arraigo.accounts.models import Role
from arraigo.api.v1.common import Date
from arraigo.jobs.models import Vacancy
from arraigo.matching import queue
from arraigo.referrals.models import Referral
from tests.accounts.factories import UserFactory
from tests.api.builders import referrals
from tests.api.conftest import API, caller_for
from tests.jobs.factories import EmployerFactory, OccupationFactory, SkillFactory, VacancyFactory
from tests.matching.factories import MatchingRunFactory

from .properties import changed_tables, nasty_text, rolled_back, table_counts

pytestmark = pytest.mark.django_db

# What a refused call may leave: the audit entry of a refusal (403, 404), nothing else.
REFUSAL_AUDIT = {"auditlog_logentry", "accounts_auditevent"}

HOSTILE = st.one_of(
    nasty_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.sampled_from(["1e999", "-0", "0.001", "12345678901.99", "NaN", "Infinity", "2026-02-30"]),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-13-01", "2026-01-01T00:00:00Z"]),
    st.lists(nasty_text, max_size=3),
    st.dictionaries(nasty_text, nasty_text, max_size=2),
)


@pytest.fixture
def api(settings):
    settings.ARRAIGO_API_RATE = "1000000/min"
    cache.clear()


def _mutated(draw: st.DrawFn, body: dict, names: list[str]) -> dict:
    changed = dict(body)
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)):
        if draw(st.integers(0, 5)) == 0:
            changed.pop(name, None)
        else:
            changed[name] = draw(HOSTILE)
    return changed


def _dumps(body: object) -> str:
    # NaN and Infinity as JSON5-ish tokens: what a careless client sends
    return json.dumps(body, allow_nan=True)


def _send(caller, method: str, path: str, body: object):
    call = getattr(caller.client, method)
    data = body if isinstance(body, str | bytes) else _dumps(body)
    return call(
        API + path,
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {caller.token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _refused(response, before: dict[str, int], after: dict[str, int]) -> None:
    assert 400 <= response.status_code < 500, response.content
    assert "error" in response.json() and response.json()["error"]["code"]
    changed = changed_tables(before, after)
    if response.status_code in (403, 404):
        assert set(changed) <= REFUSAL_AUDIT, changed
    else:
        assert changed == {}, changed


# --- vacancies ---------------------------------------------------------------------------------

VACANCY_FIELDS = [
    "employer_id", "city_id", "title", "site", "occupation_code", "seats", "monthly_wage_mxn",
    "min_education", "min_experience_years", "skill_codes", "shift", "physical_demands",
    "min_spanish_level", "benefit_transport", "benefit_daycare", "benefit_training",
    "other_benefits", "start_date",
]  # fmt: skip


@pytest.fixture
def jobs_world(api):
    OccupationFactory(isco_code="8211")
    SkillFactory(code="forklift")
    employer = EmployerFactory()
    caller = caller_for(UserFactory(role=Role.EMPLOYER_LIAISON))
    vacancy = VacancyFactory(employer=employer, occupation__isco_code="8211")
    return {"caller": caller, "employer": employer, "vacancy": vacancy}


def _vacancy_body(employer_id: int) -> dict:
    return {
        "employer_id": employer_id,
        "title": "Operadora de línea",
        "site": "Planta 2",
        "occupation_code": "8211",
        "seats": 4,
        "monthly_wage_mxn": "10500.00",
        "skill_codes": ["forklift"],
        "other_benefits": "Comedor",
    }


def _reads_back(sent: dict, stored: dict) -> None:
    """A vacancy as the API answered it, against the body sent (after the schema's coercion)."""
    for name in ("title", "site", "other_benefits"):
        if isinstance(sent.get(name), str):
            assert stored[name] == sent[name].strip() or stored[name] == sent[name], name
    if isinstance(sent.get("seats"), int) and not isinstance(sent["seats"], bool):
        assert stored["seats"] == sent["seats"]
    if isinstance(sent.get("skill_codes"), list):
        assert stored["skills"] == sorted(set(sent["skill_codes"]))


@settings(max_examples=60)
@given(data=st.data())
@example(data=None)
def test_posting_a_vacancy_creates_it_as_sent_or_refuses_it_leaving_nothing(jobs_world, data):
    body = _vacancy_body(jobs_world["employer"].pk)
    if data is not None:
        body = _mutated(data.draw, body, VACANCY_FIELDS)
    with rolled_back():
        before = table_counts()
        response = _send(jobs_world["caller"], "post", "/vacancies", body)
        after = table_counts()
        event(str(response.status_code))
        if response.status_code == 201:
            assert changed_tables(before, after)["jobs_vacancy"] == 1
            _reads_back(body, response.json())
            stored = _send(jobs_world["caller"], "get", f"/vacancies/{response.json()['id']}", "")
            assert stored.json() == response.json()
        else:
            _refused(response, before, after)


@settings(max_examples=40)
@given(data=st.data())
def test_changing_a_vacancy_changes_it_as_sent_or_leaves_it_as_it_was(jobs_world, data):
    vacancy = jobs_world["vacancy"]
    body = _mutated(data.draw, _vacancy_body(jobs_world["employer"].pk), VACANCY_FIELDS)
    with rolled_back():
        was = model_to_dict(Vacancy.objects.get(pk=vacancy.pk))
        before = table_counts()
        response = _send(jobs_world["caller"], "put", f"/vacancies/{vacancy.pk}", body)
        after = table_counts()
        event(str(response.status_code))
        if response.status_code == 200:
            _reads_back(body, response.json())
        else:
            _refused(response, before, after)
            assert model_to_dict(Vacancy.objects.get(pk=vacancy.pk)) == was


@settings(max_examples=20)
@given(
    raw=st.one_of(
        st.binary(max_size=100),
        st.text(max_size=100),
        st.just("[" * 50_000 + "]" * 50_000),
        st.just('{"title": "' + "x" * 200_000 + '"}'),
        st.just('{"seats": ' + "9" * 5000 + "}"),
    )
)
def test_a_body_that_is_not_a_vacancy_is_refused_with_the_error_shape(jobs_world, raw):
    with rolled_back():
        before = table_counts()
        response = _send(jobs_world["caller"], "post", "/vacancies", raw)
        _refused(response, before, table_counts())


# --- matching runs ------------------------------------------------------------------------------

RUN_FIELDS = [
    "period_start", "period_end", "objective", "preference_weight", "specific_needs_floor",
    "time_limit",
]  # fmt: skip


@settings(max_examples=40)
@given(data=st.data())
@example(data=None)
def test_starting_a_run_queues_it_as_asked_or_refuses_it_leaving_nothing(api, monkeypatch, data):
    monkeypatch.setattr(queue, "_queues", [lambda run_id: None])  # queued, not solved here
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    body = {"period_start": "2026-01-01", "period_end": "2026-12-31", "time_limit": 5}
    if data is not None:
        body = _mutated(data.draw, body, RUN_FIELDS)
    with rolled_back():
        before = table_counts()
        response = _send(caller, "post", "/matching/runs", body)
        after = table_counts()
        event(str(response.status_code))
        if response.status_code == 202:
            assert changed_tables(before, after)["matching_matchingrun"] == 1
            run = response.json()
            # as the schema reads it: a date written as one, never a number read as Unix time
            assert not isinstance(body["period_start"], bool | int | float)
            sent = TypeAdapter(Date).validate_python(body["period_start"])
            assert run["period_start"] == sent.isoformat()
        else:
            _refused(response, before, after)


# --- referrals answered by a service partner ---------------------------------------------------


@pytest.fixture
def partner_world(api):
    partner = UserFactory(role=Role.SERVICE_PARTNER)
    referrals(2, user=UserFactory(role=Role.COORDINATOR))
    Referral.objects.update(provider=partner.provider)
    first, second = Referral.objects.order_by("pk")
    caller = caller_for(partner)
    assert _send(caller, "post", f"/referrals/{first.pk}/accept", "").status_code == 200
    return {"caller": caller, "accepted": first, "sent": second}


@settings(max_examples=40)
@given(
    action=st.sampled_from(["decline", "complete"]),
    body=st.one_of(
        st.dictionaries(st.sampled_from(["reason", "outcome_note", "x"]), HOSTILE, max_size=2),
        HOSTILE,
    ),
)
@example(action="decline", body={"reason": "Sin cupo"})
@example(action="complete", body={"outcome_note": "Inscrita \u202e"})
def test_answering_a_referral_stores_the_text_or_leaves_it_as_it_was(partner_world, action, body):
    referral = partner_world["sent" if action == "decline" else "accepted"]
    with rolled_back():
        was = model_to_dict(Referral.objects.get(pk=referral.pk))
        before = table_counts()
        response = _send(
            partner_world["caller"], "post", f"/referrals/{referral.pk}/{action}", body
        )
        after = table_counts()
        event(f"{action} {response.status_code}")
        if response.status_code == 200:
            field = "reason" if action == "decline" else "outcome_note"
            stored = "decline_reason" if action == "decline" else "outcome_note"
            assert response.json()[stored] == Referral.objects.get(pk=referral.pk).__dict__[stored]
            assert (
                body[field].strip() in response.json()[stored]
                or body[field] == response.json()[stored]
            )
        else:
            _refused(response, before, after)
            assert model_to_dict(Referral.objects.get(pk=referral.pk)) == was


# --- list cursors -------------------------------------------------------------------------------

CURSOR_PARTS = st.one_of(
    HOSTILE,
    st.sampled_from(
        ["2026-01-01T00:00:00", "2026-01-01", "HH-\u0000A", "\ud800", "TAP-2026-00001"]
    ),
    st.integers(min_value=-(2**80), max_value=2**80),
)


def _cursor(raw: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@settings(max_examples=60)
@given(
    path=st.sampled_from(
        [
            "/households",
            "/vacancies",
            "/matching/runs",
            "/referrals",
            "/matching/runs/{run}/proposals",
        ]
    ),
    key=CURSOR_PARTS,
    pk=CURSOR_PARTS,
)
@example(path="/vacancies", key="2026-01-01T00:00:00", pk=2**70)
@example(path="/households", key="\ud800", pk=1)
@example(path="/households", key="2026-\u00001-01", pk=1)
# found: a text key with NUL (PostgreSQL) or an unpaired surrogate (SQLite) answered 500
@example(path="/matching/runs/{run}/proposals", key="HH-\u0000A", pk=1)
@example(path="/matching/runs/{run}/proposals", key="\ud800", pk=1)
def test_a_forged_cursor_is_refused_never_a_500(api, path, key, pk):
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    path = path.format(run=MatchingRunFactory().pk)
    raw = json.dumps([key, pk], allow_nan=True).encode()
    with rolled_back():
        before = table_counts()
        response = caller.client.get(
            f"{API}{path}",
            {"cursor": _cursor(raw)[:200]},
            HTTP_AUTHORIZATION=f"Bearer {caller.token}",
        )
        assert response.status_code in (200, 422), response.content
        assert set(changed_tables(before, table_counts())) <= REFUSAL_AUDIT

"""The OpenAPI document validates, and schemathesis finds no server error and no answer that
breaks its schema, over every operation, with a coordinator's token over demo-like data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import jsonschema_rs
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from schemathesis import Case
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from arraigo.accounts.models import Role
from arraigo.api.services import token_create
from arraigo.matching import queue
from arraigo.registry.models import Consent, ConsentPurpose, EligibilityDecision
from arraigo.wsgi import application
from tests.accounts.scope_world import ScopeWorld, scope_world
from tests.matching.factories import ProposalFactory
from tests.monitoring.factories import FollowUpAnswerFactory
from tests.registry.factories import IdentityDocumentFactory

pytestmark = pytest.mark.django_db

SCHEMA_PATH = "/api/v1/openapi.json"
EXAMPLES = 10  # per operation and way of choosing its ids: the run stays well under a minute
# A coordinator revoking their own token would close the rest of the run to them.
SKIPPED = {("DELETE", "/api/v1/tokens/{token_id}")}


def _document() -> dict:
    response = Client().get(SCHEMA_PATH)
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_validates():
    document = _document()
    assert document["openapi"] == "3.1.0"
    errors = [error.message for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert errors == []
    for name, schema in document["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), name
    operations = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    assert len(operations) == 24
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_browsable_docs_render_from_local_files():
    page = Client().get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/ninja/swagger-ui-bundle" in html
    assert "cdn." not in html and "unpkg" not in html


def _demo_like_data() -> ScopeWorld:
    """Two of every record of the scope matrix, and a case's documents, eligibility, consent,
    follow-up answers and a run's proposals."""
    world = scope_world()
    for side in (world.ours, world.theirs):
        household = side.household
        head = household.members.order_by("member_no").first()
        IdentityDocumentFactory(person=head)
        EligibilityDecision.objects.create(
            household=household,
            outcome="eligible",
            ruleset="mx_pil/1",
            results=[{"rule": "curp", "label": "CURP", "result": "met", "reason": ""}],
            decided_at=timezone.now(),
        )
        Consent.objects.create(
            household=household,
            purpose=ConsentPurpose.EMPLOYERS,
            given=True,
            recorded_at=timezone.now(),
        )
        FollowUpAnswerFactory(
            person=head, date=dt.date(2026, 6, 1), works=True, income=Decimal("5200.50")
        )
        ProposalFactory(run=side.records["run"], household=household, city=side.city)
    return world


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """Calls through the WSGI application keep the test's database connection, as Django's
    test client does: a request would close a connection inside a transaction (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept")
def test_schemathesis_finds_no_server_error_and_no_answer_off_its_schema(settings, monkeypatch):
    settings.ARRAIGO_API_RATE = "1000000/min"
    # runs started by the fuzzer are queued, not solved in the request (the tests' default)
    monkeypatch.setattr(queue, "_queues", [lambda run_id: None])
    world = _demo_like_data()
    records = world.ours.records
    known = {  # each path parameter, once generated and once a record that exists
        "household_id": world.ours.household.pk,
        "vacancy_id": records["vacancy"].pk,
        "placement_id": records["placement"].pk,
        "referral_id": records["referral"].pk,
        "run_id": records["run"].pk,
    }
    coordinator = world.users[Role.COORDINATOR]
    token = token_create(actor=coordinator, name="schemathesis").secret
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    failures: list[str] = []
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        tried += 1
        names = re.findall(r"{(\w+)}", operation.path)
        strategies = [operation.as_strategy()]
        if names:
            fixed = {name: known[name] for name in names}
            strategies.append(operation.as_strategy(path_parameters=fixed))
        for strategy in strategies:

            @given(case=strategy)
            @examples(
                max_examples=EXAMPLES,
                derandomize=True,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Case) -> None:
                response = case.call(headers=headers)
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )

            try:
                run()
            except Exception as exc:  # gathered: one report for every operation
                failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert tried == 23
    assert failures == []

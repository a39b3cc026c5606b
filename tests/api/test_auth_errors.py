"""Bearer tokens only, and every error in one shape, in the caller's language."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.api.models import ApiToken
from arraigo.api.services import token_revoke
from tests.accounts.factories import UserFactory
from tests.api.conftest import API, caller_for
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


def _error(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_no_token_is_401_in_the_error_shape_in_spanish_by_default():
    response = Client().get(f"{API}/households")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    error = _error(response)
    assert error["code"] == "unauthenticated"
    assert error["message"].startswith("Envíe un token válido")
    assert response["Content-Language"] == "es"


def test_the_message_follows_accept_language():
    response = Client().get(f"{API}/households", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _error(response)["message"] == ("Send a valid API token: Authorization: Bearer <token>.")
    assert response["Content-Language"] == "en"
    unknown = Client().get(f"{API}/households", HTTP_ACCEPT_LANGUAGE="de, fr;q=0.5")
    assert unknown["Content-Language"] == "es"


def test_a_signed_in_browser_session_does_not_open_the_api():
    client = Client()
    client.force_login(UserFactory(role=Role.COORDINATOR))
    assert client.get(f"{API}/households").status_code == 401


def test_an_unknown_token_is_401():
    response = Client().get(
        f"{API}/households", HTTP_AUTHORIZATION="Bearer arr_000000000000_nothing"
    )
    assert response.status_code == 401
    assert _error(response)["code"] == "unauthenticated"


def test_an_expired_token_is_401_saying_so():
    caller = caller_for(UserFactory())
    ApiToken.objects.update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    response = caller.get("/households")
    assert response.status_code == 401
    assert _error(response)["code"] == "token_expired"


def test_a_revoked_token_is_401_saying_so():
    caller = caller_for(UserFactory())
    token_revoke(actor=caller.user, token=ApiToken.objects.get())
    response = caller.get("/households", language="es")
    assert response.status_code == 401
    error = _error(response)
    assert error["code"] == "token_revoked"
    assert error["message"] == "Este token fue revocado."


def test_a_valid_token_acts_as_its_owner_and_notes_its_use():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    household_with_head()
    response = caller.get("/households")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    assert ApiToken.objects.get().last_used_at is not None


def test_an_object_that_is_not_there_is_404_in_the_error_shape():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    response = caller.get("/households/999999")
    assert response.status_code == 404
    assert _error(response) == {"code": "not_found", "message": "Not found.", "details": []}


def test_an_address_that_is_not_in_the_api_is_404_in_the_error_shape():
    response = Client().get(f"{API}/nowhere/at/all", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_missing_permission_on_a_whole_resource_is_403():
    caller = caller_for(UserFactory(role=Role.SERVICE_PARTNER))
    response = caller.get("/households")
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"


def test_invalid_input_is_422_with_each_field():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    response = caller.get("/households?limit=500&status=nowhere")
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "validation"
    assert error["message"] == "Some values are not valid."
    assert {detail["field"] for detail in error["details"]} == {"limit", "status"}


def test_a_service_refusal_is_422_with_its_fields_in_the_callers_language():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    response = caller.send(
        "post",
        "/matching/runs",
        {"period_start": "2026-12-31", "period_end": "2026-01-01"},
        language="es",
    )
    assert response.status_code == 422
    error = _error(response)
    assert error["details"] == [
        {"field": "period_end", "message": "El periodo debe terminar después de su inicio."}
    ]


def test_a_server_error_is_500_in_the_error_shape(monkeypatch):
    caller = caller_for(UserFactory(role=Role.COORDINATOR))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("arraigo.api.v1.households.household_list_keys", broken)
    response = caller.get("/households")
    assert response.status_code == 500
    assert _error(response) == {
        "code": "server_error",
        "message": "Something went wrong on our side.",
        "details": [],
    }


def test_a_body_that_is_not_json_is_400_in_the_error_shape():
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    response = caller.client.post(
        f"{API}/matching/runs",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {caller.token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "bad_request"


def test_a_method_an_address_does_not_take_is_405_in_the_error_shape():
    response = Client().delete(f"{API}/households", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert _error(response) == {
        "code": "method_not_allowed",
        "message": "This address does not take DELETE.",
        "details": [],
    }


def test_the_405_speaks_spanish_by_default():
    response = Client().put(f"{API}/households")
    assert _error(response)["message"] == "Esta dirección no admite PUT."

"""Structured logs: one JSON object per line with the request's id and the user's id; each
request gets an id (a safe one from the proxy is kept) and one access line whose path leaves
out the query string, where a search puts a name."""

import json
import logging

import pytest
from django.test import Client

from arraigo.core import logs
from arraigo.core.logs import JsonFormatter, RequestContext
from arraigo.settings.base import logging_config
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _formatted(record: logging.LogRecord) -> dict:
    RequestContext().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_line_is_one_json_object_with_the_request_and_user_ids():
    record = logging.LogRecord("arraigo.x", logging.WARNING, __file__, 1, "a %s", ("b",), None)

    line = _formatted(record)

    assert set(line) == {"time", "level", "logger", "message", "request_id", "user_id"}
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "arraigo.x", "a b")
    assert (line["request_id"], line["user_id"]) == (None, None)  # outside a request


def test_an_exception_is_in_the_line():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "m", (), sys.exc_info())
    line = _formatted(record)
    assert "ValueError: broken" in line["exception"]


@pytest.fixture
def access_lines(caplog):
    caplog.set_level(logging.INFO, logger="arraigo.requests")
    caplog.handler.addFilter(RequestContext())
    return caplog


def test_each_request_has_an_id_and_one_access_line_without_the_query_string(
    client: Client, access_lines
):
    user = UserFactory()
    client.force_login(user)

    response = client.get("/households/", {"q": "María Pérez"})

    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    (record,) = [r for r in access_lines.records if r.name == "arraigo.requests"]
    assert logs.request_id.get() == ""  # forgotten once the response was closed
    line = json.loads(JsonFormatter().format(record))
    assert (line["request_id"], line["user_id"]) == (request_id, user.pk)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/households/", 200)
    assert "María" not in json.dumps(line) and "q=" not in json.dumps(line)


def test_a_safe_request_id_from_the_proxy_is_kept_and_an_unsafe_one_replaced(client: Client):
    kept = client.get("/accounts/login/", headers={"X-Request-ID": "edge-42.a"})
    replaced = client.get("/accounts/login/", headers={"X-Request-ID": "x\nfake line"})

    assert kept.headers["X-Request-ID"] == "edge-42.a"
    assert replaced.headers["X-Request-ID"] != "x\nfake line"
    assert len(replaced.headers["X-Request-ID"]) == 32


def test_production_logs_json_and_the_demo_plain_text():
    assert logging_config("json")["handlers"]["console"]["formatter"] == "json"
    assert logging_config("plain")["handlers"]["console"]["formatter"] == "plain"


def test_a_refused_request_is_logged_with_its_request_id(client: Client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    caplog.handler.addFilter(RequestContext())

    response = client.get("/no-such-page/")

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == response.headers["X-Request-ID"]

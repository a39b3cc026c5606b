"""`/healthz` answers without signing in, with no personal data: 200 while the database
answers (with the background queue's depth and heartbeat), 503 when it does not."""

import pytest
from django.db import DatabaseError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_without_signing_in(client: Client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert set(body) == {"status", "database", "database_ms", "queue"}
    assert body["queue"] == {
        "queued": 0,
        "running": 0,
        "failed": 0,
        "workers": 0,
        "last_heartbeat_seconds": None,
    }
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_the_health_check_says_unavailable_when_the_database_does_not_answer(
    client: Client, monkeypatch
):
    def refuse(*_args, **_kwargs):
        raise DatabaseError("connection refused to db.internal:5432")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert b"db.internal" not in response.content


def test_only_get(client: Client):
    assert client.post("/healthz").status_code == 405

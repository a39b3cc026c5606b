"""The real POST, to a server on this machine: signed headers arrive, a redirect is not
followed, and a delivery queued on commit goes through the background task."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest
from django.utils import timezone

from arraigo.webhooks import queue, transport
from arraigo.webhooks.events import Event
from arraigo.webhooks.models import Delivery, DeliveryStatus
from arraigo.webhooks.services import delivery_attempt, event_emit
from arraigo.webhooks.signing import signature_valid

from .factories import subscriber


class Receiver(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((self.path, dict(self.headers), body))
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/hook")
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Receiver.received = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _loopback(settings) -> None:
    settings.ARRAIGO_WEBHOOKS_ALLOW_LOOPBACK = True


def test_a_redirect_is_not_followed(server):
    answer = transport.http_post(f"{server}/moved", b"{}", {}, 5)
    assert answer == transport.Answer(302, "redirected 302")
    assert [path for path, _headers, _body in Receiver.received] == ["/moved"]


def test_nothing_listening_is_an_error_without_an_answer():
    answer = transport.http_post("http://127.0.0.1:9/", b"{}", {}, 2)
    assert answer.status is None and answer.error


@pytest.mark.django_db
def test_the_receiver_gets_a_signed_delivery(server):
    _sub, secret = subscriber([Event.SURVEY_DUE], url=f"{server}/hook")
    event_emit(event=Event.SURVEY_DUE, payload={"household": "HH-1", "round": "month1"})
    row = delivery_attempt(delivery_id=Delivery.objects.get().pk)
    assert row is not None
    assert (row.status, row.response_code) == (DeliveryStatus.DELIVERED, 204)
    ((path, headers, body),) = Receiver.received
    assert path == "/hook"
    assert headers["Content-Type"] == "application/json"
    assert signature_valid(
        secret,
        header=headers["X-Arraigo-Signature"],
        timestamp=headers["X-Arraigo-Timestamp"],
        body=body,
        now=time.time(),
    )


@pytest.mark.django_db
def test_queued_on_commit_and_sent_by_the_task(server, django_capture_on_commit_callbacks):
    """The app's own queue (the background task, run inline in the tests)."""
    from arraigo.webhooks.apps import _send_later

    queue.queue_set(_send_later)  # conftest's recorder replaced by the real one
    subscriber([Event.SURVEY_DUE], url=f"{server}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        event_emit(event=Event.SURVEY_DUE, payload={"household": "HH-1"})
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert delivery.delivered_at is not None and delivery.delivered_at <= timezone.now()
    assert len(Receiver.received) == 1

"""The public form keeps scripts off without a third-party service: a limit per address and
per session, a hidden field, a signed ticket with a time check and a sum. A refused post
writes nothing and gives the form back as typed."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from arraigo.feedback.guard import SALT, ticket_problems, ticket_read
from arraigo.feedback.models import FeedbackCase
from tests.feedback.public_post import page_ticket, public_post

pytestmark = pytest.mark.django_db

REPORT = {"category": "question", "description": "¿Cuándo es la próxima clase de español?"}


def test_the_21st_post_from_one_address_within_a_minute_is_refused_and_writes_nothing():
    # Given 20 reports sent from one address, each by a new browser (no cookies kept)
    codes = [public_post(Client(REMOTE_ADDR="10.0.0.7"), REPORT).status_code for _ in range(20)]
    assert codes == [302] * 20
    assert FeedbackCase.objects.count() == 20

    # When a 21st comes from it
    response = public_post(Client(REMOTE_ADDR="10.0.0.7"), REPORT)

    # Then it is refused, said so, kept as typed, and nothing is written
    text = response.content.decode()
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Se enviaron demasiados reportes desde aquí en poco tiempo." in text
    assert "¿Cuándo es la próxima clase de español?" in text
    assert FeedbackCase.objects.count() == 20
    # while another address is still heard
    assert public_post(Client(REMOTE_ADDR="10.0.0.8"), REPORT).status_code == 302


def test_one_session_is_refused_after_its_own_limit():
    client = Client(REMOTE_ADDR="10.0.0.9")
    codes = [public_post(client, REPORT).status_code for _ in range(11)]
    assert codes == [302] * 10 + [429]
    assert FeedbackCase.objects.count() == 10


def test_a_filled_hidden_field_is_refused_and_writes_nothing():
    response = public_post(Client(), {**REPORT, "website": "http://spam.example"})

    assert response.status_code == 200
    assert "No pudimos aceptar este reporte. Envíelo de nuevo, por favor." in (
        response.content.decode()
    )
    assert FeedbackCase.objects.count() == 0


def test_a_post_without_a_ticket_or_with_a_forged_one_is_refused():
    client = Client()
    for ticket in ("", signing.dumps({"a": 1, "b": 1, "t": 0}, salt="another")):
        response = client.post(
            reverse("feedback:public_form"), {**REPORT, "ticket": ticket, "answer": 2}
        )
        assert response.status_code == 200
    assert FeedbackCase.objects.count() == 0


def test_a_form_sent_at_once_after_opening_is_refused():
    client = Client()
    page = client.get(reverse("feedback:public_form")).content.decode()
    token = page_ticket(page)
    ticket = ticket_read(token)
    assert ticket is not None

    response = client.post(
        reverse("feedback:public_form"),
        {**REPORT, "ticket": token, "answer": ticket["a"] + ticket["b"]},
    )

    assert response.status_code == 200
    assert FeedbackCase.objects.count() == 0


def test_a_wrong_sum_asks_a_new_one_and_keeps_what_was_typed():
    client = Client()
    page = client.get(reverse("feedback:public_form")).content.decode()
    ticket = ticket_read(page_ticket(page))
    assert ticket is not None
    ticket["t"] = time.time() - 60

    response = client.post(
        reverse("feedback:public_form"),
        {
            **REPORT,
            "ticket": signing.dumps(ticket, salt=SALT, compress=True),
            "answer": ticket["a"] + ticket["b"] + 1,
        },
    )

    text = response.content.decode()
    assert "No es el resultado. Pruebe con esta nueva suma." in text
    assert "¿Cuándo es la próxima clase de español?" in text
    assert page_ticket(text) != page_ticket(page)  # a new ticket and sum
    assert FeedbackCase.objects.count() == 0


def test_the_page_asks_the_sum_in_words_and_hides_the_trap_from_people():
    text = Client().get(reverse("feedback:public_form")).content.decode()

    assert "Para comprobar que es una persona: ¿cuánto es" in text
    assert '<div class="visually-hidden" aria-hidden="true">' in text
    assert 'name="website"' in text and 'tabindex="-1"' in text


def test_a_ticket_older_than_two_hours_is_refused():
    now = time.time()
    token = signing.dumps({"a": 2, "b": 3, "t": now - 3 * 3600}, salt=SALT, compress=True)

    problems = ticket_problems(token, 5, "", now=now)

    assert problems == {None: "This form was open too long. We kept what you wrote: send it again."}
    fresh = signing.dumps({"a": 2, "b": 3, "t": now - 60}, salt=SALT, compress=True)
    assert ticket_problems(fresh, 5, "", now=now) == {}

"""Consent on one form for every purpose, with who gave it (an adult member), how (signed
paper, verbal before a witness, digital) and when; the household page shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.registry.models import Consent, Household
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, caseworker) -> Client:
    client.force_login(caseworker)
    return client


def _url(household: Household) -> str:
    return reverse("registry:consent_record", args=[household.pk])


def _post(client: Client, household: Household, **changes: object):
    head = household.members.get(relationship="head")
    data = {
        "relocation": "yes",
        "employers": "yes",
        "service_partners": "no",
        "surveys": "yes",
        "given_by": head.pk,
        "method": "verbal_witness",
        "witness_name": "Lucía Romero",
        "given_on": "2026-03-02",
        "note": "",
    }
    data.update(changes)
    return client.post(_url(household), data)


def test_one_form_records_every_purpose_with_who_how_and_when(signed_in, household):
    head = household.members.get(relationship="head")

    response = _post(signed_in, household)

    assert response.status_code == 302
    rows = Consent.objects.filter(household=household).order_by("purpose")
    assert [
        (r.purpose, r.given, r.given_by, r.method, r.witness_name, r.given_on) for r in rows
    ] == [
        ("employers", True, head, "verbal_witness", "Lucía Romero", dt.date(2026, 3, 2)),
        ("relocation", True, head, "verbal_witness", "Lucía Romero", dt.date(2026, 3, 2)),
        ("service_partners", False, head, "verbal_witness", "Lucía Romero", dt.date(2026, 3, 2)),
        ("surveys", True, head, "verbal_witness", "Lucía Romero", dt.date(2026, 3, 2)),
    ]


def test_only_the_answers_that_changed_are_recorded_again(signed_in, household):
    _post(signed_in, household)

    _post(signed_in, household, employers="no", method="signed_paper", witness_name="")

    assert list(
        Consent.objects.filter(household=household, purpose="employers")
        .order_by("id")
        .values_list("given", "method")
    ) == [(True, "verbal_witness"), (False, "signed_paper")]
    assert Consent.objects.filter(household=household).count() == 5


def test_the_form_opens_with_the_current_answers_and_today(signed_in, household):
    _post(signed_in, household)

    form = signed_in.get(_url(household)).context["form"]

    assert (form["employers"].value(), form["service_partners"].value()) == ("yes", "no")
    assert form["given_on"].value() == timezone.localdate()
    labels = [label for _value, label in form.fields["given_by"].choices]
    assert labels == ["", "María José Hernández Castro"]  # adults only


def test_a_minor_a_missing_witness_and_a_future_date_are_refused(signed_in, household):
    child = household.members.get(relationship="child")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    minor = _post(signed_in, household, given_by=child.pk)
    unwitnessed = _post(signed_in, household, witness_name="", given_on=tomorrow.isoformat())

    assert minor.context["form"].errors == {
        "given_by": [f"Select a valid choice. {child.pk} is not one of the available choices."]
    }
    assert unwitnessed.status_code == 200
    assert unwitnessed.context["form"].errors == {
        "given_on": ["The date cannot be in the future."],
        "witness_name": ["Name the witness of a verbal consent."],
    }
    assert Consent.objects.count() == 0


def test_nothing_changed_is_said_and_nothing_recorded(signed_in, household):
    _post(signed_in, household)

    response = _post(signed_in, household)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nothing changed: choose an answer that differs from the current one."
    ]
    assert Consent.objects.count() == 4


def test_the_household_page_shows_who_how_and_when(signed_in, household):
    _post(signed_in, household)

    page = signed_in.get(reverse("registry:household_detail", args=[household.pk]))

    section = page.content.decode().split('data-testid="consent"')[1].split("</section>")[0]
    assert "2026-03-02" in section
    assert "María José Hernández Castro" in section
    assert "Verbal, with a witness (Lucía Romero)" in section


def test_a_read_only_role_is_refused(client: Client, household):
    client.force_login(UserFactory(role=Role.AUDITOR))

    assert _post(client, household).status_code == 403
    assert Consent.objects.count() == 0

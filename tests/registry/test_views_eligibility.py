"""The household page's eligibility section lists the exception rules only when they apply
(a rule is not met): an eligible household shows no red "not met" exception."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.registry.person_data import head_data, number_make, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker():
    return UserFactory(role=Role.ORIGIN_CASEWORKER)


def _rows(client: Client, household) -> dict[str, str]:
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    rows = re.findall(
        r'data-testid="rule-(\w+)">.*?<span class="badge[^"]*">([^<]*)</span>', page, re.S
    )
    return dict(rows)


def test_an_eligible_household_shows_its_rules_and_no_exception(client, caseworker):
    household = register(caseworker, caseworker.office)
    client.force_login(caseworker)

    rows = _rows(client, household)

    assert household.eligibility == "eligible"
    assert rows == {
        "comar_recognition": "met",
        "permanent_residence": "met",
        "curp": "met",
        "working_adult": "met",
        "spanish": "met",
    }


def test_exceptions_show_when_a_rule_is_not_met(client, caseworker):
    comar_only = head_data(
        documents=(DocumentData(type_code="comar_recognition", number=number_make("COMAR")),)
    )
    household = register(caseworker, caseworker.office, head=comar_only)
    client.force_login(caseworker)

    rows = _rows(client, household)

    assert household.eligibility == "by_exception"
    assert (rows["permanent_residence"], rows["E1"], rows["E2"]) == (
        "not met",
        "applies",
        "does not apply",
    )

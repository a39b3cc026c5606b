"""The registry admin: document types editable, cases read-only and without names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_household_admin_is_read_only_and_shows_no_names(admin_client):
    household = household_with_head(code="TAP-2026-00001", first_names="Ana")

    listing = admin_client.get(reverse("admin:registry_household_changelist"))
    page = admin_client.get(reverse("admin:registry_household_change", args=[household.pk]))

    assert listing.status_code == 200
    assert "TAP-2026-00001" in listing.content.decode()
    assert page.status_code == 200
    assert "Ana" not in page.content.decode()
    assert admin_client.get(reverse("admin:registry_household_add")).status_code == 403
    delete_url = reverse("admin:registry_household_delete", args=[household.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403


def test_document_types_are_editable(admin_client):
    response = admin_client.get(reverse("admin:registry_documenttype_changelist"))

    assert response.status_code == 200
    assert "curp" in response.content.decode()
    assert admin_client.get(reverse("admin:registry_documenttype_add")).status_code == 200

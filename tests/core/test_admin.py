"""The admin writes no table that has a service: those pages are read-only.

Capacities, vacancies, employers and the rest change only through their services (checks,
scope, seats reserved by matching, audit). Document types are configuration with no
service, so the admin is their editor; the audit log's own admin is the package's.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, OccupationFactory, SkillFactory, VacancyFactory
from tests.places.factories import (
    CapacityFactory,
    CityFactory,
    OfficeFactory,
    ServiceFactory,
    ServiceProviderFactory,
)

pytestmark = pytest.mark.django_db


def role_group() -> Group:
    return Group.objects.get(name=Role.AUDITOR)


# Admin pages that may write: configuration without a service, or another package's.
EDITABLE = {"registry.documenttype", "auditlog.logentry"}


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_admin_page_of_a_table_with_a_service_is_read_only(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    writable = sorted(
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower not in EDITABLE
        and (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
    )
    read_only = {
        "places.city", "places.office", "places.capacity", "places.serviceprovider",
        "places.service", "jobs.employer", "jobs.vacancy", "codelists.occupation",
        "codelists.skill", "registry.household", "registry.eligibilitydecision", "auth.group",
    }  # fmt: skip

    assert writable == []
    assert read_only <= {m._meta.label_lower for m in admin.site._registry}


# (factory, field posted with a new value, that value)
CASES: list[tuple[Any, str, Any]] = [
    (CapacityFactory, "amount", 999),
    (VacancyFactory, "seats", 99),
    (EmployerFactory, "name", "Changed in the admin"),
    (CityFactory, "name", "Changed in the admin"),
    (OfficeFactory, "name", "Changed in the admin"),
    (ServiceProviderFactory, "name", "Changed in the admin"),
    (ServiceFactory, "name", "Changed in the admin"),
    (OccupationFactory, "title_en", "Changed in the admin"),
    (SkillFactory, "name_en", "Changed in the admin"),
    (role_group, "name", "Changed in the admin"),
]


@pytest.mark.parametrize(
    ("factory", "field", "value"), CASES, ids=lambda c: getattr(c, "__name__", None)
)
def test_a_post_to_the_change_page_is_refused_and_changes_nothing(
    admin_client, factory, field, value
):
    obj = factory()
    meta = obj._meta
    before = {f.attname: getattr(obj, f.attname) for f in meta.concrete_fields}
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    posted = {f.name: getattr(obj, f.attname) for f in meta.concrete_fields if not f.primary_key}
    posted = {k: "" if v is None else v for k, v in posted.items()}
    posted[field] = value

    page = admin_client.get(change)
    response = admin_client.post(change, posted)

    obj.refresh_from_db()
    assert page.status_code == 200  # shown, read-only
    assert 'name="_save"' not in page.content.decode()  # no Save button
    assert response.status_code == 403
    assert {f.attname: getattr(obj, f.attname) for f in meta.concrete_fields} == before


@pytest.mark.parametrize(
    ("factory", "field", "value"), CASES, ids=lambda c: getattr(c, "__name__", None)
)
def test_add_and_delete_are_refused(admin_client, factory, field, value):
    obj = factory()
    meta = obj._meta
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])

    assert admin_client.get(add).status_code == 403
    assert admin_client.post(add, {field: value}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()

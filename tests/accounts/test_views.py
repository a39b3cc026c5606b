import csv
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import Role
from arraigo.accounts.selectors import audit_content_types
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NO_TRAIL_ROLES = [
    Role.ORIGIN_CASEWORKER,
    Role.HOST_CASEWORKER,
    Role.EMPLOYER_LIAISON,
    Role.EMPLOYER,
    Role.SERVICE_PARTNER,
    Role.ME_OFFICER,
]


def sign_in(client, user) -> None:
    """Sign in, then start from an empty trail (signing in is itself on the trail)."""
    client.force_login(user)
    LogEntry.objects.all().delete()


@pytest.fixture
def coordinator():
    return UserFactory(username="ana", role=Role.COORDINATOR)


def test_list_shows_who_did_what_with_before_and_after(client, coordinator):
    city = CityFactory(name="Saltillo")
    household = HouseholdFactory(code="HH-000042")
    sign_in(client, coordinator)
    with set_actor(coordinator):
        city.name = "Saltillo Centro"
        city.save()
    audit_event(actor=coordinator, obj=household, event="view")

    response = client.get(reverse("accounts:audit_list"), **EN)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row["kind"], row["entry"].object_repr) for row in rows] == [
        ("view", "HH-000042"),
        ("update", "Saltillo Centro, Coahuila"),
    ]
    assert [(c.field, c.before, c.after) for c in rows[1]["changes"]] == [
        ("name", "Saltillo", "Saltillo Centro")
    ]
    html = response.content.decode()
    assert "Viewed" in html
    assert "<b>name</b>: Saltillo → Saltillo Centro" in html
    assert html.count(">ana<") == 2


def test_list_filters_by_event(client, coordinator):
    household = HouseholdFactory(code="HH-000042")
    sign_in(client, coordinator)
    audit_event(actor=coordinator, obj=household, event="view")
    audit_event(actor=coordinator, obj=household, event="export")

    response = client.get(reverse("accounts:audit_list"), {"action": "export"})

    assert [(row["kind"], row["entry"].object_repr) for row in response.context["rows"]] == [
        ("export", "HH-000042")
    ]


def test_list_shows_the_date_error_next_to_its_field(client, coordinator):
    sign_in(client, coordinator)

    response = client.get(
        reverse("accounts:audit_list"), {"date_from": "2026-03-05", "date_to": "2026-03-01"}, **EN
    )

    assert response.context["filter_form"].errors == {
        "date_to": ["The end date is before the start date."]
    }
    assert response.context["filter_form"]["date_from"].value() == "2026-03-05"


def test_list_query_count_does_not_grow_with_rows(client, coordinator, django_assert_num_queries):
    household = HouseholdFactory()
    audit_content_types()  # content types are cached by a running server
    sign_in(client, coordinator)
    for _ in range(12):
        audit_event(actor=coordinator, obj=household, event="view")
    with set_actor(coordinator):
        for n in range(5):
            household.size = n + 1
            household.save()

    # session, user, permissions (2), count, page
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:audit_list"))
    assert len(response.context["rows"]) == 17


def test_detail_shows_the_full_change_set(client, coordinator):
    household = HouseholdFactory(code="HH-000042", size=1)
    sign_in(client, coordinator)
    with set_actor(coordinator):
        household.size = 4
        household.head_name = "Rosa"
        household.save()
    entry = LogEntry.objects.get(action=LogEntry.Action.UPDATE)

    response = client.get(reverse("accounts:audit_detail", args=[entry.pk]), **EN)

    assert response.status_code == 200
    assert [(c.field, c.before, c.after) for c in response.context["changes"]] == [
        ("head_name", "", "Rosa"),
        ("size", "1", "4"),
    ]
    assert "HH-000042" in response.content.decode()


def test_auditor_may_read_the_trail(client):
    auditor = UserFactory(role=Role.AUDITOR)
    sign_in(client, auditor)
    entry = audit_event(actor=auditor, obj=auditor, event="login")

    assert client.get(reverse("accounts:audit_list")).status_code == 200
    assert client.get(reverse("accounts:audit_detail", args=[entry.pk])).status_code == 200


@pytest.mark.parametrize("role", NO_TRAIL_ROLES)
def test_other_roles_get_404(client, coordinator, role):
    entry = audit_event(actor=coordinator, obj=coordinator, event="login")
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("accounts:audit_list")).status_code == 404
    assert client.get(reverse("accounts:audit_detail", args=[entry.pk])).status_code == 404
    assert client.get(reverse("accounts:audit_export")).status_code == 404
    assert LogEntry.objects.filter(additional_data__event="export").count() == 0


def test_export_neutralises_formulas_and_is_itself_audited(client, coordinator):
    sign_in(client, coordinator)
    office = OfficeFactory(name="=cmd")

    response = client.get(reverse("accounts:audit_export"), {"action": "create"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "when",
        "who",
        "action",
        "object_type",
        "object_id",
        "object",
        "changes",
        "address",
    ]
    office_rows = [row for row in rows[1:] if row[3] == "places.office"]
    assert [(row[2], row[4], row[5]) for row in office_rows] == [
        ("create", str(office.pk), "'=cmd")
    ]
    (export,) = LogEntry.objects.filter(additional_data__event="export")
    assert (export.actor, export.object_pk) == (coordinator, str(coordinator.pk))
    assert export.additional_data == {
        "event": "export",
        "export": "audit_trail",
        "filters": {"action": "create"},
    }


def test_export_keeps_the_list_filters(client, coordinator):
    household = HouseholdFactory(code="HH-000042")
    sign_in(client, coordinator)
    audit_event(actor=coordinator, obj=household, event="view")
    user_type = ContentType.objects.get_for_model(coordinator)

    response = client.get(
        reverse("accounts:audit_export"), {"content_type": user_type.pk, "action": "export"}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row[1], row[2], row[5]) for row in rows[1:]] == [("ana", "export", "ana")]


def test_login_page_shows_the_form(client):
    response = client.get(reverse("accounts:login"), {"next": "/households/"}, **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="next" value="/households/"' in html

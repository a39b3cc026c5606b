"""The audit trail as people read it (issue 10, item 18): field labels, values as the pages
show them, local time without microseconds, object types in the reader's language; and
refused attempts (403, and 404 on an object asked for by its id) are on the trail too."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arraigo.accounts.audit_values import field_label
from arraigo.accounts.models import Role, User
from arraigo.accounts.selectors import audit_entries_for, entry_changes, object_type_label
from arraigo.places.models import City
from arraigo.referrals.models import Referral
from arraigo.registry.models import Person
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(username="ana", first_name="Ana", last_name="Ruiz", role=Role.COORDINATOR)


def _update(obj, changes) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj),
        action=LogEntry.Action.UPDATE,
        changes=changes,
    )


def test_changes_read_as_labels_and_values_not_raw_fields(coordinator):
    household = household_with_head(first_names="Luz", last_names="Mejía")
    person = household.members.get()
    entry = _update(
        person,
        {
            "household": ["None", str(household.pk)],
            "sex": ["M", "F"],
            "willing_to_work": ["False", "True"],
            "date_of_birth": ["1990-01-31", "1991-02-28"],
        },
    )

    with translation.override("es"):
        rows = [(c.name, c.field, c.before, c.after) for c in entry_changes(entry)]

    assert rows == [
        ("date_of_birth", "Fecha de nacimiento", "31/01/1990", "28/02/1991"),
        ("household", "Hogar", "", household.code),
        ("sex", "Sexo", "Hombre", "Mujer"),
        ("willing_to_work", "Disponible para trabajar", "no", "sí"),
    ]


def test_a_time_is_local_without_microseconds_and_a_user_is_named(coordinator):
    city = CityFactory(name="Saltillo")
    entry = _update(
        city,
        {"active": ["True", "False"]},
    )
    LogEntry.objects.filter(pk=entry.pk).update(
        changes={
            "active": ["True", "False"],
            "name": ["Saltillo", "None"],
            "population": ["None", "864431"],
        }
    )
    answer = LogEntry(
        content_type=ContentType.objects.get_for_model(Referral),
        action=LogEntry.Action.UPDATE,
        changes={"answered_at": ["None", "2026-03-03 16:05:09.123456+00:00"]},
    )
    entry.refresh_from_db()

    with translation.override("es"):
        city_rows = [(c.field, c.before, c.after) for c in entry_changes(entry)]
        answer_rows = [(c.field, c.after) for c in entry_changes(answer)]

    assert city_rows == [
        ("Activo", "sí", "no"),
        ("Nombre", "Saltillo", ""),
        ("Población", "", "864431"),
    ]
    assert answer_rows == [("Respondida", "03/03/2026 10:05")]


def test_a_foreign_key_reads_as_the_name_of_what_it_points_to(coordinator):
    partner = UserFactory(first_name="Lupe", last_name="Soto", role=Role.SERVICE_PARTNER)
    city = CityFactory(name="Saltillo")
    entry = _update(city, {"name": ["Saltillo", "Saltillo Centro"]})
    entry.changes = {"answered_by": ["None", str(partner.pk)]}
    entry.content_type = ContentType.objects.get_for_model(Person)

    # a field the model does not have (any more) is shown by its name, as it was stored
    assert [(c.field, c.before, c.after) for c in entry_changes(entry)] == [
        ("answered_by", "", str(partner.pk))
    ]

    entry.content_type = ContentType.objects.get_for_model(Referral)
    assert [(c.field, c.before, c.after) for c in entry_changes(entry)] == [
        ("Answered by", "", "Lupe Soto")
    ]
    entry.changes = {"answered_by": ["None", "999999"]}
    assert [(c.after) for c in entry_changes(entry)] == ["#999999 (no longer exists)"]


def test_the_list_page_shows_local_times_and_translated_object_types(coordinator):
    browser = Client()  # Spanish
    browser.force_login(coordinator)
    LogEntry.objects.all().delete()
    city = CityFactory(name="Saltillo")
    _update(city, {"is_border": ["False", "True"]})

    html = browser.get(reverse("accounts:audit_list")).content.decode()

    assert "<td>Ciudad</td>" in html
    assert "<b>Ciudad fronteriza</b>: no → sí" in html
    assert "+00:00" not in html


def test_every_object_type_on_the_trail_has_a_translated_name():
    models = [*auditlog.get_models(), User]
    with translation.override("es"):
        spanish = {m._meta.label: str(m._meta.verbose_name) for m in models}
    with translation.override("en"):
        english = {m._meta.label: str(m._meta.verbose_name) for m in models}

    assert sorted(label for label in spanish if spanish[label] == english[label]) == []


# Columns whose label reads the same in both languages.
SAME_IN_BOTH = {"Id", "Plan", "RFC", "Sector", "Error"}


def test_every_audited_column_has_a_label_in_the_readers_language():
    columns = [
        (model, field.name)
        for model in auditlog.get_models()
        for field in model._meta.concrete_fields
        if field.name not in auditlog.get_model_fields(model)["exclude_fields"]
    ]
    with translation.override("es"):
        spanish = {(m._meta.label, name): field_label(m, name) for m, name in columns}
    with translation.override("en"):
        english = {(m._meta.label, name): field_label(m, name) for m, name in columns}

    assert (
        sorted(
            key
            for key in spanish
            if spanish[key] == english[key] and spanish[key] not in SAME_IN_BOTH
        )
        == []
    )


def _refusals() -> list[tuple[str, dict]]:
    return [
        (e.actor.username, e.additional_data)
        for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("id")
        if e.additional_data.get("event") == "refused"
    ]


def test_a_refused_page_is_on_the_trail_with_its_path_and_nothing_else(coordinator):
    employer = UserFactory(username="hr", role=Role.EMPLOYER)
    browser = Client()
    browser.force_login(employer)

    response = browser.get(reverse("casework:workload"), {"q": "Luz Mejía"})

    assert response.status_code == 403
    assert _refusals() == [
        ("hr", {"event": "refused", "status": 403, "path": "/casework/workload/"})
    ]
    entry = audit_entries_for(coordinator, {"action": "refused"}).get()
    with translation.override("es"):
        assert object_type_label(entry) == "Usuario"


def test_a_case_out_of_scope_is_on_the_trail_but_a_mistyped_address_is_not():
    saltillo, monterrey = CityFactory(name="Saltillo"), CityFactory(name="Monterrey")
    household = household_with_head(host_city=monterrey)
    caseworker = UserFactory(username="diego", role=Role.HOST_CASEWORKER, city=saltillo)
    browser = Client()
    browser.force_login(caseworker)

    case = browser.get(reverse("registry:household_detail", args=[household.pk]))
    typo = browser.get("/households/nope/")

    assert (case.status_code, typo.status_code) == (404, 404)
    assert _refusals() == [
        ("diego", {"event": "refused", "status": 404, "path": f"/households/{household.pk}/"})
    ]


def test_the_refusal_filter_is_offered_and_labelled(coordinator):
    client = Client()
    client.force_login(coordinator)

    html = client.get(reverse("accounts:audit_list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<option value="refused">Rechazado</option>' in html
    assert City._meta.verbose_name  # the object-type filter lists verbose names
    assert "places · " not in html

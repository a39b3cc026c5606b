"""Moving notes and transfers out of the registry kept their permissions and audit entries."""

import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from arraigo.accounts.models import Role
from arraigo.casefile.models import CaseNote, CaseTransfer
from arraigo.casefile.services import note_add
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

move = importlib.import_module("arraigo.casefile.migrations.0001_initial")


def _perms(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.filter(codename__contains="note").values_list(
            "content_type__app_label", "codename"
        )
    }


def test_tables_keep_their_registry_names():
    assert CaseNote._meta.db_table == "registry_casenote"
    assert CaseTransfer._meta.db_table == "registry_casetransfer"


def test_relabelling_keeps_permissions_groups_and_entries_attached():
    household = household_with_head(host_city=CityFactory(), status=HouseholdStatus.INTEGRATING)
    host = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)
    note = note_add(actor=host, household=household, text="Settling in.")
    entry = LogEntry.objects.get_for_object(note).get()
    group = Group.objects.get(name=str(Role.HOST_CASEWORKER))
    note_type = ContentType.objects.get_for_model(CaseNote)
    try:
        move.backwards(apps, None)  # as the database was before the move
        assert _perms(group) == {
            "registry.add_casenote",
            "registry.view_casenote",
            "registry.view_protected_note",
        }

        move.forwards(apps, None)
    finally:
        ContentType.objects.clear_cache()

    assert _perms(group) == {
        "casefile.add_casenote",
        "casefile.view_casenote",
        "casefile.view_protected_note",
    }
    assert ContentType.objects.filter(app_label="registry", model="casenote").exists() is False
    assert ContentType.objects.get(app_label="casefile", model="casenote").pk == note_type.pk
    assert Permission.objects.filter(content_type=note_type).count() == 5
    entry.refresh_from_db()
    assert entry.content_type_id == note_type.pk
    assert list(LogEntry.objects.get_for_object(note)) == [entry]

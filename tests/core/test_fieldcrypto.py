"""Encrypted columns: the database holds tokens, the models read text, SQL lookups are
refused, and `arraigo rotate-keys` re-encrypts and re-hashes (docs/security.md)."""

from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import connection

from arraigo import cli
from arraigo.casefile.models import CaseNote
from arraigo.core.fieldcrypto import column_decrypt, column_encrypt, rows_rewrite
from arraigo.core.fieldkeys import FieldDecryptError, lookup_hash, new_key
from arraigo.feedback.models import FeedbackCase
from arraigo.registry.models import IdentityDocument
from tests.accounts.factories import UserFactory
from tests.core.stored import stored, stored_set
from tests.registry.factories import IdentityDocumentFactory, household_with_head

pytestmark = pytest.mark.django_db

KEY_A, KEY_B, HASH_1, HASH_2 = new_key(), new_key(), new_key(), new_key()
NUMBER = "GOMA850101HDFRRN09"


@pytest.fixture
def keys(settings):
    settings.ARRAIGO_FIELD_KEYS = KEY_A
    settings.ARRAIGO_HASH_KEY = HASH_1
    return settings


def _note(text: str) -> CaseNote:
    return CaseNote.objects.create(household=household_with_head(), text=text, author=UserFactory())


def test_the_column_holds_a_token_and_the_model_reads_the_text(keys):
    document = IdentityDocumentFactory(number=NUMBER)

    raw = stored("registry_identitydocument", "number", document.pk)

    assert raw.startswith("gAAAAA")
    assert NUMBER not in raw
    assert IdentityDocument.objects.get(pk=document.pk).number == NUMBER
    assert list(IdentityDocument.objects.values_list("number", flat=True)) == [NUMBER]
    assert stored("registry_identitydocument", "number_hash", document.pk) == lookup_hash(NUMBER)


def test_an_empty_text_stays_empty(keys):
    household = household_with_head()
    case = FeedbackCase.objects.create(
        reference="FB-1",
        category="sea",
        channel="phone",
        description="What she said.",
        household=household,
        received_at=household.registered_at,
        due_on=household.registered_at.date(),
    )

    assert stored("feedback_feedbackcase", "resolution", case.pk) == ""
    assert FeedbackCase.objects.get(pk=case.pk).resolution == ""
    assert "What she said." not in stored("feedback_feedbackcase", "description", case.pk)


@pytest.mark.parametrize("lookup", ["number", "number__icontains", "number__in", "number__gt"])
def test_filters_on_an_encrypted_column_are_refused(keys, lookup):
    value = [NUMBER] if lookup.endswith("__in") else NUMBER

    with pytest.raises(FieldError, match="Unsupported lookup"):
        IdentityDocument.objects.filter(**{lookup: value}).exists()


def test_is_null_is_the_one_lookup_left(keys):
    IdentityDocumentFactory(number=NUMBER)

    assert IdentityDocument.objects.filter(number__isnull=False).count() == 1


def test_a_value_no_key_reads_stops_with_the_field_named(keys):
    document = IdentityDocumentFactory(number=NUMBER)
    keys.ARRAIGO_FIELD_KEYS = KEY_B

    with pytest.raises(FieldDecryptError, match=r"^registry\.IdentityDocument\.number does not"):
        IdentityDocument.objects.get(pk=document.pk)


def test_saving_a_new_number_alone_keeps_its_hash(keys):
    document = IdentityDocumentFactory(number=NUMBER)
    document.number = "P1"
    document.save(update_fields=["number"])

    assert stored("registry_identitydocument", "number_hash", document.pk) == lookup_hash("P1")


def test_rotation_re_encrypts_everything_with_the_first_key(keys):
    # Given values written under key A
    document = IdentityDocumentFactory(number=NUMBER)
    note = _note("Protection: she fears her former partner.")
    before = stored_set()

    # When B comes first, A stays to read, and the keys are rotated
    keys.ARRAIGO_FIELD_KEYS = f"{KEY_B},{KEY_A}"
    out = StringIO()
    call_command("rotate_keys", stdout=out)

    # Then every token changed, B alone reads them all, and A alone reads none
    after = stored_set()
    assert before.keys() == after.keys()
    assert all(before[key] != after[key] for key in before)
    keys.ARRAIGO_FIELD_KEYS = KEY_B
    assert IdentityDocument.objects.get(pk=document.pk).number == NUMBER
    assert CaseNote.objects.get(pk=note.pk).text == "Protection: she fears her former partner."
    keys.ARRAIGO_FIELD_KEYS = KEY_A
    with pytest.raises(FieldDecryptError):
        CaseNote.objects.get(pk=note.pk)
    lines = out.getvalue().splitlines()
    assert "  casefile.CaseNote.text: 1 of 1 rows" in lines
    assert "casefile.CaseNote.text: 1 values encrypted with the first key." in lines
    assert "registry.IdentityDocument.number: 1 values encrypted with the first key." in lines
    assert "feedback.FeedbackCase.description: 0 values encrypted with the first key." in lines


def test_rotation_stops_at_a_value_no_key_reads_and_says_where(keys):
    _note("Written under A.")
    keys.ARRAIGO_FIELD_KEYS = KEY_B

    with pytest.raises(CommandError, match=r"^casefile\.CaseNote\.text does not decrypt"):
        call_command("rotate_keys", stdout=StringIO())


def test_rehash_takes_every_hash_again_under_the_new_hash_key(keys):
    # Given a document hashed under HASH_1
    IdentityDocumentFactory(number=NUMBER)
    # When the hash key changes, the number is no longer found
    keys.ARRAIGO_HASH_KEY = HASH_2
    assert not IdentityDocument.objects.filter(number_hash=lookup_hash(NUMBER)).exists()

    out = StringIO()
    call_command("rotate_keys", "--rehash", stdout=out)

    # Then, the hashes taken again, it is found
    assert IdentityDocument.objects.filter(number_hash=lookup_hash(NUMBER)).count() == 1
    assert "registry.IdentityDocument.number_hash: 1 hashes changed." in out.getvalue()


def test_new_key_prints_a_key_that_both_variables_take(keys):
    out = StringIO()
    call_command("rotate_keys", "--new-key", stdout=out)

    keys.ARRAIGO_FIELD_KEYS = out.getvalue().strip()
    keys.ARRAIGO_HASH_KEY = out.getvalue().strip()
    assert IdentityDocumentFactory(number="P2").number == "P2"


def _plain(table: str, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def test_the_migrations_step_encrypts_plain_rows_once_and_back(keys):
    # Given a number stored in plain text, as before the migration, with no hash
    document = IdentityDocumentFactory(number="P1")
    _plain("registry_identitydocument", "number", document.pk, NUMBER)
    _plain("registry_identitydocument", "number_hash", document.pk, "")

    # When the migration's step runs (twice: a second run changes nothing)
    column_encrypt("registry_identitydocument", "number", hash_column="number_hash")
    token = stored("registry_identitydocument", "number", document.pk)
    column_encrypt("registry_identitydocument", "number", hash_column="number_hash")

    # Then the number is a token, read back by the model, and its hash is filled in
    assert NUMBER not in token
    assert stored("registry_identitydocument", "number", document.pk) == token
    assert IdentityDocument.objects.get(pk=document.pk).number == NUMBER
    assert IdentityDocument.objects.get(number_hash=lookup_hash(NUMBER)).pk == document.pk

    # And backwards it is plain text again
    column_decrypt("registry_identitydocument", "number")
    assert stored("registry_identitydocument", "number", document.pk) == NUMBER


def test_a_row_changed_while_it_is_rewritten_keeps_its_new_value(keys):
    note = _note("First text.")

    def change(values):
        _plain("registry_casenote", "text", note.pk, "written meanwhile")
        return ("rewritten",)

    changed = rows_rewrite("registry_casenote", ["text"], ["text"], change)

    assert changed == 1  # asked for, but the row no longer held what was read
    assert stored("registry_casenote", "text", note.pk) == "written meanwhile"


def test_the_command_line_spells_it_with_a_hyphen():
    assert cli.django_argv(["rotate-keys", "--rehash"]) == ["arraigo", "rotate_keys", "--rehash"]
    assert "rotate-keys" in cli._usage()

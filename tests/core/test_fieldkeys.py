"""The keys of the columns encrypted at rest: parsed and refused with a reason, derived from
SECRET_KEY where none is given, and the lookup hash's normalisation."""

import pytest
from django.core.checks import run_checks

from arraigo.core import fieldkeys
from arraigo.core.fieldkeys import (
    FieldDecryptError,
    FieldKeyError,
    decrypt,
    encrypt,
    field_keys_parse,
    hash_key_parse,
    keys_required,
    lookup_hash,
    new_key,
)

KEY_A, KEY_B = new_key(), new_key()


def test_a_new_key_serves_both_variables():
    key = new_key()

    assert len(field_keys_parse(key)) == 1
    assert len(hash_key_parse(key)) == 32


def test_the_field_keys_are_read_in_order_and_a_bad_one_is_named():
    assert len(field_keys_parse(f" {KEY_A} , {KEY_B} ")) == 2
    with pytest.raises(FieldKeyError, match="ARRAIGO_FIELD_KEYS: key 2 is not a Fernet key"):
        field_keys_parse(f"{KEY_A},{KEY_B[:-4]}")
    with pytest.raises(FieldKeyError, match="ARRAIGO_FIELD_KEYS holds no key"):
        field_keys_parse(" , ")


def test_a_hash_key_must_be_32_bytes():
    with pytest.raises(FieldKeyError, match="ARRAIGO_HASH_KEY must hold 32 bytes"):
        hash_key_parse("c2hvcnQ=")
    with pytest.raises(FieldKeyError, match="ARRAIGO_HASH_KEY is not URL-safe base64"):
        hash_key_parse("abc")


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        ({}, "ARRAIGO_FIELD_KEYS must be set in the environment for production"),
        ({"ARRAIGO_FIELD_KEYS": KEY_A}, "ARRAIGO_HASH_KEY must be set"),
        ({"ARRAIGO_FIELD_KEYS": "x", "ARRAIGO_HASH_KEY": KEY_B}, "key 1 is not a Fernet key"),
    ],
)
def test_production_requires_both_keys(environ, said):
    with pytest.raises(FieldKeyError, match=said):
        keys_required(environ)


def test_production_takes_both_keys_as_given():
    environ = {"ARRAIGO_FIELD_KEYS": f"{KEY_A},{KEY_B}", "ARRAIGO_HASH_KEY": KEY_B}

    assert keys_required(environ) == (f"{KEY_A},{KEY_B}", KEY_B)


def test_a_value_reads_back_and_is_never_stored_the_same_way_twice(settings):
    settings.ARRAIGO_FIELD_KEYS = KEY_A

    first, second = encrypt("GOMA850101HDFRRN09"), encrypt("GOMA850101HDFRRN09")

    assert first != second
    assert "GOMA" not in first
    assert decrypt(first) == decrypt(second) == "GOMA850101HDFRRN09"


def test_a_value_of_another_key_is_refused_with_the_field_named(settings):
    settings.ARRAIGO_FIELD_KEYS = KEY_A
    token = encrypt("secret")
    settings.ARRAIGO_FIELD_KEYS = KEY_B

    with pytest.raises(FieldDecryptError) as refused:
        decrypt(token, where="registry.IdentityDocument.number")

    assert str(refused.value) == (
        "registry.IdentityDocument.number does not decrypt with any key of ARRAIGO_FIELD_KEYS: "
        "the key it was written with is not among them (see docs/security.md, Encryption at "
        "rest)."
    )


def test_without_keys_they_are_derived_from_the_secret_key_and_stay_the_same(settings):
    settings.ARRAIGO_FIELD_KEYS = settings.ARRAIGO_HASH_KEY = ""
    token, hashed = encrypt("N-1"), lookup_hash("N-1")
    fieldkeys._cipher.cache_clear()
    fieldkeys._hash_key.cache_clear()

    assert decrypt(token) == "N-1"
    assert lookup_hash("N-1") == hashed
    settings.SECRET_KEY = "another-secret"
    assert lookup_hash("N-1") != hashed
    with pytest.raises(FieldDecryptError):
        decrypt(token)


def test_the_lookup_hash_ignores_case_and_white_space_only(settings):
    settings.ARRAIGO_HASH_KEY = KEY_A

    assert lookup_hash("ab 12\t34") == lookup_hash("AB1234")
    assert lookup_hash("AB-1234") != lookup_hash("AB1234")
    assert len(lookup_hash("AB1234")) == 64


def test_the_hash_depends_on_the_key(settings):
    settings.ARRAIGO_HASH_KEY = KEY_A
    under_a = lookup_hash("AB1234")
    settings.ARRAIGO_HASH_KEY = KEY_B

    assert lookup_hash("AB1234") != under_a


def test_arraigo_check_names_a_malformed_key(settings):
    settings.ARRAIGO_FIELD_KEYS = f"{KEY_A},nope"
    settings.ARRAIGO_HASH_KEY = "c2hvcnQ="

    found = {(e.id, e.msg.split(":")[0]) for e in run_checks(tags=["arraigo"])}

    assert ("arraigo.E072", "ARRAIGO_FIELD_KEYS") in found
    assert any(code == "arraigo.E073" for code, _ in found)


def test_arraigo_check_accepts_good_or_derived_keys(settings):
    settings.ARRAIGO_FIELD_KEYS, settings.ARRAIGO_HASH_KEY = f"{KEY_A},{KEY_B}", KEY_A
    assert fieldkeys.field_keys_check() == []
    settings.ARRAIGO_FIELD_KEYS = settings.ARRAIGO_HASH_KEY = ""
    assert fieldkeys.field_keys_check() == []

"""The keys of the columns encrypted at rest (docs/security.md, "Encryption at rest").

Two keys, both from the environment:

- ARRAIGO_FIELD_KEYS: Fernet keys (AES-128-CBC with an HMAC-SHA256 tag; 32 bytes in URL-safe
  base64 each), separated by commas. The first encrypts; every one of them decrypts. That is
  the rotation: put a new key first, keep the old one after it, run `arraigo rotate-keys`,
  then drop the old one.
- ARRAIGO_HASH_KEY: 32 bytes in URL-safe base64, the HMAC-SHA256 key of the lookup hashes
  (an identity document's number is found by the keyed hash of its normalised form, since
  its encrypted text differs every time it is written).

Production requires both (settings/production.py). Elsewhere (the demo, development, tests)
an empty variable means a key derived from SECRET_KEY with HKDF, so `make demo` needs
nothing more; changing SECRET_KEY there makes the stored values unreadable.

No database and no model here: the settings import this module to check the keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

FIELD_KEYS = "ARRAIGO_FIELD_KEYS"
HASH_KEY = "ARRAIGO_HASH_KEY"
KEY_BYTES = 32


class FieldKeyError(ImproperlyConfigured):
    """A key variable is missing or is not a key."""


class FieldDecryptError(Exception):
    """A stored value does not decrypt with any key of ARRAIGO_FIELD_KEYS."""


def new_key() -> str:
    """A fresh key, good for ARRAIGO_FIELD_KEYS and for ARRAIGO_HASH_KEY alike."""
    return Fernet.generate_key().decode()


def field_keys_parse(text: str) -> list[Fernet]:
    """The Fernet keys of ARRAIGO_FIELD_KEYS, first the one that encrypts; FieldKeyError
    names the key that is not one."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise FieldKeyError(f"{FIELD_KEYS} holds no key.")
    keys = []
    for place, part in enumerate(parts, 1):
        try:
            keys.append(Fernet(part))
        except (ValueError, binascii.Error) as exc:
            raise FieldKeyError(
                f"{FIELD_KEYS}: key {place} is not a Fernet key (32 bytes in URL-safe base64; "
                "`arraigo rotate-keys --new-key` prints one)."
            ) from exc
    return keys


def hash_key_parse(text: str) -> bytes:
    """The HMAC key of ARRAIGO_HASH_KEY; FieldKeyError when it is not 32 bytes in URL-safe
    base64."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except (ValueError, binascii.Error) as exc:
        raise FieldKeyError(f"{HASH_KEY} is not URL-safe base64.") from exc
    if len(key) != KEY_BYTES:
        raise FieldKeyError(
            f"{HASH_KEY} must hold {KEY_BYTES} bytes in URL-safe base64 "
            "(`arraigo rotate-keys --new-key` prints one)."
        )
    return key


def keys_required(environ: Mapping[str, str]) -> tuple[str, str]:
    """Production's rule: both variables set and well formed, or FieldKeyError (an
    ImproperlyConfigured) naming the one that is not."""
    field_keys = (environ.get(FIELD_KEYS) or "").strip()
    hash_key = (environ.get(HASH_KEY) or "").strip()
    for name, value in ((FIELD_KEYS, field_keys), (HASH_KEY, hash_key)):
        if not value:
            raise FieldKeyError(
                f"{name} must be set in the environment for production (docs/security.md, "
                "Encryption at rest)."
            )
    field_keys_parse(field_keys)
    hash_key_parse(hash_key)
    return field_keys, hash_key


def _derived(secret: str, purpose: bytes) -> bytes:
    if not secret:
        raise FieldKeyError("Set ARRAIGO_FIELD_KEYS and ARRAIGO_HASH_KEY, or SECRET_KEY.")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(
        secret.encode()
    )


@lru_cache(maxsize=8)
def _cipher(field_keys: str, secret: str) -> MultiFernet:
    if field_keys.strip():
        return MultiFernet(field_keys_parse(field_keys))
    key = base64.urlsafe_b64encode(_derived(secret, b"arraigo field encryption"))
    return MultiFernet([Fernet(key)])


@lru_cache(maxsize=8)
def _hash_key(hash_key: str, secret: str) -> bytes:
    if hash_key.strip():
        return hash_key_parse(hash_key)
    return _derived(secret, b"arraigo lookup hashes")


def cipher() -> MultiFernet:
    """The keys in use (read from the settings on each call: tests change them)."""
    return _cipher(getattr(settings, FIELD_KEYS, ""), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt(token: str, where: str = "a value") -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise FieldDecryptError(
            f"{where} does not decrypt with any key of {FIELD_KEYS}: the key it was written "
            "with is not among them (see docs/security.md, Encryption at rest)."
        ) from None


def rotate(token: str, where: str = "a value") -> str:
    """The value encrypted again with the first key."""
    try:
        return cipher().rotate(token.encode()).decode()
    except InvalidToken:
        raise FieldDecryptError(
            f"{where} does not decrypt with any key of {FIELD_KEYS}: keep the key it was "
            "written with in the list until every value is rotated."
        ) from None


def lookup_normalised(value: str) -> str:
    """What a lookup hash is taken of: white space removed, upper case (as the document
    number validators store them), so "ab 12" finds "AB12"."""
    return "".join(value.split()).upper()


def lookup_hash(value: str) -> str:
    """The keyed hash (HMAC-SHA256, hex) of `value` normalised: equal for equal values, and
    without the key it says nothing about the value."""
    key = _hash_key(getattr(settings, HASH_KEY, ""), settings.SECRET_KEY)
    return hmac.new(key, lookup_normalised(value).encode(), hashlib.sha256).hexdigest()


def field_keys_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """`arraigo check`: a key variable that is set must be a key (an empty one is derived
    from SECRET_KEY outside production)."""
    errors = []
    for name, parse, code in (
        (FIELD_KEYS, field_keys_parse, "arraigo.E072"),
        (HASH_KEY, hash_key_parse, "arraigo.E073"),
    ):
        value = getattr(settings, name, "")
        if not value:
            continue
        try:
            parse(value)
        except FieldKeyError as exc:
            errors.append(Error(str(exc), id=code))
    return errors

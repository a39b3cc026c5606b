"""Subscribers' secrets at rest: encrypted, because arraigo must read them back to sign.

A hash (as for KoboToolbox forms' secrets) would not do: signing needs the secret itself. So it is
stored encrypted with AES-256-GCM (the `cryptography` package the backups use), under a key from
ARRAIGO_WEBHOOKS_KEY (32 bytes, URL-safe base64, like ARRAIGO_BACKUP_KEY) or, when that is not
set, derived from SECRET_KEY with HKDF. A copy of the database (a backup, a dump handed to a
developer) then holds no usable secret without the key; changing the key means setting every
subscriber a new secret. The subscriber's id is bound into each ciphertext, so a secret copied
onto another subscriber's row does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1:"
NONCE = 12
SECRET_BYTES = 32


class SecretUnreadable(Exception):
    """The stored secret does not decrypt with the current key (it was changed)."""


def secret_new() -> str:
    """A new subscriber secret: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(SECRET_BYTES)


def _key() -> bytes:
    text = getattr(settings, "ARRAIGO_WEBHOOKS_KEY", "")
    if text:
        try:
            key = base64.urlsafe_b64decode(text)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured("ARRAIGO_WEBHOOKS_KEY is not URL-safe base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured("ARRAIGO_WEBHOOKS_KEY must hold 32 bytes.")
        return key
    if not settings.SECRET_KEY:
        raise ImproperlyConfigured("Set ARRAIGO_WEBHOOKS_KEY or SECRET_KEY to store secrets.")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"arraigo webhooks secrets"
    ).derive(settings.SECRET_KEY.encode())


def _bound(subscriber_id: int) -> bytes:
    return f"subscriber:{subscriber_id}".encode()


def secret_seal(secret: str, subscriber_id: int) -> str:
    nonce = os.urandom(NONCE)
    sealed = AESGCM(_key()).encrypt(nonce, secret.encode(), _bound(subscriber_id))
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def secret_open(stored: str, subscriber_id: int) -> str:
    if not stored.startswith(PREFIX):
        raise SecretUnreadable("not a sealed secret")
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :])
        plain = AESGCM(_key()).decrypt(raw[:NONCE], raw[NONCE:], _bound(subscriber_id))
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise SecretUnreadable("the secret does not decrypt with the current key") from exc
    return plain.decode()

"""The backup file: a first line naming the format, a line of JSON describing the backup (the
database engine, when it was made, the schema: every app's applied migrations), then the
database's own dump (SQLite: the database file; PostgreSQL: pg_dump's custom format),
encrypted or not.

Encryption (optional) is AES-256-GCM, chunk by chunk, with a key from the environment
(ARRAIGO_BACKUP_KEY, 32 bytes in URL-safe base64; `arraigo backup --new-key` makes one). Each
chunk carries its nonce and is bound to its position and to whether it is the last, so a
file cut short, reordered or altered is refused, never restored in part. The description
line stays readable, so a restore can say what a file is before asking for its key.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"ARRAIGO-BACKUP 1\n"
KEY_VARIABLE = "ARRAIGO_BACKUP_KEY"
CHUNK = 1 << 20
NONCE = 12
LENGTH = struct.Struct(">I")


class BackupFileError(Exception):
    """The file is not a backup this version can read, or its key is missing or wrong."""


@dataclass(frozen=True)
class Description:
    engine: str  # "sqlite" or "postgresql"
    created_at: str  # ISO 8601, UTC
    schema: dict[str, list[str]]  # app label -> applied migrations, sorted
    encrypted: bool
    arraigo_version: str

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, sort_keys=True).encode() + b"\n"


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def key_from_environment(required: bool) -> bytes | None:
    text = os.environ.get(KEY_VARIABLE, "")
    if not text:
        if required:
            raise BackupFileError(
                f"This backup is encrypted: set {KEY_VARIABLE} to the key it was made with."
            )
        return None
    try:
        key = base64.urlsafe_b64decode(text)
    except (binascii.Error, ValueError) as error:
        raise BackupFileError(f"{KEY_VARIABLE} is not URL-safe base64.") from error
    if len(key) != 32:
        raise BackupFileError(f"{KEY_VARIABLE} must hold 32 bytes (it holds {len(key)}).")
    return key


def write(out: IO[bytes], description: Description, dump: IO[bytes], key: bytes | None) -> None:
    out.write(MAGIC)
    out.write(description.as_json())
    if key is None:
        while chunk := dump.read(CHUNK):
            out.write(chunk)
        return
    cipher = AESGCM(key)
    index = 0
    chunk = dump.read(CHUNK)
    while True:
        following = dump.read(CHUNK)
        last = not following
        nonce = os.urandom(NONCE)
        sealed = cipher.encrypt(nonce, chunk, _bound(index, last))
        out.write(nonce + LENGTH.pack(len(sealed)) + sealed)
        if last:
            return
        chunk, index = following, index + 1


def read_description(source: IO[bytes]) -> Description:
    if source.readline() != MAGIC:
        raise BackupFileError("This is not an arraigo backup file.")
    try:
        data: dict[str, Any] = json.loads(source.readline())
        return Description(**data)
    except (ValueError, TypeError) as error:
        raise BackupFileError("The backup's description is damaged.") from error


def read_dump(source: IO[bytes], description: Description, key: bytes | None) -> Iterator[bytes]:
    """The dump's bytes, chunk by chunk, after read_description; decrypted and checked when
    the backup is encrypted."""
    if not description.encrypted:
        while chunk := source.read(CHUNK):
            yield chunk
        return
    if key is None:
        raise BackupFileError(
            f"This backup is encrypted: set {KEY_VARIABLE} to the key it was made with."
        )
    cipher = AESGCM(key)
    index = 0
    while True:
        head = source.read(NONCE + LENGTH.size)
        if len(head) < NONCE + LENGTH.size:
            raise BackupFileError("The backup is cut short: its last part is missing.")
        (size,) = LENGTH.unpack(head[NONCE:])
        sealed = source.read(size)
        last = _at_end(source)
        try:
            yield cipher.decrypt(head[:NONCE], sealed, _bound(index, last))
        except InvalidTag as error:
            raise BackupFileError(
                "The backup cannot be decrypted: the key is not the one it was made with, "
                "or the file was altered or cut short."
            ) from error
        if last:
            return
        index += 1


def _bound(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


def _at_end(source: IO[bytes]) -> bool:
    here = source.tell()
    at_end = source.read(1) == b""
    source.seek(here)
    return at_end


def describe(path: Path) -> Description:
    with path.open("rb") as source:
        return read_description(source)

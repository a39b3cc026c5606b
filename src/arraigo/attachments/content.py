"""What an uploaded file is: its type read from its first bytes, its name made safe, its
checksum. Plain functions over bytes and names: no database, no permissions."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from typing import IO

import filetype
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

# filetype reads at most this many bytes to recognise a type.
SNIFF_BYTES = 8192
NAME_MAX = 120
FALLBACK_STEM = "archivo"

# The types that may be known to the allow-list (settings.ARRAIGO_ATTACHMENT_TYPES), with the
# extensions a name may keep for each (the first is the one given to a name without one) and
# the label shown in lists.
KNOWN_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "application/pdf": ((".pdf",), "PDF"),
    "image/jpeg": ((".jpg", ".jpeg"), "JPEG"),
    "image/png": ((".png",), "PNG"),
    "image/webp": ((".webp",), "WebP"),
    "image/heic": ((".heic",), "HEIC"),
}


def sniff_type(head: bytes) -> str | None:
    """The MIME type the bytes' signature says (magic numbers), or None when unknown. The
    name and the browser's claimed type are never asked."""
    kind = filetype.guess(head)
    return str(kind.mime) if kind is not None else None


def type_label(content_type: str) -> str:
    known = KNOWN_TYPES.get(content_type)
    return known[1] if known else content_type


def clean_name(name: str, content_type: str) -> str:
    """A safe name to give the file back under: the last part of the path only, the
    characters Django keeps in a file name (get_valid_filename), no leading dot, at most
    NAME_MAX characters, and an extension that says what the content is ("x.exe" holding a
    PDF becomes "x.exe.pdf")."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    try:
        base = get_valid_filename(base)
    except SuspiciousFileOperation:  # nothing usable left ("..", "")
        base = ""
    base = base.lstrip(".")
    extensions = KNOWN_TYPES.get(content_type, ((), ""))[0]
    stem, extension = os.path.splitext(base)
    if extension.lower() in extensions:
        extension = extension.lower()
    else:
        stem, extension = base, (extensions[0] if extensions else "")
    stem = stem[: NAME_MAX - len(extension)].rstrip(".") or FALLBACK_STEM
    return f"{stem}{extension}"


def read_head(file: IO[bytes]) -> bytes:
    """The first bytes of `file`, leaving it at its start."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head


def sha256_of(chunks: Iterable[bytes]) -> str:
    """The SHA-256 of the bytes an uploaded file yields in chunks (UploadedFile.chunks())."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()

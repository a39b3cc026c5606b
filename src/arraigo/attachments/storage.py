"""Where the files' bytes live: the storage named "attachments" in settings.STORAGES.

By default a folder outside the web root (`var/attachments/` under ARRAIGO_HOME); in production
an S3-compatible bucket when ARRAIGO_ATTACHMENTS_S3_BUCKET is set (settings.base,
docs/files.md). Nothing is ever served from the storage by URL: the bytes leave only through
the download view, which checks scope and consent and writes the audit trail.

The bytes are deleted only once the deletion of their row is committed: a rolled-back removal
keeps its file.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, cast

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

ALIAS = "attachments"

logger = logging.getLogger(__name__)


class _AttachmentStorage(LazyObject):
    """The configured storage, looked up when first used (and again after a test changes
    STORAGES), like Django's own `default_storage`."""

    _wrapped: object  # the storage, or `empty` until first used

    def _setup(self) -> None:
        self._wrapped = storages[ALIAS]


_lazy = _AttachmentStorage()
stored_files = cast(Storage, _lazy)


def attachments_storage() -> Storage:
    """The FileField's storage (a callable, so migrations name this function, not a path)."""
    return stored_files


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _lazy._wrapped = empty


def attachment_path(instance: object, filename: str) -> str:
    """A new random name for stored bytes: never the uploader's name for the file (which may
    hold a person's name) and never guessable. Two hex digits first spread the files over 256
    folders."""
    key = uuid.uuid4().hex
    return f"{key[:2]}/{key}"


def _delete(name: str) -> None:
    try:
        stored_files.delete(name)
    except Exception:  # a storage that is down must not fail the request that removed the row
        logger.warning("stored file %s could not be deleted; delete it by hand", name)


def delete_stored_on_commit(*names: str) -> None:
    """Delete the stored bytes `names` once the current transaction commits (at once outside
    one); a rollback keeps them."""
    kept = [name for name in names if name]

    def delete_all() -> None:
        for name in kept:
            _delete(name)

    if kept:
        transaction.on_commit(delete_all)


def delete_stored_now(name: str) -> None:
    """Delete bytes just stored for a row that could not be saved."""
    if name:
        _delete(name)

"""Attaching files (type by content, size, name), removing them, and a household's all."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.db import transaction

from arraigo.attachments.models import Attachment
from arraigo.attachments.services import (
    attachment_add,
    attachment_remove,
    attachments_remove_for_household,
)
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.services import document_remove
from tests.registry.factories import IdentityDocumentFactory, household_with_head

from .conftest import EXE, JPEG, KINDS, PDF, PNG, TEXT, World, attach, stored, upload

pytestmark = pytest.mark.django_db

REFUSED_TYPE = "This type of file is not allowed: only PDF, JPEG or PNG."


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_is_attached_to_each_kind_of_record(world: World, files_folder: Path, kind: str):
    attachment = attach(world, kind, by="coordinator", name="Pasaporte Ana.pdf")

    assert attachment.kind == kind
    assert attachment.target == world.target(kind)
    assert attachment.household == world.household
    assert attachment.name == "Pasaporte_Ana.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.uploaded_by == world.users["coordinator"]
    [path] = stored(files_folder)
    assert path.read_bytes() == PDF


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")],
)
def test_the_type_is_read_from_the_content(world: World, content: bytes, content_type: str):
    attachment = attach(world, "document", name="scan", content=content)

    assert attachment.content_type == content_type
    assert attachment.name == "scan" + {"application/pdf": ".pdf"}.get(
        content_type, ".jpg" if content_type == "image/jpeg" else ".png"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("programa.exe", EXE), ("programa.pdf", EXE), ("carta.pdf", TEXT)],
)
def test_a_file_of_another_type_is_refused_whatever_its_name(
    world: World, files_folder: Path, name: str, content: bytes
):
    with pytest.raises(ValidationFailed) as refusal:
        attach(world, "document", name=name, content=content)

    assert refusal.value.errors == {"file": [REFUSED_TYPE]}
    assert Attachment.objects.count() == 0
    assert stored(files_folder) == []


def test_a_file_over_the_limit_is_refused(world: World, files_folder: Path, settings):
    settings.ARRAIGO_ATTACHMENT_MAX_MB = 1
    content = PDF + b"0" * (1024 * 1024 - len(PDF) + 1)

    with pytest.raises(ValidationFailed) as refusal:
        attach(world, "document", content=content)

    assert refusal.value.errors == {"file": ["The file is too big: at most 1 MB."]}
    assert stored(files_folder) == []
    # exactly at the limit it goes through
    assert attach(world, "document", content=content[:-1]).size == 1024 * 1024


def test_an_empty_file_is_refused(world: World):
    with pytest.raises(ValidationFailed) as refusal:
        attach(world, "document", content=b"")

    assert refusal.value.errors == {"file": ["The file is empty."]}


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/x", "x.pdf"),
        ("..\\..\\Windows\\informe.pdf", "informe.pdf"),
        ("Constancia médica de Ana.PDF", "Constancia_médica_de_Ana.pdf"),
        ("scan.exe", "scan.exe.pdf"),
        (".bashrc", "bashrc.pdf"),
        ("???", "archivo.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_the_name_is_made_safe(world: World, given: str, kept: str):
    assert attach(world, "document", name=given).name == kept


def test_the_stored_path_is_random_and_not_the_name(world: World, files_folder: Path):
    first = attach(world, "document", name="Pasaporte de Ana Pérez.pdf")
    second = attach(world, "document", name="Pasaporte de Ana Pérez.pdf")

    for attachment in (first, second):
        assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}", attachment.file.name)
        assert "Pasaporte" not in attachment.file.name
    assert first.file.name != second.file.name
    assert first.public_id != second.public_id
    assert [p.relative_to(files_folder).as_posix() for p in stored(files_folder)] == sorted(
        [first.file.name, second.file.name]
    )


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("other_host", "document"),
        ("other_origin", "consent"),
        ("other_host", "milestone"),
        ("other_host", "referral"),
        ("partner", "document"),
        ("partner", "milestone"),
        ("other_partner", "referral"),
        ("me_officer", "document"),
        ("auditor", "consent"),
        ("employer", "referral"),
        ("liaison", "milestone"),
    ],
)
def test_who_may_not_change_the_record_may_not_attach_to_it(
    world: World, files_folder: Path, who: str, kind: str
):
    with pytest.raises(NotPermitted):
        attach(world, kind, by=who)

    assert stored(files_folder) == []


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("origin", "document"),
        ("origin", "consent"),
        ("host", "milestone"),
        ("host", "referral"),
        ("partner", "referral"),
    ],
)
def test_who_changes_the_record_attaches_to_it(world: World, who: str, kind: str):
    assert attach(world, kind, by=who).uploaded_by == world.users[who]


def test_removing_deletes_the_stored_file_once_committed(
    world: World, files_folder: Path, django_capture_on_commit_callbacks
):
    attachment = attach(world, "consent")
    [path] = stored(files_folder)

    with django_capture_on_commit_callbacks() as callbacks:
        attachment_remove(actor=world.users["host"], attachment=attachment)
        assert path.exists()  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()

    assert not path.exists()
    assert Attachment.objects.count() == 0


def test_a_removal_rolled_back_keeps_the_file(
    world: World, files_folder: Path, django_capture_on_commit_callbacks
):
    attachment = attach(world, "consent")
    pk = attachment.pk

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        attachment_remove(actor=world.users["host"], attachment=attachment)
        raise RuntimeError("the request failed after the removal")

    assert callbacks == []
    assert Attachment.objects.filter(pk=pk).exists()
    assert len(stored(files_folder)) == 1


@pytest.mark.parametrize("who", ["auditor", "other_host", "me_officer", "partner"])
def test_who_may_not_change_the_record_may_not_remove_its_files(world: World, who: str):
    attachment = attach(world, "document")

    with pytest.raises(NotPermitted):
        attachment_remove(actor=world.users[who], attachment=attachment)

    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_partner_removes_only_the_files_it_uploaded(world: World):
    theirs = attach(world, "referral", by="host")
    own = attach(world, "referral", by="partner")
    partner = world.users["partner"]

    with pytest.raises(NotPermitted):
        attachment_remove(actor=partner, attachment=theirs)
    attachment_remove(actor=partner, attachment=own)

    assert list(Attachment.objects.all()) == [theirs]


def test_a_households_files_are_all_removed_with_their_stored_bytes(
    world: World, files_folder: Path, django_capture_on_commit_callbacks
):
    for kind in KINDS:
        attach(world, kind)
    other = household_with_head(code="HH-0701")
    kept = attachment_add(
        actor=world.users["coordinator"],
        target=IdentityDocumentFactory(person=other.members.get()),
        uploaded_file=upload(),
    )
    kept_path = files_folder / kept.file.name

    with django_capture_on_commit_callbacks(execute=True):
        removed = attachments_remove_for_household(household=world.household)

    assert removed == 4
    assert list(Attachment.objects.all()) == [kept]
    assert stored(files_folder) == [kept_path]


def test_a_document_with_scans_is_not_removed_under_them(world: World, files_folder: Path):
    attach(world, "document")

    with pytest.raises(ValidationFailed) as refusal:
        document_remove(actor=world.users["coordinator"], document=world.document)

    assert refusal.value.errors == {
        None: [
            "This document cannot be removed: it is named in files. Cancel or change those first."
        ]
    }
    assert Attachment.objects.count() == 1
    assert len(stored(files_folder)) == 1

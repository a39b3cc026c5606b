"""The safe name and the type read from the bytes, without the database. (An upload's name
reaches the service as Django's UploadedFile keeps it, its last part; clean_name does not rely
on that.)"""

from __future__ import annotations

import pytest

from arraigo.attachments.content import clean_name, sniff_type

from .conftest import EXE, JPEG, PDF, PNG, TEXT


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/x", "x.pdf"),
        ("..", "archivo.pdf"),
        ("", "archivo.pdf"),
        ("C:\\Users\\ana\\Desktop\\CURP Ana.pdf", "CURP_Ana.pdf"),
        ("informe.PdF", "informe.pdf"),
        ("x.tar.gz", "x.tar.gz.pdf"),
    ],
)
def test_clean_name(given: str, kept: str):
    assert clean_name(given, "application/pdf") == kept


def test_a_jpeg_keeps_either_of_its_extensions():
    assert clean_name("foto.JPEG", "image/jpeg") == "foto.jpeg"
    assert clean_name("foto.jpg", "image/jpeg") == "foto.jpg"
    assert clean_name("foto.png", "image/jpeg") == "foto.png.jpg"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (PDF, "application/pdf"),
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (EXE, "application/x-msdownload"),
        (TEXT, None),
        (b"", None),
    ],
)
def test_sniff_type(content: bytes, found: str | None):
    assert sniff_type(content) == found

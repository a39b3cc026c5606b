"""Households files for the import tests: rows as dicts, written as CSV or XLSX bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib

from openpyxl import Workbook

from tests.registry.person_data import curp_make, number_make

HEADER = [
    "household_ref",
    "origin_office",
    "modality",
    "host_city",
    "stage",
    "stage_date",
    "registered_on",
    "consent_relocation",
    "relationship",
    "first_names",
    "last_names",
    "sex",
    "date_of_birth",
    "nationality",
    "spanish_level",
    "willing_to_work",
    "able_to_work",
    "phone",
    "document_type",
    "document_number",
    "document_2_type",
    "document_2_number",
    "needs",
]


def _day(ref: str, start: dt.date, span: int) -> dt.date:
    """A birth date of its own for each reference (no two people look like duplicates)."""
    return start + dt.timedelta(days=zlib.crc32(ref.encode()) % span)


def head_row(ref: str, office: str, **changes: str) -> dict[str, str]:
    """An adult head with COMAR recognition and a CURP (eligible once a residence is added)."""
    born = _day(ref, dt.date(1960, 1, 1), 12000)
    row = {
        "household_ref": ref,
        "origin_office": office,
        "modality": "relocation",
        "stage": "registered",
        "registered_on": "2026-01-05",
        "consent_relocation": "yes",
        "relationship": "head",
        "first_names": f"Ana {ref}",
        "last_names": "Pérez López",
        "sex": "F",
        "date_of_birth": born.isoformat(),
        "nationality": "HN",
        "spanish_level": "native",
        "willing_to_work": "yes",
        "able_to_work": "yes",
        "phone": "+52 55 1234 5678",
        "document_type": "curp",
        "document_number": curp_make(born, "M"),  # M: mujer
        "document_2_type": "comar_recognition",
        "document_2_number": number_make("COMAR"),
    }
    row.update(changes)
    return row


def child_row(ref: str, **changes: str) -> dict[str, str]:
    born = _day(ref, dt.date(2009, 1, 1), 3000)
    row = {
        "household_ref": ref,
        "relationship": "child",
        "first_names": f"Luis {ref}",
        "last_names": "Pérez López",
        "sex": "M",
        "date_of_birth": born.isoformat(),
        "nationality": "HN",
        "spanish_level": "native",
        "document_type": "curp",
        "document_number": curp_make(born, "H"),  # H: hombre
        "needs": "child_at_risk",
    }
    row.update(changes)
    return row


def households_rows(office: str, count: int = 3) -> list[dict[str, str]]:
    """`count` households of a head and a child each."""
    rows = []
    for n in range(1, count + 1):
        ref = f"REF-{n}"
        rows += [head_row(ref, office), child_row(ref)]
    return rows


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or HEADER, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    names = header or HEADER
    sheet.append(names)
    for row in rows:
        values: list[object] = []
        for name in names:
            value = row.get(name, "")
            if name in {"date_of_birth", "registered_on"} and value:
                values.append(dt.datetime.fromisoformat(value))  # a date cell, as Excel keeps it
            else:
                values.append(value)
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

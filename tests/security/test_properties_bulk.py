"""Property-based tests of the bulk imports (bulk/): whatever the file, no crash, and all or
nothing with a row-by-row report.

Paths covered, all through `bulk.services.import_now` (what `arraigo import` and the upload's
background step both call: `file_check_and_write`):
- bulk/sheets.py `table_read`: CSV (UTF-8 with or without BOM, `,` or `;`) and XLSX (first
  sheet), and the refusal of anything else: other encodings, random and truncated bytes, a zip
  that is not a workbook, duplicate and missing headers, a field larger than csv's limit.
- bulk/households_import.py, households_check.py, households_people.py,
  households_documents.py, columns.py `Cells`: the households file (one row per person),
  dates, numbers, yes/no, codes, languages, phone, CURP/NSS/RFC through registry.validators.
- bulk/entities.py: employers, vacancies and service providers, one service call per row.
- bulk/views.py `import_upload`: the page answers 200/302 with a form error, never 500.
- bulk/exports.py `export_rows` with sheets.py `csv_bytes` / `xlsx_bytes`: what was imported
  exports and reads back.

Properties: the call raises nothing (a refusal is a report, not an exception); a refused file
writes nothing but the import's own record (every table's row count compared); a problem names
the row that was spoiled (or the header, row 1); an accepted file's people read back as written
(names stripped, phone in E.164).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from arraigo.accounts.models import Role
from arraigo.bulk.models import ImportJob, ImportStatus
from arraigo.bulk.services import import_now
from arraigo.registry import validators
from arraigo.registry.models import Person
from tests.accounts.factories import UserFactory
from tests.bulk.files import HEADER, child_row, head_row
from tests.places.factories import CityFactory, OfficeFactory

from .properties import (
    changed_tables,
    csv_of,
    mutate_row,
    nasty_text,
    rolled_back,
    table_counts,
)

pytestmark = pytest.mark.django_db

# What a refused import may leave: its own record, with the report (and nothing else).
IMPORT_RECORD = {"bulk_importjob": 1}
MUTABLE = [name for name in HEADER if name != "household_ref"]


@pytest.fixture
def world():
    office = OfficeFactory(code="tap")
    CityFactory(code="saltillo")
    return {"office": office, "coordinator": UserFactory(role=Role.COORDINATOR)}


# Two households of a head and a child (rows 2-5 of the file), made once: each example must
# start from the same rows (the CURPs are numbered at each call).
_BASE_ROWS = [head_row("P-1", "tap"), child_row("P-1"), head_row("P-2", "tap"), child_row("P-2")]


def _rows(office: str) -> list[dict[str, str]]:
    assert office == "tap"
    return [dict(row) for row in _BASE_ROWS]


def _xlsx(header: list[str], rows: list[dict[str, str]], *, extra_sheet: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        # a workbook cannot hold control characters: the spreadsheet program leaves them out
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row.get(name, "")) for name in header])
    if extra_sheet:
        book.create_sheet("other").append(["=1+1", "ignored"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def households_files(draw: st.DrawFn, office: str) -> tuple[str, bytes, int, list[dict[str, str]]]:
    """A valid households file with one row spoiled: (filename, bytes, the spoiled row's number
    in the file, the rows as written)."""
    rows = _rows(office)
    index = draw(st.integers(0, len(rows) - 1))
    rows[index] = mutate_row(draw, rows[index], MUTABLE)
    fmt = draw(st.sampled_from(["csv", "csv;", "csv-bom", "xlsx"]))
    if fmt == "xlsx":
        content = _xlsx(HEADER, rows)
    else:
        text = csv_of(HEADER, rows, delimiter=";" if fmt == "csv;" else ",")
        content = ("\ufeff" if fmt == "csv-bom" else "").encode() + text.encode(
            "utf-8", "surrogatepass"
        )
    return f"caseload.{fmt[:4].rstrip(';-')}", content, index + 2, rows


def _import(actor, kind: str, filename: str, content: bytes):
    before = table_counts()
    job, report = import_now(actor=actor, kind=kind, filename=filename, content=content)
    return job, report, changed_tables(before, table_counts())


def _refused_wrote_nothing(job, report, changed) -> None:
    assert job.status == ImportStatus.REFUSED
    assert job.content is None
    assert changed == IMPORT_RECORD, changed


def _cell(row: dict[str, str], name: str) -> str:
    """The cell as the reader sees it (stripped)."""
    return row.get(name, "").strip()


@settings(max_examples=60)
@given(data=st.data())
@example(data=None)  # the file as valid: everything written
def test_a_households_file_with_a_spoiled_row_is_refused_on_that_row_or_written_whole(world, data):
    office = world["office"].code
    if data is None:
        rows = _rows(office)
        filename, content, spoiled = "caseload.csv", csv_of(HEADER, rows).encode(), 0
    else:
        filename, content, spoiled, rows = data.draw(households_files(office))
    with rolled_back():
        job, report, changed = _import(world["coordinator"], "households", filename, content)
        event("refused" if report.refused else "written")
        if report.refused:
            _refused_wrote_nothing(job, report, changed)
            # the spoiled row, the rows of the households it belonged to, or the header
            refs = {_cell(rows[spoiled - 2], "household_ref"), f"P-{1 + (spoiled - 2) // 2}"}
            allowed = {1, spoiled} | {
                n for n, r in enumerate(rows, 2) if _cell(r, "household_ref") in refs
            }
            assert {p.row for p in report.problems} <= allowed, report.problems
            assert spoiled in {p.row for p in report.problems} or any(
                p.row in allowed for p in report.problems
            )
        else:
            assert job.status == ImportStatus.DONE
            assert report.written["people"] == 4
            assert changed["registry_person"] == 4
            for row in rows:
                person = Person.objects.get(
                    household__import_ref__ref=_cell(row, "household_ref"),
                    relationship=_cell(row, "relationship").lower() or "x",
                )
                assert person.first_names == _cell(row, "first_names")
                assert person.last_names == _cell(row, "last_names")
                phone = _cell(row, "phone")
                assert person.phone == (validators.phone_validate(phone) if phone else "")


# --- files that are not what they say --------------------------------------------------------


def _zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


@functools.cache
def _good_xlsx() -> bytes:
    return _xlsx(HEADER, _rows("tap"))


def _without_sheets() -> bytes:
    """A workbook whose sheet is listed but whose part is missing (openpyxl reads no sheet)."""
    with zipfile.ZipFile(io.BytesIO(_good_xlsx())) as archive:
        return _zip_of({n: archive.read(n) for n in archive.namelist() if "worksheets/" not in n})


@st.composite
def broken_files(draw: st.DrawFn) -> tuple[str, bytes]:
    rows = _rows("tap")
    good_csv = csv_of(HEADER, rows)
    good_xlsx = _good_xlsx()
    kind = draw(
        st.sampled_from(
            [
                "random",
                "truncated-xlsx",
                "flipped-xlsx",
                "zip-not-xlsx",
                "xlsx-no-sheet",
                "utf16",
                "latin1",
                "duplicate-header",
                "missing-column",
                "huge-field",
                "nul",
                "xlsx-extra-sheet-formula",
                "wrong-extension",
            ]
        )
    )
    if kind == "random":
        return draw(st.sampled_from(["f.csv", "f.xlsx"])), draw(st.binary(max_size=300))
    if kind == "truncated-xlsx":
        return "f.xlsx", good_xlsx[: draw(st.integers(0, len(good_xlsx) - 1))]
    if kind == "flipped-xlsx":
        at = draw(st.integers(0, len(good_xlsx) - 1))
        spoiled = bytes([good_xlsx[at] ^ draw(st.integers(1, 255))])
        return "f.xlsx", good_xlsx[:at] + spoiled + good_xlsx[at + 1 :]
    if kind == "zip-not-xlsx":
        return "f.xlsx", _zip_of({"hello.txt": b"hello", "[Content_Types].xml": b"<x/>"})
    if kind == "xlsx-no-sheet":
        with zipfile.ZipFile(io.BytesIO(good_xlsx)) as archive:
            parts = {
                name: archive.read(name)
                for name in archive.namelist()
                if "worksheets/" not in name or draw(st.booleans())
            }
        return "f.xlsx", _zip_of(parts)
    if kind == "utf16":
        return "f.csv", good_csv.encode("utf-16")
    if kind == "latin1":
        return "f.csv", good_csv.replace("Pérez", "Pérez\u00ff").encode("latin-1")
    if kind == "duplicate-header":
        name = draw(st.sampled_from(HEADER))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*HEADER, name])
        for row in rows:
            writer.writerow([*(row.get(h, "") for h in HEADER), draw(nasty_text)])
        return "f.csv", out.getvalue().encode("utf-8", "surrogatepass")
    if kind == "missing-column":
        gone = draw(st.sampled_from(HEADER))
        return "f.csv", csv_of([h for h in HEADER if h != gone], rows).encode()
    if kind == "huge-field":
        rows[0]["first_names"] = "A" * draw(st.integers(130_000, 140_000))
        return "f.csv", csv_of(HEADER, rows).encode()
    if kind == "nul":
        name = draw(st.sampled_from(MUTABLE))
        rows[draw(st.integers(0, 3))][name] = "Ana\x00"
        return draw(st.sampled_from(["f.csv", "f.xlsx"])), csv_of(HEADER, rows).encode()
    if kind == "xlsx-extra-sheet-formula":
        rows[1]["first_names"] = '=HYPERLINK("http://x","y")'
        return "f.xlsx", _xlsx(HEADER, rows, extra_sheet=True)
    return "f.txt", good_csv.encode()


@settings(max_examples=40)
@given(file=broken_files())
# found: a workbook without its sheet's part raised IndexError (sheets.table_read)
@example(file=("f.xlsx", _without_sheets()))
def test_a_file_that_is_not_a_readable_households_file_is_refused_and_writes_nothing(world, file):
    filename, content = file
    with rolled_back():
        job, report, changed = _import(world["coordinator"], "households", filename, content)
        if report.refused:
            _refused_wrote_nothing(job, report, changed)
            assert all(p.row >= 1 for p in report.problems)
        else:  # a formula is text like any other; a second sheet is not read
            assert changed["registry_household"] == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_column_given_twice_is_refused_on_the_header(world, fmt):
    """Found: the second `first_names` column silently won over the first."""
    header = [*HEADER, "first_names"]
    rows = _rows("tap")
    content = csv_of(header, rows).encode() if fmt == "csv" else _xlsx(header, rows)

    with rolled_back():
        job, report, changed = _import(world["coordinator"], "households", f"f.{fmt}", content)

        _refused_wrote_nothing(job, report, changed)
        assert [(p.row, p.column, p.message) for p in report.problems] == [
            (1, "first_names", "This column is given more than once.")
        ]


@pytest.mark.parametrize(("kind", "column"), [("households", "first_names"), ("employers", "name")])
def test_a_nul_character_is_refused_on_its_cell(world, kind, column):
    """Found on PostgreSQL: a NUL in a CSV cell reached the database, which stores no text with
    one (DataError, the import failed instead of reporting)."""
    if kind == "households":
        header, rows = HEADER, _rows("tap")
    else:
        header, rows = ENTITY_FILES["employers"][0], [dict(r) for r in ENTITY_FILES["employers"][1]]
    rows[1][column] = "Ana\x00 María"
    content = csv_of(header, rows).encode()

    with rolled_back():
        job, report, changed = _import(world["coordinator"], kind, f"{kind}.csv", content)

        _refused_wrote_nothing(job, report, changed)
        assert [(p.row, p.column, p.message) for p in report.problems] == [
            (3, column, "Remove the NUL character from this cell.")
        ]


# Found by the properties of tests/security/test_properties_forms.py on the checks the import
# shares: each raised instead of being reported on its cell.
FOUND_CELLS = [
    ("nationality", "1" * 5000),  # django-countries' int() of a numeric code: ValueError
    ("date_of_birth", "1/1/99999999999999999999"),  # a year too large: OverflowError
    ("document_2_number", "²" * 11),  # the NSS's Luhn digit read int("²"): ValueError
]


@pytest.mark.parametrize(("column", "value"), FOUND_CELLS)
def test_a_cell_that_raised_is_now_reported_on_its_row(world, column, value):
    rows = _rows("tap")
    rows[2][column] = value
    if column == "document_2_number":
        rows[2]["document_2_type"] = "nss"
    with rolled_back():
        job, report, changed = _import(
            world["coordinator"], "households", "f.csv", csv_of(HEADER, rows).encode()
        )

        _refused_wrote_nothing(job, report, changed)
        assert {(p.row, p.column) for p in report.problems} == {(4, column)}


# --- employers, vacancies, providers -----------------------------------------------------------

ENTITY_FILES = {
    "employers": (
        ["name", "rfc", "sector", "city", "size", "partner_since", "contact_phone"],
        [
            {"name": "Manufacturas", "sector": "automotive", "city": "saltillo", "size": "large"},
            {"name": "Alimentos", "sector": "food_processing", "city": "saltillo", "size": "small"},
        ],
    ),
    "providers": (
        ["name", "kind", "city", "address", "phone", "email", "website"],
        [
            {"name": "DIF Municipal", "kind": "government", "city": "saltillo"},
            {"name": "Casa Refugio", "kind": "ngo", "city": "saltillo", "phone": "+528441234567"},
        ],
    ),
}


@settings(max_examples=40)
@given(kind=st.sampled_from(sorted(ENTITY_FILES)), data=st.data())
def test_an_entities_file_with_a_spoiled_row_is_refused_on_that_row_or_written_whole(
    world, kind, data
):
    header, base = ENTITY_FILES[kind]
    rows = [dict(r) for r in base]
    index = data.draw(st.integers(0, len(rows) - 1))
    rows[index] = mutate_row(data.draw, rows[index], header)
    content = csv_of(header, rows).encode("utf-8", "surrogatepass")
    with rolled_back():
        job, report, changed = _import(world["coordinator"], kind, f"{kind}.csv", content)
        event("refused" if report.refused else "written")
        if report.refused:
            _refused_wrote_nothing(job, report, changed)
            assert {p.row for p in report.problems} <= {1, index + 2}, report.problems
        else:
            assert job.status == ImportStatus.DONE
            table = "jobs_employer" if kind == "employers" else "places_serviceprovider"
            assert changed.get(table, 0) == report.written["records"]


def test_vacancies_import_with_hostile_cells_does_not_crash(world):
    """A vacancy row's numbers and dates, each hostile in turn (a plain loop: few cells)."""
    from arraigo.codelists.models import Occupation
    from tests.jobs.factories import EmployerFactory

    EmployerFactory(name="Manufacturas", city=world["office"].city)
    code = Occupation.objects.order_by("isco_code").values_list("isco_code", flat=True)[0]
    header = ["employer", "title", "occupation", "seats", "monthly_wage_mxn", "start_date"]
    good = {
        "employer": "Manufacturas",
        "title": "Operador",
        "occupation": code,
        "seats": "5",
        "monthly_wage_mxn": "9500",
        "start_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    for name in ("seats", "monthly_wage_mxn", "start_date", "occupation", "title"):
        for value in ("²", "1" * 5000, "1e999999", "NaN", "-1", "\x00", "31/02/2026", "=1+1"):
            content = csv_of(header, [{**good, name: value}]).encode()
            with rolled_back():
                job, report, changed = _import(world["coordinator"], "vacancies", "v.csv", content)
                if report.refused:
                    _refused_wrote_nothing(job, report, changed)
                    assert {(p.row, p.column) for p in report.problems} <= {(2, name)}, (
                        name,
                        value,
                        report.problems,
                    )
                else:
                    assert changed["jobs_vacancy"] == 1, (name, value)


# --- the upload page -----------------------------------------------------------------------


@settings(max_examples=15)
@given(
    name=st.one_of(nasty_text, st.sampled_from(["a.csv", "a.xlsx", "../../etc/passwd.csv"])),
    content=st.binary(max_size=200),
    kind=st.one_of(st.sampled_from(["households", "employers"]), nasty_text),
)
def test_the_upload_page_never_answers_500(client, world, name, content, kind):
    client.force_login(world["coordinator"])
    upload = io.BytesIO(content)
    upload.name = name.replace("\x00", "") or "f"
    with rolled_back():
        jobs = ImportJob.objects.count()
        response = client.post(reverse("bulk:import_upload"), {"kind": kind, "file": upload})
        assert response.status_code in (200, 302)
        assert ImportJob.objects.count() == jobs + (response.status_code == 302)


# --- written, then exported and read again ---------------------------------------------------

NAME_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() and "\r" not in t and "\n" not in t)


@settings(max_examples=30)
@given(first=NAME_TEXT, last=NAME_TEXT, fmt=st.sampled_from(["csv", "xlsx"]))
# found: a name holding a control character (the import and the web's forms take them) made
# the XLSX export raise openpyxl's IllegalCharacterError
@example(first="Ana\x1b", last="Pérez\x01", fmt="xlsx")
@example(first="=HYPERLINK(1)", last="\u202eLópez", fmt="xlsx")
def test_names_imported_export_and_read_back_as_written(world, first, last, fmt):
    from arraigo.bulk.exports import export_header, export_rows
    from arraigo.bulk.sheets import csv_bytes, table_read, xlsx_bytes
    from arraigo.core.csv_safety import csv_cell, xlsx_cell

    rows = _rows("tap")
    rows[0]["first_names"], rows[0]["last_names"] = first, last
    coordinator = world["coordinator"]
    with rolled_back():
        _job, report = import_now(
            actor=coordinator,
            kind="households",
            filename="f.csv",
            content=csv_of(HEADER, rows).encode(),
        )
        if report.refused:  # too long, say: the property is about what was written
            return
        header = export_header(coordinator, "households")
        exported = list(export_rows(coordinator, "households"))
        content = (
            csv_bytes(header, exported)
            if fmt == "csv"
            else xlsx_bytes([("households", header, exported)])
        )
        table, problems = table_read(content, f"export.{fmt}")
        assert problems == [] and table is not None
        written = Person.objects.get(household__import_ref__ref="P-1", relationship="head")
        cell = csv_cell if fmt == "csv" else xlsx_cell
        heads = [r for r in table.rows if r.get("relationship") == "head"]
        expected = (cell(written.first_names).strip(), cell(written.last_names).strip())
        assert expected in {(r.get("first_names"), r.get("last_names")) for r in heads}

"""Every instrument's XLSForm converts with pyxform (as KoboToolbox and ODK do), carrying the
household code and the member numbers so the answers come back matched."""

import io

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from arraigo.monitoring.instruments import survey_instruments
from arraigo.monitoring.xlsform import xlsform_bytes

ROUNDS = ["baseline", "month1", "month6", "month12"]


XF = "{http://www.w3.org/2002/xforms}"


def _binds(xform: str) -> dict[str, dict[str, str]]:
    root = ElementTree.fromstring(xform)
    return {b.attrib["nodeset"]: b.attrib for b in root.iter(f"{XF}bind")}


@pytest.mark.parametrize("round_code", ROUNDS)
def test_each_instrument_converts_with_pyxform(round_code):
    warnings: list[str] = []

    result = convert(
        xlsform_bytes(survey_instruments(), round_code), warnings=warnings, file_type=".xlsx"
    )

    assert warnings == []
    binds = _binds(result.xform)
    assert binds["/data/household"]["required"] == "true()"
    assert binds["/data/members/member"]["type"] == "int"
    assert binds["/data/members/member"]["required"] == "true()"
    assert binds["/data/date"]["type"] == "date"
    assert binds["/data/mode"]["required"] == "true()"
    assert binds["/data/round"]["calculate"] == f"'{round_code}'"
    root = ElementTree.fromstring(result.xform)
    assert [r.attrib["nodeset"] for r in root.iter(f"{XF}repeat")] == ["/data/members"]
    assert root.find(f".//{XF}instance/{XF}data").attrib == {
        "id": f"arraigo_{round_code}",
        "version": "mx-pil-surveys-2026.1",
    }


def test_relevance_follows_age_and_earlier_answers():
    binds = _binds(convert(xlsform_bytes(survey_instruments(), "month1"), file_type=".xlsx").xform)

    relevant = {
        path.removeprefix("/data/members/"): " ".join(b.get("relevant", "").split())
        for path, b in binds.items()
        if path.startswith("/data/members/")
    }
    assert relevant == {
        "member": "",
        "age": "",
        "works": "../age >= 15",
        "formal": "../age >= 15 and ../works = 'yes'",
        "income": "../age >= 15 and ../works = 'yes'",
        "job_satisfied": "../age >= 15 and ../works = 'yes'",
        "in_school": "../age >= 6 and ../age <= 17",
        "bank_account": "../age >= 18",
    }
    assert binds["/data/members/income"]["constraint"] == ". >= 0"


def test_the_sheets_of_the_form():
    book = load_workbook(io.BytesIO(xlsform_bytes(survey_instruments(), "month6")))

    assert book.sheetnames == ["survey", "choices", "settings"]
    settings_rows = list(book["settings"].iter_rows(values_only=True))
    assert settings_rows[0][:4] == ("form_title", "form_id", "version", "default_language")
    assert settings_rows[1][1:4] == ("arraigo_month6", "mx-pil-surveys-2026.1", "Español (es)")
    survey = list(book["survey"].iter_rows(values_only=True))
    assert survey[0][:4] == ("type", "name", "label::Español (es)", "label::English (en)")
    names = [row[1] for row in survey[1:]]
    assert names.index("household") < names.index("members") < names.index("member")
    choices = {(row[0], row[1]) for row in book["choices"].iter_rows(min_row=2, values_only=True)}
    assert {("yes_no", "yes"), ("yes_no", "no"), ("mode", "phone"), ("tenure", "owned")} <= choices


def test_the_command_writes_the_form(tmp_path):
    out = tmp_path / "month1.xlsx"

    call_command("surveys", "xlsform", "--round", "month1", "--out", str(out))

    # the same sheets and cells as the form built here (not the same bytes: a workbook holds
    # the moment it was saved, and the zip the time of each part)
    assert _cells(out.read_bytes()) == _cells(xlsform_bytes(survey_instruments(), "month1"))


def _cells(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}

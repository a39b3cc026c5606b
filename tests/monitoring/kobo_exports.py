"""KoboToolbox exports of submissions, built as Kobo writes them, for the import tests.

`kobo_xlsx`: Kobo's XLSX export ("XML values and headers", groups in headers): a first sheet
named after the form with one row per submission and Kobo's metadata columns, and a `members`
sheet per repeat joined by `_index` / `_parent_index`. `kobo_csv`: the flat layout, one row per
member carrying its submission's `_uuid` and the household columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

HOUSEHOLD = ["household", "date", "mode", "housing_tenure", "feels_safe", "health_access",
             "basic_needs_met"]  # fmt: skip
MEMBER = ["member", "age", "works", "formal", "income", "job_satisfied", "in_school",
          "bank_account"]  # fmt: skip
MAIN_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]  # fmt: skip
REPEAT_META = ["_index", "_parent_table_name", "_parent_index", "_submission__id",
               "_submission__uuid", "_submission__submission_time",
               "_submission__validation_status", "_submission__notes", "_submission__status",
               "_submission__submitted_by", "_submission___version__",
               "_submission__tags"]  # fmt: skip
SHEET = "Seguimiento al mes de la llegad"  # the form's title, cut to Excel's 31 characters


def submission(uuid: str, household: str, members: list[dict[str, Any]], **answers: Any) -> dict:
    base = {
        "_uuid": uuid,
        "household": household,
        "date": dt.date(2026, 3, 2),
        "mode": "phone",
        "round": "month1",
        "housing_tenure": "rented_contract",
        "feels_safe": "yes",
        "health_access": "yes",
        "basic_needs_met": "no",
    }
    return {**base, **answers, "members": members}


def kobo_xlsx(submissions: list[dict], *, group: str = "members/") -> bytes:
    book = Workbook()
    main = book.active
    main.title = SHEET
    main.append(["start", "end", "round", *HOUSEHOLD, *MAIN_META])
    repeat = book.create_sheet("members")
    repeat.append([*(f"{group}{name}" for name in MEMBER), *REPEAT_META])
    stamp = "2026-03-02T10:15:00"
    number = 0
    for index, sub in enumerate(submissions, start=1):
        meta = [7000 + index, sub["_uuid"], stamp, None, None, "submitted_via_web", None,
                "vGk3o8", None, index]  # fmt: skip
        main.append([stamp, stamp, sub["round"], *(sub.get(k) for k in HOUSEHOLD), *meta])
        for member in sub["members"]:
            number += 1
            parent = member.get("_parent_index", index)
            meta = [number, SHEET, parent, 7000 + index, sub["_uuid"], stamp, None, None,
                    "submitted_via_web", None, "vGk3o8", None]  # fmt: skip
            repeat.append([*(member.get(k) for k in MEMBER), *meta])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kobo_csv(submissions: list[dict], *, delimiter: str = ";", group: str = "members/") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["_uuid", "round", *HOUSEHOLD, *(f"{group}{name}" for name in MEMBER)])
    for sub in submissions:
        for member in sub["members"]:
            head = [sub.get(k) for k in HOUSEHOLD]
            head[1] = head[1].isoformat()
            row = [sub["_uuid"], sub["round"], *head, *(member.get(k) for k in MEMBER)]
            writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")

"""A submission as KoboToolbox's REST Services post it (JSON), read into the rows the import
checks (kobo_files.Submission), so a posted submission meets exactly the rules of a file.

KoboToolbox posts each new submission once, as the data API shows it: the form's fields keyed
by their path (`household`, `group/household`), Kobo's metadata (`_id`, `_uuid`,
`_submission_time`, `formhub/uuid`, `meta/instanceID` = "uuid:..."), and each repeat as a list
of objects keyed by full paths (`members: [{"members/member": "1", "members/works": "yes"}]`).
Values are text. Nothing here reads the database.
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from .kobo_files import Problem, Row, Submission, canonical, cell_text
from .xlsform import REPEAT

WHERE = "submission"
UUID_LENGTH = 64


def submission_uuid(data: dict[str, Any]) -> str:
    """The submission's uuid: `_uuid`, else `meta/instanceID` without "uuid:" ("" if none)."""
    uuid = data.get("_uuid")
    if isinstance(uuid, str) and uuid.strip():
        return uuid.strip()
    for key, value in data.items():
        if key.rsplit("/", 1)[-1] == "instanceID" and isinstance(value, str):
            return value.strip().removeprefix("uuid:")
    return ""


def _text_unstorable(text: str) -> bool:
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def payload_problem(data: Any) -> str | None:
    """Why a posted submission cannot be kept as posted, or None: text holding NUL or an
    unpaired surrogate (a JSON escape can spell either; PostgreSQL refuses the first, UTF-8
    cannot encode the second) or a number that is not finite (1e400 reads as infinity, which
    JSON cannot write back)."""
    todo = [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if _text_unstorable(str(key)):
                    return _("a name holds a character that cannot be stored")
                todo.append(value)
        elif isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, str) and _text_unstorable(item):
            return _("a value holds a character that cannot be stored")
        elif isinstance(item, float) and not math.isfinite(item):
            return _("a number is too large")
    return None


def _row(where: str, number: int, data: dict[str, Any]) -> Row:
    cells: dict[str, tuple[str, str]] = {}
    for key, value in data.items():
        if isinstance(value, dict | list):
            continue
        name = canonical(str(key))
        if name is None or name == "instanceID" or name in cells:
            continue
        cells[name] = (str(key), cell_text(value))
    return Row(where, number, cells)


def submission_read(data: dict[str, Any]) -> tuple[Submission | None, list[Problem]]:
    """The posted submission with its members' rows, or None and what is wrong with it."""
    uuid = submission_uuid(data)
    if not uuid:
        return None, [Problem(WHERE, 1, "_uuid", _("empty"))]
    head = _row(WHERE, 1, data)
    head.cells["_uuid"] = ("_uuid", uuid)
    problems = (
        [] if "household" in head.cells else [Problem(WHERE, 1, "household", _("column missing"))]
    )
    submission = Submission(uuid, head)
    for key, value in data.items():
        if str(key).rsplit("/", 1)[-1] != REPEAT:
            continue
        if not isinstance(value, list):
            problems.append(Problem(WHERE, 1, str(key), _("a list of members is needed")))
            continue
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                problems.append(Problem(REPEAT, number, str(key), _("not a member's answers")))
                continue
            row = _row(REPEAT, number, item)
            if "member" not in row.cells:
                problems.append(Problem(REPEAT, number, "member", _("column missing")))
                continue
            submission.members.append(row)
    return (None if problems else submission), problems

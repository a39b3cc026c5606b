"""The occupation (ISCO-08) and skill code lists: read them from CSV and load them into a model.

The loaders take the model class as an argument so that the data migration (which must use
`apps.get_model`) and the services (`occupations_load`, `skills_load`) share one implementation.
Loading is an upsert by code: re-running it after the file changes updates titles and adds new
codes; codes missing from the file are left alone (vacancies and people may point at them).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from arraigo.core.errors import ValidationFailed

OCCUPATIONS_FILE = "occupations_isco08.csv"
SKILLS_FILE = "skills.csv"

OCCUPATION_COLUMNS = ("isco_code", "title_en", "title_es")
SKILL_COLUMNS = ("code", "name_en", "name_es")

# ISCO-08 major groups: the first digit of a unit group's code.
ISCO_MAJOR_GROUPS: dict[str, Any] = {
    "1": _("Managers"),
    "2": _("Professionals"),
    "3": _("Technicians and associate professionals"),
    "4": _("Clerical support workers"),
    "5": _("Service and sales workers"),
    "6": _("Skilled agricultural, forestry and fishery workers"),
    "7": _("Craft and related trades workers"),
    "8": _("Plant and machine operators, and assemblers"),
    "9": _("Elementary occupations"),
    "0": _("Armed forces occupations"),
}

_ISCO_UNIT_GROUP = re.compile(r"^[0-9]{4}$")
_SKILL_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class OccupationRow:
    isco_code: str
    title_en: str
    title_es: str


@dataclass(frozen=True)
class SkillRow:
    code: str
    name_en: str
    name_es: str


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValidationFailed(
                {None: [f"{path.name}: the header must be {','.join(columns)}."]}
            )
        return [
            (reader.line_num, {key: (value or "").strip() for key, value in row.items()})
            for row in reader
        ]


def _check_unique_and_filled(
    path: Path, rows: list[tuple[int, dict[str, str]]], code_column: str, errors: list[str]
) -> None:
    seen: dict[str, int] = {}
    for line, row in rows:
        code = row[code_column]
        if code in seen:
            errors.append(f"{path.name} line {line}: code {code} repeats line {seen[code]}.")
        seen.setdefault(code, line)
        empty = [column for column, value in row.items() if not value]
        if empty:
            errors.append(f"{path.name} line {line}: empty {', '.join(sorted(empty))}.")


def occupations_read(path: Path) -> list[OccupationRow]:
    """Every ISCO-08 unit group in the file; all problems reported at once."""
    rows = _read(path, OCCUPATION_COLUMNS)
    errors: list[str] = []
    _check_unique_and_filled(path, rows, "isco_code", errors)
    for line, row in rows:
        if not _ISCO_UNIT_GROUP.match(row["isco_code"]):
            errors.append(f"{path.name} line {line}: {row['isco_code']!r} is not a 4-digit code.")
        if len(row["title_en"]) > 200 or len(row["title_es"]) > 200:
            errors.append(f"{path.name} line {line}: titles are limited to 200 characters.")
    if errors:
        raise ValidationFailed({None: errors})
    return [OccupationRow(**row) for _line, row in rows]


def skills_read(path: Path) -> list[SkillRow]:
    """Every skill in the file; all problems reported at once."""
    rows = _read(path, SKILL_COLUMNS)
    errors: list[str] = []
    _check_unique_and_filled(path, rows, "code", errors)
    for line, row in rows:
        if not _SKILL_CODE.match(row["code"]) or len(row["code"]) > 60:
            errors.append(
                f"{path.name} line {line}: {row['code']!r} is not a code "
                "(lower-case letters, digits and hyphens, up to 60)."
            )
        if len(row["name_en"]) > 120 or len(row["name_es"]) > 120:
            errors.append(f"{path.name} line {line}: names are limited to 120 characters.")
    if errors:
        raise ValidationFailed({None: errors})
    return [SkillRow(**row) for _line, row in rows]


def _upsert(model: Any, key: str, fields: tuple[str, ...], rows: list[Any]) -> LoadResult:
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        obj = existing.get(getattr(row, key))
        if obj is None:
            to_create.append(model(**{name: getattr(row, name) for name in (key, *fields)}))
            continue
        if any(getattr(obj, name) != getattr(row, name) for name in fields):
            for name in fields:
                setattr(obj, name, getattr(row, name))
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, list(fields), batch_size=500)
    return LoadResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
    )


def occupations_upsert(model: Any, rows: list[OccupationRow]) -> LoadResult:
    """Create or update `model` (the Occupation model, current or historical) from `rows`."""
    return _upsert(model, "isco_code", ("title_en", "title_es"), rows)


def skills_upsert(model: Any, rows: list[SkillRow]) -> LoadResult:
    """Create or update `model` (the Skill model, current or historical) from `rows`."""
    return _upsert(model, "code", ("name_en", "name_es"), rows)

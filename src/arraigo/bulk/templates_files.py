"""The template of each import: its header and one example row, as CSV, or as XLSX with a
second sheet that explains every column and lists the values the programme allows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .columns import Column
from .entities import ENTITY_COLUMNS
from .households_columns import COLUMNS
from .sheets import csv_bytes, xlsx_bytes


def columns_of(kind: str) -> tuple[Column, ...]:
    return COLUMNS if kind == "households" else ENTITY_COLUMNS[kind]


def template_bytes(kind: str, fmt: str) -> bytes:
    columns = columns_of(kind)
    header = [c.name for c in columns]
    example = [c.example for c in columns]
    if fmt == "csv":
        return csv_bytes(header, [example])
    explained = [
        [c.name, _("yes") if c.required else _("no"), str(c.help), c.allowed_text()]
        for c in columns
    ]
    return xlsx_bytes(
        [
            (kind, header, [example]),
            (
                _("Columns"),
                [_("Column"), _("Required"), _("What it holds"), _("Allowed values")],
                explained,
            ),
        ]
    )

"""Helpers for the apps' row builders (<app>/rows.py): pure functions that decide a row's
stored values, called by the services and by the demo seed alike."""

from __future__ import annotations

from typing import Any


def values_set(row: Any, values: dict[str, Any]) -> None:
    """Write `values` (field name -> value, from a *_values builder) onto an existing row."""
    for name, value in values.items():
        setattr(row, name, value)

"""Helpers for the apps' row builders (<app>/rows.py): pure functions that decide a row's
stored values, called by the services and by the demo seed alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import models

P = ParamSpec("P")
M = TypeVar("M", bound=models.Model)


def values_set(row: Any, values: dict[str, Any]) -> None:
    """Write `values` (field name -> value, from a *_values builder) onto an existing row."""
    for name, value in values.items():
        setattr(row, name, value)


def row_builder(model: type[M], values: Callable[P, dict[str, Any]]) -> Callable[P, M]:
    """The *_row builder of a *_values builder: the same arguments, an unsaved `model` row.

    The services save one row and want the instance; the demo seed inserts hundreds of
    thousands and takes the values (building a model instance costs more than the insert).
    """

    def build(*args: P.args, **kwargs: P.kwargs) -> M:
        return model(**values(*args, **kwargs))

    build.__name__ = values.__name__.removesuffix("_values") + "_row"
    build.__doc__ = f"{values.__doc__ or ''}\n\nAs an unsaved {model.__name__}.".strip()
    return build

"""Refusing a stale save, so that two people editing one record never silently undo each other.

A form that edits a record carries a version: a signed token of the values it showed
(`version_of`). The service, holding the row locked, compares the token with the stored row
(`version_check`); if someone saved other values in between, it raises StaleEdit, whose
message lists each field with the value the form showed and the value stored now. The view
shows the form again with what the user typed and a fresh version (`version_refresh`), so a
second save, made knowingly, goes through.

The version is made of values, not of a counter or a timestamp: a change to a field the form
does not show (a member added, a status moved) is not a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.db import models
from django.utils.translation import gettext as _

from arraigo.core.errors import ValidationFailed

VERSION_FIELD = "version"
_SALT = "arraigo.core.versions"


def _raw(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.value_to_string(instance))


def _shown(instance: models.Model, name: str, raw: str) -> str:
    """A stored value as people read it: a choice's label, a related row's name."""
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field)
    if raw in {"", "None"}:
        return _("(empty)")
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        model: Any = field.related_model
        related = model._default_manager.filter(pk=raw).first()
        return str(related) if related is not None else raw
    if isinstance(field, models.BooleanField):
        return _("yes") if raw == "True" else _("no")
    return raw


def _label(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class Change:
    """One field someone else changed since the form was opened."""

    label: str
    seen: str
    current: str


class StaleEdit(ValidationFailed):
    """The record changed since the form was opened; `version` is the current one."""

    def __init__(self, changes: Sequence[Change], version: str) -> None:
        lines = [
            _("%(field)s: was “%(seen)s” when you opened the form, is now “%(current)s”.")
            % {"field": change.label, "seen": change.seen, "current": change.current}
            for change in changes
        ]
        super().__init__(
            {
                None: [
                    _(
                        "Someone else saved changes to this record while you were editing it. "
                        "Nothing was saved: your entries are kept below. Check them against "
                        "the changes and save again."
                    ),
                    *lines,
                ]
            }
        )
        self.changes = list(changes)
        self.version = version


def version_of(instance: models.Model, fields: Sequence[str]) -> str:
    """The version of `instance` as far as `fields` go: a signed token of their values."""
    return signing.dumps({name: _raw(instance, name) for name in fields}, salt=_SALT)


def version_check(instance: models.Model, version: str | None, fields: Sequence[str]) -> None:
    """Raise StaleEdit if `instance` (read under lock) differs from the values of `version`.

    No version (a caller that is not a form, a script) is not checked.
    """
    if version is None:
        return
    try:
        seen: dict[str, Any] = signing.loads(version, salt=_SALT)
    except signing.BadSignature:
        seen = {}
    changes = [
        Change(
            label=_label(instance, name),
            seen=_shown(instance, name, str(seen.get(name, ""))),
            current=_shown(instance, name, _raw(instance, name)),
        )
        for name in fields
        if seen.get(name) != _raw(instance, name)
    ]
    if changes:
        raise StaleEdit(changes, version_of(instance, fields))


class VersionField(forms.CharField):
    """The hidden field a form that edits a record carries its version in."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def version_refresh(form: forms.BaseForm, version: str) -> None:
    """After a StaleEdit: keep what was typed, and carry the current version from now on."""
    if form.is_bound:
        data: Any = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data[form.add_prefix(VERSION_FIELD)] = version
        form.data = data
    form.initial[VERSION_FIELD] = version

"""Select widgets for long code lists (countries, ISCO-08 occupations).

Django renders every <option> through a template; with a few hundred options that is most of
a page's time. These produce the same HTML in plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _options(choices: Iterable[Any], selected: set[str]) -> Iterable[str]:
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup: (group label, [(value, label)...])
            yield format_html('<optgroup label="{}">', value)
            yield from _options(label, selected)
            yield "</optgroup>"
            continue
        text = "" if value is None else str(value)
        if text in selected:
            yield format_html('<option value="{}" selected>{}</option>', text, label)
        else:
            yield format_html('<option value="{}">{}</option>', text, label)


class PlainSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = {str(v) for v in self.format_value(value)}
        body = "".join(_options(self.choices, selected))
        return mark_safe(f"<select{flatatt(final)}>{body}</select>")  # noqa: S308  (escaped above)


class PlainSelectMultiple(PlainSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter is not None else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

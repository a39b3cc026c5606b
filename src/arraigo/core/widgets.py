"""Select widgets for long code lists (countries, ISCO-08 occupations, skills).

Django renders every <option> through a template; with a few hundred options that is most of
a page's time. These produce the same HTML in plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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


class SearchableCheckboxes(PlainSelectMultiple):
    """A long multiple choice as checkboxes in a scrolling box, with a filter box.

    Without JavaScript it is a plain list of checkboxes (no Ctrl-click as in a list box);
    static/arraigo/picker.js shows the filter box, which hides the options that do not
    match what is typed (ticked ones stay in view), and says how many are ticked. The filter
    box carries the field's id, so the field's label names it; the options are a group named
    by `group_label`.
    """

    def __init__(self, *args: Any, group_label: Any = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_label = group_label

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        field_id = str(final.get("id") or name)
        selected = {str(v) for v in self.format_value(value)}
        rows = [
            format_html(
                '<label class="picker-option"><input type="checkbox" name="{}" value="{}"{}>'
                " {}</label>",
                name,
                text,
                mark_safe(" checked") if text in selected else "",
                label,
            )
            for text, label in ((str(v), lbl) for v, lbl in self.choices)
        ]
        return format_html(
            '<div class="picker" data-picker data-count-one="{}" data-count-other="{}">'
            '<input type="search" id="{}" class="picker-filter" autocomplete="off" hidden'
            ' aria-describedby="{}_count" placeholder="{}">'
            '<p class="picker-count" id="{}_count" aria-live="polite"></p>'
            '<div class="picker-options" role="group" aria-label="{}">{}</div>'
            '</div><script src="{}" defer></script>',
            ngettext("{n} ticked", "{n} ticked", 1),
            ngettext("{n} ticked", "{n} ticked", 2),
            field_id,
            field_id,
            _("Type to filter the list"),
            field_id,
            self.group_label,
            mark_safe("".join(rows)),  # noqa: S308  (each row escaped above)
            static("arraigo/picker.js"),
        )

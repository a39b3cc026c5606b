"""Search terms typed into the search boxes of list pages: cleaned and capped in one place.

A term goes into `icontains` lookups, which SQLite runs as LIKE: a pattern of tens of thousands
of characters makes SQLite refuse the query ("LIKE or GLOB pattern too complex") and the page
would answer 500. Every list filter form declares its search box as a `SearchField`, and every
selector that is handed a term from elsewhere passes it through `search_term`, so no list can
receive a term that is not cleaned: control and invisible format characters become spaces,
runs of white space become one space, and the term is cut to SEARCH_MAX_LENGTH characters.
A term that is too long is cut, not refused: the page still answers with what it can find.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms

# Longer than any household code, name, document number, company or route people search for.
SEARCH_MAX_LENGTH = 100


def _visible(char: str) -> str:
    # Cc control, Cf format (zero-width...), Cs surrogates, Co private use, Cn unassigned.
    return " " if unicodedata.category(char).startswith("C") else char


def search_term(raw: object) -> str:
    """The term as a search should use it: printable, single-spaced, trimmed, capped.

    >>> search_term("  ab\\x00c\\t\\n  d ")
    'ab c d'
    """
    if raw is None:
        return ""
    text = "".join(map(_visible, str(raw)))
    return " ".join(text.split())[:SEARCH_MAX_LENGTH].strip()


class SearchField(forms.CharField):
    """The search box of a list filter: never required, never refused, always `search_term`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.pop("max_length", None)  # cut, not refused: see search_term
        super().__init__(strip=False, **kwargs)

    def to_python(self, value: Any) -> str:
        return search_term(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(SEARCH_MAX_LENGTH)
        return attrs

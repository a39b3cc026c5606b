"""Ids for a form shown more than once on a page (one per table row, one per card).

`{% load form_ids %}{% with form=row.form|ids_for:item.pk %}...{% endwith %}` gives a copy
of the form whose fields have the ids `id_<field>_<key>`, so each label, help text and error
stays tied to its own field. Field names, and so what the form posts, do not change.
"""

from __future__ import annotations

import copy

from django import forms, template

register = template.Library()


@register.filter
def ids_for(form: forms.BaseForm, key: object) -> forms.BaseForm:
    """A copy of `form` whose field ids end in `_<key>` (the form itself is not changed)."""
    clone = copy.copy(form)
    clone.auto_id = f"id_%s_{key}"
    # Django caches bound fields per form (a private dict); the cached ones would keep old ids.
    clone._bound_fields_cache = {}  # type: ignore[attr-defined]
    return clone

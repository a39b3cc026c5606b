"""Identity documents across a households file: a number listed twice in the file, or
already on file in the registry (the household named only to those who may see it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.fieldkeys import lookup_hash
from arraigo.registry.models import DocumentType, IdentityDocument
from arraigo.registry.selectors import households_visible_to
from arraigo.registry.services.inputs import document_type_name

from .households_types import DocumentIn, HouseholdIn
from .lookups import rows_in
from .report import Report


def documents_check(households: Iterable[HouseholdIn], report: Report, actor: User) -> None:
    """A document number listed twice in the file, or already on file in the registry."""
    seen: dict[tuple[int, str], int] = {}
    documents: list[DocumentIn] = []
    for household in households:
        for person in household.people:
            for document in person.documents:
                key = (document.type_id, document.number)
                if key in seen:
                    report.fail(
                        document.row,
                        document.column,
                        _("The same document is in row %(row)d.") % {"row": seen[key]},
                    )
                    continue
                seen[key] = document.row
                documents.append(document)
    # Numbers are encrypted at rest: they are matched through their keyed hashes.
    hashes = {d.number: lookup_hash(d.number) for d in documents}
    fields = ["document_type_id", "number_hash", "person__household_id"]
    on_file: dict[tuple[int, str], int] = {
        (type_id, number_hash): household_id
        for type_id, number_hash, household_id in rows_in(
            IdentityDocument.objects.all(), "number_hash", sorted(set(hashes.values())), fields
        )
    }
    if not on_file:
        return
    visible = dict(
        households_visible_to(actor).filter(pk__in=set(on_file.values())).values_list("id", "code")
    )
    names = {t.pk: document_type_name(t) for t in DocumentType.objects.all()}
    for document in documents:
        holder = on_file.get((document.type_id, hashes[document.number]))
        if holder is None:
            continue
        household_id = holder
        values: dict[str, Any] = {"type": names[document.type_id]}
        if household_id in visible:
            values["code"] = visible[household_id]
            message = _("A %(type)s with this number is already registered in household %(code)s.")
        else:
            message = _(
                "A %(type)s with this number is already registered in a household you cannot "
                "see; a coordinator can find it by its number."
            )
        report.fail(document.row, document.column, message % values)

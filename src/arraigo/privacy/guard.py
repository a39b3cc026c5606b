"""Nothing new about the people of an erased household: a row that would point at its
tombstone is refused before it is saved, whichever service writes it.

After an erasure the household row stays as a tombstone (services.erasure), and its page still
opens; without this rule a note, a consent, a new member or a referral could be recorded on it,
and personal data would come back where it was erased. The rule is a model rule (one row, its
household), so it is a pre_save check rather than a line in each of the dozens of services that
write about a household: every table with a foreign key to a household, but the tombstone's own
(KEPT), refuses a new row whose household was erased. Bulk writes (the seed, the imports) send
no signal; the imports make new households, never rows on an existing one.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from arraigo.core.errors import ValidationFailed

# The tables whose rows keep pointing at a tombstone, or are written by the erasure itself.
KEPT = frozenset(
    {
        "registry.Household",  # merged_into
        "registry.StatusChange",  # the journey, closed by the erasure
        "relocation.RelocationPlan",
        "relocation.Grant",
        "relocation.LedgerEntry",
        "matching.Proposal",
        "privacy.ErasureRequest",
        "privacy.ErasureRecord",
    }
)


def household_fields(model: type[models.Model]) -> list[str]:
    """The attnames of `model`'s foreign keys to a household."""
    household = apps.get_model("registry", "Household")
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is household
    ]


def guarded_models() -> list[type[models.Model]]:
    """The models whose new rows an erased household refuses."""
    return [
        model
        for model in apps.get_models()
        if model._meta.label not in KEPT and household_fields(model)
    ]


def refuse_on_erased(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """pre_save: refuse a new row about a household whose people were erased."""
    if kwargs.get("raw") or not instance._state.adding:
        return
    ids = [getattr(instance, name) for name in household_fields(sender)]
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return
    from .models import ErasureRecord, Target  # the app registry is ready at save time

    if ErasureRecord.objects.filter(household_id__in=ids, target=Target.HOUSEHOLD).exists():
        raise ValidationFailed(
            {
                None: [
                    _(
                        "The people of this household were erased: nothing new can be "
                        "recorded about them."
                    )
                ]
            }
        )


def guard_connect() -> None:
    for model in guarded_models():
        pre_save.connect(refuse_on_erased, sender=model, dispatch_uid=f"erased:{model._meta.label}")

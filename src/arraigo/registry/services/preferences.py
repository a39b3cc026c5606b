"""A household's preferred, excluded and family cities."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arraigo.accounts.models import User
from arraigo.core.deletion import delete_or_refuse
from arraigo.places.models import City
from arraigo.registry.models import CityPreference, Household, PreferenceKind
from arraigo.registry.rows import preference_row

from .access import household_write_check
from .inputs import Problems

NOTE_MAX_LENGTH = 200
_OPPOSITE: dict[str, str] = {
    PreferenceKind.PREFERRED: PreferenceKind.EXCLUDED,
    PreferenceKind.EXCLUDED: PreferenceKind.PREFERRED,
}

_CONFLICT: dict[str, Any] = {
    PreferenceKind.EXCLUDED: gettext_lazy(
        "This city is excluded for this household; remove that first."
    ),
    PreferenceKind.PREFERRED: gettext_lazy(
        "This city is preferred for this household; remove that first."
    ),
}


@transaction.atomic
def preference_set(
    *,
    actor: User,
    household: Household,
    city: City,
    kind: str,
    rank: int | None = None,
    note: str = "",
) -> CityPreference:
    """Create or update the household's preference of `kind` for `city`.

    Preferred and excluded must name a host city, and one city cannot be both.
    """
    household_write_check(actor, household, "registry.change_household")
    problems = Problems()
    note = note.strip()
    if kind not in PreferenceKind.values:
        problems.add("kind", _("Choose one of the listed options."))
    if kind in _OPPOSITE and not city.is_host:
        problems.add("city", _("Choose a host city."))
    if rank is not None and rank < 1:
        problems.add("rank", _("The rank starts at 1."))
    if len(note) > NOTE_MAX_LENGTH:
        problems.add("note", _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH})
    opposite = _OPPOSITE.get(kind)
    if (
        opposite is not None
        and CityPreference.objects.filter(household=household, city=city, kind=opposite).exists()
    ):
        problems.add("kind", str(_CONFLICT[opposite]))
    problems.raise_if_any()
    row = preference_row(
        household_id=household.pk, city_id=city.pk, kind=kind, rank=rank, note=note
    )
    preference, _created = CityPreference.objects.update_or_create(
        household=household, city=city, kind=kind, defaults={"rank": row.rank, "note": row.note}
    )
    return preference


@transaction.atomic
def preference_remove(*, actor: User, preference: CityPreference) -> None:
    household_write_check(actor, preference.household, "registry.change_household")
    delete_or_refuse(
        preference,
        refusal=_(
            "This preference cannot be removed: it is named in %(records)s. "
            "Cancel or change those first."
        ),
    )

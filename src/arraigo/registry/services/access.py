"""Who may write on a household: the permission and the same scope as the list selector."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted
from arraigo.places.models import City, Office
from arraigo.registry.models import Household, Modality
from arraigo.registry.selectors import households_visible_to


def perm_check(actor: User, perm: str) -> None:
    if not actor.is_active or not actor.has_perm(perm):
        raise NotPermitted()


def household_write_check(actor: User, household: Household, perm: str) -> None:
    """Refuse unless `actor` has `perm` and sees `household` (households_visible_to)."""
    perm_check(actor, perm)
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()


def register_check(
    actor: User, origin_office: Office, modality: str, host_city: City | None
) -> None:
    """Coordinator anywhere; origin caseworker into their own office; host caseworker only an
    in-place household living in their city; nobody else."""
    perm_check(actor, "registry.add_household")
    perm_check(actor, "registry.add_person")
    households = scope.Kind.HOUSEHOLDS
    if scope.in_scope(actor, households, office=origin_office.pk):
        return
    if (
        modality == Modality.IN_PLACE
        and host_city is not None
        and scope.in_scope(actor, households, city=host_city.pk)
    ):
        return
    raise NotPermitted(_("You cannot register a household there."))


def host_city_keep_check(actor: User, host_city: City | None) -> None:
    """A host caseworker may not move a household out of their own city (and their scope)."""
    if scope.anchor(actor) is not scope.Anchor.CITY:
        return
    if not scope.in_scope(actor, scope.Kind.HOUSEHOLDS, city=host_city.pk if host_city else None):
        raise NotPermitted(_("You can only keep households in your own city."))

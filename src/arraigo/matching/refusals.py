"""Why a household cannot go to a city, in words (from a `compatibility.CityFit`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .compatibility import CityFit, Shortfall
from .labels import dimension_label


def _parts(items: tuple[Shortfall, ...]) -> str:
    return "; ".join(
        _("%(dimension)s: needs %(needed)d, %(left)d available")
        % {"dimension": dimension_label(s.dimension), "needed": s.needed, "left": s.left}
        for s in items
    )


def refusal(fit: CityFit, city: str) -> str:
    """The first reason `fit` refuses the city, or "" when the city has room."""
    if fit.excluded:
        return _("The household excluded %(city)s.") % {"city": city}
    if not fit.offered:
        return _("%(city)s takes no households in this capacity period.") % {"city": city}
    if fit.unserved:
        return _("%(city)s cannot serve this household in the period (%(parts)s in all).") % {
            "city": city,
            "parts": _parts(fit.unserved),
        }
    if fit.short:
        return _("%(city)s has no place left for this household in the period (%(parts)s).") % {
            "city": city,
            "parts": _parts(fit.short),
        }
    return ""


def room_note(fit: CityFit) -> str:
    """A short note for a compatible city without room now, "" when it has room."""
    if not fit.short:
        return ""
    return _("no place left: %(parts)s") % {"parts": _parts(fit.short)}

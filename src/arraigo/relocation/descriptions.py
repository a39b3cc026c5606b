"""The words of ledger entries, in one place for the services and the demo.

Descriptions are stored text: they are written in the language active when the entry is made
(the demo seeds in the programme's language).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _


def lodging_description(nights: int, nightly_cost: Decimal, provider: str) -> str:
    return _("%(nights)d nights x %(cost)s at %(provider)s") % {
        "nights": nights,
        "cost": nightly_cost,
        "provider": provider,
    }


def grant_description(step: str, grant_id: int, version: str, members: int) -> str:
    """`step` is approved, disbursed, cancelled or reversed."""
    words = {
        "approved": _("Grant %(id)s approved (%(version)s, %(members)d members)"),
        "disbursed": _("Grant %(id)s disbursed (%(version)s, %(members)d members)"),
        "cancelled": _("Grant %(id)s cancelled (%(version)s, %(members)d members)"),
        "reversed": _("Grant %(id)s reversed (%(version)s, %(members)d members)"),
    }
    return words[step] % {"id": grant_id, "version": version, "members": members}

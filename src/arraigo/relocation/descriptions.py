"""The words of ledger entries, in one place for the services and the demo.

Descriptions are stored text, written in the language active when the entry is made (the demo
seeds in the programme's language). `description_display` reads a stored description back in
the reader's language: a text made from one of the patterns below, in any of the site's
languages, is recognised and written again in the active one, its amounts formatted the
reader's way; any other text (an old or hand-written one) is shown as stored.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from arraigo.core.numbers import money

LODGING = gettext_noop("%(nights)d nights x %(cost)s at %(provider)s")
GRANT_STEPS = {
    "approved": gettext_noop("Grant %(id)s approved (%(version)s, %(members)d members)"),
    "disbursed": gettext_noop("Grant %(id)s disbursed (%(version)s, %(members)d members)"),
    "cancelled": gettext_noop("Grant %(id)s cancelled (%(version)s, %(members)d members)"),
    "reversed": gettext_noop("Grant %(id)s reversed (%(version)s, %(members)d members)"),
}
# Transport entries are "<what> <household code>" (services/trips.py, services/arrivals.py).
TRANSPORT_WHAT = (
    gettext_noop("Tickets for"),
    gettext_noop("Ticket change for"),
    gettext_noop("Trip cancelled for"),
    gettext_noop("No-show, unspent tickets of"),
)
TRANSPORT = "%(what)s %(code)s"


def lodging_description(nights: int, nightly_cost: Decimal, provider: str) -> str:
    return _(LODGING) % {"nights": nights, "cost": money(nightly_cost), "provider": provider}


def grant_description(step: str, grant_id: int, version: str, members: int) -> str:
    """`step` is approved, disbursed, cancelled or reversed."""
    return _(GRANT_STEPS[step]) % {"id": grant_id, "version": version, "members": members}


_FIELD = re.compile(r"%\((\w+)\)[sd]")


def _pattern(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _FIELD.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(rf"(?P<{match.group(1)}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$")


@lru_cache(maxsize=8)
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """(source msgid, regex of its text in `language`) for every description pattern."""
    with translation.override(language):
        found = [(msgid, _pattern(_(msgid))) for msgid in (LODGING, *GRANT_STEPS.values())]
        for what in TRANSPORT_WHAT:
            found.append((what, _pattern(_(what) + " %(code)s")))
    return found


def _amount(text: str) -> Decimal | None:
    """ "620.00", "620,00", "6,500.00" or "6 500,00" back to a number."""
    digits = re.sub(r"[\s\xa0\u202f]", "", text)
    decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
    grouping = "." if decimal_mark == "," else ","
    try:
        return Decimal(digits.replace(grouping, "").replace(decimal_mark, "."))
    except InvalidOperation:
        return None


def description_display(text: str) -> str:
    """A stored ledger description written in the active language (see the module docstring)."""
    for language, _name in settings.LANGUAGES:
        for msgid, pattern in _patterns(language):
            match = pattern.match(text)
            if match is None:
                continue
            values: dict[str, object] = dict(match.groupdict())
            if msgid in TRANSPORT_WHAT:
                return f"{_(msgid)} {values['code']}"
            if "cost" in values:
                cost = _amount(str(values["cost"]))
                if cost is None:
                    return text
                values["cost"] = money(cost)
            for key in ("nights", "members"):
                if key in values:
                    values[key] = int(str(values[key]))
            return _(msgid) % values
    return text

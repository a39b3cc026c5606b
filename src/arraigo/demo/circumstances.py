"""A demo household's specific needs, consent, city preferences, phones and host city."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .drafts import HouseholdDraft, PersonDraft
from .places import Places, phone_number
from .reference import chance, pick

_NEED_NOTES = {
    "disability": "Uses a wheelchair; needs a ground-floor home.",
    "serious_medical": "Monthly treatment at a specialised hospital.",
    "older_at_risk": "Lives alone with the family; needs help with daily care.",
    "woman_at_risk": "",
    "lgbtiq": "",
    "child_at_risk": "Needs a school place with psychosocial support.",
    "survivor_violence": "",
}


def _member_for(
    rng: random.Random, members: list[PersonDraft], code: str, today: dt.date
) -> int | None:
    """Who a need concerns, or None when nobody in the household fits it."""
    ages = [p.age_on(today) for p in members]
    fits = {
        "older_at_risk": [i for i, a in enumerate(ages) if a >= 60],
        "woman_at_risk": [i for i, a in enumerate(ages) if a >= 18 and members[i].sex == "F"],
        "child_at_risk": [i for i, a in enumerate(ages) if a < 18],
        "lgbtiq": [i for i, a in enumerate(ages) if a >= 18],
        "survivor_violence": [i for i, a in enumerate(ages) if a >= 16],
    }.get(code, list(range(len(members))))
    return rng.choice(fits) if fits else None


def needs_draw(
    rng: random.Random, household: HouseholdDraft, programme: dict[str, Any], today: dt.date
) -> None:
    """Single parents always; otherwise about 15% of households with one or two needs."""
    if household.composition == "single_headed":
        household.needs.append((0, "single_parent", ""))
    spec = programme["needs"]
    if not chance(rng, spec["household_share"]):
        return
    wanted = 2 if chance(rng, 0.2) else 1
    codes = dict(spec["codes"])
    for _attempt in range(6):
        if len(household.needs) >= wanted + (household.composition == "single_headed"):
            break
        code = str(pick(rng, codes))
        member = _member_for(rng, household.members, code, today)
        if member is None:
            continue
        codes.pop(code)
        note = _NEED_NOTES[code] if chance(rng, 0.5) else ""
        household.needs.append((member, code, note))
        if not codes:
            break


def consents_draw(
    rng: random.Random,
    household: HouseholdDraft,
    programme: dict[str, Any],
    *,
    accepted_offer: bool = False,
) -> None:
    """Draw each purpose's answer. A household that accepted an offer consented to relocation
    (accepting needs it), whatever the draw; the draw is still made so the rest of the demo
    keeps its random sequence."""
    for purpose, share in programme["consent"].items():
        given = chance(rng, share)
        if purpose == "relocation" and household.modality == "in_place":
            given = chance(rng, 0.3)
        if purpose == "relocation" and accepted_offer:
            given = True
        household.consents[purpose] = given


def preferences_draw(
    rng: random.Random, household: HouseholdDraft, programme: dict[str, Any], places: Places
) -> None:
    spec = programme["preferences"]
    weights = dict(places.host_weights)
    taken: set[tuple[str, str]] = set()
    if chance(rng, spec["preferred_share"]):
        for rank in range(1, rng.randint(1, 3) + 1):
            city = str(pick(rng, weights))
            if (city, "preferred") not in taken:
                taken.add((city, "preferred"))
                household.preferences.append((city, "preferred", rank))
    if chance(rng, spec["relatives_share"]):
        city = str(pick(rng, weights))
        household.preferences.append((city, "relatives", None))
        taken.add((city, "relatives"))
    if chance(rng, spec["excluded_share"]):
        liked = {city for city, _kind in taken}
        options = {c: w for c, w in weights.items() if c not in liked}
        if options:
            household.preferences.append((str(pick(rng, options)), "excluded", None))


def host_city_draw(rng: random.Random, household: HouseholdDraft, places: Places) -> str:
    """Where a relocated household went: near relatives or a preferred city when possible."""
    excluded = {c for c, kind, _r in household.preferences if kind == "excluded"}
    relatives = [c for c, kind, _r in household.preferences if kind == "relatives"]
    preferred = [c for c, kind, _r in household.preferences if kind == "preferred"]
    if relatives and chance(rng, 0.6):
        return relatives[0]
    if preferred and chance(rng, 0.55):
        return rng.choice(preferred)
    options = {c: w for c, w in places.host_weights.items() if c not in excluded}
    return str(pick(rng, options))


def phones_draw(
    rng: random.Random, household: HouseholdDraft, places: Places, share: float, city: str
) -> None:
    area = places.area_codes[city]
    for person in household.members:
        wanted = {"head": share, "spouse": 0.4}.get(person.relationship)
        if wanted is not None and chance(rng, wanted):
            person.phone = phone_number(rng, area)

"""The demo's relocation history (issue 4), derived from the households already written.

In order: the accounts that act in it, the households' journeys read back, a few no-shows
added to the history of profiled households, the matching run whose proposals the households
answered (and the capacity their accepted offers reserved), the trips (plans, tickets, group
departures, follow-ups), then lodging, grants, the ledger and the budget lines. Each part
draws from its own stream of `seed`, so the same seed gives the same history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from arraigo.accounts.models import User
from arraigo.relocation.rules import rules_current

from .matching_history import matching_history_create, tapachula_saltillo_ensure
from .places import Places
from .reference import reference, stream
from .relocation_journeys import actors_create, journeys_load, noshows_add
from .relocation_money import money_create
from .relocation_trips import TripMaker
from .relocation_trips_write import trips_write


def relocation_history_create(
    *, seed: int, places: Places, users: dict[str, User], today: dt.date
) -> Counter[str]:
    """Write the relocation history of the demo households; returns counts per kind of row."""
    spec = reference("relocation")
    rules = rules_current()
    actors = actors_create(places, users, spec)
    journeys = journeys_load(places)
    noshows = noshows_add(
        stream(seed, "no-shows"), journeys, actors, spec, rules.no_show_days, today
    )
    tapachula_saltillo_ensure(journeys, places)
    accepted, counts = matching_history_create(
        stream(seed, "matching-history"), journeys, places, actors, noshows, today
    )
    maker = TripMaker(stream(seed, "trips"), places, actors, spec, rules.no_show_days, today)
    plans, departures = maker.plans(journeys, accepted, noshows)
    counts.update(
        trips_write(
            stream(seed, "follow-ups"),
            plans,
            departures,
            places,
            actors,
            spec,
            rules.no_show_days,
            today,
        )
    )
    counts["no_shows"] = len(noshows)
    counts.update(money_create(stream(seed, "money"), plans, places, actors, spec, rules, today))
    return counts

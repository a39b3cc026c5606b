"""Where a demo household stands, the path it took there, and when each step happened.

The steps follow the registry's journey table (registry/journey.py): households start
registered (or identified first), the eligibility decision moves them to eligible or not
eligible, relocation goes through proposal, offer, trip and arrival, in-place households go
from profiled straight to integrating, and any household may close with a reason.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from typing import Any

from django.utils.translation import gettext_lazy as _

from .reference import between, chance, pick

ZONE = zoneinfo.ZoneInfo("America/Mexico_City")

RELOCATION_PATH = (
    "registered",
    "eligible",
    "profiled",
    "proposed",
    "offer_accepted",
    "trip_booked",
    "travelled",
    "arrived",
    "integrating",
    "followed_up",
)
IN_PLACE_PATH = ("registered", "eligible", "profiled", "integrating", "followed_up")
# Statuses at which a relocated household has a host city: it accepted an offer.
WITH_HOST_CITY = frozenset(RELOCATION_PATH[RELOCATION_PATH.index("offer_accepted") :])
HOST_SIDE = frozenset({"arrived", "integrating", "followed_up"})  # moves made in the host city

# Stored texts, in the programme's language when the seed writes them (str() at that time).
CLOSURE_REASONS = {
    "self_reliant": _("Self-reliant: formal work and own housing."),
    "naturalising": _("Self-reliant; naturalisation procedure started."),
    "moved_on": _("Moved to another city on their own."),
    "lost_contact": _("Lost contact after several follow-up attempts."),
    "withdrew": _("Withdrew from the programme at the household's request."),
}
DECLINE_REASONS = (
    _("Prefers a city where relatives live."),
    _("Waiting for a family member to arrive before travelling."),
    _("The offered city is too far from the children's school year."),
    _("Health reasons; asked to be proposed again later."),
)


def path_for(
    rng: random.Random, programme: dict[str, Any], modality: str, stage: str
) -> tuple[list[str], str]:
    """The statuses a household went through to reach `stage`, and a closure reason if closed.

    The path starts at "registered" (or "identified" first for some); eligibility is
    decided later and may cut it short (see `path_cut`).
    """
    main = RELOCATION_PATH if modality == "relocation" else IN_PLACE_PATH
    closure = ""
    if stage == "closed":
        reasons = programme["closure_reasons"]
        closure = pick(rng, {k: v["weight"] for k, v in reasons.items()})
        after = reasons[closure]["after"]
        if after == "profiled" and modality == "relocation":
            after = pick(rng, {"profiled": 5, "proposed": 3, "offer_declined": 2})
        path = [*_until(main, after), "closed"]
    elif stage == "offer_declined":
        path = [*_until(main, "proposed"), "offer_declined"]
    else:
        path = _until(main, stage)
    if modality == "relocation" and "offer_accepted" in path and chance(rng, 0.1):
        at = path.index("proposed")
        path[at:at] = ["proposed", "offer_declined", "profiled"]  # declined a first offer
    if stage == "identified" or chance(rng, 0.25):
        path.insert(0, "identified")
    return path, closure


def _until(main: tuple[str, ...], stage: str) -> list[str]:
    if stage == "identified":
        return []
    if stage == "offer_declined":
        return [*_until(main, "proposed"), "offer_declined"]
    return list(main[: main.index(stage) + 1])


def timeline(
    rng: random.Random, programme: dict[str, Any], path: list[str], today: dt.date
) -> list[dt.datetime]:
    """A time for each status of `path`, the last one a stage's `dwell_days` before `today`."""
    gaps = [0] + [between(rng, programme["step_days"][status]) for status in path[1:]]
    dwells = programme["dwell_days"]
    dwell = between(rng, dwells.get(path[-1], dwells["default"]))
    start = today - dt.timedelta(days=sum(gaps) + dwell + 1)
    times: list[dt.datetime] = []
    day = start
    for gap in gaps:
        day += dt.timedelta(days=gap)
        moment = dt.datetime.combine(day, dt.time(8, 30), tzinfo=ZONE)
        moment += dt.timedelta(minutes=rng.randint(0, 9 * 60))
        if times and moment <= times[-1]:
            moment = times[-1] + dt.timedelta(minutes=rng.randint(5, 90))
        times.append(moment)
    return times


def path_cut(path: list[str], times: list[dt.datetime], outcome: str, approved: bool) -> int:
    """How many steps of `path` the household really made, given its eligibility outcome.

    Pending, or by exception without approval: it stays registered. Not eligible: the
    decision replaces "eligible" (the caller renames that step).
    """
    if "registered" not in path:
        return len(path)
    after = path.index("registered") + 1
    if outcome == "pending" or (outcome == "by_exception" and not approved):
        return after
    if outcome == "not_eligible":
        return min(after + 1, len(path))
    return len(path)

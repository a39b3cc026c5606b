"""The relocation households' journeys read back from the registry, who acts in their
relocation history, and the moves that history adds to the journeys (no-shows).

The household writer records where each household stands and the status changes that led
there; the relocation history (trips, lodging, grants, money) is derived from those dates, so
it is read back once here, in household id order, into plain objects.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.registry.choices import DuplicateStatus
from arraigo.registry.models import (
    CityPreference,
    Consent,
    DuplicateCandidate,
    Household,
    Person,
    PreferenceKind,
    SpecificNeed,
    StatusChange,
)

from .accounts import CITY_STAFF, COORDINATOR, OFFICE_STAFF
from .bulk import rows_insert
from .journey import ZONE
from .places import Places
from .reference import between, chance


@dataclass(slots=True)
class Step:
    status: str
    at: dt.datetime
    by: int | None
    id: int = 0  # the StatusChange row (0 for steps added in memory)
    reason: str = ""


@dataclass(slots=True)
class Journey:
    id: int
    code: str
    status: str
    office: str  # origin office code
    host: str  # host city code, "" before an accepted offer
    open_duplicate: bool
    members: list[Person] = field(default_factory=list)
    needs: list[tuple[str, str]] = field(default_factory=list)  # (code, note)
    liked: list[str] = field(default_factory=list)  # preferred or relatives' cities
    excluded: set[str] = field(default_factory=set)
    relocation_consent: bool = False
    steps: list[Step] = field(default_factory=list)

    def last(self, status: str) -> Step | None:
        """The latest move to `status`."""
        return next((s for s in reversed(self.steps) if s.status == status), None)

    def after(self, step: Step) -> Step | None:
        """The move that followed `step`."""
        at = self.steps.index(step)
        return self.steps[at + 1] if at + 1 < len(self.steps) else None


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZONE).date()


def moment_on(rng: random.Random, day: dt.date, hours: tuple[int, int] = (8, 18)) -> dt.datetime:
    """A time on `day` (Mexico City) between the hours given, to the minute."""
    start = dt.datetime.combine(day, dt.time(hours[0]), tzinfo=ZONE)
    return start + dt.timedelta(minutes=rng.randint(0, (hours[1] - hours[0]) * 60))


def journeys_load(places: Places) -> list[Journey]:
    """Every relocation household with its members, needs, preferences and status history."""
    office_code = {o.pk: code for code, o in places.offices.items()}
    city_code = {c.pk: code for code, c in places.cities.items()}
    relocation = Q(household__modality="relocation")
    journeys: dict[int, Journey] = {}
    for hid, code, status, office, host, duplicate in (
        Household.objects.filter(modality="relocation")
        .order_by("id")
        .values_list(
            "id", "code", "status", "origin_office_id", "host_city_id", "has_open_duplicate"
        )
    ):
        journeys[hid] = Journey(
            hid, code, status, office_code[office], city_code.get(host, ""), duplicate
        )
    for person in (
        Person.objects.filter(relocation)
        .order_by("household_id", "id")
        .only("id", "household_id", "date_of_birth", "willing_to_work", "able_to_work")
    ):
        journeys[person.household_id].members.append(person)
    for hid, need, note in SpecificNeed.objects.filter(relocation).values_list(
        "household_id", "code", "note"
    ):
        journeys[hid].needs.append((need, note))
    for hid, city, kind in CityPreference.objects.filter(relocation).values_list(
        "household_id", "city_id", "kind"
    ):
        target = journeys[hid]
        if kind == PreferenceKind.EXCLUDED:
            target.excluded.add(city_code[city])
        else:
            target.liked.append(city_code[city])
    for hid, given in (
        Consent.objects.filter(relocation, purpose="relocation")
        .order_by("recorded_at", "id")
        .values_list("household_id", "given")
    ):
        journeys[hid].relocation_consent = given
    open_pairs = DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN)
    for pair in open_pairs.values_list("person__household_id", "other__household_id"):
        for hid in pair:
            if hid in journeys:
                journeys[hid].open_duplicate = True
    for sid, hid, status, at, by, reason in (
        StatusChange.objects.filter(relocation)
        .order_by("household_id", "changed_at", "id")
        .values_list("id", "household_id", "to_status", "changed_at", "changed_by_id", "reason")
    ):
        journeys[hid].steps.append(Step(status, at, by, sid, reason))
    return list(journeys.values())


@dataclass(frozen=True)
class Actors:
    """Who acts in the relocation history (user ids)."""

    coordinator: int
    origin: dict[str, int]  # origin office code -> its caseworker
    host: dict[str, int]  # host city code -> its caseworker (Saltillo only)
    recorded: dict[str, int | None]  # office code -> the actor the registry history records

    def origin_of(self, office: str) -> int:
        return self.origin.get(office, self.coordinator)

    def host_of(self, city: str) -> int:
        """The host city's caseworker, else the coordinator (who acts for every city)."""
        return self.host.get(city, self.coordinator)


def actors_create(places: Places, users: dict[str, User], spec: dict[str, Any]) -> Actors:
    """The demo accounts, plus an origin caseworker without a password for each origin office
    that has no demo account: someone of that office books its trips and prepares its grants
    (the coordinator approves them, and may not approve what they prepared)."""
    origin = {office: users[name].pk for office, name in OFFICE_STAFF.items()}
    names = spec["staff_names"]
    staff = []
    for office in sorted(places.offices):
        if office in origin or office not in names:
            continue
        first, last = names[office]
        user = User(
            username=f"staff-origin-{places.office_city[office]}",
            first_name=first,
            last_name=last,
            role=Role.ORIGIN_CASEWORKER,
            office=places.offices[office],
        )
        user.set_unusable_password()
        staff.append(user)
    if staff:
        created = User.objects.bulk_create(staff)
        group, _created = Group.objects.get_or_create(name=Role.ORIGIN_CASEWORKER)
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=group.pk) for u in created
        )
        origin.update({u.office.code: u.pk for u in created if u.office is not None})
    return Actors(
        coordinator=users[COORDINATOR].pk,
        origin=origin,
        host={city: users[name].pk for city, name in CITY_STAFF.items()},
        recorded={office: users[name].pk for office, name in OFFICE_STAFF.items()},
    )


@dataclass(frozen=True)
class NoShow:
    travel_date: dt.date
    departed: bool
    swept_at: dt.datetime  # when the no-show check found it


def noshows_add(
    rng: random.Random,
    journeys: list[Journey],
    actors: Actors,
    spec: dict[str, Any],
    no_show_days: int,
    today: dt.date,
) -> dict[int, NoShow]:
    """Turn about `share` of the trips into no-shows: profiled households that had accepted an
    offer, booked a trip (most also left) and never arrived, so the no-show check sent them
    back to profiled. Their moves are appended to their history (and stored)."""
    trips = sum(1 for j in journeys if j.last("trip_booked") is not None)
    wanted = max(1, round(spec["no_shows"]["share"] * trips)) if trips else 0
    candidates = [
        j
        for j in journeys
        if j.status == "profiled"
        and j.relocation_consent
        and j.last("offer_accepted") is None
        and (today - local_day(j.steps[-1].at)).days >= 40
    ]
    chosen = sorted(rng.sample(candidates, min(wanted, len(candidates))), key=lambda j: j.id)
    rows: list[tuple[Any, ...]] = []
    found: dict[int, NoShow] = {}
    for journey in chosen:
        by = actors.recorded.get(journey.office)
        day = local_day(journey.steps[-1].at)
        moves = []
        for status, gap in (("proposed", (2, 8)), ("offer_accepted", (1, 5))):
            day += dt.timedelta(days=between(rng, gap))
            moves.append(Step(status, moment_on(rng, day), by))
        day += dt.timedelta(days=between(rng, (2, 6)))
        moves.append(Step("trip_booked", moment_on(rng, day), by))
        travel = day + dt.timedelta(days=between(rng, (2, 6)))
        departed = not chance(rng, spec["no_shows"]["before_departure"])
        if departed:
            moves.append(Step("travelled", moment_on(rng, travel, (6, 22)), by))
        swept = moment_on(rng, travel + dt.timedelta(days=no_show_days + 1), (9, 11))
        moves.append(Step("profiled", swept, actors.coordinator))
        previous = journey.steps[-1].status
        for step in moves:
            rows.append((journey.id, previous, step.status, step.by, step.at, _reason(step.status)))
            previous = step.status
        journey.steps.extend(moves)
        found[journey.id] = NoShow(travel, departed, swept)
        Household.objects.filter(pk=journey.id).update(updated_at=swept)
    rows_insert(
        StatusChange,
        ("household_id", "from_status", "to_status", "changed_by_id", "changed_at", "reason"),
        rows,
    )
    return found


def _reason(status: str) -> str:
    return _("no-show") if status == "profiled" else ""

"""Demo trips, drafted in memory: a relocation plan for every accepted offer that got as far
as a booked trip, its tickets and seats, and the group departures (written by
relocation_trips_write).

Dates come from the household's history: booked when it moved to trip_booked, travelled and
arrived on its moves to travelled and arrived. Trips of one office to one corridor (a bus
line, relocation.yaml) that left within a few days of each other share a group departure on a
day that fits each of them (after the booking, and before the arrival within the days allowed
to arrive): the history's move to travelled then takes the departure's time and the
coordinator who recorded it. A trip on a departure takes its route and carrier, as
`departure_add_plan` does. Trips booked but not yet travelled leave after the reference date,
most on their office's next weekly bus (an open departure).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from arraigo.relocation.models import Departure, PlanStatus, RelocationPlan

from .bulk import next_id
from .matching_history import Accepted
from .places import Places
from .reference import chance
from .relocation_journeys import Actors, Journey, NoShow, Step, local_day, moment_on

CENT = Decimal("0.01")


@dataclass(slots=True)
class TicketDraft:
    person: int
    cost: Decimal
    seat: str = ""
    checked_in_at: dt.datetime | None = None


@dataclass(slots=True)
class PlanDraft:
    id: int
    journey: Journey
    proposal: int
    city: str
    status: str
    booked: Step
    booked_by: int
    travelled: Step | None  # the history's move to travelled
    arrived: Step | None
    noshow: NoShow | None
    travel_date: dt.date | None = None
    departed_by: int | None = None
    departure: int | None = None
    route: str = ""
    carrier: str = ""
    tickets: list[TicketDraft] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((t.cost for t in self.tickets), Decimal("0.00"))

    @property
    def departed_at(self) -> dt.datetime | None:
        return self.travelled.at if self.travelled is not None else None


@dataclass(slots=True)
class DepartureDraft:
    id: int
    office: str
    date: dt.date
    at: dt.datetime
    carrier: str
    plans: list[PlanDraft]
    route: str = ""


class TripMaker:
    def __init__(
        self,
        rng: random.Random,
        places: Places,
        actors: Actors,
        spec: dict[str, Any],
        no_show_days: int,
        today: dt.date,
    ) -> None:
        self.rng, self.places, self.actors = rng, places, actors
        self.spec, self.no_show_days, self.today = spec, no_show_days, today
        corridors = spec["departures"]["corridors"]
        self.corridor = {city: name for name, cities in corridors.items() for city in cities}
        self.corridor.update({c: c for c in places.host_codes if c not in self.corridor})

    def plans(
        self, journeys: list[Journey], accepted: dict[int, Accepted], noshows: dict[int, NoShow]
    ) -> tuple[list[PlanDraft], list[DepartureDraft]]:
        plans: list[PlanDraft] = []
        first = next_id(RelocationPlan)
        for journey in journeys:
            offer, booked = accepted.get(journey.id), journey.last("trip_booked")
            if offer is None or booked is None:
                continue
            noshow = noshows.get(journey.id)
            travelled, arrived = journey.last("travelled"), journey.last("arrived")
            status = PlanStatus.PLANNED
            if noshow is not None:
                status = PlanStatus.NO_SHOW
            elif arrived is not None:
                status = PlanStatus.ARRIVED
            elif travelled is not None:
                status = PlanStatus.DEPARTED
            plan = PlanDraft(
                first + len(plans),
                journey,
                offer.proposal,
                offer.city,
                status,
                booked,
                self.actors.origin_of(journey.office),
                travelled,
                arrived,
                noshow,
            )
            if noshow is not None:
                plan.travel_date = noshow.travel_date
            elif travelled is not None:
                plan.travel_date = local_day(travelled.at)
            if travelled is not None:
                plan.departed_by = plan.booked_by
            plans.append(plan)
        departures = self._past_departures(plans) + self._next_departures(plans)
        first_departure = next_id(Departure)
        for number, departure in enumerate(departures):
            departure.id = first_departure + number
            departure.route = self._route(departure.office, [p.city for p in departure.plans])
        for departure in departures:
            for plan in departure.plans:
                plan.departure, plan.route, plan.carrier = (
                    departure.id,
                    departure.route,
                    departure.carrier,
                )
        for plan in plans:
            if plan.departure is None:
                plan.route = self._route(plan.journey.office, [plan.city])
                plan.carrier = self.rng.choice(self.spec["tickets"]["carriers"])
            self._tickets(plan)
        for departure in departures:
            self._seats(departure.plans)
        return plans, departures

    def _window(self, plan: PlanDraft) -> set[dt.date]:
        """The days, within three of the one it travelled, on which its trip could have left
        instead: after the booking, by the reference date, and with its arrival (the move after
        travelled) still after the departure and within the days allowed to arrive."""
        assert plan.travelled is not None and plan.travel_date is not None
        booked = local_day(plan.booked.at)
        after = plan.journey.after(plan.travelled)
        days = set()
        for offset in range(-3, 4):
            day = plan.travel_date + dt.timedelta(days=offset)
            if not booked < day <= self.today:
                continue
            if after is not None:
                reached = local_day(after.at)
                if not day < reached <= day + dt.timedelta(days=self.no_show_days):
                    continue
            days.add(day)
        return days

    def _past_departures(self, plans: list[PlanDraft]) -> list[DepartureDraft]:
        """Per office and corridor, the day most trips could share becomes a departure, then
        the next such day among the trips left, while two or more share one."""
        lines: dict[tuple[str, str], list[PlanDraft]] = defaultdict(list)
        for plan in plans:
            if plan.status in (PlanStatus.DEPARTED, PlanStatus.ARRIVED):
                lines[(plan.journey.office, self.corridor[plan.city])].append(plan)
        departures = []
        for (office, _corridor), group in lines.items():
            windows = {plan.id: self._window(plan) for plan in group}
            counts: dict[dt.date, int] = defaultdict(int)
            for plan in group:
                for day in windows[plan.id]:
                    counts[day] += 1
            while counts:
                best = min(counts, key=lambda d: (-counts[d], d))
                if counts[best] < 2:
                    break
                members = [p for p in group if best in windows[p.id]]
                group = [p for p in group if best not in windows[p.id]]
                for plan in members:
                    for day in windows[plan.id]:
                        counts[day] -= 1
                departures.append(self._departure(office, best, members))
        for departure in departures:
            for plan in departure.plans:
                assert plan.travelled is not None
                plan.travelled.at, plan.travelled.by = departure.at, self.actors.coordinator
                plan.travel_date, plan.departed_by = departure.date, self.actors.coordinator
        return departures

    def _next_departures(self, plans: list[PlanDraft]) -> list[DepartureDraft]:
        """Trips not yet travelled: most on the office's next weekly bus, some on their own."""
        buses: dict[tuple[str, str, dt.date], list[PlanDraft]] = defaultdict(list)
        spec = self.spec["departures"]
        for plan in plans:
            if plan.status != PlanStatus.PLANNED:
                continue
            earliest = max(
                self.today + dt.timedelta(days=1), local_day(plan.booked.at) + dt.timedelta(days=2)
            )
            if chance(self.rng, spec["upcoming_share"]):
                ahead = (spec["weekday"].get(plan.journey.office, 2) - earliest.weekday()) % 7
                plan.travel_date = earliest + dt.timedelta(days=ahead)
                buses[(plan.journey.office, self.corridor[plan.city], plan.travel_date)].append(
                    plan
                )
            else:
                plan.travel_date = earliest + dt.timedelta(days=self.rng.randint(0, 10))
        return [self._departure(office, day, group) for (office, _c, day), group in buses.items()]

    def _departure(self, office: str, day: dt.date, plans: list[PlanDraft]) -> DepartureDraft:
        low, high = self.spec["departures"]["departure_hours"]
        if day >= self.today:  # the history's last moves stay on the reference date
            high = min(high, 17)
        return DepartureDraft(
            0,
            office,
            day,
            moment_on(self.rng, day, (low, high)),
            self.rng.choice(self.spec["tickets"]["carriers"]),
            plans,
        )

    def _fare(self, office: str, city: str) -> Decimal:
        tickets = self.spec["tickets"]
        fare = Decimal(tickets["from_tapachula"][city]) * Decimal(
            str(tickets["office_factor"].get(office, 1.0))
        )
        return fare.quantize(Decimal("1"))

    def _route(self, office: str, cities: list[str]) -> str:
        """<office city> - <host city>, stops in order of distance (fare) on a group bus."""
        stops = sorted(set(cities), key=lambda c: (self._fare(office, c), c))
        names = [self.places.cities[self.places.office_city[office]].name]
        names += [self.places.cities[c].name for c in stops]
        return " - ".join(names)[:200]

    def _tickets(self, plan: PlanDraft) -> None:
        tickets = self.spec["tickets"]
        fare = self._fare(plan.journey.office, plan.city)
        child = (fare * Decimal(str(tickets["child_share"]))).quantize(CENT)
        assert plan.travel_date is not None
        for person in plan.journey.members:
            born = person.date_of_birth
            day = plan.travel_date
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            cost = child if age < tickets["child_under"] else fare.quantize(CENT)
            arrived = plan.arrived if plan.status == PlanStatus.ARRIVED else None
            checked_in = arrived.at if arrived is not None else None
            plan.tickets.append(TicketDraft(person.pk, cost, "", checked_in))
        if plan.departure is None:
            size = self.spec["tickets"]["seats_per_bus"]
            start = self.rng.randint(1, max(1, size - len(plan.tickets) + 1))
            for offset, ticket in enumerate(plan.tickets):
                ticket.seat = f"{start + offset:02d}"

    def _seats(self, plans: list[PlanDraft]) -> None:
        size = self.spec["tickets"]["seats_per_bus"]
        n = 0
        for plan in sorted(plans, key=lambda p: p.id):
            for ticket in plan.tickets:
                bus, seat = divmod(n, size)
                ticket.seat = f"{seat + 1:02d}" if bus == 0 else f"B{bus + 1}-{seat + 1:02d}"
                n += 1

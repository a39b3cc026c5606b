"""The journey of a household (DESIGN.md section 2) as a table of allowed moves.

Each move says who may make it. `household_transition` (registry/services) reads this table;
nothing else decides whether a status change is allowed. Moves marked `automatic` are made by a
service, never by hand: the eligibility decision (eligibility_recompute,
eligibility_exception_approve), a cancelled trip (relocation plan_cancel) and a household that
did not arrive (relocation noshow_sweep).

    identified -> registered -> eligible | not_eligible -> profiled -> proposed
      -> offer_accepted | offer_declined -> trip_booked -> travelled -> arrived
      -> integrating -> followed_up -> closed
    in place: profiled -> integrating (no matching, no travel)
    declined offer: offer_declined -> profiled (back to matching)
    any open status -> closed (with a reason); closed -> integrating (coordinator, reason)
    booking, departure and check-in (offer_accepted -> trip_booked -> travelled -> arrived) are
      made by the relocation plan's steps, by the roles named here, never from a status button
    trip cancelled: trip_booked -> offer_accepted (automatic; the offer still stands)
    no-show: trip_booked | travelled -> profiled (automatic; back to matching)
    check-in undone: arrived -> travelled (automatic, with the reason; before integration)
"""

from __future__ import annotations

from dataclasses import dataclass

from arraigo.accounts.models import Role

from .models import HouseholdStatus as S
from .models import Modality


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    roles: frozenset[str]  # who may make it by hand; empty for automatic moves
    modality: str | None = None  # only for households of this modality
    reason_required: bool = False
    automatic: bool = False
    by_plan: bool = False  # made by the relocation plan's steps (booking, departure, check-in)


_ORIGIN = frozenset({Role.COORDINATOR, Role.ORIGIN_CASEWORKER})
_HOST = frozenset({Role.COORDINATOR, Role.HOST_CASEWORKER})
_CASEWORK = frozenset({Role.COORDINATOR, Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER})
_COORDINATOR = frozenset({Role.COORDINATOR})
_NOBODY: frozenset[str] = frozenset()

# Statuses the eligibility decision moves between (before profiling only).
ELIGIBILITY_STATUSES = (S.REGISTERED, S.ELIGIBLE, S.NOT_ELIGIBLE)

_STEPS: tuple[Move, ...] = (
    Move(S.IDENTIFIED, S.REGISTERED, _ORIGIN),
    Move(S.ELIGIBLE, S.PROFILED, _CASEWORK),
    Move(S.PROFILED, S.PROPOSED, _ORIGIN, modality=Modality.RELOCATION),
    Move(S.PROPOSED, S.OFFER_ACCEPTED, _ORIGIN, modality=Modality.RELOCATION),
    Move(S.PROPOSED, S.OFFER_DECLINED, _ORIGIN, modality=Modality.RELOCATION),
    Move(S.OFFER_DECLINED, S.PROFILED, _ORIGIN, modality=Modality.RELOCATION),
    Move(S.OFFER_ACCEPTED, S.TRIP_BOOKED, _ORIGIN, modality=Modality.RELOCATION, by_plan=True),
    Move(S.TRIP_BOOKED, S.TRAVELLED, _ORIGIN, modality=Modality.RELOCATION, by_plan=True),
    Move(S.TRAVELLED, S.ARRIVED, _HOST, modality=Modality.RELOCATION, by_plan=True),
    Move(S.ARRIVED, S.INTEGRATING, _HOST, modality=Modality.RELOCATION),
    Move(S.PROFILED, S.INTEGRATING, _CASEWORK, modality=Modality.IN_PLACE),
    Move(S.INTEGRATING, S.FOLLOWED_UP, _HOST),
    Move(S.CLOSED, S.INTEGRATING, _COORDINATOR, reason_required=True),
)

_AUTOMATIC: tuple[Move, ...] = tuple(
    Move(source, target, _NOBODY, automatic=True)
    for source in ELIGIBILITY_STATUSES
    for target in ELIGIBILITY_STATUSES
    if source != target
)

_CLOSING: tuple[Move, ...] = tuple(
    Move(status, S.CLOSED, _CASEWORK, reason_required=True)
    for status in S.values
    if status != S.CLOSED
)

# Made by the relocation services: the plan, not a button, decides these.
_RELOCATION_AUTOMATIC: tuple[Move, ...] = (
    Move(S.TRIP_BOOKED, S.OFFER_ACCEPTED, _NOBODY, modality=Modality.RELOCATION, automatic=True),
    Move(S.TRIP_BOOKED, S.PROFILED, _NOBODY, modality=Modality.RELOCATION, automatic=True),
    Move(S.TRAVELLED, S.PROFILED, _NOBODY, modality=Modality.RELOCATION, automatic=True),
    # a check-in made by mistake, undone with a reason (relocation arrival_undo)
    Move(S.ARRIVED, S.TRAVELLED, _NOBODY, modality=Modality.RELOCATION, automatic=True),
)

MOVES: tuple[Move, ...] = (*_STEPS, *_AUTOMATIC, *_RELOCATION_AUTOMATIC, *_CLOSING)


def move_find(source: str, target: str, modality: str) -> Move | None:
    """The move from `source` to `target` for a household of `modality`, if the table has one."""
    for move in MOVES:
        if (
            move.source == source
            and move.target == target
            and (move.modality is None or move.modality == modality)
        ):
            return move
    return None


def moves_from(source: str, modality: str, role: str | None = None) -> list[Move]:
    """Manual moves out of `source` (for a role, if given): what a page can offer as buttons."""
    return [
        move
        for move in MOVES
        if move.source == source
        and not move.automatic
        and not move.by_plan
        and (move.modality is None or move.modality == modality)
        and (role is None or role in move.roles)
    ]

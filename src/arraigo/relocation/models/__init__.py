"""Relocation models, one module per part; import them from here."""

from .budget import BudgetLine, CostCategory, EntryKind, LedgerEntry
from .grants import DisbursementMethod, Grant, GrantStatus, GrantTable
from .lodging import LodgingExtension, LodgingStay
from .trips import (
    ArrivalCorrection,
    Departure,
    DepartureStatus,
    FollowUpRequest,
    PlanStatus,
    RelocationPlan,
    Ticket,
    TransportMode,
)

__all__ = [
    "ArrivalCorrection",
    "BudgetLine",
    "CostCategory",
    "Departure",
    "DepartureStatus",
    "DisbursementMethod",
    "EntryKind",
    "FollowUpRequest",
    "Grant",
    "GrantStatus",
    "GrantTable",
    "LedgerEntry",
    "LodgingExtension",
    "LodgingStay",
    "PlanStatus",
    "RelocationPlan",
    "Ticket",
    "TransportMode",
]

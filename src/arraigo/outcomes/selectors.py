"""Reads of the outcome models."""

from __future__ import annotations

from .models import ModelKind, OutcomeModel


def outcome_model_current() -> OutcomeModel | None:
    """The newest active learned model, or None (then the priors are used)."""
    return (
        OutcomeModel.objects.filter(kind=ModelKind.LEARNED, active=True)
        .order_by("-version", "-id")
        .first()
    )

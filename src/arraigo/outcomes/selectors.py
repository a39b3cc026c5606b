"""Reads of the outcome models, and of the six-month answers they learn from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q

from arraigo.monitoring.models import FollowUpAnswer, Round

from .models import ModelKind, OutcomeModel


def outcome_model_current() -> OutcomeModel | None:
    """The newest active learned model, or None (then the priors are used)."""
    return (
        OutcomeModel.objects.filter(kind=ModelKind.LEARNED, active=True)
        .order_by("-version", "-id")
        .first()
    )


@dataclass(frozen=True)
class SurveyOutcome:
    """A household's six-month outcome as its survey answers tell it."""

    household_id: int
    city_id: int  # the household's host city
    formal: bool  # at least one member answered formal = yes
    members_formal: int
    date: dt.date  # the interview's day


def six_month_outcomes() -> list[SurveyOutcome]:
    """Every household with a six-month answer and a host city, in household id order."""
    rows = (
        FollowUpAnswer.objects.filter(round=Round.MONTH6, household__host_city__isnull=False)
        .order_by("household_id")
        .values("household_id")
        .annotate(
            city=Max("household__host_city_id"),
            formal=Count("id", filter=Q(formal=True)),
            day=Min("date"),
        )
    )
    return [
        SurveyOutcome(r["household_id"], r["city"], r["formal"] > 0, r["formal"], r["day"])
        for r in rows
    ]


def outcome_model_by_label(label: str) -> OutcomeModel | None:
    """The stored model a run names ("learned-3"), or None (the priors, or a model since
    deleted)."""
    kind, _sep, version = label.rpartition("-")
    if not version.isdigit() or kind not in ModelKind.values:
        return None
    return OutcomeModel.objects.filter(kind=kind, version=int(version)).first()

"""Secure housing tenure (UNHCR results framework 16.1): the people of the households whose
interview in a round records a tenure code the programme counts as secure.

The codes are programme data: the `secure_tenure` list of the programme's surveys.yaml. A
programme without that list has no way to measure it yet, and the report shows "—".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Q, Sum

from .models import Interview

SURVEYS_FILENAME = "surveys.yaml"


def secure_tenure_codes() -> frozenset[str] | None:
    path = Path(settings.ARRAIGO_PROGRAMME_DIR) / SURVEYS_FILENAME
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    codes = data.get("secure_tenure") if isinstance(data, dict) else None
    if not isinstance(codes, list):
        return None
    return frozenset(str(code) for code in codes)


def secure_tenure_counts(
    date_from: dt.date, date_to: dt.date, round_code: str
) -> tuple[int, int] | None:
    """(people in households with a secure tenure, people in households with a tenure
    answer) over the round's interviews dated in the period; None without the codes."""
    codes = secure_tenure_codes()
    if codes is None:
        return None
    answered = (
        Interview.objects.filter(date__range=(date_from, date_to), round=round_code)
        .exclude(housing_tenure="")
        .order_by()
    )
    sums = answered.aggregate(
        people=Sum("household__size"),
        secure=Sum("household__size", filter=Q(housing_tenure__in=sorted(codes))),
    )
    return sums["secure"] or 0, sums["people"] or 0

"""Reading a household's consent: its current answers, and the one gate every exit uses.

An exit is any place where a case's data leaves the programme: company HR (employer views),
the service partners' portal (referrals), the carrier's manifest, exports, later the API.
Each exit asks `consent_allows` (one household) or `consent_annotate`/`consent_filter` (a
queryset, one subquery, so a list keeps a fixed number of queries). The latest answer for a
purpose counts; a household never asked has not consented. What an exit shows instead of the
withheld data is `consent_withheld_label`: the row stays, so counts stay true.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import BooleanField, DateTimeField, Model, OuterRef, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from arraigo.registry.models import Consent, ConsentPurpose, Household

M = TypeVar("M", bound=Model)


def consent_current(household: Household) -> dict[str, bool | None]:
    """Each purpose -> its latest answer, or None if never asked. One query.

    The caller has already fetched `household` within the user's scope.
    """
    current: dict[str, bool | None] = dict.fromkeys(ConsentPurpose.values)
    answered: set[str] = set()
    rows = Consent.objects.filter(household=household).order_by("-recorded_at", "-id")
    for purpose, given in rows.values_list("purpose", "given"):
        if purpose not in answered:
            answered.add(purpose)
            current[purpose] = given
    return current


def _answers(purpose: str, at: dt.datetime | None) -> QuerySet[Consent]:
    rows = Consent.objects.filter(purpose=purpose)
    if at is not None:
        rows = rows.filter(recorded_at__lte=at)
    return rows.order_by("-recorded_at", "-id")


def consent_latest(
    household: Household, purpose: str, *, at: dt.datetime | None = None
) -> tuple[bool | None, dt.datetime | None]:
    """The household's answer for `purpose` at `at` (default: now) and when it was recorded;
    (None, None) when it had not been asked. One query."""
    row = _answers(purpose, at).filter(household=household).values_list("given", "recorded_at")
    first = row.first()
    return (first[0], first[1]) if first else (None, None)


def consent_answer(
    household: Household, purpose: str, *, at: dt.datetime | None = None
) -> bool | None:
    """The household's answer for `purpose` at `at` (default: now): True, False, or None when
    it had not been asked. One query."""
    return consent_latest(household, purpose, at=at)[0]


def consent_allows(household: Household, purpose: str, *, at: dt.datetime | None = None) -> bool:
    """Whether data may leave the case for `purpose`: only on a yes that still holds."""
    return consent_answer(household, purpose, at=at) is True


def consent_annotate(
    qs: QuerySet[M],
    purpose: str,
    *,
    household: str = "household",
    applies: bool = True,
    at: dt.datetime | None = None,
) -> QuerySet[M]:
    """Each row gets `consent_given` (True, False, or None when never asked) and
    `consent_answered_at`, for the household reached by the lookup `household` ("pk" on
    households, "plan__household" on tickets). With `applies=False` (the viewer is not an
    exit, e.g. programme staff) every row reads as consented."""
    if not applies:
        return qs.annotate(
            consent_given=Value(True, output_field=BooleanField()),
            consent_answered_at=Value(None, output_field=DateTimeField()),
        )
    latest = _answers(purpose, at).filter(household=OuterRef(household))
    return qs.annotate(
        consent_given=Subquery(latest.values("given")[:1], output_field=BooleanField()),
        consent_answered_at=Subquery(
            latest.values("recorded_at")[:1], output_field=DateTimeField()
        ),
    )


def consent_filter(
    qs: QuerySet[M], purpose: str, *, household: str = "household", at: dt.datetime | None = None
) -> QuerySet[M]:
    """Only the rows whose household consents to `purpose` (for pickers, where a withheld row
    has nothing to offer)."""
    return consent_annotate(qs, purpose, household=household, at=at).filter(consent_given=True)


def consent_given_on(row: object) -> bool | None:
    """The answer `consent_annotate` put on a row (None when it did not)."""
    return getattr(row, "consent_given", None)


def consent_withheld_label(given: bool | None) -> str:
    """What an exit shows in place of a name or document the household does not share."""
    if given is False:
        return _("Consent withdrawn")
    return _("No consent to share")

"""Drafting in a forked process: the writer gets the very households it would have drafted
itself, in the same order, whichever way they travel."""

from __future__ import annotations

import pickle

import pytest

from arraigo.demo.drafting import background_available, drafted_chunks
from arraigo.demo.drafts import drafts_packed, drafts_unpacked
from arraigo.demo.households import HouseholdMaker
from arraigo.demo.identifiers import Issuer
from arraigo.demo.places import Places, places_create
from arraigo.demo.reference import reference_date, stream
from arraigo.registry.eligibility import ruleset_current

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 300


def _places() -> Places:
    return places_create(stream(3, "places"), reference_date().year, households=HOUSEHOLDS)


def _maker(places: Places) -> HouseholdMaker:
    """A maker drawing from the same streams each time it is made."""
    return HouseholdMaker(
        stream(3, "households"),
        Issuer(stream(3, "person-ids")),
        places,
        ruleset_current(),
        {"forklift", "cleaning"},
        reference_date(),
    )


def test_packed_drafts_come_back_equal_field_by_field() -> None:
    drafts = _maker(_places()).drafts(HOUSEHOLDS)

    copied = drafts_unpacked(pickle.loads(pickle.dumps(drafts_packed(drafts))))  # noqa: S301

    assert copied == drafts
    # Every nested kind is there, so the comparison covers them all.
    members = [m for d in drafts for m in d.members]
    assert any(m.documents for m in members)
    assert any(m.languages for m in members)
    assert any(d.history and d.needs and d.preferences and d.decision_results for d in drafts)


@pytest.mark.skipif(not background_available(), reason="needs fork")
def test_the_forked_drafter_hands_over_the_households_drafted_here() -> None:
    places = _places()
    here = [draft for chunk in _maker(places).chunks(HOUSEHOLDS) for draft in chunk]

    with drafted_chunks(_maker(places), HOUSEHOLDS, background=True) as chunks:
        there = [draft for chunk in chunks for draft in chunk]

    assert there == here

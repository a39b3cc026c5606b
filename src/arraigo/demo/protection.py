"""A demo person's protection status, recorded to agree with the household's legal situation
and so with the documents it holds (demo/documents.py): recognised by COMAR, a refugee or, for
a share, with complementary protection; asylum seekers (TVRH or pending), asylum seekers;
children born in Mexico, nationals. Its own random stream keeps the rest of the demo as it was.
"""

from __future__ import annotations

import random

from .drafts import HouseholdDraft

RECOGNISED = {"resident", "recognised_no_residency"}
COMPLEMENTARY_SHARE = 0.1  # of recognised households (assumed)


def protection_set(household: HouseholdDraft) -> None:
    status = "asylum_seeker"
    if household.legal_status in RECOGNISED:
        head = household.members[0]
        stream = random.Random(f"protection:{head.first_names}:{head.date_of_birth}")
        status = "complementary_protection" if stream.random() < COMPLEMENTARY_SHARE else "refugee"
    for person in household.members:
        person.protection_status = "national" if person.born_in_mexico else status

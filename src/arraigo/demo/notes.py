"""The demo's case notes and transfers.

Notes: for about half the households accompanied in a host city, one to three ordinary notes
written by the city's caseworker after arrival, and for a few households with a survivor of
violence or a serious medical condition, a protection-sensitive note. Transfers: a few past
requests to move to another host city that were declined, and two still waiting for an answer.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.translation import gettext_lazy as _

from arraigo.accounts.models import Role, User
from arraigo.casefile.models import CaseNote, CaseTransfer, NoteTier, TransferStatus
from arraigo.outcomes.models import PlacementOutcome
from arraigo.registry.models import Household, NeedCode, SpecificNeed

from .bulk import rows_insert
from .relocation_journeys import moment_on

# Stored texts, in the programme's language when the seed writes them (str() at that time).
ORDINARY = (
    _("Looking for a flat closer to the plant."),
    _("Asked about evening Spanish classes."),
    _("The children started school; uniforms still missing."),
    _("First payslip received; opened a payroll account."),
    _("Visited at home: settling in well."),
)
PROTECTED = (
    _("Disclosed violence by a former partner; safety plan agreed and shelter contact given."),
    _("Chronic condition: needs monthly medication; registered at the health centre."),
)


def notes_and_transfers_create(*, seed: int, today: dt.date) -> tuple[int, int]:
    rng = random.Random(f"arraigo-demo:{seed}:notes")
    arrived = dict(PlacementOutcome.objects.values_list("household_id", "placed_on"))
    households = list(
        Household.objects.filter(
            pk__in=list(arrived), status__in=["arrived", "integrating", "followed_up"]
        )
        .order_by("id")
        .values_list("id", "host_city_id")
    )
    host = dict(User.objects.filter(role=Role.HOST_CASEWORKER).values_list("city_id", "id"))
    coordinator = User.objects.filter(role=Role.COORDINATOR).values_list("id", flat=True).first()
    sensitive = set(
        SpecificNeed.objects.filter(
            code__in=[NeedCode.SURVIVOR_OF_VIOLENCE, NeedCode.SERIOUS_MEDICAL]
        ).values_list("household_id", flat=True)
    )
    notes = []
    for household, city in households:
        author = host.get(city, coordinator)
        start = arrived[household]
        span = max(1, (today - start).days)
        if rng.random() < 0.5:
            for text in rng.sample(ORDINARY, rng.randint(1, 3)):
                day = start + dt.timedelta(days=rng.randint(1, span))
                notes.append((household, NoteTier.ORDINARY, str(text), author, moment_on(rng, day)))
        if household in sensitive and rng.random() < 0.6:
            day = start + dt.timedelta(days=rng.randint(1, span))
            notes.append(
                (
                    household,
                    NoteTier.PROTECTION,
                    str(rng.choice(PROTECTED)),
                    author,
                    moment_on(rng, day),
                )
            )
    rows_insert(CaseNote, ["household_id", "tier", "text", "author_id", "created_at"], notes)
    cities = sorted({c for _h, c in households if c})
    transfers = []
    picks = rng.sample(households, min(8, len(households)))
    for index, (household, city) in enumerate(picks):
        others = [c for c in cities if c != city]
        if not others or city is None:
            continue
        to_city = rng.choice(others)
        waiting = index < 2
        status = TransferStatus.REQUESTED if waiting else TransferStatus.DECLINED
        asked = moment_on(
            rng, today - dt.timedelta(days=rng.randint(1, 5) if waiting else rng.randint(20, 200))
        )
        transfers.append(
            (
                household,
                city,
                to_city,
                str(_("Relatives offered housing there.")),
                status,
                host.get(city, coordinator),
                asked,
                None if waiting else host.get(to_city, coordinator),
                None if waiting else asked + dt.timedelta(days=2),
                "" if waiting else str(_("No housing units left this year.")),
            )
        )
    rows_insert(
        CaseTransfer,
        ["household_id", "from_city_id", "to_city_id", "reason", "status", "requested_by_id",
         "requested_at", "answered_by_id", "answered_at", "answer_note"],
        transfers,
    )  # fmt: skip
    return len(notes), len(transfers)

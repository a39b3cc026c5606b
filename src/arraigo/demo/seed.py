"""`demo_seed`: the whole demo in one transaction, once per database.

Order: places, employers and vacancies, the demo accounts (as the accounts service makes them),
then the households drafted in memory and written in bulk, their follow-up outcomes and
survey answers, and
their relocation history (matching, trips, lodging, grants, ledger and budget). Each part
draws from its own random stream seeded from `seed`, and dates come from the fixed reference
date, so the same arguments give the same data on any day and any machine.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from arraigo.accounts.models import User
from arraigo.codelists.models import Skill
from arraigo.core.memory import collector_paused
from arraigo.registry.eligibility import ruleset_current

from .accounts import COORDINATOR, DEMO_ACCOUNTS, DEMO_PASSWORD, account_scope, accounts_create
from .bulk import bulk_writing, foreign_keys_unchecked, indexes_deferred
from .casework import plans_create
from .drafting import background_available, drafted_chunks
from .employers import employers_create, vacancies_create
from .feedback import feedback_create
from .households import HouseholdMaker, codes_assign
from .identifiers import Issuer
from .models import DemoDataset
from .notes import notes_and_transfers_create
from .outcome_history import outcome_history_create
from .placements import placements_create
from .places import places_create
from .reference import reference_date, stream
from .referrals import referrals_create
from .relocation import relocation_history_create
from .survey_history import survey_history_create
from .writer import TABLES as HOUSEHOLD_TABLES
from .writer import HouseholdWriter

DEFAULT_HOUSEHOLDS = 2000
DEFAULT_SEED = 7
DEFAULT_EMPLOYERS = 600
DEFAULT_VACANCIES = 3000


@dataclass(frozen=True)
class AccountLine:
    username: str
    password: str
    role: str
    scope: str


@dataclass
class SeedResult:
    created: bool
    counts: Counter[str] = field(default_factory=Counter)
    accounts: list[AccountLine] = field(default_factory=list)
    seconds: float = 0.0
    dataset: DemoDataset | None = None


def demo_exists() -> bool:
    """Whether this database already has the demo (its marker row or its coordinator)."""
    return DemoDataset.objects.exists() or User.objects.filter(username=COORDINATOR).exists()


def demo_accounts() -> list[AccountLine]:
    """The demo accounts present in the database, in the order of DEMO_ACCOUNTS."""
    names = [a.username for a in DEMO_ACCOUNTS]
    users = User.objects.filter(username__in=names).select_related(
        "office", "city", "employer", "provider"
    )
    by_name = {u.username: u for u in users}
    return [
        AccountLine(
            name, DEMO_PASSWORD, str(by_name[name].get_role_display()), account_scope(by_name[name])
        )
        for name in names
        if name in by_name
    ]


def demo_seed(
    *,
    households: int = DEFAULT_HOUSEHOLDS,
    seed: int = DEFAULT_SEED,
    employers: int = DEFAULT_EMPLOYERS,
    vacancies: int = DEFAULT_VACANCIES,
    today: dt.date | None = None,
) -> SeedResult:
    """Create the demo unless the database has it already (then change nothing).

    `today` is the day the demo's history leads up to: ages, statuses, due dates and the
    ledger are drawn back from it. By default the fixed reference date of programme.yaml, so
    the same arguments give the same data on every machine; `make demo` passes the real date
    so that the demo looks current. Text the seed stores (ledger descriptions, reasons) is in
    the programme's language, whichever language the caller happens to have active.
    """
    with (
        translation.override(settings.LANGUAGE_CODE),
        collector_paused(),
        foreign_keys_unchecked() as unchecked,
        transaction.atomic(),
        bulk_writing(),
    ):
        result = _seed(
            households=households,
            seed=seed,
            employers=employers,
            vacancies=vacancies,
            today=today or reference_date(),
        )
        if unchecked:  # every key of every table, before the transaction commits
            connection.check_constraints()
        return result


def _seed(
    *, households: int, seed: int, employers: int, vacancies: int, today: dt.date
) -> SeedResult:
    if demo_exists():
        return SeedResult(
            created=False, accounts=demo_accounts(), dataset=DemoDataset.objects.first()
        )
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    places = places_create(stream(seed, "places"), today.year, households=households)
    counts["cities"] = len(places.cities)
    counts["host_cities"] = len(places.host_codes)
    counts["offices"] = len(places.offices)
    counts["providers"] = len(places.providers)
    company_ids = Issuer(stream(seed, "company-ids"))
    employer_rows = employers_create(
        stream(seed, "employers"), company_ids, places, max(1, employers), today
    )
    counts["employers"] = len(employer_rows)
    counts["vacancies"] = len(
        vacancies_create(stream(seed, "vacancies"), employer_rows, vacancies, today)
    )
    maker = HouseholdMaker(
        stream(seed, "households"),
        Issuer(stream(seed, "person-ids")),
        places,
        ruleset_current(),
        set(Skill.objects.values_list("code", flat=True)),
        today,
    )
    # Drafting is pure Python without the database: a second process drafts while this one
    # hashes the accounts' passwords (about a second each) and writes the households drafted
    # so far (drafting.py).
    with drafted_chunks(maker, households, background=background_available()) as chunks:
        users = accounts_create(places, employer_rows[0])
        writer = HouseholdWriter(places, users)
        with indexes_deferred(*HOUSEHOLD_TABLES):
            for chunk in chunks:
                writer.write(chunk)
            codes_assign(writer.drafts)
            counts.update(writer.finish())
    counts["outcomes"] = outcome_history_create(seed=seed, today=today)
    counts.update(survey_history_create(seed=seed, today=today))
    # Read back from the households written above; a group departure may move the day a
    # trip left, never an arrival (the outcomes' placement day).
    counts.update(relocation_history_create(seed=seed, places=places, users=users, today=today))
    counts["plans"] = plans_create(seed=seed, today=today)
    counts["feedback"] = feedback_create(seed=seed, today=today)
    counts["notes"], counts["transfers"] = notes_and_transfers_create(seed=seed, today=today)
    counts["referrals"] = referrals_create(seed=seed, today=today)
    counts["placements"] = placements_create(
        seed=seed, today=today, demo_employer=users["demo-employer"].employer
    )
    dataset = DemoDataset.objects.create(
        seed=seed,
        households=counts["households"],
        employers=counts["employers"],
        vacancies=counts["vacancies"],
        reference_date=today,
    )
    return SeedResult(
        created=True,
        counts=counts,
        accounts=demo_accounts(),
        seconds=time.perf_counter() - started,
        dataset=dataset,
    )

"""The money of the demo's relocations: lodging stays, first-month grants, the ledger that
records them, and the budget lines of the reference year and the year before.

Entries follow the services' posting rules (relocation/services): tickets are committed when
booked and spent when the trip departs (source "plan:<id>"; a trip that never left gives its
commitment back when the no-show check finds it); a stay is committed on check-in and spent on
check-out ("lodging:<id>"); a grant is committed on approval, dated the trip's travel date, and
spent on disbursement ("grant:<id>"; a withdrawn grant posts the opposite commitment on the same
date). Each entry is dated and signed by the step that made it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.utils.translation import gettext as _

from arraigo.places.models import ServiceCategory, ServiceProvider
from arraigo.relocation.descriptions import grant_description, lodging_description
from arraigo.relocation.models import (
    BudgetLine,
    CostCategory,
    EntryKind,
    Grant,
    GrantStatus,
    GrantTable,
    LedgerEntry,
    LodgingExtension,
    LodgingStay,
    PlanStatus,
)
from arraigo.relocation.rows import budget_line_row, grant_row, ledger_entry_values, stay_row
from arraigo.relocation.rules import GrantTableRow, RelocationRules

from .bulk import indexes_deferred, next_id, rows_insert, values_insert
from .places import Places
from .reference import between, chance, pick, reference
from .relocation_journeys import Actors, local_day, moment_on
from .relocation_trips import PlanDraft

CENT = Decimal("0.01")
# fmt: off
_TABLE = (
    "id", "version", "modality", "effective_from", "base_amount", "per_additional_member", "cap",
    "currency", "is_demo", "note",
)
# fmt: on
# Every column of a stay and a grant, so a field the builder sets is never left to its default.
_STAY = tuple("id" if f.primary_key else f.attname for f in LodgingStay._meta.concrete_fields)
_GRANT = tuple("id" if f.primary_key else f.attname for f in Grant._meta.concrete_fields)
COMMIT, SPEND = EntryKind.COMMITMENT, EntryKind.EXPENDITURE
TRANSPORT, LODGING, GRANTS = CostCategory.TRANSPORT, CostCategory.LODGING, CostCategory.GRANTS


@dataclass(frozen=True)
class Entry:
    booked_on: dt.date
    kind: str
    category: str
    amount: Decimal
    plan: PlanDraft
    source: str
    description: str
    by: int
    at: dt.datetime


class Money:
    def __init__(
        self,
        rng: random.Random,
        places: Places,
        actors: Actors,
        spec: dict[str, Any],
        rules: RelocationRules,
        today: dt.date,
    ) -> None:
        self.rng, self.places, self.actors = rng, places, actors
        self.spec, self.rules, self.today = spec, rules, today
        self.entries: list[Entry] = []

    def post(
        self,
        plan: PlanDraft,
        kind: str,
        category: str,
        amount: Decimal,
        booked_on: dt.date,
        source: str,
        description: str,
        by: int,
        at: dt.datetime,
    ) -> None:
        self.entries.append(
            Entry(booked_on, kind, category, amount, plan, source, description, by, at)
        )

    # --- transport ----------------------------------------------------------------------------

    def transport(self, plans: list[PlanDraft]) -> None:
        for plan in plans:
            what = f"{_('Tickets for')} {plan.journey.code}"
            source = f"plan:{plan.id}"
            booked = local_day(plan.booked.at)
            post = self.post
            post(
                plan,
                COMMIT,
                TRANSPORT,
                plan.total,
                booked,
                source,
                what,
                plan.booked_by,
                plan.booked.at,
            )
            if plan.departed_at is not None and plan.departed_by is not None:
                assert plan.travel_date is not None
                post(
                    plan, SPEND, TRANSPORT, plan.total, plan.travel_date, source, what,
                    plan.departed_by, plan.departed_at,
                )  # fmt: skip
            elif plan.noshow is not None:
                swept = plan.noshow.swept_at
                what = f"{_('No-show, unspent tickets of')} {plan.journey.code}"
                post(
                    plan, COMMIT, TRANSPORT, -plan.total, local_day(swept), source, what,
                    self.actors.coordinator, swept,
                )  # fmt: skip

    # --- lodging ------------------------------------------------------------------------------

    def _providers(self) -> dict[str, list[ServiceProvider]]:
        """Each host city's lodging providers of the service directory (places.yaml)."""
        housing = [
            spec["name"]
            for spec in reference("places")["providers"]
            if any(s["category"] == ServiceCategory.HOUSING for s in spec["services"])
        ]
        found: dict[str, list[ServiceProvider]] = defaultdict(list)
        for code in self.places.host_codes:
            city = self.places.cities[code]
            for name in housing:
                key = (code, name.format(city=city.name, state=city.state))
                if key in self.places.providers:
                    found[code].append(self.places.providers[key])
        return found

    def lodging(self, plans: list[PlanDraft]) -> Counter[str]:
        spec = self.spec["lodging"]
        providers = self._providers()
        arrived = [
            p
            for p in plans
            if p.status == PlanStatus.ARRIVED and p.arrived is not None and providers[p.city]
        ]
        staying = [p for p in arrived if chance(self.rng, spec["share"])]
        extended = set()
        if staying:
            wanted = max(1, round(spec["extension_share"] * len(staying)))
            extended = {p.id for p in self.rng.sample(staying, wanted)}
        stays, extensions = [], []
        first = next_id(LodgingStay)
        for number, plan in enumerate(staying):
            assert plan.arrived is not None
            stay_id = first + number
            host = self.actors.host_of(plan.city)
            check_in = local_day(plan.arrived.at)
            nights = between(self.rng, spec["nights"])
            created = plan.arrived.at + dt.timedelta(minutes=self.rng.randint(20, 90))
            if plan.id in extended:
                nights = between(self.rng, spec["extension_nights"])
                approved = plan.arrived.at + dt.timedelta(minutes=self.rng.randint(5, 15))
                extensions.append(
                    (
                        plan.id,
                        nights - self.rules.lodging_max_nights,
                        self.rng.choice(spec["extension_reasons"]),
                        self.actors.coordinator,
                        approved,
                    )
                )
            check_out = check_in + dt.timedelta(days=nights)
            cost = Decimal(spec["nightly_base"]) + Decimal(spec["nightly_per_member"]) * len(
                plan.journey.members
            )
            cost = cost.quantize(CENT)
            provider = self.rng.choice(providers[plan.city])
            closed = check_out <= self.today
            row = stay_row(
                plan_id=plan.id,
                provider_id=provider.pk,
                check_in=check_in,
                check_out=check_out,
                nightly_cost=cost,
                created_by_id=host,
            )
            row.id, row.checked_out, row.created_at = stay_id, closed, created
            stays.append(tuple(getattr(row, column) for column in _STAY))
            source, total = f"lodging:{stay_id}", cost * nights
            what = lodging_description(nights, cost, provider.name)
            self.post(plan, COMMIT, LODGING, total, check_in, source, what, host, created)
            if closed:
                left = moment_on(self.rng, check_out, (9, 12))
                self.post(plan, SPEND, LODGING, total, check_out, source, what, host, left)
        rows_insert(
            LodgingExtension,
            ("plan_id", "extra_nights", "reason", "approved_by_id", "approved_at"),
            extensions,
        )
        rows_insert(
            LodgingStay,
            _STAY,
            stays,
        )
        return Counter(lodging_stays=len(stays), lodging_extensions=len(extensions))

    # --- grants -------------------------------------------------------------------------------

    def _tables(self) -> dict[str, GrantTable]:
        """The programme's grant tables as stored (as grant_table_for stores them)."""
        stored = {t.version: t for t in GrantTable.objects.all()}
        missing = [row for row in self.rules.grant_tables if row.version not in stored]
        first = next_id(GrantTable)
        rows_insert(
            GrantTable,
            _TABLE,
            (
                (
                    first + n,
                    r.version,
                    r.modality,
                    r.effective_from,
                    r.base_amount,
                    r.per_additional_member,
                    r.cap,
                    r.currency,
                    r.demo,
                    r.note[:300],
                )
                for n, r in enumerate(missing)
            ),
        )
        return {t.version: t for t in GrantTable.objects.all()}

    def _table_row(self, day: dt.date) -> GrantTableRow | None:
        rows = [row for row in self.rules.tables_for("relocation") if row.effective_from <= day]
        return max(rows, key=lambda row: row.effective_from) if rows else None

    def grants(self, plans: list[PlanDraft]) -> Counter[str]:
        tables = self._tables()
        counts: Counter[str] = Counter()
        rows: list[tuple[Any, ...]] = []
        first = next_id(Grant)
        for plan in plans:
            assert plan.travel_date is not None
            row = self._table_row(plan.travel_date)
            if plan.journey.open_duplicate:
                counts["grants_held_by_duplicate"] += 1
                continue
            if row is None:
                counts["grants_without_table"] += 1
                continue
            table = tables[row.version]
            rows.append(self._grant(first + len(rows), plan, table))
        rows_insert(
            Grant,
            _GRANT,
            rows,
        )
        counts["grants"] = len(rows)
        return counts

    def _grant(self, grant_id: int, plan: PlanDraft, table: GrantTable) -> tuple[Any, ...]:
        rng, coordinator = self.rng, self.actors.coordinator
        members = len(plan.journey.members)
        preparer = self.actors.host.get(plan.city) or self.actors.origin_of(plan.journey.office)
        row = grant_row(
            plan_id=plan.id,
            household_id=plan.journey.id,
            table=table,
            members=members,
            prepared_by_id=preparer,
        )
        amount = row.amount
        prepared = plan.booked.at + dt.timedelta(minutes=rng.randint(30, 300))
        status = GrantStatus.PREPARED
        approved = disbursed = closed = None
        method = reference = reason = ""

        def what(step: str) -> str:
            return grant_description(step, grant_id, table.version, members)

        source = f"grant:{grant_id}"
        if plan.departed_at is not None:
            latest = plan.departed_at - dt.timedelta(minutes=30)
            approved = max(
                min(prepared + dt.timedelta(hours=rng.randint(1, 48)), latest),
                prepared + dt.timedelta(minutes=10),
            )
            status = GrantStatus.APPROVED
            assert plan.travel_date is not None
            self.post(
                plan, COMMIT, GRANTS, amount, plan.travel_date, source,
                what("approved"), coordinator, approved,
            )  # fmt: skip
        if plan.status == PlanStatus.ARRIVED and plan.arrived is not None and approved:
            disbursed = plan.arrived.at + dt.timedelta(hours=rng.randint(1, 50))
            if local_day(disbursed) > self.today:
                disbursed = plan.arrived.at + dt.timedelta(minutes=30)
            status = GrantStatus.DISBURSED
            method = str(pick(rng, self.spec["grants"]["methods"]))
            reference = _reference(rng, method, grant_id, local_day(disbursed))
            self.post(
                plan, SPEND, GRANTS, amount, local_day(disbursed), source,
                what("disbursed"), coordinator, disbursed,
            )  # fmt: skip
        if plan.noshow is not None:
            closed = plan.noshow.swept_at + dt.timedelta(hours=rng.randint(1, 30))
            reason = _("The household did not arrive: the grant is withdrawn.")
            if approved is not None:
                assert plan.travel_date is not None
                self.post(
                    plan, COMMIT, GRANTS, -amount, plan.travel_date, source,
                    what("cancelled"), coordinator, closed,
                )  # fmt: skip
            status = GrantStatus.CANCELLED
        row.id, row.status, row.prepared_at = grant_id, status, prepared
        row.approved_by_id, row.approved_at = coordinator if approved else None, approved
        row.disbursed_by_id, row.disbursed_at = coordinator if disbursed else None, disbursed
        row.disbursed_on = local_day(disbursed) if disbursed else None
        row.method, row.reference = method, reference
        row.closed_by_id, row.closed_at, row.closed_reason = (
            coordinator if closed else None,
            closed,
            reason,
        )
        return tuple(getattr(row, column) for column in _GRANT)

    # --- ledger and budget ---------------------------------------------------------------------

    def ledger_write(self) -> int:
        entries = sorted(self.entries, key=lambda e: (e.booked_on, e.at, e.source, e.kind))
        rows = []
        for e in entries:
            row = ledger_entry_values(
                booked_on=e.booked_on,
                kind=e.kind,
                category=e.category,
                amount=e.amount,
                household_id=e.plan.journey.id,
                city_id=self.places.cities[e.plan.city].pk,
                office_id=self.places.offices[e.plan.journey.office].pk,
                source=e.source,
                description=e.description,
                created_by_id=e.by,
            )
            row["created_at"] = e.at
            rows.append(row)
        with indexes_deferred(LedgerEntry):
            return values_insert(LedgerEntry, rows, first_id=next_id(LedgerEntry))

    def budget_write(self) -> int:
        """Lines for the reference year (part committed so far) and the year before (spent)."""
        spec = self.spec["budget"]
        totals: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
        for e in self.entries:
            totals[(e.booked_on.year, e.category, e.kind)] += e.amount
        rows = []
        for year in (self.today.year - 1, self.today.year):
            for category in CostCategory.values:
                committed = totals[(year, category, EntryKind.COMMITMENT)]
                spent = totals[(year, category, EntryKind.EXPENDITURE)]
                if year == self.today.year:
                    amount = committed / Decimal(str(self.rng.uniform(*spec["committed_share"])))
                    note = _("Demo budget (assumed), in use.")
                else:
                    share = Decimal(str(self.rng.uniform(*spec["previous_spent_share"])))
                    amount = max(spent, committed) / share
                    note = _("Demo budget (assumed), year closed.")
                line = budget_line_row(
                    year=year,
                    category=category,
                    amount=_round_up(amount, spec["digits"]),
                    note=note,
                )
                rows.append((line.year, line.category, line.amount, line.note))
        return rows_insert(BudgetLine, ("year", "category", "amount", "note"), rows)


def _round_up(amount: Decimal, digits: int) -> Decimal:
    """`amount` rounded up to `digits` significant digits (at least 1,000 MXN)."""
    step = Decimal(10) ** max(3, amount.adjusted() + 1 - digits)
    return (amount / step).to_integral_value(rounding=ROUND_CEILING) * step


def _reference(rng: random.Random, method: str, grant_id: int, day: dt.date) -> str:
    if method == "card":
        return f"TAR-{rng.randrange(10**8):08d}"
    if method == "bank_transfer":
        return f"SPEI-{day:%Y%m%d}-{rng.randrange(10**6):06d}"
    return f"REC-{grant_id:06d}"


def money_create(
    rng: random.Random,
    plans: list[PlanDraft],
    places: Places,
    actors: Actors,
    spec: dict[str, Any],
    rules: RelocationRules,
    today: dt.date,
) -> Counter[str]:
    money = Money(rng, places, actors, spec, rules, today)
    money.transport(plans)
    counts = money.lodging(plans)
    counts.update(money.grants(plans))
    counts["ledger_entries"] = money.ledger_write()
    counts["budget_lines"] = money.budget_write()
    return counts

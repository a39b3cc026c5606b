"""Checking a households file row by row, without writing: every problem as (row, column,
message), the households it would write, and those imported before (skipped).

The rules are the registry's (registry.validators through the programme's document types, the
choices of registry.choices and core.choices, the journey of registry.journey, the
eligibility engine), applied to every row of the file in one pass with the lookups read once:
the registration service's per-person checks query the database several times per person,
which at 320,000 people would be most of an import's time. Each row's person is read by
households_people; this module groups the rows into households and checks those.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.registry.eligibility import (
    DocumentFact,
    EligibilityResult,
    HouseholdFacts,
    MemberFacts,
    ruleset_current,
)
from arraigo.registry.journey import ELIGIBILITY_STATUSES
from arraigo.registry.models import (
    ClosureReason,
    EligibilityOutcome,
    HouseholdStatus,
    Modality,
    Relationship,
)

from .columns import Cells
from .eligibility_cache import EligibilityCache
from .households_columns import (
    CONSENT_COLUMNS,
    HOUSEHOLD_NAMES,
    known_columns,
)
from .households_documents import documents_check
from .households_people import Lookups, PeopleCheck
from .households_types import HouseholdIn
from .lookups import rows_in
from .models import HouseholdRef
from .report import Problem, Report
from .sheets import Row, Table

REF_MAX_LENGTH = 64
EARLIEST = dt.date(1990, 1, 1)
# Statuses only a relocating household passes through.
RELOCATION_ONLY = {
    HouseholdStatus.PROPOSED,
    HouseholdStatus.OFFER_ACCEPTED,
    HouseholdStatus.OFFER_DECLINED,
    HouseholdStatus.TRIP_BOOKED,
    HouseholdStatus.TRAVELLED,
    HouseholdStatus.ARRIVED,
}
# Statuses where a relocating household is in its host city.
IN_HOST_CITY = {
    HouseholdStatus.TRAVELLED,
    HouseholdStatus.ARRIVED,
    HouseholdStatus.INTEGRATING,
    HouseholdStatus.FOLLOWED_UP,
}
_OUTCOME_STATUS: dict[str, str] = {
    EligibilityOutcome.ELIGIBLE: HouseholdStatus.ELIGIBLE,
    EligibilityOutcome.NOT_ELIGIBLE: HouseholdStatus.NOT_ELIGIBLE,
}


@dataclass
class Checked:
    """What a check found: the households to write (when the report has no problem)."""

    households: list[HouseholdIn]
    report: Report
    columns: list[str]


# The checker a forked worker process works for (set by the parent just before forking, so
# the children inherit it whole instead of receiving it pickled).
_FORKED: list[HouseholdsCheck] = []
_CHUNKS: list[list[tuple[str, list[Row]]]] = []


def _chunk_in_worker(index: int) -> tuple[list[HouseholdIn], list[Problem], int]:
    checker = _FORKED[0]
    checker.report = Report()
    found, problems = checker._chunk_check(_CHUNKS[index])
    return found, problems, index


class HouseholdsCheck:
    """Reads the rows of a households file into HouseholdIn, collecting every problem."""

    def __init__(self, actor: User, today: dt.date) -> None:
        self.actor = actor
        self.today = today
        self.report = Report()
        self.look = Lookups()
        self.people = PeopleCheck(self.look, today)
        self.stages = set(HouseholdStatus.values)
        self.modalities = set(Modality.values)
        self.closures = set(ClosureReason.values)
        self.eligibility = EligibilityCache(ruleset_current(), today)
        self.results_json: dict[int, tuple[EligibilityResult, list[dict[str, str]]]] = {}

    # --- the file ----------------------------------------------------------------------------

    def check(self, table: Table) -> Checked:
        slots = [names for names in self.people.document_slots if names[0] in table.columns]
        self.people.document_slots = slots
        groups: dict[str, list[Row]] = {}
        for row in table.rows:
            ref = row.get("household_ref")
            if not ref:
                self.report.fail(row.number, "household_ref", _("This field is required."))
                continue
            if len(ref) > REF_MAX_LENGTH:
                self.report.fail(
                    row.number,
                    "household_ref",
                    _("At most %(max)d characters.") % {"max": REF_MAX_LENGTH},
                )
                continue
            groups.setdefault(ref, []).append(row)
        refs = list(groups)
        known = {ref for (ref,) in rows_in(HouseholdRef.objects.all(), "ref", refs, ["ref"])}
        todo = [(ref, rows) for ref, rows in groups.items() if ref not in known]
        self.report.skipped += len(groups) - len(todo)
        households = self._households(todo, len(table.rows))
        documents_check(households, self.report, self.actor)
        people = sum(len(h.people) for h in households)
        self.report.counts = {
            "rows": len(table.rows),
            "households": len(households),
            "people": people,
            "documents": sum(len(p.documents) for h in households for p in h.people),
        }
        return Checked(households, self.report, table.columns)

    def _households(self, todo: list[tuple[str, list[Row]]], rows: int) -> list[HouseholdIn]:
        """Each household checked, in file order: in this process, or for a large file split
        among worker processes (ARRAIGO_IMPORT_PROCESSES, default the machine's cores; from
        ARRAIGO_IMPORT_PARALLEL_ROWS rows, default 20,000). The rows are only read and
        computed on there (validators, the eligibility engine): no database is touched."""
        processes = int(getattr(settings, "ARRAIGO_IMPORT_PROCESSES", os.cpu_count() or 1))
        threshold = int(getattr(settings, "ARRAIGO_IMPORT_PARALLEL_ROWS", 20_000))
        if processes < 2 or rows < threshold or "fork" not in mp.get_all_start_methods():
            return self._chunk_check(todo)[0]
        size = -(-len(todo) // processes)
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        _FORKED[:] = [self]
        _CHUNKS[:] = chunks
        try:
            with mp.get_context("fork").Pool(processes) as pool:
                done = pool.map(_chunk_in_worker, range(len(chunks)), chunksize=1)
        finally:
            _FORKED.clear()
            _CHUNKS.clear()
        households = []
        for index, (found, problems, _chunk) in enumerate(done):
            assert _chunk == index
            households += found
            self.report.problems += problems
        return households

    def _chunk_check(
        self, todo: list[tuple[str, list[Row]]]
    ) -> tuple[list[HouseholdIn], list[Problem]]:
        before = len(self.report.problems)
        households = []
        for ref, rows in todo:
            household = self._household(ref, rows)
            if household is not None:
                households.append(household)
        return households, self.report.problems[before:]

    # --- one household -----------------------------------------------------------------------

    def _household(self, ref: str, rows: list[Row]) -> HouseholdIn | None:
        first = rows[0]
        for row in rows[1:]:
            for name in HOUSEHOLD_NAMES:
                value = row.cells.get(name, "")
                if value and value != first.cells.get(name, ""):
                    self.report.fail(
                        row.number,
                        name,
                        _("Differs from row %(row)d of the same household.")
                        % {"row": first.number},
                    )
        cells = Cells(first, self.report)
        problems_before = len(self.report.problems)
        office = self.look.offices.get(cells.text("origin_office", required=True).lower())
        if office is None and first.get("origin_office"):
            cells.fail("origin_office", _("No office has this code."))
        modality = cells.choice("modality", self.modalities, default=Modality.RELOCATION)
        city_code = cells.text("host_city")
        host_city = self.look.cities.get(city_code.lower()) if city_code else None
        if city_code and host_city is None:
            cells.fail("host_city", _("No city has this code."))
        if modality == Modality.IN_PLACE and not city_code:
            cells.fail("host_city", _("Give the city where an in-place household lives."))
        stage = cells.choice("stage", self.stages, default=HouseholdStatus.REGISTERED)
        registered_on = cells.date("registered_on") or self.today
        stage_date = cells.date("stage_date") or registered_on
        self._dates_check(cells, registered_on, stage_date)
        closure = cells.choice("closure_reason", self.closures)
        if stage == HouseholdStatus.CLOSED and not closure:
            cells.fail("closure_reason", _("Say why the case closed."))
        if stage != HouseholdStatus.CLOSED and closure:
            cells.fail("closure_reason", _("Only a closed case has a closure reason."))
        if modality == Modality.IN_PLACE and stage in RELOCATION_ONLY:
            cells.fail(
                "stage", _("A household supported where it lives does not go through this stage.")
            )
        if modality == Modality.RELOCATION and stage in IN_HOST_CITY and not city_code:
            cells.fail("host_city", _("Give the host city the household relocated to."))
        consents = {}
        for column, purpose in CONSENT_COLUMNS.items():
            given = cells.yes_no(column, default=None)
            if given is not None:
                consents[purpose] = given
        if office is not None and not self._may_register(office, modality, host_city):
            cells.fail("origin_office", _("You cannot register a household there."))
        people = [self.people.person(row, self.report) for row in rows]
        heads = [p for p in people if p.relationship == Relationship.HEAD]
        if not heads:
            self.report.fail(
                first.number, "relationship", _("No member of this household is its head.")
            )
        for extra in heads[1:]:
            self.report.fail(extra.row, "relationship", _("A household has exactly one head."))
        if len(self.report.problems) > problems_before or office is None:
            return None
        household = HouseholdIn(
            ref=ref,
            row=first.number,
            office_id=office[0],
            office_code=office[1],
            modality=modality,
            host_city_id=host_city,
            stage=stage,
            stage_date=stage_date,
            registered_on=registered_on,
            closure_reason=closure,
            consents=consents,
            people=people,
        )
        self._eligibility(household, cells)
        return household

    def _results_json(self, result: EligibilityResult) -> list[dict[str, str]]:
        """The decision's rule results, one list per distinct decision (shared, not copied)."""
        found = self.results_json.get(id(result))
        if found is None:
            found = self.results_json[id(result)] = (result, result.as_json())
        return found[1]

    def _dates_check(self, cells: Cells, registered_on: dt.date, stage_date: dt.date) -> None:
        if registered_on > self.today:
            cells.fail("registered_on", _("The date cannot be in the future."))
        elif registered_on < EARLIEST:
            cells.fail("registered_on", _("The date is too far in the past."))
        if stage_date > self.today:
            cells.fail("stage_date", _("The date cannot be in the future."))
        elif stage_date < registered_on:
            cells.fail("stage_date", _("A stage cannot be reached before the registration."))

    def _may_register(self, office: tuple[int, str, int], modality: str, city: int | None) -> bool:
        """registry.services.access.register_check's rule, for one household in hand."""
        households = scope.Kind.HOUSEHOLDS
        if scope.in_scope(self.actor, households, office=office[0]):
            return True
        return (
            modality == Modality.IN_PLACE
            and city is not None
            and scope.in_scope(self.actor, households, city=city)
        )

    def _eligibility(self, household: HouseholdIn, cells: Cells) -> None:
        """The rules' outcome today; the status follows it while the household is at
        registration or eligibility (as eligibility_recompute moves it), and a stated eligible
        or not eligible stage must agree with it."""
        facts = HouseholdFacts(
            members=tuple(
                MemberFacts(
                    date_of_birth=p.date_of_birth,
                    willing_to_work=p.willing_to_work,
                    able_to_work=p.able_to_work,
                    spanish_level=p.spanish_level,
                    relationship=p.relationship,
                    documents=tuple(DocumentFact(d.type_code, d.expires_on) for d in p.documents),
                )
                for p in household.people
            )
        )
        result = self.eligibility.evaluate(facts)
        household.outcome = str(result.outcome)
        household.ruleset = result.ruleset
        household.results = self._results_json(result)
        stage = household.stage
        if stage not in ELIGIBILITY_STATUSES:
            household.status = stage
            return
        target = _OUTCOME_STATUS.get(household.outcome, HouseholdStatus.REGISTERED)
        if stage != HouseholdStatus.REGISTERED and stage != target:
            cells.fail(
                "stage",
                _(
                    "The programme's eligibility rules give “%(outcome)s” for this household; "
                    "write registered to let the rules decide, or correct its data."
                )
                % {"outcome": EligibilityOutcome(household.outcome).label},
            )
        household.status = target


__all__ = ["Checked", "HouseholdIn", "HouseholdsCheck", "known_columns"]

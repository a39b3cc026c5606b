"""Drafting the demo households in memory: people, documents, eligibility, journey.

Eligibility is decided by the registry's own pure engine (registry.eligibility) on facts
built from the drafts, on the day of the decision, so every stored decision is what the
rules give for the stored data. The status then follows the registry's journey: pending and
unapproved exceptions stay registered, not eligible stops there, the rest go on.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arraigo.registry.eligibility import (
    DocumentFact,
    HouseholdFacts,
    MemberFacts,
    RuleSet,
    eligibility_evaluate,
)
from arraigo.registry.rows import household_code

from . import circumstances
from .accounts import CITY_STAFF, COORDINATOR, OFFICE_STAFF
from .documents import DocumentMaker
from .drafts import HouseholdDraft, PersonDraft, StepDraft
from .identifiers import Issuer
from .journey import (
    CLOSURE_REASONS,
    DECLINE_REASONS,
    HOST_SIDE,
    WITH_HOST_CITY,
    path_cut,
    path_for,
    timeline,
)
from .people import PeopleMaker
from .places import Places
from .protection import protection_set
from .reference import between, chance, pick, quotas, reference

CHUNK = 2000  # households drafted at a time (the writer inserts each chunk as it comes)

_EXCEPTION_REASONS = {
    "E1": gettext_lazy("Recognised by COMAR; permanent residency in process at INM."),
    "E2": gettext_lazy("Asylum claim in process; holds a valid TVRH and a temporary CURP."),
}


def facts_of(members: list[PersonDraft]) -> HouseholdFacts:
    """The engine's facts for drafted members (the twin of registry household_facts)."""
    return HouseholdFacts(
        members=tuple(
            MemberFacts(
                date_of_birth=p.date_of_birth,
                willing_to_work=p.willing_to_work,
                able_to_work=p.able_to_work,
                spanish_level=p.spanish_level,
                relationship=p.relationship,
                documents=tuple(DocumentFact(d.type_code, d.expires_on) for d in p.documents),
            )
            for p in members
        )
    )


class HouseholdMaker:
    def __init__(
        self,
        rng: random.Random,
        issuer: Issuer,
        places: Places,
        ruleset: RuleSet,
        skill_codes: set[str],
        today: dt.date,
    ) -> None:
        self.rng = rng
        self.places = places
        self.ruleset = ruleset
        self.today = today
        self.programme = reference("programme")
        self.people = PeopleMaker(rng, today, skill_codes)
        passports = {n["code"]: n["passport"] for n in self.programme["nationalities"]}
        self.documents = DocumentMaker(rng, issuer, today, passports)

    def drafts(self, count: int) -> list[HouseholdDraft]:
        """`count` households, headline shares drawn as exact quotas, then numbered."""
        households = [household for chunk in self.chunks(count) for household in chunk]
        codes_assign(households)
        return households

    def chunks(self, count: int, size: int = CHUNK) -> Iterator[list[HouseholdDraft]]:
        """The households of `drafts`, in order, `size` at a time; not numbered yet (the
        codes follow the order of registration of all of them: codes_assign)."""
        spec, rng = self.programme, self.rng
        nationalities = quotas(rng, {n["code"]: n["share"] for n in spec["nationalities"]}, count)
        compositions = quotas(rng, spec["households"]["composition"], count)
        modalities = quotas(rng, spec["modality"], count)
        legal = quotas(rng, spec["legal_status"], count)
        offices = iter(quotas(rng, spec["origin_offices"], modalities.count("relocation")))
        stages = {
            "relocation": iter(
                quotas(rng, spec["stages_relocation"], modalities.count("relocation"))
            ),
            "in_place": iter(quotas(rng, spec["stages_in_place"], modalities.count("in_place"))),
        }
        households = []
        for i in range(count):
            household = HouseholdDraft(
                index=i,
                nationality=nationalities[i],
                composition=compositions[i],
                modality=modalities[i],
                office_code="",
                legal_status=legal[i],
            )
            if household.modality == "relocation":
                household.office_code = next(offices)
            else:
                household.host_city = str(pick(rng, self.places.host_weights))
                household.office_code = self.places.host_office[household.host_city]
            self._draft(household, next(stages[household.modality]))
            households.append(household)
            if len(households) == size:
                yield households
                households = []
        if households:
            yield households

    def _draft(self, household: HouseholdDraft, stage: str) -> None:
        rng, spec = self.rng, self.programme
        household.stage = stage
        path, closure = path_for(rng, spec, household.modality, stage)
        times = timeline(rng, spec, path, self.today)
        registered = path.index("registered") if "registered" in path else 0
        household.registered_at = times[registered]
        arrived_in_mexico = times[0].date() - dt.timedelta(
            days=between(rng, spec["in_mexico_days"])
        )
        household.members = self.people.household(
            household.nationality, household.composition, arrived_in_mexico
        )
        for person in household.members:
            self.people.profile(person, household.nationality)
        protection_set(household)
        if "registered" in path and stage != "registered":
            self.documents.household(
                household.members,
                household.legal_status,
                arrived_in_mexico,
                times[registered].date(),
                household.nationality,
                self.places.birth_state[household.office_code],
            )
        if "registered" in path:
            path, times = self._decide(household, path, times, registered, stage)
            circumstances.consents_draw(
                rng,
                household,
                spec,
                accepted_offer=household.modality == "relocation"
                and bool(WITH_HOST_CITY.intersection(path)),
            )
            household.consent_at = times[registered] + dt.timedelta(minutes=rng.randint(2, 40))
        arrival = next((t for s, t in zip(path, times, strict=True) if s == "integrating"), None)
        if arrival is not None:
            self.documents.work(household.members, arrival.date(), household.legal_status)
        household.status = path[-1]
        if household.modality == "relocation":
            if "profiled" in path:
                circumstances.preferences_draw(rng, household, spec, self.places)
            if WITH_HOST_CITY.intersection(path):
                household.host_city = circumstances.host_city_draw(rng, household, self.places)
        office_city = self.places.office_city[household.office_code]
        share = spec["households"]["phone_share"]
        circumstances.phones_draw(rng, household, self.places, share, office_city)
        circumstances.needs_draw(rng, household, spec, self.today)
        household.registered_by = self._actor(household, "registered")
        self._history(household, path, times, closure)

    def _decide(
        self,
        household: HouseholdDraft,
        path: list[str],
        times: list[dt.datetime],
        registered: int,
        stage: str,
    ) -> tuple[list[str], list[dt.datetime]]:
        """Evaluate the rules when the household's documents were in, and cut the path."""
        rng = self.rng
        decided_step = min(registered + 1, len(path) - 1)
        decided_at = times[decided_step]
        if decided_step == registered:  # decided on registration, nothing further yet
            decided_at += dt.timedelta(minutes=1)
        result = eligibility_evaluate(facts_of(household.members), self.ruleset, decided_at.date())
        outcome = str(result.outcome)
        approved = (
            outcome == "by_exception"
            and stage != "registered"
            and not (stage == "eligible" and chance(rng, 0.3))
        )
        if outcome == "by_exception":
            # Decided on registration (when the rules give the same there); a coordinator
            # approved it on the "eligible" day.
            on_registering = times[registered] + dt.timedelta(minutes=rng.randint(1, 20))
            earlier = eligibility_evaluate(
                facts_of(household.members), self.ruleset, on_registering.date()
            )
            if str(earlier.outcome) == outcome:
                decided_at, result = on_registering, earlier
            if approved:
                met = [e.rule for e in result.exceptions if str(e.result) == "met"]
                household.exception_approved_at = times[decided_step]
                household.exception_reason = str(_EXCEPTION_REASONS.get(met[0] if met else "", ""))
        household.eligibility = outcome
        household.decision_results = result.as_json()
        household.decision_ruleset = result.ruleset
        household.decided_at = decided_at
        keep = path_cut(path, times, outcome, approved)
        path, times = path[:keep], times[:keep]
        if outcome == "not_eligible":
            if len(path) > registered + 1:
                path[registered + 1] = "not_eligible"
            else:
                path.append("not_eligible")
                times.append(decided_at)
        return path, times

    def _actor(self, household: HouseholdDraft, status: str) -> str:
        if status in HOST_SIDE or (status in {"closed", "followed_up"} and household.host_city):
            return CITY_STAFF.get(household.host_city, "")
        if household.modality == "in_place":
            return CITY_STAFF.get(household.host_city, "")
        return OFFICE_STAFF.get(household.office_code, "")

    def _history(
        self, household: HouseholdDraft, path: list[str], times: list[dt.datetime], closure: str
    ) -> None:
        previous = ""
        for status, at in zip(path, times, strict=True):
            by, reason, decision = self._actor(household, status), "", False
            if status in {"identified", "registered"}:
                reason = "Identified." if status == "identified" else "Registered."
            elif status in {"eligible", "not_eligible"} and previous == "registered":
                if household.exception_approved_at is not None:
                    by = COORDINATOR
                    reason = _("Exception approved: %(reason)s") % {
                        "reason": household.exception_reason
                    }
                else:
                    decision = True
            elif status == "offer_declined":
                reason = str(self.rng.choice(DECLINE_REASONS))
            elif status == "closed":
                reason = str(CLOSURE_REASONS[closure])
            household.history.append(StepDraft(previous, status, at, by, reason, decision))
            previous = status


def codes_assign(households: list[HouseholdDraft]) -> None:
    """<OFFICE>-<YYYY>-<NNNNN> numbered per office and year in order of registration, the
    registry's format, so households registered later continue the numbering."""
    counters: dict[tuple[str, int], int] = defaultdict(int)
    ordered = sorted(
        households, key=lambda h: (h.registered_at.timestamp() if h.registered_at else 0.0, h.index)
    )
    for household in ordered:
        assert household.registered_at is not None
        key = (household.office_code, household.registered_at.year)
        counters[key] += 1
        household.code = household_code(household.office_code, key[1], counters[key])

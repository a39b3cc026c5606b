"""The erasure of a household, or of one member: every personal value goes, aggregates stay.

What goes and what stays, table by table, is `privacy.plan.PLAN` (a test walks every model of
the project against it). In short, for a household:

- removed: its people with their documents, languages, needs, answers and possible-duplicate
  pairs; its consents, city preferences, eligibility decisions, case notes, transfers,
  integration plans and milestones, referrals, placements, matching proposals (those no
  relocation plan holds), tickets, arrival corrections, follow-up requests, interviews and
  KoboToolbox submissions, placement outcomes, feedback cases, import references and files;
  finished exports of households (their files hold everyone exported);
- kept, overwritten: the household row as a tombstone (code, modality, offices and city,
  size, registration date; no head's name, no exception reason; closed), because the ledger's
  entries, the grants and the relocation plan that carried the money point at it, as do the
  journey's status changes (their reasons blanked), and webhook deliveries and matching runs
  already name its code; the relocation plan (no assistance note or closing reason), grants
  (no payment reference or closing reason), lodging extensions (no reason) and the proposals
  those plans hold (no override reason or decision note).

The audit entries of every row removed or overwritten are pseudonymised (services.trail).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.attachments.models import Attachment
from arraigo.attachments.services import attachments_remove_for_household
from arraigo.attachments.storage import delete_stored_on_commit
from arraigo.bulk.models import ExportJob, ExportStatus, HouseholdRef, ImportKind
from arraigo.casefile.models import CaseNote, CaseTransfer
from arraigo.casework.models import IntegrationPlan, Milestone
from arraigo.core.errors import ValidationFailed
from arraigo.feedback.models import FeedbackCase
from arraigo.jobs.models import Placement
from arraigo.matching.models import Proposal, ProposalJob
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.monitoring.models_kobo import KoboSubmission
from arraigo.outcomes.models import PlacementOutcome
from arraigo.referrals.models import Referral
from arraigo.registry.choices import DuplicateStatus, HouseholdStatus, Relationship
from arraigo.registry.folding import fold_text
from arraigo.registry.models import (
    CityPreference,
    Consent,
    DuplicateCandidate,
    EligibilityDecision,
    Household,
    Person,
    SpecificNeed,
    StatusChange,
)
from arraigo.registry.services import eligibility_recompute
from arraigo.registry.services.households import household_summary_refresh
from arraigo.relocation.models import (
    ArrivalCorrection,
    FollowUpRequest,
    Grant,
    GrantStatus,
    LodgingExtension,
    PlanStatus,
    RelocationPlan,
    Ticket,
)

from ..models import ErasureRecord, ErasureRequest, Target
from .sweep import Sweep

# Trips booked or under way: the people are on a departure's manifest or travelling.
TRIP_IN_PROGRESS = (PlanStatus.PLANNED, PlanStatus.DEPARTED)
# Money approved but not yet paid out: the payment needs the person's details.
GRANT_IN_FLIGHT = (GrantStatus.PREPARED, GrantStatus.APPROVED)
# The SQLite full-text indexes of the household search (registry migration 0017): kept by
# triggers, compacted after an erasure so no deleted name lingers in their segments.
SEARCH_INDEXES = ("registry_person_name_fts", "registry_household_code_fts")
# The reason of the status change that closes an erased household (a code, not free text).
ERASURE_REASON = "erasure"


def erasure_refusal(household: Household, person: Person | None = None) -> str | None:
    """Why the household (or this member of it) cannot be erased now, or None."""
    if ErasureRecord.objects.filter(household=household, target=Target.HOUSEHOLD).exists():
        return _("This household has been erased already.")
    if person is not None and person.relationship == Relationship.HEAD:
        return _(
            "The head of household cannot be erased alone: erase the whole household, or "
            "record another member as head first."
        )
    plans = RelocationPlan.objects.filter(household=household, status__in=TRIP_IN_PROGRESS)
    if person is not None:
        plans = plans.filter(tickets__person=person)
    if plans.exists():
        return _(
            "A trip is booked or under way: cancel it, or record the arrival, before erasing "
            "(the departure's list of travellers and the arrival need the people's details)."
        )
    grants = Grant.objects.filter(household=household, status__in=GRANT_IN_FLIGHT)
    if person is None and grants.exists():
        return _(
            "A cash grant is prepared or approved but not paid: disburse or cancel it before "
            "erasing (the payment needs the household's details)."
        )
    return None


def search_index_compact() -> None:
    """Merge the SQLite full-text indexes' segments, which drops the deleted names' entries
    (FTS5 'optimize'); nothing to do on PostgreSQL, whose trigram indexes are the tables'."""
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for index in SEARCH_INDEXES:
            if index in tables:
                cursor.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")  # noqa: S608


def _open_duplicate_flags(household_ids: set[int]) -> None:
    """Households that had a possible duplicate among the erased people: the flag follows what
    is left (registry.duplicates keeps it likewise)."""
    open_pairs = DuplicateCandidate.objects.filter(
        person__household=OuterRef("pk"), status=DuplicateStatus.OPEN
    )
    Household.objects.filter(pk__in=household_ids).update(has_open_duplicate=Exists(open_pairs))


def _partners_of(people: Q) -> set[int]:
    """Other households paired as possible duplicates with the people `people` selects."""
    pairs = DuplicateCandidate.objects.filter(
        Q(person__in=Person.objects.filter(people)) | Q(other__in=Person.objects.filter(people))
    )
    found = set(pairs.values_list("person__household_id", flat=True))
    return found | set(pairs.values_list("other__household_id", flat=True))


def _household_sweep(sweep: Sweep, household: Household, actor: User | None) -> None:
    hid = household.pk
    files = Attachment.objects.filter(household=household)
    sweep.removed[Attachment].update(str(pk) for pk in files.values_list("pk", flat=True))
    removed_files = attachments_remove_for_household(household=household)
    if removed_files:
        sweep.counts["attachments.Attachment"] += removed_files

    sweep.remove(FeedbackCase.objects.filter(household_id=hid))
    sweep.remove(Referral.objects.filter(household_id=hid))
    sweep.remove(Placement.objects.filter(household_id=hid))
    sweep.remove(IntegrationPlan.objects.filter(household_id=hid))  # and their milestones
    plans = RelocationPlan.objects.filter(household_id=hid)
    sweep.remove(FollowUpRequest.objects.filter(household_id=hid))
    sweep.remove(ArrivalCorrection.objects.filter(plan__in=plans))
    sweep.remove(Ticket.objects.filter(plan__in=plans))
    sweep.overwrite(plans, assistance_note="", closed_reason="")
    sweep.overwrite(LodgingExtension.objects.filter(plan__in=plans), reason="")
    sweep.overwrite(Grant.objects.filter(household_id=hid), reference="", closed_reason="")
    held = Proposal.objects.filter(household_id=hid, relocation_plans__isnull=False)
    sweep.overwrite(held.distinct(), override_reason="", decision_note="")
    sweep.remove(ProposalJob.objects.filter(proposal__household_id=hid))
    sweep.remove(Proposal.objects.filter(household_id=hid, relocation_plans__isnull=True))

    notes = CaseNote.objects.filter(household_id=hid)
    notes.update(supersedes=None)  # a note's newer version holds it (PROTECT)
    sweep.remove(notes)
    sweep.remove(CaseTransfer.objects.filter(household_id=hid))
    interviews = Interview.objects.filter(household_id=hid)
    sweep.remove(KoboSubmission.objects.filter(interview__in=interviews))
    sweep.remove(FollowUpAnswer.objects.filter(household_id=hid))
    sweep.remove(interviews)
    sweep.remove(PlacementOutcome.objects.filter(household_id=hid))
    sweep.remove(EligibilityDecision.objects.filter(household_id=hid))
    sweep.remove(SpecificNeed.objects.filter(household_id=hid))
    sweep.remove(Consent.objects.filter(household_id=hid))
    sweep.remove(CityPreference.objects.filter(household_id=hid))
    sweep.remove(HouseholdRef.objects.filter(household_id=hid))
    sweep.remove(Person.objects.filter(household_id=hid))  # documents, languages, pairs

    sweep.overwrite(StatusChange.objects.filter(household_id=hid), reason="")
    if household.status != HouseholdStatus.CLOSED:
        # An erased household has left the programme: no work list or count of open cases
        # should hold it (the status it reached is on the erasure record).
        StatusChange.objects.create(
            household_id=hid,
            from_status=household.status,
            to_status=HouseholdStatus.CLOSED,
            changed_by=actor,
            changed_at=timezone.now(),
            reason=ERASURE_REASON,
        )
        Household.objects.filter(pk=hid).update(status=HouseholdStatus.CLOSED)
    sweep.overwrite(Household.objects.filter(pk=hid), head_name="", exception_reason="")
    Household.objects.filter(pk=hid).update(has_open_duplicate=False)


def _exports_sweep(sweep: Sweep, before: dt.datetime) -> None:
    """Finished exports of households made before the erasure hold the erased people."""
    sweep.remove(
        ExportJob.objects.filter(
            kind=ImportKind.HOUSEHOLDS, created_at__lte=before, status=ExportStatus.DONE
        )
    )


def _record(
    *,
    household: Household,
    target: str,
    people: int,
    actor: User | None,
    request: ErasureRequest | None,
    rule: str,
) -> ErasureRecord:
    return ErasureRecord.objects.create(
        request=request,
        retention_rule=rule,
        household=household,
        target=target,
        erased_at=timezone.now(),
        erased_by=actor,
        people=people,
        household_size=household.size,
        registered_year=household.registered_at.year,
        origin_office=household.origin_office.code,
        host_city=household.host_city.code if household.host_city else "",
        modality=household.modality,
        status_reached=household.status,
    )


def _finish(
    sweep: Sweep, record: ErasureRecord, *, actor: User | None, compact: bool
) -> ErasureRecord:
    sweep.pseudonymise_trail(label=record.reference)
    record.counts = sweep.counts_plain()
    record.save(update_fields=["counts"])
    details = {
        "target": record.target,
        "people": record.people,
        "counts": record.counts,
        "request": record.request_id,
        "requested_by": record.request.requested_by_id if record.request else None,
        "approved_by": actor.pk if actor else None,
        "source": record.request.source if record.request else "retention",
        "retention_rule": record.retention_rule,
    }
    audit_event(actor=actor, obj=record, event="erasure", details=details)
    if compact:
        transaction.on_commit(search_index_compact)
    return record


@transaction.atomic
def household_erase(
    *,
    household: Household,
    actor: User | None,
    request: ErasureRequest | None = None,
    rule: str = "",
    compact: bool = True,
) -> ErasureRecord:
    """Erase `household` (and any household merged into it: the same people registered twice).

    `actor` approved the request (None: a retention rule, the system). The caller checks who
    may do it. Raises ValidationFailed when it cannot be erased now (erasure_refusal)."""
    locked = (
        Household.objects.select_for_update(of=("self",))
        .select_related("origin_office", "host_city")
        .get(pk=household.pk)
    )
    merged = list(Household.objects.filter(merged_into=locked).order_by("pk"))
    for one in [locked, *merged]:
        refusal = erasure_refusal(one)
        if refusal:
            raise ValidationFailed({None: [refusal]})
    people = Person.objects.filter(household__in=[locked, *merged]).count()
    record = _record(
        household=locked,
        target=Target.HOUSEHOLD,
        people=people,
        actor=actor,
        request=request,
        rule=rule,
    )
    sweep = Sweep()
    partners = _partners_of(Q(household__in=[locked, *merged]))
    started = timezone.now()
    for one in [*merged, locked]:
        _household_sweep(sweep, one, actor)
    _exports_sweep(sweep, started)
    _open_duplicate_flags(partners - {one.pk for one in [locked, *merged]})
    return _finish(sweep, record, actor=actor, compact=compact)


def _naming(person: Person) -> Callable[[str], bool]:
    """Whether a free text names `person` by their first names (the household shares the last
    names). Read through the ORM, so a text stored encrypted is read as written."""
    wanted = fold_text(person.first_names).strip()
    pattern = re.compile(rf"\b{re.escape(wanted)}\b")

    def names(text: str | None) -> bool:
        return bool(wanted) and pattern.search(fold_text(text or "")) is not None

    return names


@transaction.atomic
def person_erase(
    *, person: Person, actor: User, request: ErasureRequest | None = None
) -> ErasureRecord:
    """Erase one member of a household (never the head): their row and every row about them;
    the household's size and head name follow. The caller checks who may do it."""
    household = (
        Household.objects.select_for_update(of=("self",))
        .select_related("origin_office", "host_city")
        .get(pk=person.household_id)
    )
    refusal = erasure_refusal(household, person)
    if refusal:
        raise ValidationFailed({None: [refusal]})
    record = _record(
        household=household,
        target=Target.PERSON,
        people=1,
        actor=actor,
        request=request,
        rule="",
    )
    sweep = Sweep()
    partners = _partners_of(Q(pk=person.pk))
    started = timezone.now()
    files = Attachment.objects.filter(
        Q(document__person=person) | Q(milestone__person=person) | Q(referral__person=person)
    )
    names = list(files.values_list("file", flat=True))
    sweep.remove(files)
    delete_stored_on_commit(*names)
    sweep.remove(Placement.objects.filter(person=person))
    sweep.remove(Referral.objects.filter(person=person))
    sweep.remove(ArrivalCorrection.objects.filter(ticket__person=person))
    sweep.remove(Ticket.objects.filter(person=person))
    sweep.remove(Milestone.objects.filter(person=person))
    naming = _naming(person)
    note_ids = [
        note.pk
        for note in CaseNote.objects.filter(household_id=household.pk)
        if note.person_id == person.pk or naming(note.text)
    ]
    notes = CaseNote.objects.filter(pk__in=note_ids)
    CaseNote.objects.filter(supersedes__in=notes).update(supersedes=None)
    sweep.remove(notes)
    feedback_ids = [
        case.pk
        for case in FeedbackCase.objects.filter(household_id=household.pk)
        if naming(case.description) or naming(case.resolution)
    ]
    sweep.remove(FeedbackCase.objects.filter(pk__in=feedback_ids))
    sweep.remove(FollowUpAnswer.objects.filter(person=person))
    sweep.remove(SpecificNeed.objects.filter(person=person))
    sweep.remove(ProposalJob.objects.filter(person=person))
    sweep.overwrite(Consent.objects.filter(given_by=person), given_by=None)
    sweep.remove(Person.objects.filter(pk=person.pk))
    household_summary_refresh(household)
    eligibility_recompute(household=household, actor=actor)
    _exports_sweep(sweep, started)
    _open_duplicate_flags(partners - {household.pk})
    return _finish(sweep, record, actor=actor, compact=True)

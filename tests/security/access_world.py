"""The access table's world: scope_world (tests/accounts/scope_world.py) and, on each side,
one of every other record a page or API endpoint is opened on (members, documents, notes of
both tiers, consent, transfers, milestones, abuse reports, imports, exports, files, webhooks,
KoboToolbox forms, background jobs, API tokens), so that every URL pattern resolves with real
ids: "ours" in the scoped users' office A, city X, company 1 and organisation 1, "theirs" in
office B, city Y, company 2 and organisation 2.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from arraigo.accounts.models import Role, User
from arraigo.api.services import token_create
from arraigo.attachments.services import attachment_add
from arraigo.background.services import enqueue
from arraigo.bulk.models import ExportJob, ImportJob
from arraigo.casefile.models import CaseNote, CaseTransfer
from arraigo.casefile.models.notes import NoteTier
from arraigo.casework.models import Milestone, TemplateMilestone
from arraigo.feedback.models import Category, Channel, FeedbackCase
from arraigo.matching.models import ProposalStatus
from arraigo.monitoring.models_kobo import KoboSubmission, SubmissionStatus
from arraigo.monitoring.services_kobo_hook import KoboFormData, kobo_form_create
from arraigo.privacy.models import Source
from arraigo.privacy.services.requests import erasure_request
from arraigo.registry.models import CityPreference, Consent, HouseholdStatus, SpecificNeed
from arraigo.relocation.models import LodgingStay
from arraigo.webhooks.models import Delivery, DeliveryStatus
from arraigo.webhooks.services import SubscriberData, subscriber_create
from tests.accounts.factories import UserFactory
from tests.accounts.scope_world import NOW, ScopeWorld, Side, scope_world
from tests.background import tasks
from tests.matching.factories import ProposalFactory
from tests.places.factories import ServiceFactory
from tests.registry.factories import HouseholdFactory, IdentityDocumentFactory

# A small PDF (its first bytes are what its type is read from).
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")


def _more(tag: str, side: Side, coordinator: User, other: Side) -> None:
    """The records of one side that scope_world does not make."""
    records = side.records
    household = side.household
    head, spouse = household.members.order_by("member_no")[:2]
    plan = records["relocation_plan"]
    records["head"] = head
    records["office"] = side.office
    records["document"] = IdentityDocumentFactory(person=head)
    records["need"] = SpecificNeed.objects.create(
        household=household,
        person=spouse,
        code="serious_medical",
        recorded_by=coordinator,
        recorded_at=NOW,
    )
    records["preference"] = CityPreference.objects.create(
        household=household, city=other.city, kind="preferred"
    )
    Consent.objects.create(
        household=household, purpose="relocation", given=True, recorded_by=coordinator,
        recorded_at=NOW,
    )  # fmt: skip
    records["note"] = CaseNote.objects.create(
        household=household, text="ordinary", author=coordinator
    )
    records["protected_note"] = CaseNote.objects.create(
        household=household, tier=NoteTier.PROTECTION, text="protected", author=coordinator
    )
    # A transfer waiting for this side's answer: the other side's household coming here.
    records["transfer"] = CaseTransfer.objects.create(
        household=other.household,
        from_office=other.office,
        to_office=side.office,
        reason="moved",
        requested_by=coordinator,
        requested_at=NOW,
    )
    records["milestone"] = Milestone.objects.create(
        plan=records["integration_plan"], code="curp", title_en="CURP", title_es="CURP",
        due_on=NOW.date(),
    )  # fmt: skip
    records["template_milestone"] = TemplateMilestone.objects.create(
        template=records["integration_plan"].template, code=f"curp-{tag}", applies="household",
        title_en="CURP", title_es="CURP", due_days=7,
    )  # fmt: skip
    waiting = HouseholdFactory(
        code=f"HH-{tag}-offer", origin_office=side.office, host_city=side.city,
        status=HouseholdStatus.OFFER_ACCEPTED,
    )  # fmt: skip
    records["offer"] = ProposalFactory(
        run=records["run"], household=waiting, city=side.city, status=ProposalStatus.ACCEPTED
    )
    records["sea_feedback"] = FeedbackCase.objects.create(
        reference=f"FB-{tag}-SEA",
        category=Category.SEA,
        household=household,
        due_on=NOW.date(),
        channel=Channel.PHONE,
        description="x",
        received_at=NOW,
    )
    records["lodging_stay"] = LodgingStay.objects.create(
        plan=plan,
        provider=records["provider"],
        check_in=NOW.date(),
        check_out=NOW.date() + dt.timedelta(days=7),
        nightly_cost=Decimal("400.00"),
        created_by=coordinator,
    )
    records["service"] = ServiceFactory(provider=records["provider"])
    records["document_file"] = attachment_add(
        actor=coordinator, target=records["document"], uploaded_file=upload()
    )
    records["import"] = ImportJob.objects.create(
        kind="employers", filename="e.csv", created_by=coordinator, created_at=NOW
    )
    records["export"] = ExportJob.objects.create(
        kind="employers", fmt="csv", created_by=coordinator, created_at=NOW
    )
    subscriber, _secret = subscriber_create(
        actor=coordinator,
        data=SubscriberData(
            name=f"CRM {tag}", url=f"https://{tag}.example/hook", events=["referral.created"]
        ),
    )
    records["subscriber"] = subscriber
    records["delivery"] = Delivery.objects.create(
        subscriber=subscriber, event="referral.created", payload={}, status=DeliveryStatus.FAILED
    )
    form, _secret = kobo_form_create(
        actor=coordinator, data=KoboFormData(name=f"Form {tag}", slug=f"form-{tag}", round="month1")
    )
    records["kobo_form"] = form
    records["kobo_submission"] = KoboSubmission.objects.create(
        form=form, uuid=f"sub-{tag}", payload={}, received_at=NOW, status=SubmissionStatus.FAILED
    )
    with override_settings(ARRAIGO_TASKS_SYNC=False):
        task = DBTaskResult.objects.get(pk=enqueue(tasks.add, 1, 2).id)
    DBTaskResult.objects.filter(pk=task.pk).update(status="FAILED", finished_at=timezone.now())
    records["task"] = task
    records["audit_entry"] = LogEntry.objects.get_for_object(household).first()


def access_world() -> ScopeWorld:
    world = scope_world()
    coordinator = world.users[Role.COORDINATOR]
    _more("a", world.ours, coordinator, world.theirs)
    _more("b", world.theirs, coordinator, world.ours)
    # An erasure waiting on each side, asked by a second coordinator (the four-eyes rule
    # refuses the requester's own decision, and the world's coordinator decides here).
    second = UserFactory(username="coordinator-2", role=Role.COORDINATOR)
    for side in (world.ours, world.theirs):
        side.records["erasure_request"] = erasure_request(
            actor=second,
            household=side.household,
            person=None,
            source=Source.PERSON,
            reason="Asked in writing at the office.",
        )
    # Each user's token for calling the API, and a spare one of theirs to revoke: "ours" is
    # the user's own spare token, "theirs" another user's.
    calling = {role: token_create(actor=user, name="access") for role, user in world.users.items()}
    spare = {
        role: token_create(actor=user, name="spare").token for role, user in world.users.items()
    }
    world.ours.records["token_secrets"] = {role: new.secret for role, new in calling.items()}
    world.ours.records["tokens"] = spare
    world.theirs.records["tokens"] = {
        role: spare[Role.AUDITOR if role == Role.COORDINATOR else Role.COORDINATOR]
        for role in spare
    }
    return world


def record(world: ScopeWorld, side: str, name: str, role: str) -> Any:
    """The record `name` of `side` ("ours" or "theirs") as `role` would be shown it."""
    found = getattr(world, side).records[name]
    if name == "tokens":
        return found.get(role, found[Role.COORDINATOR])
    return found

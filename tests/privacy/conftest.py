"""A household with something of every kind that holds personal values, made through the
services where one exists (so the audit trail has its entries), and a second one that stays."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import Role, User
from arraigo.attachments.services import attachment_add
from arraigo.bulk.models import ExportJob
from arraigo.casefile.services import note_add
from arraigo.core.fieldkeys import lookup_hash
from arraigo.feedback.services import feedback_record
from arraigo.registry.folding import folded_name
from arraigo.registry.models import Household, Person
from arraigo.registry.services import consent_record, person_update
from arraigo.registry.types import DocumentData
from arraigo.relocation.models import LedgerEntry, PlanStatus
from tests.accounts.factories import UserFactory
from tests.monitoring.factories import FollowUpAnswerFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.person_data import child_data, curp_make, head_data, number_make, register
from tests.relocation.factories import RelocationPlanFactory, TicketFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def files_folder(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def coordinator(db) -> User:
    return UserFactory(role=Role.COORDINATOR, username="coord_a")


@pytest.fixture
def approver(db) -> User:
    return UserFactory(role=Role.COORDINATOR, username="coord_b")


@dataclass
class Seeded:
    household: Household
    head: Person
    child: Person
    names: list[str]
    birth_dates: list[dt.date]
    numbers: list[str]
    phones: list[str]

    def needles(self) -> list[str]:
        """Every value to look for, in every form the database may hold it."""
        values: set[str] = set()
        for name in self.names:
            values |= {name, folded_name(name, ""), json.dumps(name)[1:-1]}
        for born in self.birth_dates:
            values |= {born.isoformat(), f"{born:%d/%m/%Y}", f"{born:%m/%d/%Y}", f"{born:%Y%m%d}"}
        values |= set(self.numbers) | set(self.phones)
        # a document number is stored encrypted, and found by its keyed hash
        values |= {lookup_hash(number) for number in self.numbers}
        return sorted(value.strip() for value in values if value.strip())


def seed_household(
    actor: User,
    *,
    first: str,
    last: str,
    child: str,
    born: dt.date,
    child_born: dt.date,
    phone: str,
    local_phone: str,
    export: bool = False,
) -> Seeded:
    """A household of two made through the services: documents, a name changed later (so the
    trail has before and after), notes, consent, feedback, a file, a trip, a ledger entry,
    answers and a read of the case on the trail."""
    numbers = [number_make("COMAR"), number_make("RP"), curp_make(born)]
    documents = (
        DocumentData(type_code="comar_recognition", number=numbers[0]),
        DocumentData(type_code="permanent_residence", number=numbers[1]),
        DocumentData(type_code="curp", number=numbers[2]),
    )
    household = register(
        actor,
        OfficeFactory(),
        head=head_data(
            first_names=f"{first}ita",
            last_names=last,
            date_of_birth=born,
            phone=phone,
            documents=documents,
        ),
        members=[child_data(first_names=child, last_names=last, date_of_birth=child_born)],
    )
    head = household.members.get(relationship="head")
    kid = household.members.get(relationship="child")
    person_update(
        actor=actor,
        person=head,
        data=head_data(
            first_names=first,
            last_names=last,
            date_of_birth=born,
            phone=phone,
            documents=documents,
        ),
    )
    note_add(actor=actor, household=household, text=f"{first} {last} came with {child}.")
    note_add(actor=actor, household=household, text=f"{child} starts school.", person=kid)
    consent_record(
        actor=actor,
        household=household,
        purpose="service_partners",
        given=True,
        given_by=head,
        method="signed_paper",
        given_on=timezone.localdate(),
    )
    feedback_record(
        actor=actor,
        category="complaint",
        channel="in_person",
        household=household,
        description=f"{first} {last} says the lodging was cold.",
        contact=local_phone,
    )
    attachment_add(
        actor=actor,
        target=head.documents.get(document_type__code="curp"),
        uploaded_file=SimpleUploadedFile(f"curp-{last}.pdf", PDF, content_type="application/pdf"),
    )
    plan = RelocationPlanFactory(
        household=household,
        status=PlanStatus.ARRIVED,
        destination_city=CityFactory(),
        assistance_note=f"{first} needs a wheelchair",
    )
    TicketFactory(plan=plan, person=head)
    LedgerEntry.objects.create(
        booked_on=timezone.localdate(),
        kind="commitment",
        category="transport",
        amount=Decimal("850.00"),
        city=plan.destination_city,
        office=household.origin_office,
        household=household,
        source="ticket:1",
        description=f"ticket {household.code}",
        created_by=actor,
    )
    FollowUpAnswerFactory(person=kid, household=household)
    audit_event(actor=actor, obj=household, event="view")
    if export:  # a finished export of households: its file holds the people
        ExportJob.objects.create(
            kind="households",
            fmt="csv",
            status="done",
            rows=2,
            created_by=actor,
            created_at=timezone.now(),
            content=f"{household.code};{first};{last};{born}".encode(),
        )
    household.refresh_from_db()
    return Seeded(
        household=household,
        head=head,
        child=kid,
        names=[first, f"{first}ita", last, child, *last.split()],
        birth_dates=[born, child_born],
        numbers=numbers,
        phones=[phone.replace(" ", ""), local_phone, local_phone.replace(" ", "")],
    )


@pytest.fixture
def erased_world(coordinator) -> Seeded:
    """The household to erase: names nobody else in the database has."""
    return seed_household(
        coordinator,
        first="Zoraida",
        last="Quintanilla Ibáñez",
        child="Xiomara",
        born=dt.date(1987, 3, 29),
        child_born=dt.date(2015, 11, 8),
        phone="+52 55 9876 5432",
        local_phone="55 9876 5432",
        export=True,
    )


@pytest.fixture
def kept_world(coordinator) -> Seeded:
    """The household that stays: the scan must find all of it."""
    return seed_household(
        coordinator,
        first="Wenceslao",
        last="Barragán Olmedo",
        child="Eustaquio",
        born=dt.date(1979, 12, 3),
        child_born=dt.date(2012, 6, 21),
        phone="+52 81 2345 6789",
        local_phone="81 2345 6789",
    )

"""A household with something of each kind to attach files to, users of every role around it,
and the files' storage in a folder of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from arraigo.accounts.models import Role, User
from arraigo.attachments.models import Attachment
from arraigo.attachments.services import attachment_add
from arraigo.casework.models import IntegrationPlan, Milestone
from arraigo.casework.services import plan_open
from arraigo.places.models import City
from arraigo.referrals.models import Referral
from arraigo.referrals.services import referral_send
from arraigo.registry.models import (
    Consent,
    ConsentPurpose,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Person,
    StatusChange,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, ServiceFactory
from tests.registry.factories import IdentityDocumentFactory, household_with_head

# The first bytes are what the type is read from; the rest is filler.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
TEXT = b"Not a PDF at all, only text saved with a .pdf name.\n"


def upload(name: str = "pasaporte.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def files_folder(settings, tmp_path: Path) -> Path:
    """The attachments' storage: a folder of this test's own."""
    folder = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


def stored(folder: Path) -> list[Path]:
    """Every file in the storage folder."""
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    city: City
    household: Household
    head: Person
    document: IdentityDocument
    consent: Consent
    plan: IntegrationPlan
    milestone: Milestone
    referral: Referral
    users: dict[str, User]  # by name: the roles in scope, and some out of it

    def target(self, kind: str) -> IdentityDocument | Consent | Milestone | Referral:
        return {
            "document": self.document,
            "consent": self.consent,
            "milestone": self.milestone,
            "referral": self.referral,
        }[kind]


KINDS = ["document", "consent", "milestone", "referral"]


@pytest.fixture
def world(db) -> World:
    """A household of an origin office, arrived in Saltillo: the head's passport, its consent
    to share with service partners, its integration plan, and a referral to a daycare."""
    city = CityFactory(name="Saltillo")
    household = household_with_head(
        code="HH-0700", status=HouseholdStatus.INTEGRATING, host_city=city
    )
    head = household.members.get()
    StatusChange.objects.create(
        household=household,
        from_status="travelled",
        to_status="arrived",
        changed_at=timezone.now(),
    )
    consent = Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.SERVICE_PARTNERS,
        given=True,
        recorded_at=timezone.now(),
    )
    service = ServiceFactory(provider__city=city, provider__name="Casa de Cuidado")
    coordinator = UserFactory(role=Role.COORDINATOR)
    host = UserFactory(role=Role.HOST_CASEWORKER, city=city)
    plan = plan_open(actor=coordinator, household=household)
    referral = referral_send(
        actor=host, household=household, person=head, service=service, purpose="Guardería"
    )
    users = {
        "coordinator": coordinator,
        "origin": UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office),
        "host": host,
        "partner": UserFactory(role=Role.SERVICE_PARTNER, provider=service.provider),
        "auditor": UserFactory(role=Role.AUDITOR),
        "me_officer": UserFactory(role=Role.ME_OFFICER),
        "other_origin": UserFactory(role=Role.ORIGIN_CASEWORKER),
        "other_host": UserFactory(role=Role.HOST_CASEWORKER),
        "other_partner": UserFactory(role=Role.SERVICE_PARTNER),
        "employer": UserFactory(role=Role.EMPLOYER),
        "liaison": UserFactory(role=Role.EMPLOYER_LIAISON),
    }
    return World(
        city=city,
        household=household,
        head=head,
        document=IdentityDocumentFactory(person=head),
        consent=consent,
        plan=plan,
        milestone=plan.milestones.order_by("position", "id").first(),
        referral=referral,
        users=users,
    )


def attach(world: World, kind: str, *, by: str = "coordinator", **file: object) -> Attachment:
    """A file attached through the service (a PDF named pasaporte.pdf unless told)."""
    return attachment_add(
        actor=world.users[by],
        target=world.target(kind),
        uploaded_file=upload(**file),  # type: ignore[arg-type]
    )

"""What an email may say: case codes, counts and links, never a name, a document number or
what a case is about; written in the programme's language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from arraigo.accounts.models import Role, User
from arraigo.casefile.services import transfer_request
from arraigo.notifications.services import SendResult, digest_send, notifications_send
from arraigo.referrals.services import referral_send
from arraigo.registry.models import IdentityDocument, Person
from tests.accounts.factories import UserFactory
from tests.places.factories import ServiceFactory
from tests.referrals.conftest import consent

from .world import TODAY, World, emails_for_everyone

pytestmark = pytest.mark.django_db


def _everything_waiting(world: World) -> None:
    """A referral to a partner, a transfer to Palenque, and the digests of TODAY."""
    consent(world.ana, True)
    service = ServiceFactory(
        provider__city=world.saltillo,
        provider__name="Refugio Violeta",
        name="Atención psicológica",
    )
    UserFactory(
        username="partner",
        first_name="Lucía",
        last_name="Ferrer",
        role=Role.SERVICE_PARTNER,
        provider=service.provider,
    )
    referral_send(
        actor=world.host,
        household=world.ana,
        person=world.ana.members.get(first_names="Luz"),
        service=service,
        purpose="Psychological support after violence",
    )
    transfer_request(
        actor=world.origin,
        household=world.ana,
        to_office=world.palenque,
        reason="Threatened by her former partner",
    )
    User.objects.filter(username="host").update(first_name="Sofía", last_name="Medina")
    emails_for_everyone()


def test_no_message_carries_personal_data(world: World) -> None:
    _everything_waiting(world)

    assert digest_send(today=TODAY) == SendResult(messages=3, users=3)
    assert notifications_send(now=timezone.now()) == SendResult(messages=3, users=3)

    text = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    people = Person.objects.values_list("first_names", "last_names")
    forbidden = {
        *(name for pair in people for name in pair),
        *IdentityDocument.objects.values_list("number", flat=True),
        "P12345678",
        "Lucía",
        "Ferrer",
        "Sofía",
        "Medina",
        "Refugio Violeta",
        "Atención psicológica",
        "Psychological support",
        "Threatened",
        "CURP",  # a milestone's title can say what the case is about
        "Residency",
        "Saltillo",
        "Palenque",
    }
    found = [w for w in forbidden if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
    assert found == []
    assert {"HH-0500", "HH-0501", "HH-0600"} <= set(text.replace(",", " ").split())


def test_messages_are_in_the_programmes_language_spanish_by_default(
    world: World, settings: Any
) -> None:
    """Tests run in English; the programme's language (LANGUAGE_CODE) is Spanish. Texts new
    to the catalogue may still read in English: the dates and the to-do strip's words are
    Spanish whatever the language active when the run starts."""
    settings.LANGUAGE_CODE = "es"
    _everything_waiting(world)

    digest_send(today=TODAY)
    notifications_send(now=timezone.now())

    digest = next(m for m in mail.outbox if m.to == ["host@example.org"])
    assert digest.subject.startswith("arraigo · ")
    assert digest.subject.endswith(" 1 de abril de 2026")
    assert "Mis hitos vencidos: 2\n" in digest.body
    assert "Encuestas de seguimiento por hacer: 1\n" in digest.body
    referral = next(m for m in mail.outbox if m.to == ["partner@example.org"])
    assert referral.subject == "arraigo · Canalizaciones en espera de su respuesta: 1"

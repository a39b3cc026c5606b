"""Nothing new is recorded about the people of an erased household (privacy.guard)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.casefile.models import CaseNote
from arraigo.casefile.services import note_add
from arraigo.core.errors import ValidationFailed
from arraigo.privacy.guard import guarded_models
from arraigo.privacy.services import household_erase, person_erase
from arraigo.registry.models import Consent, Person

pytestmark = pytest.mark.django_db

REFUSAL = "The people of this household were erased: nothing new can be recorded about them."


def test_every_table_about_a_household_is_guarded_but_the_tombstones():
    labels = {model._meta.label for model in guarded_models()}

    assert {"casefile.CaseNote", "registry.Consent", "registry.Person", "referrals.Referral",
            "feedback.FeedbackCase", "attachments.Attachment"} <= labels  # fmt: skip
    assert not labels & {"registry.StatusChange", "relocation.Grant", "relocation.LedgerEntry"}


def test_a_note_on_an_erased_household_is_refused_and_nothing_is_written(erased_world, coordinator):
    household = erased_world.household
    household_erase(household=household, actor=coordinator)

    with pytest.raises(ValidationFailed) as refused:
        note_add(actor=coordinator, household=household, text="Llamó Zoraida otra vez.")

    assert refused.value.message == REFUSAL
    assert CaseNote.objects.filter(household=household).count() == 0


def test_a_consent_or_a_member_on_an_erased_household_is_refused(erased_world, coordinator):
    household = erased_world.household
    household_erase(household=household, actor=coordinator)

    with pytest.raises(ValidationFailed, match="were erased"):
        Consent.objects.create(
            household=household, purpose="relocation", given=True, recorded_by=coordinator,
            recorded_at=timezone.now(),
        )  # fmt: skip
    with pytest.raises(ValidationFailed, match="were erased"):
        Person.objects.create(household=household, member_no=9, first_names="Nueva")
    assert Consent.objects.filter(household=household).count() == 0


def test_erasing_one_member_keeps_the_household_open_to_new_records(erased_world, coordinator):
    household = erased_world.household
    person_erase(person=erased_world.child, actor=coordinator)

    note = note_add(actor=coordinator, household=household, text="Seguimiento de la madre.")

    assert note.household_id == household.pk


def test_another_household_is_not_affected(erased_world, kept_world, coordinator):
    household_erase(household=erased_world.household, actor=coordinator)

    note = note_add(actor=coordinator, household=kept_world.household, text="Visita.")

    assert CaseNote.objects.filter(pk=note.pk).exists()


def test_the_note_form_says_why_on_the_erased_household_page(erased_world, coordinator):
    household = erased_world.household
    household_erase(household=household, actor=coordinator)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator)

    response = client.post(
        reverse("casefile:note_add", args=[household.pk]),
        {"text": "Llamó Zoraida.", "tier": "ordinary"},
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [REFUSAL]
    assert CaseNote.objects.filter(household=household).count() == 0

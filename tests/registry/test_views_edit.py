"""The forms and buttons on one household: modality and city, needs, consent, preferences,
status and the eligibility exception."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.registry import services
from arraigo.registry.models import (
    CityPreference,
    Consent,
    EligibilityOutcome,
    Household,
    HouseholdStatus,
    Modality,
    SpecificNeed,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """Pages in English, whatever translations exist."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def url(name: str, household: Household, *args: int) -> str:
    return reverse(f"registry:{name}", args=[household.pk, *args])


def test_household_edit_sets_host_city(signed_in, household):
    city = CityFactory()

    response = signed_in.post(
        url("household_edit", household), {"modality": "relocation", "host_city": city.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == url("household_detail", household)
    household.refresh_from_db()
    assert household.host_city == city


def test_household_edit_in_place_without_city_shows_service_error(signed_in, household):
    response = signed_in.post(
        url("household_edit", household), {"modality": "in_place", "host_city": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["host_city"] == [
        "Give the city where an in-place household lives."
    ]
    assert 'value="in_place" selected' in response.content.decode()
    household.refresh_from_db()
    assert household.modality == Modality.RELOCATION


def test_edit_pages_out_of_scope_are_404(client, household):
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=OfficeFactory()))

    for name in ("household_edit", "need_add", "consent_record", "preference_add",
                 "household_transition", "eligibility_approve"):  # fmt: skip
        assert client.get(url(name, household)).status_code == 404, name


def test_edit_pages_refuse_read_only_roles_with_a_message(client, household):
    client.force_login(UserFactory(role=Role.AUDITOR))

    response = client.get(url("household_edit", household))

    assert response.status_code == 403
    assert "Your role does not allow this." in response.content.decode()
    assert client.post(url("need_add", household), {"code": "disability"}).status_code == 403
    assert SpecificNeed.objects.count() == 0


def test_need_add_and_remove(signed_in, household):
    child = household.members.get(relationship="child")

    response = signed_in.post(
        url("need_add", household), {"code": "child_at_risk", "person": child.pk, "note": "n"}
    )

    need = SpecificNeed.objects.get()
    assert response.status_code == 302
    assert (need.code, need.person, need.note) == ("child_at_risk", child, "n")

    response = signed_in.post(url("need_remove", household, need.pk))

    assert response.status_code == 302
    assert SpecificNeed.objects.count() == 0


def test_need_form_offers_only_this_households_members(signed_in, household):
    form = signed_in.get(url("need_add", household)).context["form"]

    labels = [label for _value, label in form.fields["person"].choices]
    assert labels == ["The whole household", "María José Hernández Castro", "Luis Hernández Castro"]


def test_removal_endpoints_take_post_only(signed_in, household):
    need = services.need_add(actor=household.registered_by, household=household, code="lgbtiq")

    assert signed_in.get(url("need_remove", household, need.pk)).status_code == 405
    assert SpecificNeed.objects.count() == 1


def test_consent_record_keeps_each_answer(signed_in, household):
    head = household.members.get(relationship="head")
    who = {"given_by": head.pk, "method": "digital", "given_on": "2026-03-02"}
    signed_in.post(url("consent_record", household), {"surveys": "yes", **who})
    signed_in.post(url("consent_record", household), {"surveys": "no", **who})

    assert list(
        Consent.objects.filter(household=household, purpose="surveys")
        .order_by("id")
        .values_list("given", flat=True)
    ) == [True, False]
    page = signed_in.get(url("household_detail", household)).context["page"]
    surveys = next(line for line in page.consents if line.purpose == "surveys")
    assert (surveys.current.given, [old.given for old in surveys.history]) == (False, [True])


def test_preference_add_and_conflict_error(signed_in, household):
    city = CityFactory(name="Monterrey")

    signed_in.post(url("preference_add", household), {"city": city.pk, "kind": "preferred",
                                                      "rank": "1"})  # fmt: skip
    response = signed_in.post(
        url("preference_add", household), {"city": city.pk, "kind": "excluded"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["kind"]
    preference = CityPreference.objects.get()
    assert (preference.city, preference.kind, preference.rank) == (city, "preferred", 1)

    signed_in.post(url("preference_remove", household, preference.pk))
    assert CityPreference.objects.count() == 0


def test_transition_moves_status_with_reason(signed_in, household):
    assert household.status == HouseholdStatus.ELIGIBLE

    response = signed_in.post(
        url("household_transition", household), {"to_status": "profiled", "reason": "Done."}
    )

    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == HouseholdStatus.PROFILED
    assert household.history.first().reason == "Done."


def test_transition_needing_a_reason_reshows_the_form(signed_in, household):
    response = signed_in.post(url("household_transition", household), {"to_status": "closed"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason", "closure_reason"]
    household.refresh_from_db()
    assert household.status == HouseholdStatus.ELIGIBLE


def test_transition_not_offered_to_the_role_is_a_form_error(signed_in, household):
    response = signed_in.post(url("household_transition", household), {"to_status": "arrived"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["to_status"]


def test_exception_approval(client, household):
    Household.objects.filter(pk=household.pk).update(
        eligibility=EligibilityOutcome.BY_EXCEPTION, status=HouseholdStatus.REGISTERED
    )
    coordinator = UserFactory(role=Role.COORDINATOR)
    client.force_login(coordinator)

    empty = client.post(url("eligibility_approve", household), {"reason": ""})
    response = client.post(url("eligibility_approve", household), {"reason": "TVRH holder."})

    assert list(empty.context["form"].errors) == ["reason"]
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.exception_approved_by, household.exception_reason) == (
        coordinator,
        "TVRH holder.",
    )
    assert household.status == HouseholdStatus.ELIGIBLE
    html = client.get(url("household_detail", household)).content.decode()
    assert "TVRH holder." in html


def test_exception_approval_refused_to_caseworker(signed_in, household):
    response = signed_in.post(url("eligibility_approve", household), {"reason": "x"})

    assert response.status_code == 403
    household.refresh_from_db()
    assert household.exception_approved_at is None


def test_a_stale_household_edit_is_refused_with_what_changed(client, caseworker, household):
    # Given two caseworkers who open the household's edit form at the same time
    saltillo, monterrey = CityFactory(name="Saltillo"), CityFactory(name="Monterrey")
    first, second = Client(headers={"accept-language": "en"}), client
    first.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first.force_login(caseworker)
    second.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=caseworker.office))
    form_of_first = first.get(url("household_edit", household)).context["form"]
    form_of_second = second.get(url("household_edit", household)).context["form"]

    # When the first saves Saltillo, then the second saves Monterrey on the form they opened
    first.post(
        url("household_edit", household),
        {
            "modality": "relocation",
            "host_city": saltillo.pk,
            "version": form_of_first["version"].value(),
        },
    )
    stale = {
        "modality": "relocation",
        "host_city": monterrey.pk,
        "version": form_of_second["version"].value(),
    }
    response = second.post(url("household_edit", household), stale)

    # Then the second save is refused with what changed, and keeps Monterrey as typed
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Someone else saved changes to this record while you were editing it. Nothing was "
        "saved: your entries are kept below. Check them against the changes and save again.",
        "Host city: was “(empty)” when you opened the form, is now “Saltillo, Coahuila”.",
    ]
    assert f'value="{monterrey.pk}" selected' in response.content.decode()
    household.refresh_from_db()
    assert household.host_city == saltillo

    # And saving again, knowingly, goes through
    again = {**stale, "version": response.context["form"]["version"].value()}
    assert second.post(url("household_edit", household), again).status_code == 302
    household.refresh_from_db()
    assert household.host_city == monterrey

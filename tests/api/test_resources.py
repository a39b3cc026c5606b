"""What each resource shows: names only where the role sees names, consent at the exits,
aggregates with small cells suppressed, follow-ups in the interchange format."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.referrals.models import Referral
from arraigo.registry.models import Consent, ConsentPurpose, EligibilityDecision
from arraigo.registry.pseudonyms import household_pseudonym
from tests.accounts.factories import UserFactory
from tests.api.builders import referrals
from tests.api.conftest import caller_for
from tests.jobs.factories import PlacementFactory
from tests.monitoring.factories import FollowUpAnswerFactory
from tests.places.factories import CityFactory
from tests.registry.factories import IdentityDocumentFactory, household_with_head

pytestmark = pytest.mark.django_db


def _consent(household, purpose, given):
    Consent.objects.create(
        household=household, purpose=purpose, given=given, recorded_at=timezone.now()
    )


def test_a_coordinator_reads_the_case_with_names_and_the_read_is_audited():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household = household_with_head(first_names="Ana", last_names="Pérez López")
    _consent(household, ConsentPurpose.RELOCATION, True)
    caller = caller_for(coordinator)
    body = caller.get(f"/households/{household.pk}").json()
    assert body["code"] == household.code
    assert body["head_name"] == "Ana Pérez López"
    assert body["pseudonymised"] is False
    assert body["consent"]["relocation"] is True
    assert body["consent"]["employers"] is None
    people = caller.get(f"/households/{household.pk}/people").json()
    assert [(p["first_names"], p["member_no"]) for p in people] == [("Ana", 1)]
    views = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(household.pk)
    ).order_by("pk")
    assert [(view.actor, view.additional_data) for view in views] == [
        (coordinator, {"event": "view", "via": "api", "part": "household"}),
        (coordinator, {"event": "view", "via": "api", "part": "people"}),
    ]


def test_the_me_officer_reads_a_pseudonymised_case_and_no_documents():
    household = household_with_head(first_names="Ana")
    IdentityDocumentFactory(person=household.members.get())
    caller = caller_for(UserFactory(role=Role.ME_OFFICER))
    body = caller.get(f"/households/{household.pk}").json()
    assert body["code"] == household_pseudonym(household.pk)
    assert body["head_name"] is None
    assert body["registered_at"] is None
    assert body["registration_year"] == household.registered_at.year
    listed = caller.get("/households").json()["items"]
    assert [item["code"] for item in listed] == [household_pseudonym(household.pk)]
    person = caller.get(f"/households/{household.pk}/people").json()[0]
    assert (person["first_names"], person["date_of_birth"], person["age"]) == (None, None, None)
    assert person["age_group"] == "18-59"
    assert caller.get(f"/households/{household.pk}/documents").status_code == 403


def test_documents_and_eligibility_for_a_caseworker_of_the_office():
    household = household_with_head()
    document = IdentityDocumentFactory(person=household.members.get(), number="P123")
    EligibilityDecision.objects.create(
        household=household,
        outcome="eligible",
        ruleset="mx_pil/1",
        results=[{"rule": "curp", "label": "CURP", "result": "met", "reason": ""}],
        decided_at=timezone.now(),
    )
    user = UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office)
    caller = caller_for(user)
    documents = caller.get(f"/households/{household.pk}/documents").json()
    assert documents == [
        {
            "member_no": 1,
            "document_type": document.document_type.code,
            "document_type_name": "Passport",
            "number": "P123",
            "issued_on": None,
            "expires_on": None,
        }
    ]
    in_spanish = caller.get(f"/households/{household.pk}/documents", language="es").json()
    assert in_spanish[0]["document_type_name"] == "Pasaporte"
    decisions = caller.get(f"/households/{household.pk}/eligibility").json()
    assert [(d["outcome"], d["results"][0]["rule"]) for d in decisions] == [("eligible", "curp")]


def test_a_company_reads_a_workers_name_only_with_consent_to_share_with_employers():
    placement = PlacementFactory()
    hr = UserFactory(role=Role.EMPLOYER, employer=placement.employer)
    caller = caller_for(hr)
    withheld = caller.get(f"/placements/{placement.pk}").json()
    assert withheld["person_name"] is None
    assert withheld["withheld"] == "No consent to share"
    _consent(placement.household, ConsentPurpose.EMPLOYERS, True)
    shared = caller.get("/placements").json()["items"][0]
    assert shared["person_name"] == placement.person.full_name
    assert shared["withheld"] is None


def test_a_partner_reads_what_the_referral_shared_while_consent_holds():
    coordinator = UserFactory(role=Role.COORDINATOR)
    referrals(1, user=coordinator)
    partner = UserFactory(role=Role.SERVICE_PARTNER)
    referral = Referral.objects.get()
    Referral.objects.update(
        provider=partner.provider,
        shared={"household": "HH-1", "purpose": "daycare", "person": "Ana", "age": 30},
    )
    _consent(referral.household, ConsentPurpose.SERVICE_PARTNERS, True)
    caller = caller_for(partner)
    shared = caller.get(f"/referrals/{referral.pk}").json()["shared"]
    assert (shared["person"], shared["age"], shared["withheld"]) == ("Ana", 30, None)
    _consent(referral.household, ConsentPurpose.SERVICE_PARTNERS, False)
    listed = caller.get("/referrals").json()["items"][0]
    assert listed["household_id"] is None
    assert listed["shared"]["person"] is None
    assert listed["shared"]["withheld"] == "Consent withdrawn"


def test_indicators_suppress_small_cells_and_need_the_aggregates_permission():
    household = household_with_head()
    FollowUpAnswerFactory(
        person=household.members.get(), date=dt.date(2026, 6, 1), works=True, formal=True
    )
    caller = caller_for(UserFactory(role=Role.ME_OFFICER))
    body = caller.get("/indicators?year=2026").json()
    assert (body["date_from"], body["date_to"]) == ("2026-01-01", "2026-12-31")
    assert body["households"] is None  # one household answered: under 5
    row = next(i for i in body["indicators"] if i["code"] == "hh_adult_working")
    assert set(row["rounds"]) == {"baseline", "month1", "month6"}
    assert row["rounds"]["month6"] == {
        "numerator": None,
        "denominator": None,
        "value": None,
        "suppressed": True,
    }
    assert row["rounds"]["baseline"]["suppressed"] is False
    assert caller.get("/indicators?year=1990").status_code == 422
    partner = caller_for(UserFactory(role=Role.SERVICE_PARTNER))
    assert partner.get("/indicators").status_code == 403


def test_follow_up_answers_in_the_interchange_format_within_scope():
    city = CityFactory()
    household = household_with_head(host_city=city)
    FollowUpAnswerFactory(
        person=household.members.get(),
        date=dt.date(2026, 6, 30),
        works=True,
        formal=False,
        income=Decimal("4500.00"),
    )
    FollowUpAnswerFactory()  # another household, another city
    host = UserFactory(role=Role.HOST_CASEWORKER, city=city)
    body = caller_for(host).get("/followups").json()
    assert body["columns"] == [
        "household",
        "member",
        "round",
        "date",
        "works",
        "formal",
        "income",
        "job_satisfied",
        "in_school",
        "bank_account",
    ]
    assert body["items"] == [
        {
            "household": household.code,
            "member": "1",
            "round": "month6",
            "date": "2026-06-30",
            "works": "yes",
            "formal": "no",
            "income": "4500",
            "job_satisfied": "",
            "in_school": "",
            "bank_account": "",
        }
    ]
    origin = caller_for(UserFactory(role=Role.ORIGIN_CASEWORKER))
    assert origin.get("/followups").status_code == 403
    me = caller_for(UserFactory(role=Role.ME_OFFICER))
    pseudonymised = me.get(f"/followups?household={household.pk}").json()["items"]
    assert [(row["household"], row["works"]) for row in pseudonymised] == [
        (household_pseudonym(household.pk), "yes")
    ]

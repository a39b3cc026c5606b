import csv
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import Role
from arraigo.accounts.selectors import audit_content_types
from arraigo.casefile.models import NoteTier
from arraigo.casefile.services import note_add
from arraigo.feedback.services import feedback_assign, feedback_record, feedback_respond
from arraigo.referrals.services import referral_send
from arraigo.registry.models import Consent, ConsentPurpose, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory, ServiceFactory
from tests.registry.factories import HouseholdFactory, PersonFactory, household_with_head

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NO_TRAIL_ROLES = [
    Role.ORIGIN_CASEWORKER,
    Role.HOST_CASEWORKER,
    Role.EMPLOYER_LIAISON,
    Role.EMPLOYER,
    Role.SERVICE_PARTNER,
    Role.ME_OFFICER,
]


def sign_in(client, user) -> None:
    """Sign in, then start from an empty trail (signing in is itself on the trail)."""
    client.force_login(user)
    LogEntry.objects.all().delete()


@pytest.fixture
def coordinator():
    return UserFactory(username="ana", role=Role.COORDINATOR)


def test_list_shows_who_did_what_with_before_and_after(client, coordinator):
    city = CityFactory(name="Saltillo")
    household = HouseholdFactory(code="HH-000042")
    sign_in(client, coordinator)
    with set_actor(coordinator):
        city.name = "Saltillo Centro"
        city.save()
    audit_event(actor=coordinator, obj=household, event="view")

    response = client.get(reverse("accounts:audit_list"), **EN)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row["kind"], row["entry"].object_repr) for row in rows] == [
        ("view", "HH-000042"),
        ("update", "Saltillo Centro, Coahuila"),
    ]
    assert [(c.field, c.before, c.after) for c in rows[1]["changes"]] == [
        ("Name", "Saltillo", "Saltillo Centro")
    ]
    html = response.content.decode()
    assert "Viewed" in html
    assert "<b>Name</b>: Saltillo → Saltillo Centro" in html
    assert html.count(">ana<") == 2


def test_list_filters_by_event(client, coordinator):
    household = HouseholdFactory(code="HH-000042")
    sign_in(client, coordinator)
    audit_event(actor=coordinator, obj=household, event="view")
    audit_event(actor=coordinator, obj=household, event="export")

    response = client.get(reverse("accounts:audit_list"), {"action": "export"})

    assert [(row["kind"], row["entry"].object_repr) for row in response.context["rows"]] == [
        ("export", "HH-000042")
    ]


def test_list_shows_the_date_error_next_to_its_field(client, coordinator):
    sign_in(client, coordinator)

    response = client.get(
        reverse("accounts:audit_list"), {"date_from": "2026-03-05", "date_to": "2026-03-01"}, **EN
    )

    assert response.context["filter_form"].errors == {
        "date_to": ["The end date is before the start date."]
    }
    assert response.context["filter_form"]["date_from"].value() == "2026-03-05"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AUDITOR])
def test_list_query_count_does_not_grow_with_rows(
    client, coordinator, role, django_assert_num_queries
):
    household = HouseholdFactory()
    audit_content_types()  # content types are cached by a running server
    sign_in(client, UserFactory(role=role))
    for _ in range(12):
        audit_event(actor=coordinator, obj=household, event="view")
    with set_actor(coordinator):
        for n in range(5):
            household.size = n + 1
            household.save()

    # session, user, permissions (2), count, page
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:audit_list"))
    assert len(response.context["rows"]) == 17


def test_detail_shows_the_full_change_set(client, coordinator):
    household = HouseholdFactory(code="HH-000042", size=1)
    sign_in(client, coordinator)
    with set_actor(coordinator):
        household.size = 4
        household.head_name = "Rosa"
        household.save()
    entry = LogEntry.objects.get(action=LogEntry.Action.UPDATE)

    response = client.get(reverse("accounts:audit_detail", args=[entry.pk]), **EN)

    assert response.status_code == 200
    assert [(c.name, c.field, c.before, c.after) for c in response.context["changes"]] == [
        ("head_name", "Head of household", "", "Rosa"),
        ("size", "Members", "1", "4"),
    ]
    assert "HH-000042" in response.content.decode()


def test_auditor_may_read_the_trail(client):
    auditor = UserFactory(role=Role.AUDITOR)
    sign_in(client, auditor)
    entry = audit_event(actor=auditor, obj=auditor, event="login")

    assert client.get(reverse("accounts:audit_list")).status_code == 200
    assert client.get(reverse("accounts:audit_detail", args=[entry.pk])).status_code == 200


@pytest.mark.parametrize("role", NO_TRAIL_ROLES)
def test_other_roles_get_404(client, coordinator, role):
    entry = audit_event(actor=coordinator, obj=coordinator, event="login")
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("accounts:audit_list")).status_code == 404
    assert client.get(reverse("accounts:audit_detail", args=[entry.pk])).status_code == 404
    assert client.get(reverse("accounts:audit_export")).status_code == 404
    assert LogEntry.objects.filter(additional_data__event="export").count() == 0


def test_export_neutralises_formulas_and_is_itself_audited(client, coordinator):
    sign_in(client, coordinator)
    office = OfficeFactory(name="=cmd")

    response = client.get(reverse("accounts:audit_export"), {"action": "create"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "when",
        "who",
        "action",
        "object_type",
        "object_id",
        "object",
        "changes",
        "address",
    ]
    office_rows = [row for row in rows[1:] if row[3] == "places.office"]
    assert [(row[2], row[4], row[5]) for row in office_rows] == [
        ("create", str(office.pk), "'=cmd")
    ]
    (export,) = LogEntry.objects.filter(additional_data__event="export")
    assert (export.actor, export.object_pk) == (coordinator, str(coordinator.pk))
    assert export.additional_data == {
        "event": "export",
        "export": "audit_trail",
        "filters": {"action": "create"},
    }


def test_export_keeps_the_list_filters(client, coordinator):
    household = HouseholdFactory(code="HH-000042")
    sign_in(client, coordinator)
    audit_event(actor=coordinator, obj=household, event="view")
    user_type = ContentType.objects.get_for_model(coordinator)

    response = client.get(
        reverse("accounts:audit_export"), {"content_type": user_type.pk, "action": "export"}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row[1], row[2], row[5]) for row in rows[1:]] == [("ana", "export", "ana")]


def test_login_page_shows_the_form(client):
    response = client.get(reverse("accounts:login"), {"next": "/households/"}, **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="next" value="/households/"' in html


# Free text about people never reaches the trail; restricted tiers stay with their holders.

PROTECTED = "She disclosed violence by her former partner; referred to the shelter."
ORDINARY = "Looking for a flat nearer work."
SEA = "A volunteer asked for favours in exchange for the grant."
SEA_CONTACT = "+52 844 000 1111"
ANSWER = "Referred to the focal point's protection partner."


@pytest.fixture
def sensitive():
    """A household in a host city with an ordinary and a protection note, and an SEA report
    that the coordinator (the focal point) took, answered and viewed."""
    household = household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )
    host = UserFactory(username="hugo", role=Role.HOST_CASEWORKER, city=household.host_city)
    focal = UserFactory(username="fatima", role=Role.COORDINATOR)
    with set_actor(host):
        ordinary = note_add(actor=host, household=household, text=ORDINARY)
        protected = note_add(
            actor=host, household=household, text=PROTECTED, tier=NoteTier.PROTECTION
        )
        report = feedback_record(
            actor=host,
            category="sea",
            channel="in_person",
            description=SEA,
            household=household,
            contact=SEA_CONTACT,
        )
    with set_actor(focal):
        feedback_assign(actor=focal, case=report, assignee=focal)
        feedback_respond(actor=focal, case=report, resolution=ANSWER)
    audit_event(actor=focal, obj=report, event="view")
    return {"ordinary": ordinary, "protected": protected, "report": report, "focal": focal}


def entry_about(obj, action=LogEntry.Action.CREATE) -> LogEntry:
    return LogEntry.objects.get_for_object(obj).get(action=action)


def entries_about(obj) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("pk"))


def export_text(client, **params) -> str:
    response = client.get(reverse("accounts:audit_export"), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_an_auditor_finds_no_entry_of_a_protection_note_or_an_sea_report(client, sensitive):
    entries = [*entries_about(sensitive["protected"]), *entries_about(sensitive["report"])]
    assert [entry.action for entry in entries] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.ACCESS,
    ]
    client.force_login(UserFactory(role=Role.AUDITOR))

    for entry in entries:
        response = client.get(reverse("accounts:audit_detail", args=[entry.pk]))
        assert response.status_code == 404
        assert PROTECTED not in response.content.decode()
        assert SEA not in response.content.decode()
    listed = {row["entry"].pk for row in client.get(reverse("accounts:audit_list")).context["rows"]}
    assert entry_about(sensitive["ordinary"]).pk in listed
    assert listed & {entry.pk for entry in entries} == set()


def test_an_auditor_sees_who_wrote_an_ordinary_note_but_not_its_text(client, sensitive):
    entry = entry_about(sensitive["ordinary"])
    client.force_login(UserFactory(role=Role.AUDITOR))

    response = client.get(reverse("accounts:audit_detail", args=[entry.pk]), **EN)

    assert response.status_code == 200
    assert [c.name for c in response.context["changes"]] == [
        "author",
        "created_at",
        "household",
        "id",
        "tier",  # person and supersedes are empty: a creation lists the values set
    ]
    html = response.content.decode()
    assert ORDINARY not in html
    assert ">hugo<" in html


def test_the_focal_point_sees_the_entries_of_an_sea_report_without_its_text(client, sensitive):
    created = entry_about(sensitive["report"])
    answered = entries_about(sensitive["report"])[2]
    client.force_login(sensitive["focal"])

    created_page = client.get(reverse("accounts:audit_detail", args=[created.pk]), **EN)
    answered_page = client.get(reverse("accounts:audit_detail", args=[answered.pk]), **EN)

    assert (created_page.status_code, answered_page.status_code) == (200, 200)
    assert "category" in [c.name for c in created_page.context["changes"]]
    assert [c.name for c in answered_page.context["changes"]] == ["responded_on", "status"]
    for html in (created_page.content.decode(), answered_page.content.decode()):
        assert SEA not in html
        assert SEA_CONTACT not in html
        assert ANSWER not in html


def test_the_auditor_s_export_has_no_trace_of_the_restricted_tiers(client, sensitive):
    client.force_login(UserFactory(role=Role.AUDITOR))

    text = export_text(client)

    rows = list(csv.reader(io.StringIO(text)))
    objects = {(row[3], row[4]) for row in rows[1:]}
    assert ("casefile.casenote", str(sensitive["ordinary"].pk)) in objects
    assert ("casefile.casenote", str(sensitive["protected"].pk)) not in objects
    assert ("feedback.feedbackcase", str(sensitive["report"].pk)) not in objects
    for secret in (PROTECTED, ORDINARY, SEA, SEA_CONTACT, ANSWER, sensitive["report"].reference):
        assert secret not in text


def test_the_focal_point_s_export_lists_the_entries_but_no_free_text(client, sensitive):
    client.force_login(sensitive["focal"])

    text = export_text(client)

    rows = list(csv.reader(io.StringIO(text)))
    objects = {(row[3], row[4]) for row in rows[1:]}
    assert ("casefile.casenote", str(sensitive["protected"].pk)) in objects
    assert ("feedback.feedbackcase", str(sensitive["report"].pk)) in objects
    for secret in (PROTECTED, ORDINARY, SEA, SEA_CONTACT, ANSWER):
        assert secret not in text


def test_the_consent_override_event_can_be_filtered_and_has_a_label(client, coordinator):
    city = CityFactory()
    person = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING,
        household__host_city=city,
        household__code="HH-0100",
    )
    Consent.objects.create(
        household=person.household,
        purpose=ConsentPurpose.SERVICE_PARTNERS,
        given=False,
        recorded_at=timezone.now(),
    )
    sign_in(client, coordinator)
    referral = referral_send(
        actor=coordinator,
        household=person.household,
        person=person,
        service=ServiceFactory(provider__city=city),
        purpose="Shelter tonight.",
        override_reason="Urgent: child at risk.",
    )
    audit_event(actor=coordinator, obj=referral, event="view")

    response = client.get(reverse("accounts:audit_list"), {"action": "consent_override"}, **EN)

    assert [(row["kind"], row["entry"].object_pk) for row in response.context["rows"]] == [
        ("consent_override", str(referral.pk))
    ]
    choices = response.context["filter_form"].fields["action"].choices
    assert ("consent_override", "Referral sent without consent") in [
        (value, str(label)) for value, label in choices
    ]
    assert '<span class="badge">Referral sent without consent</span>' in response.content.decode()
    entry = response.context["rows"][0]["entry"]
    detail = client.get(reverse("accounts:audit_detail", args=[entry.pk]), **EN).content.decode()
    assert "<dt>Action</dt><dd>Referral sent without consent</dd>" in detail

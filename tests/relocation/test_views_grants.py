"""The grant pages: prepare from the plan, the list with its filters, the detail and its steps."""

import datetime as dt
import re

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from arraigo.registry.models import DuplicateCandidate
from arraigo.relocation.models import EntryKind, Grant, GrantStatus, LedgerEntry
from arraigo.relocation.services.arrivals import noshow_sweep
from arraigo.relocation.services.grants import (
    grant_prepare,
    grant_reverse,
)
from arraigo.relocation.services.trips import plan_cancel
from arraigo.relocation.views.grants import plan_context
from tests.registry.factories import HouseholdFactory, PersonFactory

from .factories import RelocationPlanFactory, RelocationWorld, budget_line, plan_arrived
from .grant_helpers import grant_approved, grant_disbursed, grant_prepared
from .trip_helpers import book


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _detail(grant: Grant) -> str:
    return reverse("relocation:grant_detail", args=[grant.pk])


def _disbursed(world: RelocationWorld, *, arrive: bool = True) -> Grant:
    return grant_disbursed(
        world, by=world.coordinator, method="card", reference="TARJ-77", arrive=arrive
    )


# --- prepare from the plan ---------------------------------------------------------------------


def test_caseworker_prepares_from_the_plan_and_returns_to_it(client: Client, rworld):
    client.force_login(rworld.origin_caseworker)

    response = client.post(reverse("relocation:grant_prepare", args=[rworld.plan.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/relocation/plans/{rworld.plan.pk}/"
    assert _messages(response) == ["Grant prepared: 7,500.00 MXN. Another person must approve it."]
    assert Grant.objects.get().prepared_by == rworld.origin_caseworker


def test_a_second_grant_is_refused_with_a_message_on_the_plan(client: Client, rworld):
    grant_prepared(rworld)
    client.force_login(rworld.host_caseworker)

    response = client.post(reverse("relocation:grant_prepare", args=[rworld.plan.pk]))

    assert response.status_code == 302
    assert _messages(response) == ["This relocation already has a grant (prepared)."]
    assert Grant.objects.count() == 1


def test_a_caseworker_of_another_office_cannot_prepare(client: Client, rworld):
    client.force_login(rworld.other_origin_caseworker)
    response = client.post(reverse("relocation:grant_prepare", args=[rworld.plan.pk]))
    assert response.status_code == 404
    assert Grant.objects.count() == 0


def test_auditor_cannot_prepare(client: Client, rworld):
    client.force_login(rworld.auditor)
    response = client.post(reverse("relocation:grant_prepare", args=[rworld.plan.pk]))
    assert response.status_code == 403


def _part(world: RelocationWorld, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {**plan_context(request, world.plan), "plan": world.plan}
    return render_to_string("relocation/_plan_grants.html", context, request=request)


def test_plan_part_quotes_the_grant_with_its_table_before_preparing(rworld):
    page = _part(rworld, rworld.origin_caseworker)
    assert "A grant prepared now: 7,500.00 MXN for 3 members (table 2026-demo)." in page
    assert "demo values" in page
    assert 'data-testid="grant-prepare-form"' in page
    assert 'data-testid="grant-prepare-form"' not in _part(rworld, rworld.auditor)


def test_plan_part_lists_the_grant_and_offers_no_second_one(rworld):
    grant = grant_prepared(rworld)
    page = _part(rworld, rworld.host_caseworker)
    assert f'href="/relocation/grants/{grant.pk}/"' in page
    assert "Prepared" in page
    assert 'data-testid="grant-prepare-form"' not in page


def test_plan_part_warns_of_an_open_duplicate(rworld):
    DuplicateCandidate.objects.create(
        person=rworld.household.members.first(),
        other=PersonFactory(household=HouseholdFactory(code="HH-0999")),
        score=90.0,
        found_at=timezone.now(),
    )
    page = _part(rworld, rworld.origin_caseworker)
    assert "This household has a possible duplicate still to review" in page


# --- the list ----------------------------------------------------------------------------------


def test_list_filters_by_status_city_and_household_code(client: Client, rworld):
    first = grant_approved(rworld)
    other_plan = RelocationPlanFactory(household__code="HH-0200")
    second = grant_prepare(actor=rworld.coordinator, plan=other_plan)
    client.force_login(rworld.auditor)

    def rows(**query: str) -> int:
        response = client.get(reverse("relocation:grant_list"), query)
        assert response.status_code == 200
        return response.content.decode().count('data-testid="grant-row"')

    assert rows() == 2
    assert rows(status="approved") == 1
    assert rows(city=str(rworld.city.pk)) == 1
    assert rows(city=str(other_plan.destination_city_id)) == 1
    assert rows(search="0200") == 1
    assert rows(search="HH-0100", status="prepared") == 0
    page = client.get(reverse("relocation:grant_list"), {"search": "HH-0100"}).content.decode()
    assert f"#{first.pk}" in page and f"#{second.pk}" not in page
    assert "2026-demo" in page and "demo values" in page


def test_awaiting_approval_shows_others_prepared_grants_to_approvers(client: Client, rworld):
    theirs = grant_prepared(rworld)
    own = grant_prepare(
        actor=rworld.coordinator, plan=RelocationPlanFactory(household__code="HH-0300")
    )
    client.force_login(rworld.coordinator)

    page = client.get(reverse("relocation:grant_list"), {"awaiting": "1"}).content.decode()

    assert "Grants awaiting your approval" in page
    assert f'href="/relocation/grants/{theirs.pk}/"' in page
    assert f'href="/relocation/grants/{own.pk}/"' not in page


def test_caseworkers_see_only_grants_of_their_plans(client: Client, rworld):
    grant_prepared(rworld)
    client.force_login(rworld.other_origin_caseworker)
    page = client.get(reverse("relocation:grant_list")).content.decode()
    assert 'data-testid="grant-row"' not in page
    assert "0 grants" in page


def test_list_queries_do_not_grow_with_rows(client: Client, rworld, django_assert_num_queries):
    grant_prepared(rworld)
    for n in range(4):
        grant_prepare(
            actor=rworld.coordinator,
            plan=RelocationPlanFactory(household__code=f"HH-05{n}", destination_city=rworld.city),
        )
    client.force_login(rworld.auditor)
    with django_assert_num_queries(7):
        assert client.get(reverse("relocation:grant_list")).status_code == 200


# --- the detail and its steps ------------------------------------------------------------------


def test_detail_shows_the_table_used_and_the_steps_and_is_audited(client: Client, rworld):
    grant = _disbursed(rworld)
    client.force_login(rworld.auditor)

    response = client.get(_detail(grant))

    page = response.content.decode()
    assert response.status_code == 200
    assert "2026-demo" in page and "demo values" in page
    # Money is written through the locale, a no-break space before the currency (item 19).
    assert "4,500.00\xa0MXN" in page and "1,500.00\xa0MXN" in page
    assert "12,000.00\xa0MXN" in page
    assert "Prepaid card · TARJ-77 · 2026-03-16" in page
    assert page.count('data-testid="ledger-row"') == 2
    assert "reverse-form" not in page  # the auditor only reads
    assert LogEntry.objects.filter(object_pk=str(grant.pk), action=LogEntry.Action.ACCESS).exists()


def test_detail_of_another_office_is_not_found(client: Client, rworld):
    grant = grant_prepared(rworld)
    client.force_login(rworld.other_origin_caseworker)
    assert client.get(_detail(grant)).status_code == 404


def test_another_person_approves_on_the_page(client: Client, rworld):
    grant = grant_prepared(rworld)
    client.force_login(rworld.coordinator)

    response = client.post(_detail(grant), {"action": "approve"})

    assert response.status_code == 302
    assert _messages(response) == ["Grant approved: the amount is committed."]
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED


def test_self_approval_is_refused_on_the_page(client: Client, rworld):
    grant = grant_prepared(rworld, rworld.coordinator)
    client.force_login(rworld.coordinator)

    page = client.get(_detail(grant)).content.decode()
    response = client.post(_detail(grant), {"action": "approve"})

    assert 'data-testid="approve-form"' not in page
    assert "You prepared this grant: another person must approve it (maker-checker" in page
    assert response.status_code == 200
    assert "You prepared this grant: another person must approve it." in (response.content.decode())
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PREPARED


def test_approval_over_budget_is_warned_then_refused(client: Client, rworld):
    budget_line(2026, "grants", "1000.00")
    grant = grant_prepared(rworld)
    client.force_login(rworld.coordinator)

    page = client.get(_detail(grant)).content.decode()
    response = client.post(_detail(grant), {"action": "approve"})

    assert (
        "Approving this grant would take the grants budget for 2026 over by 6,500.00\xa0MXN."
        in page
    )
    assert response.status_code == 200
    assert (
        "This would take the cash grants budget for 2026 over by 6,500.00 MXN "
        "(budget 1,000.00, already committed 0.00): nothing was approved."
    ) in response.content.decode()
    assert LedgerEntry.objects.count() == 0


def test_disbursement_form_keeps_input_and_shows_errors(client: Client, rworld):
    grant = grant_approved(rworld)
    client.force_login(rworld.second_coordinator)
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()

    response = client.post(
        _detail(grant),
        {
            "action": "disburse",
            "disburse-method": "cash",
            "disburse-reference": "REC-9",
            "disburse-disbursed_on": future,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The payment date cannot be in the future." in page
    assert 'value="REC-9"' in page
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED


def test_disbursement_on_the_page(client: Client, rworld):
    grant = grant_approved(rworld)
    plan_arrived(rworld.plan)
    client.force_login(rworld.second_coordinator)

    response = client.post(
        _detail(grant),
        {
            "action": "disburse",
            "disburse-method": "cash",
            "disburse-reference": "REC-9",
            "disburse-disbursed_on": "2026-03-15",
        },
    )

    assert response.status_code == 302
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).count() == 1


def test_editing_a_disbursed_grant_is_refused_on_the_page(client: Client, rworld):
    grant = _disbursed(rworld)
    client.force_login(rworld.origin_caseworker)

    page = client.get(_detail(grant)).content.decode()
    response = client.post(_detail(grant), {"action": "update", "update-members": "2"})

    assert "update-form" not in page
    assert response.status_code == 200
    assert "A disbursed grant cannot be edited: reverse it with a reason instead." in (
        response.content.decode()
    )
    grant.refresh_from_db()
    assert grant.members == 3


def test_reversal_needs_a_reason_and_posts_opposite_entries(client: Client, rworld):
    grant = _disbursed(rworld)
    client.force_login(rworld.coordinator)

    empty = client.post(_detail(grant), {"action": "reverse", "reverse-reason": ""})
    done = client.post(
        _detail(grant), {"action": "reverse", "reverse-reason": "Card never handed over."}
    )

    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    assert done.status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.closed_reason) == (GrantStatus.REVERSED, "Card never handed over.")
    assert LedgerEntry.objects.filter(amount__lt=0).count() == 2


def test_cancelling_on_the_page(client: Client, rworld):
    grant = grant_approved(rworld)
    client.force_login(rworld.coordinator)
    response = client.post(_detail(grant), {"action": "cancel", "cancel-reason": "Withdrew."})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == GrantStatus.CANCELLED


def test_a_step_no_longer_possible_is_explained(client: Client, rworld):
    grant = grant_approved(rworld)
    client.force_login(rworld.second_coordinator)

    response = client.post(_detail(grant), {"action": "approve"})

    assert response.status_code == 302
    assert _messages(response) == ["This grant is approved: only a prepared grant can be approved."]


def test_caseworker_cannot_approve_by_posting(client: Client, rworld):
    grant = grant_prepared(rworld, rworld.coordinator)
    client.force_login(rworld.origin_caseworker)
    assert client.post(_detail(grant), {"action": "approve"}).status_code == 403


def test_a_post_without_a_known_step_is_refused(client: Client, rworld):
    grant = grant_prepared(rworld)
    client.force_login(rworld.coordinator)
    assert client.post(_detail(grant), {"action": "delete"}).status_code == 403


def test_the_plan_page_shows_the_lodging_and_grant_parts(client: Client, rworld):
    grant = grant_prepared(rworld)
    client.force_login(rworld.coordinator)

    page = client.get(reverse("relocation:plan_detail", args=[rworld.plan.pk])).content.decode()

    assert 'data-testid="plan-lodging"' in page
    assert "0 of 7 nights used." in page
    assert 'data-testid="stay-form"' in page
    assert 'data-testid="plan-grants"' in page
    assert f'href="/relocation/grants/{grant.pk}/"' in page


def test_disbursement_before_the_approval_day_is_refused_on_the_page(client: Client, rworld):
    grant = grant_approved(rworld)  # approved on 2026-03-12
    client.force_login(rworld.second_coordinator)

    response = client.post(
        _detail(grant),
        {
            "action": "disburse",
            "disburse-method": "cash",
            "disburse-reference": "REC-9",
            "disburse-disbursed_on": "2026-03-11",
        },
    )

    assert response.status_code == 200
    assert response.context["forms"]["disburse"].errors == {
        "disbursed_on": [
            "The payment date cannot be before the day the grant was approved (2026-03-12)."
        ]
    }
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED


# --- Spanish: the steps use the same words as the status -------------------------------------


def _spanish_detail(client: Client, grant: Grant, user) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(user)
    return client.get(_detail(grant)).content.decode()


def test_the_approved_step_agrees_with_the_status_in_spanish(client: Client, rworld):
    page = _spanish_detail(client, grant_approved(rworld), rworld.auditor)

    assert '<span class="badge ok" data-testid="grant-status">Aprobado</span>' in page
    assert "<dt>Aprobado</dt>" in page
    assert "Aprobada" not in page


def test_the_closing_step_is_named_like_the_status_in_spanish(client: Client, rworld):
    grant = _disbursed(rworld)
    grant_reverse(actor=rworld.coordinator, grant=grant, reason="Devuelto.")

    page = _spanish_detail(client, grant, rworld.auditor)

    assert '<span class="badge bad" data-testid="grant-status">Revertido</span>' in page
    assert "<dt>Revertido</dt><dd>coord · " in page


# --- the plan's page when its trip will not happen -------------------------------------------


def _plan_page(client: Client, user, plan) -> str:
    client.force_login(user)
    return client.get(reverse("relocation:plan_detail", args=[plan.pk])).content.decode()


def _warnings(page: str) -> list[str]:
    return re.findall(r'data-testid="grant-review-warning">([^<]*)<a href="([^"]+)"', page)


def test_cancelling_the_trip_on_the_page_cancels_its_grant(client: Client, rworld):
    grant = grant_approved(rworld)
    client.force_login(rworld.origin_caseworker)

    client.post(
        reverse("relocation:plan_detail", args=[rworld.plan.pk]),
        {"action": "cancel", "cancel-reason": "The family asked to wait"},
    )

    grant.refresh_from_db()
    assert (grant.status, grant.closed_reason) == (
        GrantStatus.CANCELLED,
        "Trip cancelled: The family asked to wait",
    )
    page = _plan_page(client, rworld.coordinator, rworld.plan)
    assert _warnings(page) == []  # nothing was paid: nothing to review


def test_a_cancelled_trip_with_a_disbursed_grant_warns_to_review_it(
    client: Client, rworld, paid_before_travel
):
    grant = _disbursed(rworld, arrive=False)
    plan_cancel(actor=rworld.origin_caseworker, plan=rworld.plan, reason="Carrier strike")

    page = _plan_page(client, rworld.host_caseworker, rworld.plan)

    assert _warnings(page) == [
        (
            f"The trip was cancelled but grant {grant.pk} was already disbursed: review it for "
            "reversal. ",
            f"/relocation/grants/{grant.pk}/",
        )
    ]


def test_a_no_show_with_a_disbursed_grant_warns_to_review_it(
    client: Client, rworld, paid_before_travel
):
    grant = _disbursed(rworld, arrive=False)
    noshow_sweep(actor=rworld.coordinator, today=dt.date(2026, 3, 14))

    page = _plan_page(client, rworld.coordinator, rworld.plan)

    assert _warnings(page) == [
        (
            f"The household did not arrive but grant {grant.pk} was already disbursed: review it "
            "for reversal. ",
            f"/relocation/grants/{grant.pk}/",
        )
    ]


def test_a_live_trip_with_a_disbursed_grant_shows_no_warning(client: Client, rworld):
    _disbursed(rworld)
    assert _warnings(_plan_page(client, rworld.coordinator, rworld.plan)) == []


def test_a_new_trip_on_the_same_offer_shows_the_earlier_grant_and_offers_none(
    client: Client, rworld, paid_before_travel
):
    grant = _disbursed(rworld, arrive=False)
    plan_cancel(actor=rworld.origin_caseworker, plan=rworld.plan, reason="Carrier strike")
    new_plan = book(rworld, rworld.proposal)

    page = _plan_page(client, rworld.origin_caseworker, new_plan)

    other_trip = re.search(r'<p data-testid="grant-other-trip">(.*?)</p>', page)
    assert other_trip is not None
    assert other_trip.group(1) == (
        "This relocation already has a grant (disbursed)."
        f' <a href="/relocation/grants/{grant.pk}/">Grant {grant.pk}</a>'
    )
    assert "No grant yet." not in page
    assert 'data-testid="grant-prepare-form"' not in page
    assert _warnings(page) == []


# --- who may approve (issue 10, item 8) ----------------------------------------------------------


def test_the_page_names_who_may_approve_except_the_preparer(client: Client, rworld):
    # Given a grant the coordinator prepared, and a second coordinator
    rworld.coordinator.first_name, rworld.coordinator.last_name = "Mariana", "Olvera"
    rworld.coordinator.save()
    rworld.second_coordinator.first_name = "Héctor"
    rworld.second_coordinator.last_name = "Salinas"
    rworld.second_coordinator.save()
    grant = grant_prepared(rworld, actor=rworld.coordinator)

    # When the preparer opens it
    client.force_login(rworld.coordinator)
    response = client.get(_detail(grant))
    page = response.content.decode()

    # Then the page names the other approver, not the preparer, and says why they cannot
    approvers = re.search(r'data-testid="grant-approvers">([^<]*)<', page).group(1)
    assert approvers == "Héctor Salinas"
    assert response.context["approval_note"] == (
        "You prepared this grant: another person must approve it (maker-checker: whoever "
        "prepares a grant never approves it)."
    )
    assert 'data-testid="approve-form"' not in page
    # and the second coordinator may approve it there
    client.force_login(rworld.second_coordinator)
    page = client.get(_detail(grant)).content.decode()
    assert 'data-testid="approve-form"' in page
    assert 'data-testid="approval-note"' not in page


def test_without_a_second_approver_the_page_says_so(client: Client, rworld):
    rworld.second_coordinator.is_active = False
    rworld.second_coordinator.save()
    grant = grant_prepared(rworld, actor=rworld.coordinator)
    client.force_login(rworld.coordinator)

    response = client.get(_detail(grant))

    assert response.context["approvers"] == []
    assert response.context["approval_note"] == (
        "Nobody else may approve this grant yet: it needs a second person with the right to "
        "approve grants."
    )


def test_a_caseworker_reads_that_their_role_does_not_approve(client: Client, rworld):
    grant = grant_prepared(rworld)  # by the origin caseworker
    client.force_login(rworld.host_caseworker)

    response = client.get(_detail(grant))

    assert response.context["approvers"] == ["coord", "coord2"]
    assert response.context["approval_note"] == "Your role does not approve grants."


def test_the_payment_step_states_the_programmes_rule(client: Client, rworld):
    grant = grant_approved(rworld)
    client.force_login(rworld.second_coordinator)

    page = client.get(_detail(grant)).content.decode()

    assert "The programme pays this grant once the household has arrived." in page


def test_paying_before_the_household_arrived_is_refused_on_the_page(client: Client, rworld):
    # Issue 10, item 6: the programme pays relocation grants on arrival
    grant = grant_approved(rworld)
    client.force_login(rworld.second_coordinator)

    response = client.post(
        _detail(grant),
        {
            "action": "disburse",
            "disburse-method": "cash",
            "disburse-reference": "REC-9",
            "disburse-disbursed_on": "2026-03-15",
        },
    )

    assert response.status_code == 200
    assert response.context["forms"]["disburse"].errors == {
        "disbursed_on": [
            "The household has not arrived yet: the programme pays this grant on arrival."
        ]
    }
    assert not LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).exists()

"""The trips pages: plan list, booking, the plan's page, arrivals, follow-ups."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from arraigo.registry.models import HouseholdStatus
from arraigo.relocation.models import ArrivalCorrection, FollowUpRequest, PlanStatus, RelocationPlan
from arraigo.relocation.services.arrivals import (
    follow_up_resolve,
    noshow_sweep,
    plan_check_in_all,
)
from arraigo.relocation.services.trips import plan_depart

from .trip_helpers import accepted_offer, book

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_plan_list_offers_the_accepted_households_without_a_trip(client, rworld):
    proposal = accepted_offer(rworld)
    response = _login(client, rworld.origin_caseworker).get(reverse("relocation:plan_list"))
    assert response.status_code == 200
    assert [o.pk for o in response.context["offers"]] == [proposal.pk]
    assert reverse("relocation:plan_create", args=[proposal.pk]).encode() in response.content
    assert [p.pk for p in response.context["page_obj"]] == [rworld.plan.pk]
    assert b'data-testid="offers-cut"' not in response.content


def test_plan_list_says_when_the_offers_are_cut(client, rworld, monkeypatch):
    first = accepted_offer(rworld, "HH-0201")
    accepted_offer(rworld, "HH-0202")
    monkeypatch.setattr("arraigo.relocation.views.trips.OFFERS_SHOWN", 1)

    response = _login(client, rworld.coordinator).get(reverse("relocation:plan_list"))

    assert [o.pk for o in response.context["offers"]] == [first.pk]
    assert response.context["offers_total"] == 2
    assert "The 1 accepted longest ago of 2; plan these first." in response.content.decode()


def test_plan_list_filters_and_scopes(client, rworld):
    other = book(rworld, accepted_offer(rworld))
    url = reverse("relocation:plan_list")
    c = _login(client, rworld.coordinator)
    assert [p.pk for p in c.get(url, {"search": "0200"}).context["page_obj"]] == [other.pk]
    assert [
        p.pk for p in c.get(url, {"status": "planned", "date_to": "2026-03-31"}).context["page_obj"]
    ] == [rworld.plan.pk]
    c = _login(client, rworld.other_origin_caseworker)
    response = c.get(url)
    assert list(response.context["page_obj"]) == []
    assert response.context["offers"] == []


def test_plan_list_queries_do_not_grow_with_rows(client, rworld, django_assert_num_queries):
    book(rworld, accepted_offer(rworld, "HH-0201"))
    book(rworld, accepted_offer(rworld, "HH-0202"))
    c = _login(client, rworld.coordinator)
    c.get(reverse("relocation:plan_list"))  # warm the session and permission caches
    with django_assert_num_queries(10):  # the count, the keys of the page, its rows
        c.get(reverse("relocation:plan_list"))


def test_booking_through_the_page(client, rworld):
    proposal = accepted_offer(rworld)
    head, child = proposal.household.members.all()
    day = timezone.localdate() + dt.timedelta(days=3)
    response = _login(client, rworld.origin_caseworker).post(
        reverse("relocation:plan_create", args=[proposal.pk]),
        {
            "travel_date": f"{day:%Y-%m-%d}",
            "mode": "bus",
            "route": "Tapachula - Saltillo",
            "carrier": "ADO",
            "same_cost": "800",
            f"cost_{child.pk}": "400",
            f"seat_{head.pk}": "7",
        },
    )
    plan = RelocationPlan.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == reverse("relocation:plan_detail", args=[plan.pk])
    assert sorted(plan.tickets.values_list("cost", "seat")) == [(400, ""), (800, "7")]


def test_booking_page_keeps_the_input_and_shows_the_refusal(client, rworld):
    proposal = accepted_offer(rworld)
    response = _login(client, rworld.origin_caseworker).post(
        reverse("relocation:plan_create", args=[proposal.pk]),
        {
            "travel_date": "2026-12-01",
            "mode": "bus",
            "route": "Tapachula - Saltillo",
            "carrier": "ADO",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give the ticket cost of every traveller (0 or more, in MXN)."
    ]
    assert b'value="Tapachula - Saltillo"' in response.content


def test_booking_page_is_404_for_another_office_or_a_planned_household(client, rworld):
    proposal = accepted_offer(rworld)
    c = _login(client, rworld.other_origin_caseworker)
    assert c.get(reverse("relocation:plan_create", args=[proposal.pk])).status_code == 404
    c = _login(client, rworld.origin_caseworker)
    assert c.get(reverse("relocation:plan_create", args=[rworld.proposal.pk])).status_code == 404


def test_plan_page_shows_the_trip_and_is_audited(client, rworld):
    response = _login(client, rworld.host_caseworker).get(
        reverse("relocation:plan_detail", args=[rworld.plan.pk])
    )
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert "relocation/_plan_lodging.html" in [t.name for t in response.templates]
    assert "relocation/_plan_grants.html" in [t.name for t in response.templates]
    assert LogEntry.objects.filter(additional_data__event="view").count() == 1


def test_plan_page_is_404_for_another_office(client, rworld):
    for who in ("other_origin_caseworker", "other_host_caseworker"):
        response = _login(client, getattr(rworld, who)).get(
            reverse("relocation:plan_detail", args=[rworld.plan.pk])
        )
        assert response.status_code == 404


def test_depart_and_cancel_buttons(client, rworld):
    first = book(rworld, accepted_offer(rworld, "HH-0201"))
    second = book(rworld, accepted_offer(rworld, "HH-0202"))
    c = _login(client, rworld.origin_caseworker)
    c.post(reverse("relocation:plan_detail", args=[first.pk]), {"action": "depart"})
    response = c.post(
        reverse("relocation:plan_detail", args=[second.pk]),
        {"action": "cancel", "cancel-reason": ""},
    )
    assert response.context["cancel_form"].errors == {"reason": ["This field is required."]}
    c.post(
        reverse("relocation:plan_detail", args=[second.pk]),
        {"action": "cancel", "cancel-reason": "The family asked to wait"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PlanStatus.DEPARTED, PlanStatus.CANCELLED)


def test_host_caseworker_checks_in_from_the_arrivals_page(client, rworld):
    plan = book(rworld, accepted_offer(rworld))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    c = _login(client, rworld.host_caseworker)
    page = c.get(reverse("relocation:arrivals"))
    assert [p.pk for p in page.context["page_obj"]] == [rworld.plan.pk, plan.pk]
    response = c.post(reverse("relocation:plan_check_in", args=[plan.pk]), {"next": "arrivals"})
    assert response["Location"] == reverse("relocation:arrivals")
    plan.refresh_from_db()
    plan.household.refresh_from_db()
    assert (plan.status, plan.household.status) == (PlanStatus.ARRIVED, HouseholdStatus.ARRIVED)


def test_check_in_by_another_citys_caseworker_is_404(client, rworld):
    plan = book(rworld, accepted_offer(rworld))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    response = _login(client, rworld.other_host_caseworker).post(
        reverse("relocation:plan_check_in", args=[plan.pk])
    )
    assert response.status_code == 404
    assert plan.tickets.filter(checked_in_at__isnull=False).count() == 0


def test_coordinator_button_runs_the_no_show_check(client, rworld):
    response = _login(client, rworld.coordinator).post(
        reverse("relocation:noshow_run"), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 household did not arrive in time: marked as no-show."
    ]
    assert (
        _login(client, rworld.origin_caseworker).post(reverse("relocation:noshow_run")).status_code
        == 403
    )


def test_follow_up_page_resolves_for_the_origin_office(client, rworld):
    client.force_login(rworld.coordinator)
    client.post(reverse("relocation:noshow_run"))
    follow_up = FollowUpRequest.objects.get()
    c = _login(client, rworld.origin_caseworker)
    assert [f.pk for f in c.get(reverse("relocation:follow_up_list")).context["page_obj"]] == [
        follow_up.pk
    ]
    c.post(
        reverse("relocation:follow_up_list"),
        {"follow_up": follow_up.pk, "resolution": "Stayed with relatives in Tapachula"},
    )
    follow_up.refresh_from_db()
    assert follow_up.resolution == "Stayed with relatives in Tapachula"
    other = _login(client, rworld.other_origin_caseworker)
    assert (
        list(other.get(reverse("relocation:follow_up_list"), {"all": "1"}).context["page_obj"])
        == []
    )


def _no_show_with_finding(rworld) -> FollowUpRequest:
    noshow_sweep(actor=rworld.coordinator, today=dt.date(2026, 3, 14))
    follow_up = FollowUpRequest.objects.get()
    follow_up_resolve(
        actor=rworld.origin_caseworker,
        follow_up=follow_up,
        resolution="Stayed with relatives in Tapachula",
    )
    return follow_up


FINDING = (
    '<p class="card">Follow-up asked of the origin office: Did not arrive in Saltillo by '
    "2026-03-13: find out what happened to the household. — What was found: Stayed with "
    "relatives in Tapachula</p>"
)


@pytest.mark.parametrize("who", ["origin_caseworker", "coordinator", "auditor"])
def test_plan_page_shows_the_follow_up_to_those_who_see_follow_ups(client, rworld, who):
    follow_up = _no_show_with_finding(rworld)

    response = _login(client, getattr(rworld, who)).get(
        reverse("relocation:plan_detail", args=[rworld.plan.pk])
    )

    assert response.context["follow_ups"] == [follow_up]
    assert FINDING in response.content.decode()


def test_plan_page_hides_the_origin_offices_findings_from_the_host_city(client, rworld):
    _no_show_with_finding(rworld)

    response = _login(client, rworld.host_caseworker).get(
        reverse("relocation:plan_detail", args=[rworld.plan.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["follow_ups"] == []
    assert "Follow-up asked of the origin office" not in page
    assert "Stayed with relatives" not in page
    assert client.get(reverse("relocation:follow_up_list")).status_code == 403


# --- the arrival date and its correction ---------------------------------------------------


@pytest.fixture
def travelled(rworld):
    """A household of two of `rworld.office` that left for Saltillo three days ago."""
    today = timezone.localdate()
    plan = book(rworld, accepted_offer(rworld), travel_date=today - dt.timedelta(days=3))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    return plan


def _flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_arrivals_page_asks_the_day_each_household_arrived(client, rworld, travelled):
    today = timezone.localdate()
    page = _login(client, rworld.host_caseworker).get(reverse("relocation:arrivals"))
    html = page.content.decode()
    field = (
        f'<input type="date" name="arrived_on" value="{today:%Y-%m-%d}" '
        f'max="{today:%Y-%m-%d}" min="{travelled.travel_date:%Y-%m-%d}" '
        f'form="check-in-{travelled.pk}" '
        f'aria-describedby="id_arrived_on_{travelled.pk}_helptext" '
        f'id="id_arrived_on_{travelled.pk}">'
    )
    assert field in html


def test_host_caseworker_checks_in_on_the_day_they_arrived(client, rworld, travelled):
    # Given a household that arrived the day before yesterday
    arrived = timezone.localdate() - dt.timedelta(days=2)
    c = _login(client, rworld.host_caseworker)

    # When the caseworker checks everyone in with that date on the arrivals page
    response = c.post(
        reverse("relocation:plan_check_in", args=[travelled.pk]),
        {"next": "arrivals", "arrived_on": f"{arrived:%Y-%m-%d}"},
    )

    # Then the household arrived on that day, and the trip's page says so
    assert _flash(response) == ["Everyone has arrived: the household is checked in."]
    travelled.refresh_from_db()
    assert (travelled.status, travelled.arrived_on) == (PlanStatus.ARRIVED, arrived)
    page = c.get(reverse("relocation:plan_detail", args=[travelled.pk])).content.decode()
    assert f'<dd data-testid="plan-arrived-on">{arrived:%Y-%m-%d}</dd>' in page
    assert page.count(f'<span data-testid="arrived-on">{arrived:%Y-%m-%d}</span>') == 2


def test_a_future_arrival_date_is_refused_on_the_page(client, rworld, travelled):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _login(client, rworld.host_caseworker).post(
        reverse("relocation:plan_check_in", args=[travelled.pk]),
        {"arrived_on": f"{tomorrow:%Y-%m-%d}", "ticket": str(travelled.tickets.first().pk)},
    )
    assert response["Location"] == reverse("relocation:plan_detail", args=[travelled.pk])
    assert _flash(response) == ["The arrival date cannot be in the future."]
    assert not travelled.tickets.filter(checked_in_at__isnull=False).exists()


def test_the_arrival_is_corrected_with_a_reason_on_its_page(client, rworld, travelled):
    # Given a household checked in today that arrived yesterday
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    c = _login(client, rworld.host_caseworker)
    url = reverse("relocation:arrival_correct", args=[travelled.pk])
    assert (
        'data-testid="arrival-correct-link"'
        in c.get(reverse("relocation:plan_detail", args=[travelled.pk])).content.decode()
    )

    # When the caseworker gives the real date without a reason, then with one
    without = c.post(url, {"action": "date", "arrived_on": f"{yesterday:%Y-%m-%d}"})
    response = c.post(
        url,
        {"action": "date", "arrived_on": f"{yesterday:%Y-%m-%d}", "reason": "Night bus."},
    )

    # Then the first is refused beside the reason, the second corrects every traveller
    assert without.status_code == 200
    assert "This field is required." in without.content.decode()
    assert response["Location"] == reverse("relocation:plan_detail", args=[travelled.pk])
    assert _flash(response) == ["Arrival corrected."]
    travelled.refresh_from_db()
    assert travelled.arrived_on == yesterday
    page = c.get(response["Location"]).content.decode()
    assert (
        f"every traveller: {timezone.localdate():%Y-%m-%d} → {yesterday:%Y-%m-%d} · Night bus. · "
        f"{rworld.host_caseworker.username}"
    ) in page


def test_a_check_in_made_by_mistake_is_undone_on_the_page(client, rworld, travelled):
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    ticket = travelled.tickets.order_by("id").last()
    response = _login(client, rworld.coordinator).post(
        reverse("relocation:arrival_correct", args=[travelled.pk]),
        {"action": "undo", "ticket": str(ticket.pk), "reason": "The son travels next week."},
    )
    assert _flash(response) == ["Arrival corrected."]
    travelled.refresh_from_db()
    travelled.household.refresh_from_db()
    assert (travelled.status, travelled.household.status) == (
        PlanStatus.DEPARTED,
        HouseholdStatus.TRAVELLED,
    )
    assert ArrivalCorrection.objects.get().ticket == ticket


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_host_caseworker", 404), ("origin_caseworker", 403), ("auditor", 403)],
)
def test_the_arrival_correction_is_refused_to_others(client, rworld, travelled, who, status):
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    url = reverse("relocation:arrival_correct", args=[travelled.pk])
    c = _login(client, getattr(rworld, who))
    assert c.get(url).status_code == status
    posted = c.post(url, {"action": "undo", "reason": "Mistake."})
    assert posted.status_code == status
    assert not ArrivalCorrection.objects.exists()
    page = c.get(reverse("relocation:plan_detail", args=[travelled.pk]))
    assert 'data-testid="arrival-correct-link"' not in page.content.decode()

"""Writes through the API go through the web's services and land in the audit trail with the
token's owner as the actor."""

import pytest
from auditlog.models import LogEntry

from arraigo.accounts.models import Role
from arraigo.jobs.models import Vacancy
from arraigo.matching.models import MatchingRun
from arraigo.referrals.models import Referral, ReferralStatus
from tests.accounts.factories import UserFactory
from tests.api.builders import referrals
from tests.api.conftest import caller_for
from tests.jobs.factories import EmployerFactory, OccupationFactory, SkillFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _vacancy_body(**fields):
    return {
        "title": "Operadora de línea",
        "occupation_code": "8211",
        "seats": 4,
        "monthly_wage_mxn": "10500.00",
        **fields,
    }


def _actors(obj, action):
    entries = LogEntry.objects.get_for_object(obj).filter(action=action)
    return [entry.actor for entry in entries]


def test_a_company_posts_a_vacancy_for_itself_audited_with_the_tokens_owner():
    OccupationFactory(isco_code="8211")
    skill = SkillFactory(code="forklift")
    hr = UserFactory(role=Role.EMPLOYER)
    caller = caller_for(hr)
    response = caller.send("post", "/vacancies", _vacancy_body(skill_codes=["forklift"]))
    assert response.status_code == 201, response.content
    body = response.json()
    vacancy = Vacancy.objects.get()
    assert body["id"] == vacancy.pk
    assert body["employer_id"] == hr.employer_id
    assert body["monthly_wage_mxn"] == "10500.00"
    assert body["skills"] == [skill.code]
    assert _actors(vacancy, LogEntry.Action.CREATE) == [hr]


def test_a_company_cannot_post_for_another_company():
    OccupationFactory(isco_code="8211")
    caller = caller_for(UserFactory(role=Role.EMPLOYER))
    other = EmployerFactory()
    response = caller.send("post", "/vacancies", _vacancy_body(employer_id=other.pk))
    assert response.status_code == 404
    assert not Vacancy.objects.exists()


def test_staff_say_which_company_and_the_service_checks_the_rest():
    OccupationFactory(isco_code="8211")
    liaison = caller_for(UserFactory(role=Role.EMPLOYER_LIAISON))
    missing = liaison.send("post", "/vacancies", _vacancy_body())
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0]["field"] == "employer_id"
    unknown = liaison.send(
        "post",
        "/vacancies",
        _vacancy_body(employer_id=EmployerFactory().pk, occupation_code="0000"),
    )
    assert unknown.status_code == 422
    assert [d["field"] for d in unknown.json()["error"]["details"]] == ["occupation"]
    assert not Vacancy.objects.exists()


def test_a_company_changes_its_own_vacancy_and_not_anothers():
    OccupationFactory(isco_code="8211")
    hr = UserFactory(role=Role.EMPLOYER)
    caller = caller_for(hr)
    own = VacancyFactory(employer=hr.employer, occupation__isco_code="8211")
    theirs = VacancyFactory(occupation__isco_code="8211")
    changed = caller.send("put", f"/vacancies/{own.pk}", _vacancy_body(seats=9))
    assert changed.status_code == 200, changed.content
    assert changed.json()["seats"] == 9
    own.refresh_from_db()
    assert own.seats == 9
    assert _actors(own, LogEntry.Action.UPDATE) == [hr]
    refused = caller.send("put", f"/vacancies/{theirs.pk}", _vacancy_body(seats=9))
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.seats == 3


def test_a_role_that_cannot_post_vacancies_is_refused_403():
    caller = caller_for(UserFactory(role=Role.AUDITOR))
    assert caller.send("post", "/vacancies", _vacancy_body()).status_code == 403


def test_a_partner_answers_its_referrals_audited_with_the_tokens_owner():
    partner = UserFactory(role=Role.SERVICE_PARTNER)
    referrals(2, user=UserFactory(role=Role.COORDINATOR))
    Referral.objects.update(provider=partner.provider)
    first, second = Referral.objects.order_by("pk")
    caller = caller_for(partner)
    accepted = caller.send("post", f"/referrals/{first.pk}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["household_id"] is None
    assert _actors(first, LogEntry.Action.UPDATE) == [partner]
    again = caller.send("post", f"/referrals/{first.pk}/accept")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    done = caller.send("post", f"/referrals/{first.pk}/complete", {"outcome_note": "Inscrita"})
    assert done.json()["status"] == "completed"
    no_reason = caller.send("post", f"/referrals/{second.pk}/decline", {"reason": ""})
    assert no_reason.status_code == 422
    declined = caller.send("post", f"/referrals/{second.pk}/decline", {"reason": "Sin cupo"})
    assert declined.json()["status"] == "declined"
    second.refresh_from_db()
    assert (second.status, second.decline_reason) == (ReferralStatus.DECLINED, "Sin cupo")


def test_a_caseworker_reads_referrals_but_does_not_answer_them():
    host = UserFactory(role=Role.COORDINATOR)
    referrals(1, user=host)
    referral = Referral.objects.get()
    caller = caller_for(UserFactory(role=Role.AUDITOR))
    assert caller.get(f"/referrals/{referral.pk}").status_code == 200
    assert caller.send("post", f"/referrals/{referral.pk}/accept").status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_coordinator_starts_a_run_through_the_matching_service():
    coordinator = UserFactory(role=Role.COORDINATOR)
    caller = caller_for(coordinator)
    response = caller.send(
        "post",
        "/matching/runs",
        {"period_start": "2026-01-01", "period_end": "2026-12-31", "time_limit": 5},
    )
    assert response.status_code == 202, response.content
    run = MatchingRun.objects.get()
    assert response.json()["id"] == run.pk
    assert run.created_by == coordinator
    assert run.parameters["time_limit"] == 5.0
    assert _actors(run, LogEntry.Action.CREATE) == [coordinator]
    status = caller.get(f"/matching/runs/{run.pk}").json()
    assert status["status"] == run.status


@pytest.mark.parametrize("written", [0, 1767225600, 20260101.0, True])
def test_a_run_s_dates_are_written_as_dates_not_numbers(written):
    # pydantic would read a number as Unix time: 0 started a run on 1970-01-01
    caller = caller_for(UserFactory(role=Role.COORDINATOR))

    response = caller.send(
        "post", "/matching/runs", {"period_start": written, "period_end": "2026-12-31"}
    )

    assert response.status_code == 422
    assert "write the date as YYYY-MM-DD" in response.content.decode()
    assert not MatchingRun.objects.exists()


def test_a_caseworker_may_not_start_a_run():
    caller = caller_for(UserFactory(role=Role.HOST_CASEWORKER))
    response = caller.send(
        "post", "/matching/runs", {"period_start": "2026-01-01", "period_end": "2026-12-31"}
    )
    assert response.status_code == 403
    assert not MatchingRun.objects.exists()

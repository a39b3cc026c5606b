from arraigo.jobs import reservations
from arraigo.matching.selectors import accepted_job_holders


def test_matching_registers_who_holds_a_seat_through_an_accepted_proposal():
    assert reservations._holders == [accepted_job_holders]


def test_without_an_app_that_reserves_seats_nobody_holds_one(db, monkeypatch):
    from arraigo.jobs.models import Vacancy

    monkeypatch.setattr(reservations, "_holders", [])

    assert list(reservations.reservation_holders(Vacancy.objects.all())) == []

"""For every role, a token reaches what its owner reaches on the web: an object out of scope
answers 404 exactly like one that does not exist (never 403, which would say it exists)."""

import pytest
from auditlog.models import LogEntry

from arraigo.accounts.models import Role
from arraigo.api.services import token_create
from tests.accounts.scope_world import ScopeWorld, scope_world
from tests.api.conftest import caller_for

pytestmark = pytest.mark.django_db


def _pk(world: ScopeWorld, side: str, name: str) -> int:
    return getattr(world, side).records[name].pk


# role -> (what its token asks for, its address template); {pk} is the record of each side.
CASES = {
    Role.ORIGIN_CASEWORKER: ("household", "/households/{pk}"),
    Role.HOST_CASEWORKER: ("placement", "/placements/{pk}"),
    Role.EMPLOYER: ("vacancy", "/vacancies/{pk}"),
    Role.SERVICE_PARTNER: ("referral", "/referrals/{pk}"),
}


@pytest.mark.parametrize("role", list(CASES), ids=str)
def test_a_scoped_role_gets_404_for_the_other_sides_record(role):
    world = scope_world()
    caller = caller_for(world.users[role])
    name, address = CASES[role]
    ours = caller.get(address.format(pk=_pk(world, "ours", name)))
    theirs = caller.get(address.format(pk=_pk(world, "theirs", name)))
    assert ours.status_code == 200
    assert theirs.status_code == 404
    assert theirs.json()["error"]["code"] == "not_found"
    refused = LogEntry.objects.filter(additional_data__event="refused").get()
    assert refused.actor == world.users[role]
    assert refused.additional_data["status"] == 404
    assert refused.additional_data["via"] == "api"


def test_a_scoped_role_lists_only_its_own_side():
    world = scope_world()
    origin = caller_for(world.users[Role.ORIGIN_CASEWORKER])
    items = origin.get("/households").json()["items"]
    assert {item["origin_office_id"] for item in items} == {world.ours.office.pk}
    assert "HH-a" in {item["code"] for item in items}
    employer = caller_for(world.users[Role.EMPLOYER])
    vacancies = employer.get("/vacancies").json()["items"]
    assert {v["id"] for v in vacancies} == {_pk(world, "ours", "vacancy")}
    partner = caller_for(world.users[Role.SERVICE_PARTNER])
    referrals = partner.get("/referrals").json()["items"]
    assert [r["id"] for r in referrals] == [_pk(world, "ours", "referral")]


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.EMPLOYER_LIAISON, Role.ME_OFFICER, Role.AUDITOR], ids=str
)
def test_a_national_role_gets_404_for_another_users_token(role):
    """National roles reach every household, company and referral their permissions allow;
    what stays out of their scope is another user's own: their API tokens."""
    world = scope_world()
    user = world.users[role]
    caller = caller_for(user)
    other = token_create(actor=world.users[Role.HOST_CASEWORKER], name="theirs").token
    own = token_create(actor=user, name="spare").token
    refused = caller.send("delete", f"/tokens/{other.pk}")
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    other.refresh_from_db()
    assert other.revoked_at is None
    revoked = caller.send("delete", f"/tokens/{own.pk}")
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"


def test_every_role_is_covered():
    national = {Role.COORDINATOR, Role.EMPLOYER_LIAISON, Role.ME_OFFICER, Role.AUDITOR}
    assert set(CASES) | national == set(Role)

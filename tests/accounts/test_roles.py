"""roles_sync: each role's group holds exactly the permissions ROLE_PERMISSIONS names."""

import pytest
from django.contrib.auth.models import Group, Permission

from arraigo.accounts.models import Role
from arraigo.accounts.roles import ROLE_PERMISSIONS, roles_sync

pytestmark = pytest.mark.django_db


def _held(role: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_every_role_group_holds_exactly_its_permissions():
    roles_sync()
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLE_PERMISSIONS)
    for role, perms in ROLE_PERMISSIONS.items():
        assert _held(role) == set(perms), role


def test_in_step_it_reads_three_times_and_writes_nothing(django_assert_num_queries):
    roles_sync()
    with django_assert_num_queries(3):
        roles_sync()


def test_it_puts_back_a_lost_permission_removes_a_foreign_one_and_a_lost_group():
    coordinator = Group.objects.get(name=Role.COORDINATOR)
    coordinator.permissions.remove(Permission.objects.get(codename="approve_exception"))
    auditor = Group.objects.get(name=Role.AUDITOR)
    auditor.permissions.add(Permission.objects.get(codename="approve_exception"))
    Group.objects.filter(name=Role.EMPLOYER).delete()
    other = Group.objects.create(name="volunteers")
    other.permissions.add(Permission.objects.get(codename="approve_exception"))

    roles_sync()

    assert "registry.approve_exception" in _held(Role.COORDINATOR)
    assert "registry.approve_exception" not in _held(Role.AUDITOR)
    assert _held(Role.EMPLOYER) == set(ROLE_PERMISSIONS[Role.EMPLOYER])
    # A group that is no role is left as it is.
    assert set(other.permissions.values_list("codename", flat=True)) == {"approve_exception"}

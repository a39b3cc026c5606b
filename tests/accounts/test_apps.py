"""Role groups follow ROLE_PERMISSIONS after every migrate."""

from django.contrib.auth.models import Group
from django.core.management import call_command


def test_migrate_gives_each_role_group_its_permissions(db):
    """Given a group that lost a permission, when migrations run, then it is restored."""
    coordinator = Group.objects.get(name="coordinator")
    coordinator.permissions.clear()

    call_command("migrate", verbosity=0)

    assert coordinator.permissions.filter(codename="approve_exception").exists()

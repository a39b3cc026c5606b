from arraigo.accounts.models import Role
from arraigo.demo.banner import demo_accounts_lines
from tests.accounts.factories import UserFactory


def test_banner_lists_demo_accounts_only_with_the_password(db):
    UserFactory(username="demo-auditor", role=Role.AUDITOR)
    UserFactory(username="maria.real", role=Role.COORDINATOR)

    lines = demo_accounts_lines()

    assert lines == [f"{'demo-auditor':<28} Auditor", "demo password: demo1234"]


def test_banner_is_empty_without_demo_accounts(db):
    UserFactory(username="maria.real", role=Role.COORDINATOR)

    assert demo_accounts_lines() == []

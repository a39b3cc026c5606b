"""`arraigo surveys import-kobo`: exit 2 and each problem printed when refused; a summary when
imported."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from arraigo.accounts.models import Role
from arraigo.monitoring.models import FollowUpAnswer
from tests.accounts.factories import UserFactory
from tests.monitoring.kobo_exports import kobo_csv, submission
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, works: str) -> Path:
    members = [{"member": 1, "age": 35, "works": works}, {"member": 2, "age": 30}]
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv([submission("u-1", "HH-A", members)]))
    return path


def test_a_refused_file_exits_2_and_prints_each_row(tmp_path):
    household_with_head(code="HH-A")
    UserFactory(role=Role.COORDINATOR)
    path = _file(tmp_path, "maybe")
    err = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("surveys", "import-kobo", str(path), "--round", "month1", stderr=err)

    assert refused.value.returncode == 2
    assert err.getvalue().splitlines() == [
        f"{path}:2: members/works: yes, no or empty, not 'maybe'",
        f"{path}:3: members/member: no member '2' in household HH-A",
    ]
    assert not FollowUpAnswer.objects.exists()


def test_a_good_file_imports_then_is_skipped(tmp_path):
    household = household_with_head(code="HH-A")
    from tests.registry.factories import PersonFactory

    PersonFactory(household=household, relationship="spouse")
    UserFactory(role=Role.ME_OFFICER, username="me1")
    path = _file(tmp_path, "yes")
    out = io.StringIO()

    call_command(
        "surveys", "import-kobo", str(path), "--round", "month1", "--user", "me1", stdout=out
    )
    call_command(
        "surveys", "import-kobo", str(path), "--round", "month1", "--user", "me1", stdout=out
    )

    assert out.getvalue().splitlines() == [
        f"{path}: 1 submission(s): 1 imported (2 member answers), 0 already imported before",
        f"{path}: 1 submission(s): 0 imported (0 member answers), 1 already imported before",
    ]
    assert FollowUpAnswer.objects.count() == 2


def test_a_user_without_the_permission_is_refused(tmp_path):
    household_with_head(code="HH-A")
    UserFactory(role=Role.HOST_CASEWORKER, username="cw")

    with pytest.raises(CommandError, match="cw: You are not allowed"):
        call_command(
            "surveys",
            "import-kobo",
            str(_file(tmp_path, "yes")),
            "--round",
            "month1",
            "--user",
            "cw",
        )

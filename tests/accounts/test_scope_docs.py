"""The scope table in docs/architecture.md is the policy in accounts/scope.py (cut by the roles'
permissions), not a second copy that can drift from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arraigo.accounts.scope import scope_table

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
TABLE = re.compile(r"<!-- scope-table:[^>]*-->\n(.*?)<!-- /scope-table -->", re.DOTALL)


@pytest.fixture(autouse=True)
def _roles() -> None:
    """No database here: the table is built from the policy and the role definitions."""


def test_the_documented_scope_table_is_the_policy() -> None:
    found = TABLE.search(ARCHITECTURE.read_text(encoding="utf-8"))
    assert found is not None, "docs/architecture.md lost its scope-table markers"
    expected = scope_table()
    assert found.group(1) == expected, (
        "docs/architecture.md's scope table differs from accounts/scope.py; replace it with:\n"
        + expected
    )


def test_the_table_reads_like_the_rule() -> None:
    rows = {line.split(" | ")[0].lstrip("| "): line for line in scope_table().splitlines()}
    assert rows["origin caseworker"].startswith("| origin caseworker | their office's | none |")
    assert rows["M&E officer"].startswith("| M&E officer | all, pseudonymised, read-only | none |")
    assert rows["service partner"] == (
        "| service partner | none | none | their organisation's | none "
        "| their organisation's, read-only | none | none |"
    )

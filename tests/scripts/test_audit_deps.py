"""scripts/audit_deps.py: exceptions, pip-audit's report, and the exit status make lint reads."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_deps.py"
TODAY = dt.date(2026, 12, 5)


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


audit = script()

ACCEPTED = """
[[exception]]
id = "GHSA-aaaa"
package = "Example"
reason = "Only its command-line tool is affected."
until = 2027-01-31
"""

CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {"name": "example", "version": "1.0", "vulns": [{"id": "GHSA-aaaa"}, {"id": "PYSEC-1"}]},
    ]
}
UNCHECKED = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI: django (5.2.19)"},
        {"name": "six", "version": "1.17.0", "vulns": []},
    ]
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audit-exceptions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_exception_in_date_is_accepted(tmp_path):
    accepted, problems = audit.exceptions_load(write(tmp_path, ACCEPTED), TODAY)

    assert problems == []
    assert accepted == [
        audit.Accepted(
            "GHSA-aaaa", "example", "Only its command-line tool is affected.", dt.date(2027, 1, 31)
        )
    ]


def test_an_exception_past_its_date_is_a_problem(tmp_path):
    accepted, problems = audit.exceptions_load(write(tmp_path, ACCEPTED), dt.date(2027, 2, 1))

    assert accepted == []
    assert problems == [
        "audit-exceptions.toml, exception 1: GHSA-aaaa (Example) was accepted until 2027-01-31; "
        "upgrade the package or review the exception"
    ]


def test_an_exception_without_a_reason_or_date_is_a_problem(tmp_path):
    path = write(tmp_path, '[[exception]]\nid = "X"\npackage = "p"\nuntil = "soon"\n')
    _, missing = audit.exceptions_load(path, TODAY)
    path = write(tmp_path, '[[exception]]\nid = "X"\npackage = "p"\nreason = "r"\nuntil = "soon"\n')
    _, not_a_date = audit.exceptions_load(path, TODAY)

    assert missing == ["audit-exceptions.toml, exception 1: missing reason"]
    assert not_a_date == [
        "audit-exceptions.toml, exception 1: until must be a date such as 2027-03-31"
    ]


def test_a_file_that_is_not_toml_is_a_problem(tmp_path):
    _, problems = audit.exceptions_load(write(tmp_path, "[[exception]\n"), TODAY)

    assert len(problems) == 1
    assert problems[0].startswith("audit-exceptions.toml: not valid TOML")


def test_the_projects_exceptions_file_is_usable():
    _, problems = audit.exceptions_load(audit.EXCEPTIONS, TODAY)

    assert problems == []


def test_only_vulnerabilities_without_an_exception_are_reported(tmp_path):
    accepted, _ = audit.exceptions_load(write(tmp_path, ACCEPTED), TODAY)
    found = audit.findings_read(VULNERABLE)

    assert found.checked == 2
    assert audit.unaccepted(found, accepted) == ["example 1.0: PYSEC-1"]


def test_unchecked_packages_are_counted_not_passed():
    found = audit.findings_read(UNCHECKED)

    assert found.checked == 1
    assert found.unchecked == {"django": "Dependency not found on PyPI: django (5.2.19)"}


@pytest.fixture
def reports(monkeypatch, tmp_path):
    """main() with pip-audit answering `reports[service]` and ACCEPTED as the exceptions."""
    answers: dict[str, object] = {}
    monkeypatch.setattr(audit, "pip_audit", lambda lock, service: answers.get(service))
    monkeypatch.setattr(audit, "EXCEPTIONS", write(tmp_path, ACCEPTED))
    return answers


def test_a_clean_audit_passes(reports):
    reports["pypi"] = CLEAN

    assert audit.main(["--today", "2026-12-05"]) == 0


def test_a_vulnerability_without_an_exception_fails(reports, capsys):
    reports["pypi"] = VULNERABLE

    assert audit.main(["--today", "2026-12-05"]) == 1
    assert "audit: requirements.lock: example 1.0: PYSEC-1" in capsys.readouterr().err


def test_an_incomplete_audit_warns_and_fails_only_when_strict(reports, capsys):
    reports["pypi"] = UNCHECKED
    reports["osv"] = UNCHECKED

    assert audit.main(["--today", "2026-12-05"]) == 0
    assert "audit: INCOMPLETE" in capsys.readouterr().err
    assert audit.main(["--today", "2026-12-05", "--strict"]) == 1


def test_osv_checks_what_pypi_could_not(reports, capsys):
    reports["pypi"] = UNCHECKED
    reports["osv"] = CLEAN

    assert audit.main(["--today", "2026-12-05", "--strict"]) == 0
    assert "requirements.lock: 1 of 1 packages checked" in capsys.readouterr().out


def test_pip_audit_that_cannot_run_is_its_own_status(reports):
    assert audit.main(["--today", "2026-12-05"]) == 2

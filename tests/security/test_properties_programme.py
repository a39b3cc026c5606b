"""Property-based tests of the programme folder's checked YAML files: `arraigo check` reports a
file it cannot use, it never stops with a traceback.

Paths covered (each through the system check `arraigo check` runs, on a copy of the folder
with one file spoiled):
- eligibility.yaml: registry/eligibility/loader.py `ruleset_load` (checks.py
  `eligibility_rules_check`, through registry/checks.py `programme_files_check`);
- monitoring.yaml: monitoring/programme.py `rules_parse` (`monitoring_rules_check`);
- surveys.yaml: monitoring/instruments.py `instruments_parse` (`survey_instruments_check`);
- relocation.yaml: relocation/rules.py `rules_load` (`relocation_rules_check`);
- security.yaml: accounts/security_rules.py (`security_rules_check`).

Spoiled how: the YAML read and one node somewhere in it replaced by another kind of value
(text, a number out of range, a list, a mapping, nothing) or removed; or the file's bytes cut,
changed, or written in another encoding.

Property: the check returns a list of errors (empty when the spoiled file still makes sense),
never raises; an untouched folder gives none.

Not covered: document_types.yaml is loaded by a migration (0003); integration_plan.yaml,
employment.yaml, feedback.yaml, protection_status.yaml, outcome_priors.yaml and the tenure
codes have no check of their own yet (a spoiled one fails where it is first read).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings as django_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from arraigo.accounts.checks import security_rules_check
from arraigo.monitoring import instruments, programme
from arraigo.monitoring.checks import monitoring_rules_check, survey_instruments_check
from arraigo.registry.checks import programme_files_check
from arraigo.relocation.checks import relocation_rules_check

from .properties import nasty_text

SOURCE = Path(django_settings.ARRAIGO_PROGRAMME_DIR)
CHECKS = {
    "eligibility.yaml": lambda: programme_files_check(None),
    "monitoring.yaml": monitoring_rules_check,
    "surveys.yaml": survey_instruments_check,
    "relocation.yaml": relocation_rules_check,
    "security.yaml": security_rules_check,
}
NODES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    nasty_text,
    st.lists(st.integers(-5, 5) | nasty_text, max_size=3),
    st.dictionaries(nasty_text, st.integers(-5, 5) | nasty_text, max_size=2),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("programme") / "mx_pil"
    shutil.copytree(SOURCE, copy)
    return copy


@pytest.fixture
def programme_dir(settings, folder):
    settings.ARRAIGO_PROGRAMME_DIR = folder
    return folder


def _paths(data: Any, at: tuple = ()) -> list[tuple]:
    """Every node's path in a YAML document (keys and list positions)."""
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*at, index))
    return found


def _replaced(data: Any, path: tuple, value: Any, remove: bool) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if not rest and remove:
            copy.pop(head, None)
        else:
            copy[head] = _replaced(data[head], rest, value, remove)
        return copy
    copy_list = list(data)
    if not rest and remove:
        del copy_list[head]
    else:
        copy_list[head] = _replaced(data[head], rest, value, remove)
    return copy_list


def _check(name: str) -> list:
    programme._load.cache_clear()
    instruments._load.cache_clear()
    return CHECKS[name]()


def test_the_shipped_folder_passes_every_check(programme_dir):
    assert {name: _check(name) for name in CHECKS} == {name: [] for name in CHECKS}


@settings(max_examples=100)
@given(name=st.sampled_from(sorted(CHECKS)), data=st.data())
def test_a_file_with_one_node_spoiled_is_reported_not_a_crash(programme_dir, name, data):
    original = (SOURCE / name).read_text(encoding="utf-8")
    document = yaml.safe_load(original)
    path = data.draw(st.sampled_from(_paths(document)))
    spoiled = _replaced(document, path, data.draw(NODES), remove=data.draw(st.booleans()))
    target = programme_dir / name
    try:
        target.write_text(yaml.safe_dump(spoiled, allow_unicode=True), encoding="utf-8")
        errors = _check(name)
        assert isinstance(errors, list)
    finally:
        target.write_text(original, encoding="utf-8")


@settings(max_examples=40)
@given(name=st.sampled_from(sorted(CHECKS)), data=st.data())
def test_a_file_whose_bytes_are_spoiled_is_reported_not_a_crash(programme_dir, name, data):
    original = (SOURCE / name).read_bytes()
    how = data.draw(st.sampled_from(["cut", "byte", "latin-1", "utf-16", "tabs", "empty"]))
    if how == "cut":
        content = original[: data.draw(st.integers(0, len(original)))]
    elif how == "byte":
        at = data.draw(st.integers(0, len(original) - 1))
        content = original[:at] + bytes([data.draw(st.integers(0, 255))]) + original[at + 1 :]
    elif how in ("latin-1", "utf-16"):
        content = (original.decode() + "\n# Pérez\n").encode(how)
    elif how == "tabs":
        content = original.replace(b"  ", b"\t", 1)
    else:
        content = b""
    target = programme_dir / name
    try:
        target.write_bytes(content)
        errors = _check(name)
        assert isinstance(errors, list)
    finally:
        target.write_bytes(original)


# Found by the properties above: each stopped `arraigo check` with a traceback.
FOUND = [
    ("surveys.yaml", ("instruments", 1, "questions", 0), []),  # TypeError: unhashable list
    ("surveys.yaml", ("questions", "works", "level"), []),
    ("eligibility.yaml", ("exceptions", 0, "replaces", 0), []),
]


@pytest.mark.parametrize(("name", "path", "value"), FOUND)
def test_a_value_of_another_kind_is_an_error_of_the_check(programme_dir, name, path, value):
    original = (SOURCE / name).read_text(encoding="utf-8")
    spoiled = _replaced(yaml.safe_load(original), path, value, remove=False)
    target = programme_dir / name
    try:
        target.write_text(yaml.safe_dump(spoiled, allow_unicode=True), encoding="utf-8")
        errors = _check(name)
        assert len(errors) == 1
        assert "a value of the wrong kind" in errors[0].msg
    finally:
        target.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_a_file_saved_in_latin_1_is_an_error_of_the_check(programme_dir, name):
    original = (SOURCE / name).read_bytes()
    target = programme_dir / name
    try:
        target.write_bytes((original.decode() + "\n# Pérez\n").encode("latin-1"))
        errors = _check(name)
        assert len(errors) == 1
        assert "UTF-8" in errors[0].msg.upper()
    finally:
        target.write_bytes(original)

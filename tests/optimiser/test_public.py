"""The optimiser's public names: exactly these, and each one importable from the package."""

import importlib

import arraigo.optimiser

PUBLIC = [
    "City",
    "GroupFloor",
    "Household",
    "Instance",
    "InstanceError",
    "Method",
    "Params",
    "Result",
    "ResultError",
    "Status",
    "Vacancy",
    "instance_check",
    "place",
    "result_check",
    "solve",
]


def test_the_package_exports_exactly_its_public_names():
    assert arraigo.optimiser.__all__ == PUBLIC


def test_every_public_name_imports():
    package = importlib.import_module("arraigo.optimiser")
    for name in PUBLIC:
        assert getattr(package, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from arraigo.optimiser import *", namespace)  # noqa: S102 - fixed code
    assert sorted(n for n in namespace if not n.startswith("__")) == sorted(PUBLIC)


def test_method_values_are_what_the_command_line_and_run_parameters_spell():
    from arraigo.optimiser import Method

    assert [m.value for m in Method] == ["auto", "exact", "columns", "greedy"]
    assert Method("columns") is Method.COLUMNS

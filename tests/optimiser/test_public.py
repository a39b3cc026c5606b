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


def test_mypy_holds_the_optimiser_to_the_strict_flags():
    """pyproject.toml lists, for the optimiser's modules, every per-module flag --strict turns
    on (a per-module `strict = true` is not honoured module by module). Checked by hand: an
    untyped `def f(x): return x` in the package fails `mypy` with [no-untyped-def]."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    overrides = [
        o for o in config["tool"]["mypy"]["overrides"] if "arraigo.optimiser.*" in o["module"]
    ]
    assert len(overrides) == 1
    assert {k: v for k, v in overrides[0].items() if k != "module"} == {
        "disallow_any_generics": True,
        "disallow_subclassing_any": True,
        "disallow_untyped_calls": True,
        "disallow_untyped_defs": True,
        "disallow_incomplete_defs": True,
        "check_untyped_defs": True,
        "disallow_untyped_decorators": True,
        "warn_unused_ignores": True,
        "warn_return_any": True,
        "implicit_reexport": False,
        "strict_equality": True,
        "extra_checks": True,
    }
    assert overrides[0]["module"] == ["arraigo.optimiser", "arraigo.optimiser.*"]

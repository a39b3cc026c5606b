"""The programme's relocation rules and grant tables, read from relocation.yaml."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

RULES_FILENAME = "relocation.yaml"


class RelocationRulesError(ValueError):
    """The rules file is missing, unreadable or wrong; the message says where."""


@dataclass(frozen=True)
class GrantTableRow:
    version: str
    effective_from: dt.date
    base_amount: Decimal
    per_additional_member: Decimal
    cap: Decimal
    currency: str
    demo: bool
    note: str


@dataclass(frozen=True)
class RelocationRules:
    no_show_days: int
    lodging_max_nights: int
    lodging_max_extension_nights: int  # the ceiling of the extra nights coordinators approve
    grant_tables: tuple[GrantTableRow, ...]  # oldest first


def rules_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME


def _money(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise RelocationRulesError(f"{where} is not an amount: {value!r}") from exc
    if amount < 0:
        raise RelocationRulesError(f"{where} is negative: {value!r}")
    return amount


def _whole(data: dict[str, Any], key: str, minimum: int) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RelocationRulesError(f"{key} must be a whole number of at least {minimum}")
    return value


def _table(item: Any, n: int) -> GrantTableRow:
    where = f"grant_tables[{n}]"
    if not isinstance(item, dict):
        raise RelocationRulesError(f"{where} is not a mapping")
    for key in ("version", "effective_from", "base_amount", "per_additional_member", "cap"):
        if key not in item:
            raise RelocationRulesError(f"{where} has no {key}")
    if not isinstance(item["effective_from"], dt.date):
        raise RelocationRulesError(f"{where}.effective_from is not a date (YYYY-MM-DD)")
    return GrantTableRow(
        version=str(item["version"]),
        effective_from=item["effective_from"],
        base_amount=_money(item["base_amount"], f"{where}.base_amount"),
        per_additional_member=_money(
            item["per_additional_member"], f"{where}.per_additional_member"
        ),
        cap=_money(item["cap"], f"{where}.cap"),
        currency=str(item.get("currency", "MXN")),
        demo=bool(item.get("demo", False)),
        note=str(item.get("note", "")),
    )


def rules_parse(data: Any) -> RelocationRules:
    if not isinstance(data, dict):
        raise RelocationRulesError("the relocation rules must be a mapping")
    items = data.get("grant_tables")
    if not isinstance(items, list) or not items:
        raise RelocationRulesError("grant_tables must list at least one table")
    tables = sorted(
        (_table(item, n) for n, item in enumerate(items)), key=lambda t: t.effective_from
    )
    versions = [t.version for t in tables]
    if len(set(versions)) != len(versions):
        raise RelocationRulesError("grant_tables: a version appears twice")
    return RelocationRules(
        no_show_days=_whole(data, "no_show_days", 1),
        lodging_max_nights=_whole(data, "lodging_max_nights", 0),
        lodging_max_extension_nights=_whole(data, "lodging_max_extension_nights", 0),
        grant_tables=tuple(tables),
    )


def rules_load(path: Path) -> RelocationRules:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RelocationRulesError(f"Cannot read the relocation rules at {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise RelocationRulesError(f"The relocation rules at {path} are not valid YAML") from exc
    return rules_parse(data)


@functools.lru_cache(maxsize=4)
def _cached(path: Path) -> RelocationRules:
    return rules_load(path)


def rules_current() -> RelocationRules:
    """The programme's rules, read once per process (per path)."""
    return _cached(rules_path().resolve())


def rules_cache_clear() -> None:
    _cached.cache_clear()

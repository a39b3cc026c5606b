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

from arraigo.core.programme_files import wrong_kinds_as

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
    modality: str = "relocation"


# When a modality's grant may be paid (see relocation.yaml, grant_rules).
ON_ARRIVAL, BEFORE_TRAVEL, ON_APPROVAL = "on_arrival", "before_travel", "on_approval"
DISBURSE_RULES = (ON_ARRIVAL, BEFORE_TRAVEL, ON_APPROVAL)
TRIP_RULES = (ON_ARRIVAL, BEFORE_TRAVEL)  # rules that need a trip (relocation plan)


@dataclass(frozen=True)
class GrantRule:
    """A modality's grant rule: when it may be paid and who may get one."""

    modality: str
    disburse: str  # one of DISBURSE_RULES
    days_before_travel: int = 0  # before_travel only
    statuses: tuple[str, ...] = ()  # household statuses that may get one (no-trip modalities)

    @property
    def needs_trip(self) -> bool:
        return self.disburse in TRIP_RULES


@dataclass(frozen=True)
class RelocationRules:
    no_show_days: int
    lodging_max_nights: int
    lodging_max_extension_nights: int  # the ceiling of the extra nights coordinators approve
    grant_tables: tuple[GrantTableRow, ...]  # oldest first
    grant_rules: tuple[GrantRule, ...] = ()

    def grant_rule(self, modality: str) -> GrantRule | None:
        """The grant rule of `modality`; None: that modality gets no grant."""
        return next((rule for rule in self.grant_rules if rule.modality == modality), None)

    def tables_for(self, modality: str) -> tuple[GrantTableRow, ...]:
        return tuple(row for row in self.grant_tables if row.modality == modality)


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
        modality=str(item.get("modality", "relocation")),
    )


def _grant_rule(modality: str, item: Any) -> GrantRule:
    where = f"grant_rules.{modality}"
    if not isinstance(item, dict):
        raise RelocationRulesError(f"{where} is not a mapping")
    disburse = item.get("disburse")
    if disburse not in DISBURSE_RULES:
        raise RelocationRulesError(f"{where}.disburse must be one of {', '.join(DISBURSE_RULES)}")
    days = 0
    if disburse == BEFORE_TRAVEL:
        days = _whole(item, "days", 0)
    statuses = item.get("statuses", [])
    if not isinstance(statuses, list) or not all(isinstance(s, str) for s in statuses):
        raise RelocationRulesError(f"{where}.statuses must list household statuses")
    if disburse not in TRIP_RULES and not statuses:
        raise RelocationRulesError(f"{where} has no trip: list the statuses that may get a grant")
    return GrantRule(
        modality=str(modality),
        disburse=disburse,
        days_before_travel=days,
        statuses=tuple(statuses),
    )


def _grant_rules(data: dict[str, Any]) -> tuple[GrantRule, ...]:
    """Without grant_rules (older files): relocation only, paid on arrival."""
    items = data.get("grant_rules", {"relocation": {"disburse": ON_ARRIVAL}})
    if not isinstance(items, dict) or not items:
        raise RelocationRulesError("grant_rules must give a rule per modality")
    return tuple(_grant_rule(str(modality), item) for modality, item in items.items())


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
    grant_rules = _grant_rules(data)
    modalities = {rule.modality for rule in grant_rules}
    for table in tables:
        if table.modality not in modalities:
            raise RelocationRulesError(
                f"grant table {table.version} is for {table.modality}, which has no grant_rules"
            )
    return RelocationRules(
        no_show_days=_whole(data, "no_show_days", 1),
        lodging_max_nights=_whole(data, "lodging_max_nights", 0),
        lodging_max_extension_nights=_whole(data, "lodging_max_extension_nights", 0),
        grant_tables=tuple(tables),
        grant_rules=grant_rules,
    )


def rules_load(path: Path) -> RelocationRules:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RelocationRulesError(f"Cannot read the relocation rules at {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise RelocationRulesError(f"The relocation rules at {path} are not valid YAML") from exc
    except UnicodeDecodeError as exc:
        raise RelocationRulesError(f"The relocation rules at {path} are not UTF-8") from exc
    with wrong_kinds_as(RelocationRulesError):
        return rules_parse(data)


@functools.lru_cache(maxsize=4)
def _cached(path: Path) -> RelocationRules:
    return rules_load(path)


def rules_current() -> RelocationRules:
    """The programme's rules, read once per process (per path)."""
    return _cached(rules_path().resolve())


def rules_cache_clear() -> None:
    _cached.cache_clear()

import dataclasses

import pytest

from arraigo.relocation.rules import BEFORE_TRAVEL, GrantRule, rules_current

from .factories import RelocationWorld, relocation_world


@pytest.fixture
def rworld(db: None) -> RelocationWorld:
    return relocation_world()


@pytest.fixture
def paid_before_travel(monkeypatch: pytest.MonkeyPatch) -> GrantRule:
    """The programme's rules as data, changed: relocation grants are paid from 7 days before
    travel (instead of on arrival), so a grant may be paid for a trip that then never happens."""
    rules = rules_current()
    rule = GrantRule(modality="relocation", disburse=BEFORE_TRAVEL, days_before_travel=7)
    others = tuple(r for r in rules.grant_rules if r.modality != "relocation")
    changed = dataclasses.replace(rules, grant_rules=(rule, *others))
    monkeypatch.setattr("arraigo.relocation.services.grant_timing.rules_current", lambda: changed)
    return rule

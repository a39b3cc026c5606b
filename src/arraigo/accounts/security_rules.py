"""The programme's security rules: ARRAIGO_PROGRAMME_DIR/security.yaml, optional (DEFAULTS
where it says nothing, all of them without it), refused by `arraigo check` when it holds a key
or value it cannot use (checks.py).

    sign_in:            # accounts.lockout
      failures_before_lock: 5
      address_failures_before_lock: 20
      lock_minutes: 30
    sessions:           # accounts.sessions
      idle_minutes: 30
      end_at_browser_close: [coordinator, auditor, me_officer]
    second_factor:      # accounts.second_factor
      required_roles: [coordinator, auditor, me_officer]

The second factor is always required of coordinators, auditors and M&E officers (the roles
that see the most): a `required_roles` that leaves one of them out is refused, as is an
unknown role. Other roles may be added.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from arraigo.core.programme_files import wrong_kinds_as

from .models import Role

RULES_FILENAME = "security.yaml"
SIGN_IN_DEFAULTS = {
    "failures_before_lock": 5,
    "address_failures_before_lock": 20,
    "lock_minutes": 30,
}
SIGN_IN_LIMITS = {
    "failures_before_lock": (1, 100),
    "address_failures_before_lock": (1, 10_000),
    "lock_minutes": (1, 7 * 24 * 60),
}
IDLE_MINUTES = (5, 24 * 60)
DEFAULT_IDLE_MINUTES = 30
DEFAULT_BROWSER_CLOSE = (Role.COORDINATOR, Role.AUDITOR, Role.ME_OFFICER)
# The roles that always need a second factor, whatever the programme lists (issue #15).
ALWAYS_SECOND_FACTOR = (Role.COORDINATOR, Role.AUDITOR, Role.ME_OFFICER)
SECTIONS = {"sign_in", "sessions", "second_factor"}


class SecurityRulesError(ValueError):
    """security.yaml cannot be used as it is."""


@dataclass(frozen=True)
class SignInRules:
    failures_before_lock: int
    address_failures_before_lock: int
    lock_minutes: int


@dataclass(frozen=True)
class SessionRules:
    idle_minutes: int
    end_at_browser_close: tuple[str, ...]  # roles


@dataclass(frozen=True)
class SecondFactorRules:
    required_roles: tuple[str, ...]


@dataclass(frozen=True)
class SecurityRules:
    sign_in: SignInRules
    sessions: SessionRules
    second_factor: SecondFactorRules


def rules_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME


def _whole(section: str, key: str, value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise SecurityRulesError(f"{section}.{key} must be a whole number {low}-{high}")
    return value


def _mapping(data: dict[str, Any], section: str, keys: set[str]) -> dict[str, Any]:
    found = data.get(section, {})
    if not isinstance(found, dict):
        raise SecurityRulesError(f"{section} must be a mapping")
    unknown = set(found) - keys
    if unknown:
        raise SecurityRulesError(f"{section}: unknown keys {sorted(unknown)}")
    return found


def _sign_in(data: dict[str, Any]) -> SignInRules:
    given = _mapping(data, "sign_in", set(SIGN_IN_DEFAULTS))
    values = dict(SIGN_IN_DEFAULTS)
    for key, value in given.items():
        values[key] = _whole("sign_in", key, value, *SIGN_IN_LIMITS[key])
    return SignInRules(**values)


def _sessions(data: dict[str, Any]) -> SessionRules:
    given = _mapping(data, "sessions", {"idle_minutes", "end_at_browser_close"})
    idle = _whole(
        "sessions", "idle_minutes", given.get("idle_minutes", DEFAULT_IDLE_MINUTES), *IDLE_MINUTES
    )
    roles = given.get("end_at_browser_close", list(DEFAULT_BROWSER_CLOSE))
    if not isinstance(roles, list) or any(role not in Role.values for role in roles):
        raise SecurityRulesError(
            f"sessions.end_at_browser_close must list roles among {sorted(Role.values)}"
        )
    return SessionRules(idle, tuple(str(role) for role in roles))


def _second_factor(data: dict[str, Any]) -> SecondFactorRules:
    given = _mapping(data, "second_factor", {"required_roles"})
    roles = given.get("required_roles", list(ALWAYS_SECOND_FACTOR))
    if not isinstance(roles, list) or any(
        not isinstance(role, str) or role not in Role.values for role in roles
    ):
        raise SecurityRulesError(
            f"second_factor.required_roles must list roles among {sorted(Role.values)}"
        )
    missing = [str(role) for role in ALWAYS_SECOND_FACTOR if role not in roles]
    if missing:
        raise SecurityRulesError(
            f"second_factor.required_roles must include {missing}: coordinators, auditors "
            "and M&E officers always need a second factor"
        )
    return SecondFactorRules(tuple(dict.fromkeys(str(role) for role in roles)))


@functools.cache
def _load(path: Path) -> SecurityRules:
    with wrong_kinds_as(SecurityRulesError):
        return _parse(path)


def _parse(path: Path) -> SecurityRules:
    data: Any = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SecurityRulesError("the file must be a mapping (sign_in:, sessions:, second_factor:)")
    unknown = set(data) - SECTIONS
    if unknown:
        raise SecurityRulesError(f"unknown sections {sorted(unknown)}")
    return SecurityRules(_sign_in(data), _sessions(data), _second_factor(data))


def security_rules() -> SecurityRules:
    return _load(rules_path())


def rules_problem() -> str | None:
    """Why security.yaml cannot be used, or None (arraigo check)."""
    try:
        _load.__wrapped__(rules_path())
    except (SecurityRulesError, yaml.YAMLError) as exc:
        return str(exc)
    return None

"""Known vulnerabilities in the locked dependencies (make lint): pip-audit over both lock files.

Every pinned package of requirements.lock and requirements-dev.lock is looked up in a
vulnerability database: PyPI's, then OSV's when PyPI's cannot answer for some packages. A
vulnerability fails the audit unless deploy/audit-exceptions.toml accepts it, with a reason
and a date until which it is accepted; an exception past its date, or without a reason, fails
the audit too, so none is forgotten.

pip-audit reports "No known vulnerabilities found" even when it could check no package (its
database unreachable, as on an offline machine). This script counts the packages it could not
check and says so: with --strict (make lint AUDIT_STRICT=1, for a release) an incomplete audit
fails; without it, it is a warning and the exit status is 0.

Exit status: 0 clean (or incomplete without --strict), 1 vulnerabilities or bad exceptions
(or incomplete with --strict), 2 pip-audit itself could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = (ROOT / "requirements.lock", ROOT / "requirements-dev.lock")
EXCEPTIONS = ROOT / "deploy" / "audit-exceptions.toml"
SERVICES = ("pypi", "osv")


@dataclass(frozen=True)
class Accepted:
    """A known vulnerability the programme accepts for a while, and why."""

    id: str
    package: str
    reason: str
    until: dt.date


@dataclass
class Findings:
    """What one audit of one lock file found."""

    vulnerable: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    unchecked: dict[str, str] = field(default_factory=dict)
    checked: int = 0


def exceptions_load(path: Path, today: dt.date) -> tuple[list[Accepted], list[str]]:
    """The accepted vulnerabilities of `path`, and the problems that make the file unusable."""
    if not path.exists():
        return [], []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{path.name}: not valid TOML ({exc})"]
    accepted: list[Accepted] = []
    problems: list[str] = []
    for number, entry in enumerate(data.get("exception", []), start=1):
        where = f"{path.name}, exception {number}"
        missing = [key for key in ("id", "package", "reason", "until") if not entry.get(key)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        until = entry["until"]
        if not isinstance(until, dt.date):
            problems.append(f"{where}: until must be a date such as 2027-03-31")
            continue
        if until < today:
            problems.append(
                f"{where}: {entry['id']} ({entry['package']}) was accepted until {until}; "
                "upgrade the package or review the exception"
            )
            continue
        accepted.append(Accepted(entry["id"], entry["package"].lower(), entry["reason"], until))
    return accepted, problems


def findings_read(report: dict[str, object]) -> Findings:
    """Vulnerable packages and unchecked ones from pip-audit's JSON report."""
    found = Findings()
    for dep in report.get("dependencies", []):  # type: ignore[attr-defined]
        name = str(dep["name"]).lower()
        if dep.get("skip_reason"):
            found.unchecked[name] = str(dep["skip_reason"])
            continue
        found.checked += 1
        ids = [str(vuln["id"]) for vuln in dep.get("vulns", [])]
        if ids:
            found.vulnerable[(name, str(dep.get("version", "")))] = ids
    return found


def unaccepted(found: Findings, accepted: list[Accepted]) -> list[str]:
    """One line per vulnerability that no exception accepts."""
    allowed = {(item.package, item.id) for item in accepted}
    lines = []
    for (name, version), ids in sorted(found.vulnerable.items()):
        for vuln_id in ids:
            if (name, vuln_id) not in allowed:
                lines.append(f"{name} {version}: {vuln_id}")
    return lines


def pip_audit(lock: Path, service: str) -> dict[str, object] | None:
    """pip-audit's JSON report of `lock` from `service`, or None when it could not run."""
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--requirement",
        str(lock),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        service,
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        return json.loads(done.stdout)  # type: ignore[no-any-return]
    except json.JSONDecodeError:
        return None


def lock_audit(lock: Path) -> Findings | None:
    """The most complete audit of `lock` the services give (PyPI first, OSV for what is left)."""
    best: Findings | None = None
    for service in SERVICES:
        report = pip_audit(lock, service)
        if report is None:
            continue
        found = findings_read(report)
        if best is None or len(found.unchecked) < len(best.unchecked):
            best = found
        if not found.unchecked:
            break
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="fail when a package is unchecked")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=dt.datetime.now(dt.UTC).date()
    )
    args = parser.parse_args(argv)

    accepted, problems = exceptions_load(EXCEPTIONS, args.today)
    incomplete = False
    for lock in LOCKS:
        found = lock_audit(lock)
        if found is None:
            print(f"audit: pip-audit could not run on {lock.name}", file=sys.stderr)
            return 2
        problems += [f"{lock.name}: {line}" for line in unaccepted(found, accepted)]
        total = found.checked + len(found.unchecked)
        print(f"audit: {lock.name}: {found.checked} of {total} packages checked")
        if found.unchecked:
            incomplete = True
            first = next(iter(found.unchecked.values()))
            print(
                f"audit: {len(found.unchecked)} packages of {lock.name} could not be checked "
                f"(no vulnerability database answered; first: {first})",
                file=sys.stderr,
            )
    for problem in problems:
        print(f"audit: {problem}", file=sys.stderr)
    if problems:
        return 1
    if incomplete:
        print(
            "audit: INCOMPLETE. Run it where PyPI's or OSV's vulnerability data can be reached "
            "(make lint AUDIT_STRICT=1 fails on this).",
            file=sys.stderr,
        )
        return 1 if args.strict else 0
    print("audit: no known vulnerabilities beyond deploy/audit-exceptions.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What checking a file found: problems (each refuses the file) and likely duplicates (shown
before anything is written, then recorded for a coordinator to review)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Problems kept on an import: a file wrong everywhere (a date format in every row) would
# otherwise keep hundreds of thousands; the first ones show what to fix.
KEPT_PROBLEMS = 10_000


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, where it is: the row as a spreadsheet numbers it (the header is row 1),
    the column's name ("" for the whole row or file) and the reason in the user's language."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.row}:{self.column}" if self.column else f"{self.row}"
        return f"{where}: {self.message}"

    def as_list(self) -> list[Any]:
        return [self.row, self.column, self.message]


@dataclass
class Report:
    """Problems, likely duplicates and counts of one check (and, once written, the counts
    written). Stored on the import as `as_json()`."""

    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # recognised as imported before: left as they are
    written: dict[str, int] = field(default_factory=dict)
    problem_count: int = 0  # all of them, when more than KEPT_PROBLEMS were found

    def fail(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def as_json(self) -> dict[str, Any]:
        return {
            "problems": [p.as_list() for p in sorted(self.problems)[:KEPT_PROBLEMS]],
            "problem_count": len(self.problems),
            "duplicates": [p.as_list() for p in sorted(self.duplicates)],
            "counts": self.counts,
            "skipped": self.skipped,
            "written": self.written,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            problems=[Problem(*p) for p in data.get("problems", [])],
            duplicates=[Problem(*p) for p in data.get("duplicates", [])],
            counts=dict(data.get("counts", {})),
            skipped=int(data.get("skipped", 0)),
            written=dict(data.get("written", {})),
            problem_count=int(data.get("problem_count", len(data.get("problems", [])))),
        )

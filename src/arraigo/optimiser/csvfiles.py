"""The plain-file instance format (shared/benchmarks/README.md): read, check, write.

households.csv: household_id, then one integer column per capacity dimension.
locations.csv:  location_id, then the same dimension columns (capacity).
scores.csv:     household_id, location_id, score; an absent pair is incompatible.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from .instance import City, Household, Instance


class InstanceFileError(ValueError):
    """A file is wrong; the message names the file, the row and the reason."""

    def __init__(self, path: Path, row: int | None, reason: str) -> None:
        where = f"{path.name}, row {row}" if row is not None else path.name
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.row = row
        self.reason = reason


def _rows(path: Path, required: list[str]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if not path.exists():
        raise InstanceFileError(path, None, "file not found")
    try:
        return _rows_read(path, required)
    except UnicodeDecodeError as exc:
        raise InstanceFileError(path, None, f"not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:  # a cell over csv's field limit, for one
        raise InstanceFileError(path, None, f"not a readable CSV file: {exc}") from None


def _rows_read(
    path: Path, required: list[str]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in (reader.fieldnames or [])]
        missing = [name for name in required if name not in header]
        if missing:
            raise InstanceFileError(path, 1, f"missing column {', '.join(missing)}")
        reader.fieldnames = header
        # Row numbers as a spreadsheet shows them: the header is row 1.
        return header, [(number, row) for number, row in enumerate(reader, start=2)]


def _integer(path: Path, row: int, column: str, text: str | None) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise InstanceFileError(path, row, f"{column} is not a whole number: {text!r}") from None
    if value < 0:
        raise InstanceFileError(path, row, f"{column} is negative: {value}")
    return value


def instance_read(folder: Path) -> Instance:
    """Read and check an instance folder; the first problem found is raised."""
    households_path = folder / "households.csv"
    locations_path = folder / "locations.csv"
    scores_path = folder / "scores.csv"
    header, rows = _rows(households_path, ["household_id"])
    dimensions = tuple(name for name in header if name != "household_id")
    if not dimensions:
        raise InstanceFileError(households_path, 1, "no capacity dimension column")
    households: list[Household] = []
    seen: set[str] = set()
    for number, row in rows:
        h_id = (row["household_id"] or "").strip()
        if not h_id or h_id in seen:
            reason = "empty household_id" if not h_id else f"household_id {h_id} appears twice"
            raise InstanceFileError(households_path, number, reason)
        seen.add(h_id)
        sizes = tuple(_integer(households_path, number, d, row.get(d)) for d in dimensions)
        households.append(Household(id=h_id, sizes=sizes))
    header, rows = _rows(locations_path, ["location_id", *dimensions])
    cities: list[City] = []
    city_ids: set[str] = set()
    for number, row in rows:
        c_id = (row["location_id"] or "").strip()
        if not c_id or c_id in city_ids:
            reason = "empty location_id" if not c_id else f"location_id {c_id} appears twice"
            raise InstanceFileError(locations_path, number, reason)
        city_ids.add(c_id)
        capacity = tuple(_integer(locations_path, number, d, row.get(d)) for d in dimensions)
        cities.append(City(id=c_id, capacity=capacity))
    _header, rows = _rows(scores_path, ["household_id", "location_id", "score"])
    outcome: dict[tuple[str, str], float] = {}
    for number, row in rows:
        h_id = (row["household_id"] or "").strip()
        c_id = (row["location_id"] or "").strip()
        if h_id not in seen:
            raise InstanceFileError(scores_path, number, f"unknown household_id {h_id!r}")
        if c_id not in city_ids:
            raise InstanceFileError(scores_path, number, f"unknown location_id {c_id!r}")
        text = (row["score"] or "").strip()
        try:
            score = float(text)
        except ValueError:
            raise InstanceFileError(
                scores_path, number, f"score is not a number: {text!r}"
            ) from None
        if not math.isfinite(score):
            raise InstanceFileError(scores_path, number, f"score is not finite: {text!r}")
        if (h_id, c_id) in outcome:
            raise InstanceFileError(scores_path, number, f"pair {h_id},{c_id} appears twice")
        outcome[(h_id, c_id)] = score
    return Instance(
        dimensions=dimensions,
        households=tuple(households),
        cities=tuple(cities),
        outcome=outcome,
    )


def assignment_write(path: Path, assignment: dict[str, str], order: list[str]) -> None:
    """Write household_id,location_id for every assigned household, in instance order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["household_id", "location_id"])
        for h_id in order:
            if h_id in assignment:
                writer.writerow([h_id, assignment[h_id]])

"""Matching benchmarks: public instances, synthetic scale and a simulated year.

Run with no arguments (``make bench``); writes bench/out/matching.json and matching.md.
Figures depend on the machine; the files record its processor count and the date.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from arraigo.optimiser import Instance, Params, Result, solve
from arraigo.optimiser.colgen import solve_large
from arraigo.optimiser.csvfiles import instance_read
from arraigo.optimiser.dynamic import DynamicParams, simulate_year
from arraigo.optimiser.greedy import greedy
from arraigo.optimiser.relax import Relaxation, relax
from arraigo.optimiser.synthetic import synthetic_instance, synthetic_year

Row = dict[str, object]

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT.parent / "shared" / "benchmarks"
OUT = ROOT / "bench" / "out"
SIZES = [int(s) for s in os.environ.get("BENCH_MATCHING_SIZES", "1000,5000,10000").split(",")]
YEAR_HOUSEHOLDS = int(os.environ.get("BENCH_MATCHING_YEAR", "1500"))
FULL_MAX = int(os.environ.get("BENCH_MATCHING_FULL_MAX", "1000"))
LP_MAX = int(os.environ.get("BENCH_MATCHING_LP_MAX", "5000"))
SAMPLES = 3
PRICE_SCALE = float(os.environ.get("BENCH_MATCHING_PRICE_SCALE", "1.0"))


def public() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name in ("fy17-1d", "fy17-3d"):
        folder = PUBLIC / name
        if not folder.is_dir():
            continue
        instance = instance_read(folder)
        result = solve(instance, Params(time_limit=600.0, gap=0.0))
        base = greedy(instance)
        rows.append(
            {
                "instance": name,
                "households": len(instance.households),
                "status": str(result.status),
                "objective": round(result.objective or 0.0, 4),
                "bound": round(result.bound or 0.0, 4),
                "assigned": result.assigned,
                "seconds": round(result.seconds, 2),
                "greedy": round(base.objective or 0.0, 4),
            }
        )
        print(rows[-1], flush=True)
    return rows


def _finite(value: float | None) -> float | None:
    """JSON has no infinity: a missing bound is written as null."""
    return None if value is None or value != value or abs(value) == float("inf") else value


def _row(n: int, method: str, instance: Instance, result: Result, lp: Relaxation | None) -> Row:
    lp_bound = lp.bound if lp is not None and lp.optimal else None
    objective = result.objective
    return {
        "households": n,
        "method": method,
        "cities": len(instance.cities),
        "vacancies": len(instance.vacancies),
        "workers": sum(len(h.workers) for h in instance.households),
        "x_variables": len(instance.outcome),
        "y_variables": len(instance.fit),
        "status": str(result.status),
        "seconds": round(result.seconds, 1),
        "objective": None if objective is None else round(objective, 2),
        "bound": _finite(None if result.bound is None else round(result.bound, 2)),
        "gap_pct": _finite(None if result.gap is None else round(100 * result.gap, 3)),
        "lp_bound": None if lp_bound is None else round(lp_bound, 2),
        "lp_seconds": None if lp is None else round(lp.seconds, 1),
        "message": result.message,
        "gap_to_lp_pct": None
        if objective is None or lp_bound is None
        else round(100 * (lp_bound - objective) / lp_bound, 3),
    }


def scale() -> list[Row]:
    """Column generation (what `place` uses at this size) at every size. For comparison:
    the full model as one MIP up to FULL_MAX households, and the full LP solved directly up
    to LP_MAX households, to check the column-generation bound against it (beyond, HiGHS's
    root LP alone outlasts the minute)."""
    rows: list[Row] = []
    params = Params(time_limit=60.0, gap=0.005)
    for n in SIZES:
        instance = synthetic_instance(n, seed=n)
        lp = relax(instance, Params(time_limit=300.0)) if n <= LP_MAX else None
        rows.append(_row(n, "columns", instance, solve_large(instance, params), lp))
        rows[-1]["greedy"] = round(greedy(instance).objective or 0.0, 2)
        print(rows[-1], flush=True)
        if n <= FULL_MAX:
            rows.append(_row(n, "full MIP", instance, solve(instance, params), lp))
            print(rows[-1], flush=True)
    return rows


def year() -> list[Row]:
    """The simulated year, with the year's planned arrivals given (the programme's target)
    and without (the future's size guessed from the rate seen so far)."""
    simulated = synthetic_year(YEAR_HOUSEHOLDS, seed=1)
    params = DynamicParams(samples=SAMPLES, price_scale=PRICE_SCALE, seed=1)
    rows: list[Row] = []
    for planned in (YEAR_HOUSEHOLDS, None):
        report = simulate_year(
            simulated.instance, simulated.arrival_weeks, params=params, planned_arrivals=planned
        )
        rows.append(
            {
                "households": report.households,
                "weeks": report.weeks,
                "cities": len(simulated.instance.cities),
                "planned_arrivals": planned,
                "samples": SAMPLES,
                "price_scale": PRICE_SCALE,
                "hindsight": round(report.hindsight, 2),
                "dynamic": round(report.totals["dynamic"], 2),
                "greedy": round(report.totals["greedy"], 2),
                "dynamic_share_pct": round(100 * report.share("dynamic"), 2),
                "greedy_share_pct": round(100 * report.share("greedy"), 2),
                "placed": report.placed,
                "hindsight_placed": report.hindsight_placed,
                "waited": report.waited,
                "mean_wait_weeks": round(report.mean_wait, 1),
                "seconds": {k: round(v, 1) for k, v in report.seconds.items()},
            }
        )
        print(rows[-1], flush=True)
    return rows


def _cell(value: object) -> str:
    return "not run" if value is None else str(value)


def markdown(header: str, public_rows: list[Row], scale_rows: list[Row], years: list[Row]) -> str:
    lines = [f"# Matching benchmarks ({header})", ""]
    lines += ["## Public instances (proven optimum, gap 0)", ""]
    lines += ["| instance | status | objective | bound | assigned | seconds | greedy |"]
    lines += ["|---|---|---|---|---|---|---|"]
    for r in public_rows:
        lines.append(
            f"| {r['instance']} | {r['status']} | {r['objective']} | {r['bound']} "
            f"| {r['assigned']} | {r['seconds']} | {r['greedy']} |"
        )
    lines += ["", "## Synthetic scale (21 cities, 3,000 vacancies; limit 60 s, gap 0.5%)", ""]
    lines += [
        "| households | method | workers | x vars | y vars | status | seconds | objective "
        "| bound | gap % | LP bound | gap to LP % | greedy |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in scale_rows:
        lines.append(
            f"| {r['households']} | {r['method']} | {r['workers']} | {r['x_variables']} "
            f"| {r['y_variables']} | {r['status']} | {r['seconds']} | {r['objective']} "
            f"| {r['bound']} | {r['gap_pct']} | {_cell(r['lp_bound'])} "
            f"| {_cell(r['gap_to_lp_pct'])} "
            f"| {r.get('greedy', '')} |"
        )
    lines += [
        "",
        "For `columns`, *bound* is the column-generation bound: an upper bound on the full "
        "model's LP optimum (equal to it once pricing finds nothing more), so *gap %* is at "
        "least the gap to the LP bound. *LP bound* is the full LP solved directly, where that "
        "fits in the benchmark's time (not run above BENCH_MATCHING_LP_MAX households).",
    ]
    lines += ["", "## Simulated year (weekly batches against annual capacity)", ""]
    lines += [
        "| households | weeks | planned arrivals | K | price scale | hindsight | dynamic | greedy "
        "| dynamic / hindsight | greedy / hindsight | waited (mean weeks) | seconds dynamic |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for y in years:
        seconds = y["seconds"]
        assert isinstance(seconds, dict)
        lines.append(
            f"| {y['households']} | {y['weeks']} | {y['planned_arrivals'] or 'not given'} "
            f"| {y['samples']} | {y['price_scale']} | {y['hindsight']} | {y['dynamic']} "
            f"| {y['greedy']} | {y['dynamic_share_pct']}% | {y['greedy_share_pct']}% "
            f"| {y['waited']} ({y['mean_wait_weeks']}) | {seconds.get('dynamic')} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    public_rows, scale_rows, year_rows = public(), scale(), year()
    results: dict[str, object] = {
        "date": date,
        "cpus": os.cpu_count(),
        "public": public_rows,
        "scale": scale_rows,
        "year": year_rows,
    }
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (OUT / "matching.json").write_text(json.dumps(results, indent=2) + "\n")
    header = f"{date}, {os.cpu_count()} CPUs shared with other work"
    (OUT / "matching.md").write_text(markdown(header, public_rows, scale_rows, year_rows))
    print(f"wrote {OUT / 'matching.json'} and matching.md", flush=True)


if __name__ == "__main__":
    main()

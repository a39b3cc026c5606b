"""The LP relaxation of the placement model: its bound and the shadow price of capacity.

The dual value of a capacity row says how much the total score would rise with one more
unit of that city's capacity in that dimension; the dynamic mode charges it as a price.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .instance import Instance, instance_check
from .model import model_build, model_highs
from .result import Params


@dataclass(frozen=True)
class Relaxation:
    optimal: bool
    bound: float  # the LP optimum: an upper bound on any integer placement's score
    capacity_price: dict[tuple[str, str], float]  # (city, dimension) -> shadow price ≥ 0
    seat_price: dict[str, float]  # vacancy -> shadow price ≥ 0
    seconds: float


def relax(instance: Instance, params: Params | None = None) -> Relaxation:
    """Solve the LP relaxation (0 ≤ x, y ≤ 1) with HiGHS; read the duals of the rows.

    Every (city, dimension) and every vacancy gets a price; a row left out of the model
    (no compatible household needs that dimension there, no worker fits that vacancy)
    is priced 0, as is any row that is not binding.
    """
    params = params or Params()
    instance_check(instance)
    started = time.perf_counter()
    capacity_price = {(c.id, d): 0.0 for c in instance.cities for d in instance.dimensions}
    seat_price = {v.id: 0.0 for v in instance.vacancies}
    model = model_build(instance)
    if len(model.cost) == 0:
        return Relaxation(True, 0.0, capacity_price, seat_price, time.perf_counter() - started)
    h = model_highs(model, params, integer=False)
    h.run()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    bound = float(h.getInfo().objective_function_value) if optimal else float("nan")
    if optimal:
        # For a maximisation HiGHS reports the dual of a binding ≤ row as ≥ 0 (checked by
        # the hand-computed test); tiny negative noise is clipped to 0.
        duals = np.asarray(h.getSolution().row_dual)
        for city, dim, r in model.capacity_rows:
            capacity_price[(city, dim)] = max(0.0, float(duals[r]))
        for vacancy, r in model.seat_rows.items():
            seat_price[vacancy] = max(0.0, float(duals[r]))
    return Relaxation(optimal, bound, capacity_price, seat_price, time.perf_counter() - started)

"""Budget across whole-unit levers: heads, events, campaigns bought in steps.

Each lever ``i`` is bought in whole units (for example field-sales heads) at
``unit_cost[i]`` each; ``h`` units return ``curve_i(h * unit_cost[i])``. Choose the
number of units per lever to maximise the total outcome with total cost at most the
budget, between per-lever minimum and maximum units.

Method and guarantee: dynamic programming over the budget in steps of ``step`` (by
default the greatest common divisor of the unit costs, so every reachable spend is on
the grid). After lever ``i`` the table holds, for every budget on the grid, the best
outcome of levers ``0..i``; lever ``i + 1`` tries each of its unit counts against every
budget (a vectorised maximum per count). The result is the exact optimum for any curve
shape (S-shaped, too), because every combination of unit counts is represented by its
cost on the grid. Work is ``sum of unit counts x grid points``; requests larger than
:data:`MAX_WORK` are refused with a message asking for a coarser step.

Examples
--------
>>> from xl_salesplan.budget.curves import michaelis_menten
>>> reps = michaelis_menten(3_000_000, 1_000_000, name="Field sales")
>>> inside = michaelis_menten(900_000, 300_000, name="Inside sales")
>>> plan = optimise_whole_units([reps, inside], [150_000, 90_000], 1_000_000)
>>> plan.units.tolist(), plan.total_spend
([6, 1], 990000.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.budget.allocation import Curves, format_amount
from xl_salesplan.budget.curves import as_curve_set, evaluate
from xl_salesplan.errors import PlanningError
from xl_salesplan.validation import as_finite_scalar, as_float_array

__all__ = ["MAX_WORK", "UnitAllocation", "optimise_whole_units"]

MAX_WORK = 200_000_000


@dataclass(frozen=True)
class UnitAllocation:
    """Units per lever and what they bring.

    Attributes
    ----------
    names : tuple of str
    units : ndarray of int, shape (n,)
    spend, outcome : ndarray, shape (n,)
    next_unit_gain : ndarray, shape (n,)
        Outcome of one more unit of each lever, affordable or not (NaN where the lever
        is at its ``max_units``).
    unit_cost : ndarray, shape (n,)
    budget, total_spend, total_outcome, unspent : float
    """

    names: tuple[str, ...]
    units: NDArray[np.int64]
    spend: NDArray[np.float64]
    outcome: NDArray[np.float64]
    next_unit_gain: NDArray[np.float64]
    unit_cost: NDArray[np.float64]
    budget: float
    total_spend: float
    total_outcome: float
    unspent: float

    def to_frame(self) -> pd.DataFrame:
        """One row per lever.

        Examples
        --------
        >>> from xl_salesplan.budget.curves import linear_cap
        >>> optimise_whole_units([linear_cap(2, 100)], [30], 100).to_frame()["units"].tolist()
        [3]
        """
        return pd.DataFrame(
            {
                "lever": list(self.names),
                "units": self.units,
                "unit_cost": self.unit_cost,
                "spend": self.spend,
                "outcome": self.outcome,
                "next_unit_gain": self.next_unit_gain,
            }
        )


def optimise_whole_units(
    curves: Curves,
    unit_cost: ArrayLike,
    budget: float,
    *,
    min_units: ArrayLike | None = None,
    max_units: ArrayLike | None = None,
    step: float | None = None,
    names: Sequence[str] | None = None,
) -> UnitAllocation:
    """Exact best number of units per lever within ``budget`` (see the module text).

    Parameters
    ----------
    curves : CurveSet or list of ResponseCurve
        Outcome as a function of spend, one per lever.
    unit_cost : array_like
        Cost of one unit of each lever (positive).
    budget : float
        Most that may be spent.
    min_units, max_units : array_like, optional
        Whole numbers per lever (blank = 0 / as many as the budget allows).
    step : float, optional
        Budget grid; every unit cost must be a multiple of it. Defaults to the greatest
        common divisor of the unit costs (which must then be whole numbers).

    Examples
    --------
    >>> from xl_salesplan.budget.curves import hill
    >>> events = hill(100, 3, 3)   # S-shaped in spend: events pay off in numbers
    >>> optimise_whole_units([events, events], [1, 1], 6).units.tolist()
    [3, 3]
    >>> optimise_whole_units([events], [4], 6, min_units=[2])
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: minimum units cost 8, which is 2 more than the budget of 6
    """
    cs = as_curve_set(curves, names)
    n = len(cs)
    cost = np.atleast_1d(as_float_array(unit_cost, "unit_cost", allow_nan=False)).ravel()
    if cost.size == 1:
        cost = np.full(n, cost[0])
    if cost.size != n:
        raise PlanningError.of(
            "budget.whole_units.shape_mismatch", code="shape_mismatch", cost_size=cost.size, n=n
        )
    if (cost <= 0).any():
        i = int(np.flatnonzero(cost <= 0)[0])
        raise PlanningError.of(
            "budget.whole_units.bad_unit_cost",
            code="bad_unit_cost",
            positions=(i,),
            cs_label_i=cs.label(i),
            format_amount_cost_i=format_amount(cost[i]),
        )
    total = as_finite_scalar(budget, "budget")
    if total < 0:
        raise PlanningError.of(
            "budget.whole_units.negative_budget",
            code="negative_budget",
            amount=total,
            format_amount_total=format_amount(total),
        )
    lo = _units(min_units, "min_units", n, 0)
    limit = _units(max_units, "max_units", n, -1)
    hi = np.where(limit < 0, np.floor(total / cost + 1e-9).astype(np.int64), limit)
    need = float((lo * cost).sum())
    if need > total * (1 + 1e-12):
        raise PlanningError.of(
            "budget.whole_units.floors_exceed_budget",
            code="floors_exceed_budget",
            amount=need - total,
            format_amount_need=format_amount(need),
            format_amount_need_total=format_amount(need - total),
            format_amount_total=format_amount(total),
        )
    crossed = lo > hi
    if crossed.any():
        i = int(np.flatnonzero(crossed)[0])
        raise PlanningError.of(
            "budget.whole_units.floor_above_cap",
            code="floor_above_cap",
            positions=(i,),
            cs_label_i=cs.label(i),
            lo_i=lo[i],
            hi_i=hi[i],
        )
    grid = _step(cost, step)
    weight = np.rint(cost / grid).astype(np.int64)
    states = int(np.floor(total / grid * (1 + 1e-12))) + 1
    hi = np.minimum(hi, lo + (states - 1 - (lo * weight).sum()) // weight)
    work = int(((hi - lo + 1) * states).sum())
    if work > MAX_WORK or n * states > MAX_WORK // 4:
        raise PlanningError.of(
            "budget.whole_units.too_large",
            code="too_large",
            amount=float(work),
            states=states,
            format_amount_grid=format_amount(grid),
            n=n,
        )
    units = _dynamic_programme(cs, cost, weight, lo, hi, states)
    spend = units * cost
    outcome = evaluate(cs, 0, spend)
    more = evaluate(cs, 0, spend + cost) - outcome
    return UnitAllocation(
        names=cs.display_names,
        units=units,
        spend=spend,
        outcome=outcome,
        next_unit_gain=np.where((limit >= 0) & (units >= limit), np.nan, more),
        unit_cost=cost,
        budget=total,
        total_spend=float(spend.sum()),
        total_outcome=float(outcome.sum()),
        unspent=float(total - spend.sum()),
    )


def _units(values: ArrayLike | None, name: str, n: int, fill: int) -> NDArray[np.int64]:
    if values is None:
        return np.full(n, fill, dtype=np.int64)
    arr = np.atleast_1d(as_float_array(values, name)).ravel()
    if arr.size == 1:
        arr = np.full(n, arr[0])
    if arr.size != n:
        raise PlanningError.of(
            "budget.whole_units.shape_mismatch_2",
            code="shape_mismatch",
            name=name,
            arr_size=arr.size,
            n=n,
        )
    arr = np.where(np.isnan(arr), fill, arr)
    bad = (arr < 0) & (arr != fill) | (np.abs(arr - np.rint(arr)) > 1e-9)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise PlanningError.of(
            "budget.whole_units.not_whole_units",
            code="not_whole_units",
            positions=(i,),
            name=name,
            i=i,
            arr_i=arr[i],
        )
    return np.rint(arr).astype(np.int64)


def _step(cost: NDArray[np.float64], step: float | None) -> float:
    if step is None:
        whole = np.abs(cost - np.rint(cost)) <= 1e-9 * np.maximum(cost, 1.0)
        if not whole.all():
            i = int(np.flatnonzero(~whole)[0])
            raise PlanningError.of(
                "budget.whole_units.needs_step",
                code="needs_step",
                positions=(i,),
                i=i,
                cost_i=cost[i],
            )
        g = 0
        for c in np.rint(cost).astype(np.int64):
            g = gcd(g, int(c))
        return float(g)
    grid = as_finite_scalar(step, "step")
    if grid <= 0:
        raise PlanningError.of("budget.whole_units.bad_argument", code="bad_argument", grid=grid)
    ratio = cost / grid
    off = np.abs(ratio - np.rint(ratio)) > 1e-9 * np.maximum(ratio, 1.0)
    if off.any():
        i = int(np.flatnonzero(off)[0])
        raise PlanningError.of(
            "budget.whole_units.bad_step",
            code="bad_step",
            positions=(i,),
            i=i,
            format_amount_cost_i=format_amount(cost[i]),
            format_amount_grid=format_amount(grid),
        )
    return grid


def _dynamic_programme(cs, cost, weight, lo, hi, states: int) -> NDArray[np.int64]:
    """Exact best units per lever; ``best[b]``: best outcome with spend at most ``b`` steps."""
    n = len(cs)
    best = np.zeros(states)
    choice = np.zeros((n, states), dtype=np.int32)
    for i in range(n):
        h = np.arange(lo[i], hi[i] + 1)
        gains = evaluate(cs.take([i]), 0, (h * cost[i])[:, None])[:, 0]
        new = np.full(states, -np.inf)
        pick = np.zeros(states, dtype=np.int32)
        for units, value in zip(h, gains, strict=True):
            shift = int(units * weight[i])
            if shift >= states:
                break
            cand = np.full(states, -np.inf)
            cand[shift:] = best[: states - shift] + value
            better = cand > new
            new = np.where(better, cand, new)
            pick = np.where(better, units, pick)
        best, choice[i] = new, pick
    units = np.zeros(n, dtype=np.int64)
    b = states - 1
    for i in range(n - 1, -1, -1):
        units[i] = choice[i, b]
        b -= int(units[i] * weight[i])
    return units

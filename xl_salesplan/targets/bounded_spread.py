"""The core of every 1-D spread: holds, floors and caps (water-filling), and
the checks that explain impossible requests.

:mod:`xl_salesplan.targets.spreading` turns each planning method (proportional, even,
percent change, straight line, growth) into non-negative weights and calls
:func:`spread_weighted`, which applies the controls:

* held cells keep their value; the free cells share ``total - sum(holds)``;
* free cells get ``clip(level * weight, floor, cap)`` with the one ``level``
  that makes them add up to what is left (water-filling: what overflows a cap
  is re-spread over the cells that still have room, in proportion to their
  weights). If the cells with a positive weight cannot take it all (they are
  at their caps, or all weights are zero), the rest is spread evenly over the
  zero-weight free cells (``zero_weights="even"``) or refused
  (``zero_weights="error"``);
* with ``unit``, largest-remainder rounding that keeps the total exact.

Examples
--------
>>> spread_weighted(100, np.array([1.0, 1.0, 2.0]), caps=[None, None, 30])
array([35., 35., 30.])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.targets.rounding import check_unit, check_unit_scale, round_rows
from xl_salesplan.validation import (
    amount_text,
    as_bounds,
    as_float_array,
    as_row_totals,
    positions_text,
)

__all__ = ["spread_weighted", "water_fill"]

_TOL = 1e-9  # relative tolerance when comparing amounts with the total


def spread_weighted(
    total: ArrayLike,
    weights: NDArray[np.float64],
    *,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
    zero_weights: str = "even",
    weights_name: str = "weights",
) -> NDArray[np.float64]:
    """Spread ``total`` over validated non-negative ``weights`` with holds, bounds and unit.

    The shared engine of :mod:`xl_salesplan.targets.spreading`; the arguments mean
    the same as in :func:`xl_salesplan.targets.spreading.spread_proportional`.
    ``weights_name`` names the weights in messages.

    Examples
    --------
    >>> spread_weighted(10, np.array([1.0, 0.0]), caps=[4, None])
    array([4., 6.])
    >>> try:
    ...     spread_weighted(10, np.array([1.0, 0.0]), caps=[4, None], zero_weights="error")
    ... except PlanningError as err:
    ...     print(err.code, err.positions, err.amount)
    zero_weights (1,) 6.0
    """
    if zero_weights not in ("even", "error"):
        raise PlanningError.of(
            "targets.bounded_spread.invalid_option",
            code="invalid_option",
            zero_weights=zero_weights,
        )
    if weights.ndim == 0:
        raise PlanningError.of(
            "targets.bounded_spread.shape_mismatch",
            code="shape_mismatch",
            weights_name=weights_name,
        )
    shape = weights.shape
    n = shape[-1]
    if n == 0:
        raise PlanningError.of(
            "targets.bounded_spread.empty", code="empty", weights_name=weights_name
        )
    batch = shape[:-1]
    totals = as_row_totals(total, "total", batch)
    held_values = _as_holds(holds, shape)
    lows = as_bounds(floors, "floors", shape, -np.inf)
    highs = as_bounds(caps, "caps", shape, np.inf)
    step = None if unit is None else check_unit(unit)
    if weights.size == 0:
        return np.zeros(shape)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        problem = _Problem(
            batch,
            totals.reshape(-1),
            np.asarray(weights, dtype=np.float64).reshape(-1, n),
            held_values.reshape(-1, n),
            lows.reshape(-1, n),
            highs.reshape(-1, n),
        )
        problem.check(zero_weights)
        out = problem.solve()
    gap = np.abs(out.sum(axis=1) - problem.totals)
    if not (np.isfinite(out).all() and (gap <= _TOL * np.maximum(1.0, problem.scale)).all()):
        raise PlanningError.of("targets.bounded_spread.too_large", code="too_large")
    if step is not None:
        check_unit_scale(max(np.abs(out).max(), np.abs(problem.totals).max()), step)
        out = round_rows(
            out, step, problem.totals, lows.reshape(-1, n), highs.reshape(-1, n), problem.held
        )
    return out.reshape(shape)


class _Problem:
    """A validated batch of 1-D spreads, as 2-D arrays (rows x cells)."""

    def __init__(
        self,
        batch: tuple[int, ...],
        totals: NDArray[np.float64],
        weights: NDArray[np.float64],
        holds: NDArray[np.float64],
        floors: NDArray[np.float64],
        caps: NDArray[np.float64],
    ) -> None:
        self.batch = batch
        self.totals = totals
        # Proportions do not depend on the weights' scale; bring extreme rows near 1.
        top = weights.max(axis=1, keepdims=True)
        extreme = (top > 0) & ((top < 1e-100) | (top > 1e100))
        self.weights = np.where(extreme, weights / np.where(extreme, top, 1.0), weights)
        self.held = ~np.isnan(holds)
        self.free = ~self.held
        self.holds = np.where(self.held, holds, 0.0)
        self.positive = self.free & (weights > 0)
        self.floors = np.where(self.free, floors, 0.0)
        self.caps = np.where(self.free, caps, 0.0)
        self.raw_floors = floors
        self.raw_caps = caps
        self.held_sum = self.holds.sum(axis=1)
        self.rest = totals - self.held_sum
        scale = np.maximum(np.maximum(np.abs(totals), np.abs(self.holds).sum(axis=1)), 1.0)
        self.scale = scale
        self.tol = _TOL * scale
        with np.errstate(invalid="ignore"):
            at_zero = np.clip(0.0, self.floors, self.caps)
        self.at_zero = np.where(self.positive, 0.0, at_zero)
        # Range reachable in proportion to the weights, and with any weights.
        self.low_prop = np.where(self.positive, self.floors, self.at_zero).sum(axis=1)
        self.high_prop = np.where(self.positive, self.caps, self.at_zero).sum(axis=1)
        self.low_all = self.floors.sum(axis=1)
        self.high_all = self.caps.sum(axis=1)

    # -- checks ---------------------------------------------------------------

    def check(self, zero_weights: str) -> None:
        lows, highs = self.raw_floors, self.raw_caps
        bad = lows > highs
        if bad.any():
            r = _first_row(bad.any(axis=1))
            cells = np.flatnonzero(bad[r])
            j = cells[0]
            raise PlanningError.of(
                "targets.bounded_spread.floor_above_cap",
                code="floor_above_cap",
                positions=self._cells(r, cells),
                amount=float(lows[r, j] - highs[r, j]),
                row=self._row(r),
                cells=positions_text(self._cells(r, cells)),
                lows_r_j=amount_text(lows[r, j]),
                highs_r_j=amount_text(highs[r, j]),
            )
        hv = self.holds
        slack = self.tol[:, None]
        bad = self.held & ((hv < lows - slack) | (hv > highs + slack))
        if bad.any():
            r = _first_row(bad.any(axis=1))
            cells = np.flatnonzero(bad[r])
            j = cells[0]
            above = hv[r, j] > highs[r, j]
            bound = highs[r, j] if above else lows[r, j]
            raise PlanningError.of(
                "targets.bounded_spread.hold_outside_bounds",
                code="hold_outside_bounds",
                positions=self._cells(r, cells),
                amount=float(hv[r, j]),
                row=self._row(r),
                cells=positions_text(self._cells(r, cells)),
                self_cells_r_cells_0=self._cells(r, cells)[0],
                hv_r_j=amount_text(hv[r, j]),
                above_its_cap_if_above_else_be="above its cap" if above else "below its floor",
                bound=amount_text(bound),
            )
        rest, tol = self.rest, self.tol
        any_held = self.held.any(axis=1)
        overshoot = any_held & np.where(self.totals >= 0, rest < -tol, rest > tol)
        if overshoot.any():
            r = _first_row(overshoot)
            cells = self._cells(r, np.flatnonzero(self.held[r]))
            raise PlanningError.of(
                "targets.bounded_spread.holds_exceed_total",
                code="holds_exceed_total",
                positions=cells,
                amount=float(abs(rest[r])),
                row=self._row(r),
                self_held_sum_r=amount_text(self.held_sum[r]),
                self_totals_r=amount_text(self.totals[r]),
                rest_r=amount_text(abs(rest[r])),
                cells=positions_text(cells),
            )
        stuck = ~self.free.any(axis=1) & (np.abs(rest) > tol)
        if stuck.any():
            r = _first_row(stuck)
            raise PlanningError.of(
                "targets.bounded_spread.no_free_cells",
                code="no_free_cells",
                positions=self._cells(r, np.arange(self.weights.shape[1])),
                amount=float(rest[r]),
                row=self._row(r),
                self_held_sum_r=amount_text(self.held_sum[r]),
                self_totals_r=amount_text(self.totals[r]),
                rest_r=amount_text(rest[r]),
            )
        self._check_bounds_reach()
        needs_fallback = (rest > self.high_prop + tol) | (rest < self.low_prop - tol)
        if zero_weights == "error" and needs_fallback.any():
            self._zero_weights_error(_first_row(needs_fallback))

    def _check_bounds_reach(self) -> None:
        """The free cells' floors must not exceed, nor their caps fall short of, the rest."""
        rest, tol = self.rest, self.tol
        low, high = self.low_all, self.high_all
        for kind, bad in (("floors", rest < low - tol), ("caps", rest > high + tol)):
            if not bad.any():
                continue
            r = _first_row(bad)
            bound = self.floors if kind == "floors" else self.caps
            limit = low[r] if kind == "floors" else high[r]
            mask = self.free[r] & np.isfinite(bound[r]) & (bound[r] != 0)
            cells = self._cells(r, np.flatnonzero(mask))
            gap = abs(rest[r] - limit)
            left = (
                Text("targets.bounded_spread.left_after_holds", {
                    "rest": amount_text(rest[r]), "total": amount_text(self.totals[r]),
                    "holds": amount_text(self.held_sum[r])})
                if self.held[r].any()
                else Text("targets.bounded_spread.left", {"rest": amount_text(rest[r])})
            )  # fmt: skip
            where = (
                Text(f"targets.bounded_spread.{kind}_at", {"cells": positions_text(cells)})
                if cells
                else ""
            )
            raise PlanningError.of(
                f"targets.bounded_spread.{kind}_exceed_total"
                if kind == "floors"
                else "targets.bounded_spread.caps_below_total",
                positions=cells,
                amount=float(gap),
                row=self._row(r),
                limit=amount_text(limit),
                left=left,
                gap=amount_text(gap),
                where=where,
            )

    def _zero_weights_error(self, r: int) -> None:
        free_cells = self._cells(r, np.flatnonzero(self.free[r]))
        rest = self.rest[r]
        if not self.positive[r].any():
            raise PlanningError.of(
                "targets.bounded_spread.zero_weights_2",
                code="zero_weights",
                positions=free_cells,
                amount=float(rest),
                row=self._row(r),
                cells=positions_text(free_cells),
                rest=amount_text(rest),
            )
        over = rest > self.high_prop[r]
        limit = self.high_prop[r] if over else self.low_prop[r]
        zero_cells = self._cells(r, np.flatnonzero(self.free[r] & ~self.positive[r]))
        raise PlanningError.of(
            "targets.bounded_spread.zero_weights_over"
            if over
            else "targets.bounded_spread.zero_weights_under",
            code="zero_weights",
            positions=zero_cells,
            amount=float(abs(rest - limit)),
            row=self._row(r),
            limit=amount_text(limit),
            gap=amount_text(abs(rest - limit)),
            rest=amount_text(rest),
            cells=positions_text(zero_cells),
        )

    def _cells(self, r: int, cols: NDArray[np.intp]) -> list[object]:
        if self.batch == ():
            return [int(j) for j in cols]
        row = tuple(int(i) for i in np.unravel_index(r, self.batch))
        return [(*row, int(j)) for j in cols]

    def _row(self, r: int) -> str | Text:
        if self.batch == ():
            return ""
        row = tuple(int(i) for i in np.unravel_index(r, self.batch))
        return Text("targets.row_prefix", {"row": row[0] if len(row) == 1 else row})

    # -- solving --------------------------------------------------------------

    def solve(self) -> NDArray[np.float64]:
        rest = self.rest
        target = np.clip(rest, self.low_prop, self.high_prop)
        x = water_fill(target, np.where(self.positive, self.weights, 0.0), self.floors, self.caps)
        overflow = np.flatnonzero(target != rest)
        if overflow.size:
            # What the weighted cells cannot take goes evenly to zero-weight cells with room.
            pos = self.positive[overflow]
            even = (self.free[overflow] & ~pos).astype(np.float64)
            lo = np.where(pos, x[overflow], self.floors[overflow])
            hi = np.where(pos, x[overflow], self.caps[overflow])
            x[overflow] = water_fill(rest[overflow], even, lo, hi)
        return np.where(self.held, self.holds, x)


def water_fill(
    amount: NDArray[np.float64],
    weights: NDArray[np.float64],
    floors: NDArray[np.float64],
    caps: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Per row, the ``x = clip(level * weights, floors, caps)`` that adds up to ``amount``.

    Rows where the plain proportional spread breaks no bound keep it. For the
    others: the sum is a non-decreasing piecewise-linear function of
    ``level`` whose breakpoints are ``floor / weight`` and ``cap / weight``.
    The sums at all breakpoints of all rows (one vectorised pass) bracket
    ``amount`` between two neighbouring breakpoints; there every cell is
    either pinned at a bound or proportional, which gives the exact level.
    Amounts outside the reachable range give the nearest end of it.
    Requires ``floors <= caps`` and ``weights >= 0``.

    Examples
    --------
    >>> water_fill(np.array([100.0]), np.array([[1.0, 1.0, 2.0]]),
    ...            np.full((1, 3), -np.inf), np.array([[np.inf, np.inf, 30.0]]))
    array([[35., 35., 30.]])
    """
    pos = weights > 0
    with np.errstate(invalid="ignore"):
        fixed = np.where(pos, 0.0, np.clip(0.0, floors, caps))
    fixed_sum = fixed.sum(axis=1)
    weight_sum = np.where(pos, weights, 0.0).sum(axis=1)
    has_weight = weight_sum > 0
    plain = (amount - fixed_sum) / np.where(has_weight, weight_sum, 1.0)
    x = np.where(pos, plain[:, None] * weights, fixed)
    # Rows where no bound binds keep the plain proportional spread.
    binding = has_weight & ((x < floors) | (x > caps)).any(axis=1)
    hard = np.flatnonzero(binding)
    if hard.size:
        x[hard] = _fill_by_breakpoints(
            amount[hard], weights[hard], floors[hard], caps[hard], fixed_sum[hard]
        )
    return x


def _fill_by_breakpoints(
    amount: NDArray[np.float64],
    weights: NDArray[np.float64],
    floors: NDArray[np.float64],
    caps: NDArray[np.float64],
    fixed: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The exact water-filling of rows where a bound binds; ``fixed`` sums the zero-weight cells.

    Each row's breakpoints are sorted once; walking them in order, a cell starts at
    its floor, turns proportional at ``floor / weight`` and stops at its cap at
    ``cap / weight``, so running sums of those changes give the row's sum at every
    breakpoint (O(n log n) per row, a few arrays of length ``2n``). The breakpoints
    around ``amount`` then fix which cells are pinned, and the level is solved exactly
    from the pinned and proportional cells.
    """
    rows = np.arange(amount.size)
    pos = weights > 0
    safe_w = np.where(pos, weights, 1.0)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        lo = np.where(pos, floors / safe_w, -np.inf)
        hi = np.where(pos, caps / safe_w, np.inf)
    lo_event = pos & np.isfinite(lo)
    hi_event = pos & np.isfinite(hi)
    # Events: a cell leaves its floor (slope +w, intercept -floor) or reaches its cap
    # (slope -w, intercept +cap). Event columns that no row uses are left out.
    no_change = np.zeros((amount.size, 1))
    at, d_intercept, d_slope = [no_change + np.inf], [no_change], [no_change]
    for event, where, sign, bound in ((lo_event, lo, 1.0, floors), (hi_event, hi, -1.0, caps)):
        used = event.any(axis=0)
        if not used.any():
            continue
        ev = event[:, used]
        at.append(np.where(ev, where[:, used], np.inf))
        d_intercept.append(np.where(ev, -sign * bound[:, used], 0.0))
        d_slope.append(np.where(ev, sign * weights[:, used], 0.0))
    if len(at) > 1:  # the placeholder column is only needed when no cell has a bound
        at, d_intercept, d_slope = at[1:], d_intercept[1:], d_slope[1:]
    at_all = np.concatenate(at, axis=1)
    n_events = at_all.shape[1]
    flat_order = np.argsort(at_all, axis=1) + (rows * n_events)[:, None]
    at_sorted = at_all.ravel()[flat_order]
    del at_all
    # Below every breakpoint a cell sits at its floor, or is proportional if it has none.
    starts_linear = pos & (lo == -np.inf)
    intercept = fixed + np.where(pos & ~starts_linear, floors, 0.0).sum(axis=1)
    slope = np.where(starts_linear, weights, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", over="ignore"):
        running_intercept = np.concatenate(d_intercept, axis=1).ravel()[flat_order]
        np.cumsum(running_intercept, axis=1, out=running_intercept)
        running_slope = np.concatenate(d_slope, axis=1).ravel()[flat_order]
        np.cumsum(running_slope, axis=1, out=running_slope)
        del flat_order, d_intercept, d_slope
        level_sum = running_intercept
        level_sum += intercept[:, None]
        running_slope += slope[:, None]
        running_slope *= at_sorted
        level_sum += running_slope
    del running_slope
    at = at_sorted
    level_sum[~np.isfinite(at) | np.isnan(level_sum)] = np.inf
    np.maximum.accumulate(level_sum, axis=1, out=level_sum)  # monotone despite rounding
    reached = level_sum >= amount[:, None]
    first = np.argmax(reached, axis=1)
    found = reached[rows, first]
    del level_sum, reached
    upper = np.where(found, at[rows, first], np.inf)
    # The breakpoint just below ``upper`` (ties at ``upper`` are not below it).
    below_upper = np.where(found, np.argmax(at >= upper[:, None], axis=1), n_events)
    lower = np.where(below_upper > 0, at[rows, np.maximum(below_upper - 1, 0)], -np.inf)
    # On [lower, upper] each cell is pinned at its cap, at its floor, or proportional.
    at_cap = pos & (hi <= lower[:, None])
    at_floor = pos & ~at_cap & (lo >= upper[:, None])
    linear = pos & ~at_cap & ~at_floor
    seg_a = fixed + np.where(at_cap, caps, 0.0).sum(axis=1) + np.where(at_floor, floors, 0.0).sum(1)
    seg_b = np.where(linear, weights, 0.0).sum(axis=1)
    flat = np.where(np.isfinite(upper), upper, np.where(np.isfinite(lower), lower, 0.0))
    sloped = seg_b > 0
    level = np.where(sloped, (amount - seg_a) / np.where(sloped, seg_b, 1.0), flat)
    with np.errstate(invalid="ignore", over="ignore"):
        return np.clip(level[:, None] * weights, floors, caps)


def _as_holds(holds: ArrayLike | None, shape: tuple[int, ...]) -> NDArray[np.float64]:
    """Held values broadcast to ``shape`` (NaN = free); unlike bounds they must be finite."""
    arr = None if holds is None else as_float_array(holds, "holds")
    return as_bounds(arr, "holds", shape, np.nan)


def _first_row(mask: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])

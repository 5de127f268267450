"""Spreading a total over cells (目标分解), one row or many rows at once.

Five ways to get the shape of a spread, one function each:

* :func:`spread_proportional`: in proportion to weights (last year, potential, headcount);
* :func:`spread_even`: the same amount in every cell;
* :func:`spread_percent_change`: every existing value changed by a percentage;
* :func:`spread_straight_line`: a straight line from a start to an end value;
* :func:`spread_growth`: compound growth per period.

All of them work along the last axis (one total per row: batched spreading)
and take the same planning controls:

* ``holds``: held cells keep their value exactly; the rest of the total is
  spread over the free cells.
* ``floors`` / ``caps``: per-cell bounds. The spread is the unique
  ``x = clip(level * weight, floor, cap)`` that adds up to the total: cells
  that would overflow a cap are pinned at it and what overflows is re-spread
  over the cells that still have room, in proportion to their weights
  (water-filling), and likewise for floors. It is computed exactly, without
  iterating, from the breakpoints of every row at once
  (:mod:`xl_salesplan.targets.bounded_spread`).
* ``unit``: rounding to a unit that keeps the total exact
  (see :func:`xl_salesplan.targets.rounding.round_to_unit`).

Impossible requests raise :class:`~xl_salesplan.errors.PlanningError` naming
the positions and amounts; see ``docs/spreading.md`` for every rule.

Examples
--------
>>> spread_proportional(1200, [1, 2, 3])
array([200., 400., 600.])
"""

from __future__ import annotations

import operator
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.targets.bounded_spread import spread_weighted
from xl_salesplan.validation import amount_text, as_float_array, mask_positions, positions_text

__all__ = [
    "spread_even",
    "spread_growth",
    "spread_percent_change",
    "spread_proportional",
    "spread_straight_line",
]

ZeroWeights = Literal["even", "error"]
Blanks = Literal["zero", "error"]


def spread_proportional(
    total: ArrayLike,
    weights: ArrayLike,
    *,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
    zero_weights: ZeroWeights = "even",
    blanks: Blanks = "zero",
) -> NDArray[np.float64]:
    """Spread ``total`` over cells in proportion to ``weights``.

    Parameters
    ----------
    total : float or array_like of shape ``weights.shape[:-1]``
        The amount to spread, one per row.
    weights : array_like, shape (..., n)
        Non-negative reference shape (e.g. last year's months).
    holds : array_like, optional
        Broadcastable to ``weights``; NaN/None = free cell, a number = held
        cell that keeps exactly that value.
    floors, caps : array_like, optional
        Broadcastable to ``weights``; NaN/None = no bound.
    unit : float, optional
        Round to multiples of ``unit`` keeping the total exact (held cells keep
        their value; one free cell absorbs a remainder that is not a multiple).
    zero_weights : {"even", "error"}
        What to do when an amount must go to free cells whose weights are all
        zero: spread it evenly over them, or raise ``zero_weights``.
    blanks : {"zero", "error"}
        Blank (NaN/None) weights count as zero, or raise ``blank``.

    Returns
    -------
    ndarray of float64, shape of ``weights``

    Raises
    ------
    PlanningError
        ``holds_exceed_total``, ``floors_exceed_total``, ``caps_below_total``,
        ``floor_above_cap``, ``hold_outside_bounds``, ``no_free_cells``,
        ``negative_weights``, ``zero_weights``, ``blank``, ``shape_mismatch``,
        ``empty``, ``invalid_unit``, ``invalid_option``.

    Examples
    --------
    >>> spread_proportional(1000, [1, 3], holds=[None, 100])
    array([900., 100.])
    >>> spread_proportional(100, [1, 1, 2], caps=[None, None, 30])
    array([35., 35., 30.])
    >>> spread_proportional(1000, [1, 1, 1], unit=100)
    array([400., 300., 300.])
    >>> spread_proportional([10, 20], [[1, 1], [1, 3]])
    array([[ 5.,  5.],
           [ 5., 15.]])
    """
    w = _as_weights(weights, "weights", blanks)
    return spread_weighted(
        total,
        w,
        weights_name="weights",
        holds=holds,
        floors=floors,
        caps=caps,
        unit=unit,
        zero_weights=zero_weights,
    )


def spread_even(
    total: ArrayLike,
    n_or_shape: int | tuple[int, ...],
    *,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
) -> NDArray[np.float64]:
    """Spread ``total`` evenly over ``n`` cells (per row).

    Parameters
    ----------
    total : float or array_like
        The amount to spread, one per row.
    n_or_shape : int or tuple of int
        Number of cells ``n`` (the result has shape ``shape(total) + (n,)``), or
        the full result shape ``(..., n)``.
    holds, floors, caps, unit
        As in :func:`spread_proportional`.

    Returns
    -------
    ndarray of float64

    Examples
    --------
    >>> spread_even(1000, 4)
    array([250., 250., 250., 250.])
    >>> spread_even(1000, 3, unit=1)
    array([334., 333., 333.])
    >>> spread_even([4, 8], 2)
    array([[2., 2.],
           [4., 4.]])
    """
    if isinstance(n_or_shape, tuple | list):
        shape = tuple(_count(k, "n_or_shape") for k in n_or_shape)
        if not shape:
            raise PlanningError.of("targets.spreading.shape_mismatch", code="shape_mismatch")
    else:
        total = as_float_array(total, "total", allow_nan=False)
        shape = (*total.shape, _count(n_or_shape, "n_or_shape"))
    return spread_weighted(
        total,
        np.ones(shape),
        weights_name="cells",
        holds=holds,
        floors=floors,
        caps=caps,
        unit=unit,
        zero_weights="even",
    )


def spread_percent_change(
    values: ArrayLike,
    pct: ArrayLike,
    *,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
    zero_weights: ZeroWeights = "even",
    blanks: Blanks = "zero",
) -> NDArray[np.float64]:
    """Change every existing value by ``pct`` (0.2 = +20%, -0.1 = -10%).

    The target total of a row is the sum of ``values * (1 + pct)``. Without
    holds or binding bounds every cell simply becomes ``value * (1 + pct)``.
    Held cells keep their value and the free cells share the rest of the
    target total in proportion to ``value * (1 + pct)``; bounds and ``unit``
    work as in :func:`spread_proportional`.

    Parameters
    ----------
    values : array_like, shape (..., n)
        Existing non-negative values (e.g. last year or the current plan).
    pct : float or array_like
        Fractional change, at least -1; broadcastable to ``values`` (one per
        table, per row with shape ``(..., 1)``, or per cell).
    holds, floors, caps, unit, zero_weights, blanks
        As in :func:`spread_proportional`.

    Returns
    -------
    ndarray of float64, shape of ``values``

    Examples
    --------
    >>> spread_percent_change([100, 200, 300], 0.1)
    array([110., 220., 330.])
    >>> spread_percent_change([100, 200, 300], 0.1, holds=[None, None, 300])
    array([120., 240., 300.])
    """
    v = _as_weights(values, "values", blanks)
    change = as_float_array(pct, "pct", allow_nan=False)
    _reject(change < -1.0, change, Text("targets.rule.pct_at_least"), "invalid_pct")
    try:
        change = np.broadcast_to(change, v.shape)
    except ValueError:
        raise PlanningError.of(
            "targets.spreading.shape_mismatch_2",
            code="shape_mismatch",
            change_shape=change.shape,
            v_shape=v.shape,
        ) from None
    with np.errstate(over="ignore", invalid="ignore"):
        w = v * (1.0 + change)
        total = w.sum(axis=-1)
    if not np.isfinite(total).all():
        raise PlanningError.of("targets.spreading.too_large", code="too_large")
    return spread_weighted(
        total,
        w,
        weights_name="values",
        holds=holds,
        floors=floors,
        caps=caps,
        unit=unit,
        zero_weights=zero_weights,
    )


def spread_straight_line(
    start: ArrayLike,
    end: ArrayLike,
    n: int,
    *,
    total: ArrayLike | None = None,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
    zero_weights: ZeroWeights = "even",
) -> NDArray[np.float64]:
    """A straight line of ``n`` cells from ``start`` to ``end``, optionally scaled to ``total``.

    Cell ``k`` of the line is ``start + (end - start) * k / (n - 1)`` (a single
    cell is ``start``). Without ``total`` the target total is the sum of the
    line, so the result is the line itself; with ``total`` the line is used as
    weights and scaled to add up to ``total`` (its slope in relative terms is
    kept). Holds, bounds and ``unit`` then work as in
    :func:`spread_proportional`.

    Parameters
    ----------
    start, end : float or array_like
        Non-negative first and last values, one per row (broadcast together).
    n : int
        Number of cells.
    total : float or array_like, optional
        Amount to spread along the line's shape, one per row.
    holds, floors, caps, unit, zero_weights
        As in :func:`spread_proportional`.

    Returns
    -------
    ndarray of float64, shape ``broadcast(start, end, total) + (n,)``

    Examples
    --------
    >>> spread_straight_line(10, 40, 4)
    array([10., 20., 30., 40.])
    >>> spread_straight_line(10, 40, 4, total=200)
    array([20., 40., 60., 80.])
    """
    first = as_float_array(start, "start", allow_nan=False)
    last = as_float_array(end, "end", allow_nan=False)
    for name, arr in (("start", first), ("end", last)):
        _reject(arr < 0, arr, Text("targets.rule.zero_or_more", {"name": name}), "negative_weights")
    count = _count(n, "n")
    shapes = [first.shape, last.shape]
    if total is not None:
        total = as_float_array(total, "total", allow_nan=False)
        shapes.append(total.shape)
    try:
        batch = np.broadcast_shapes(*shapes)
    except ValueError:
        raise PlanningError.of(
            "targets.spreading.shape_mismatch_3", code="shape_mismatch", shapes=shapes
        ) from None
    step = np.arange(count) / max(count - 1, 1)
    line = first[..., None] + (last - first)[..., None] * step
    line = np.broadcast_to(line, (*batch, count))
    if total is None:
        if holds is None and floors is None and caps is None and unit is None:
            return np.array(line, dtype=np.float64)
        total = line.sum(axis=-1)
    return spread_weighted(
        total,
        line,
        weights_name="the straight line",
        holds=holds,
        floors=floors,
        caps=caps,
        unit=unit,
        zero_weights=zero_weights,
    )


def spread_growth(
    total: ArrayLike,
    n: int,
    rate: ArrayLike,
    *,
    holds: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
) -> NDArray[np.float64]:
    """Spread ``total`` over ``n`` periods growing by ``rate`` per period.

    Period ``k`` gets weight ``(1 + rate) ** k`` (k = 0 .. n-1) and the weights
    are scaled to add up to ``total``: each period is ``1 + rate`` times the
    one before it (unless holds or bounds bind).

    Parameters
    ----------
    total : float or array_like
        Amount to spread, one per row.
    n : int
        Number of periods.
    rate : float or array_like
        Growth per period (0.02 = +2%), at least -1; broadcast with ``total``.
    holds, floors, caps, unit
        As in :func:`spread_proportional`.

    Returns
    -------
    ndarray of float64, shape ``broadcast(total, rate) + (n,)``

    Examples
    --------
    >>> spread_growth(700, 3, 1.0)
    array([100., 200., 400.])
    >>> spread_growth(331, 3, 0.1, unit=1)
    array([100., 110., 121.])
    """
    growth = as_float_array(rate, "rate", allow_nan=False)
    _reject(growth < -1.0, growth, Text("targets.rule.rate_at_least"), "invalid_rate")
    count = _count(n, "n")
    total = as_float_array(total, "total", allow_nan=False)
    try:
        batch = np.broadcast_shapes(total.shape, growth.shape)
    except ValueError:
        raise PlanningError.of(
            "targets.spreading.shape_mismatch_4",
            code="shape_mismatch",
            total_shape=total.shape,
            growth_shape=growth.shape,
        ) from None
    with np.errstate(over="ignore"):
        weights = (1.0 + growth[..., None]) ** np.arange(count)
    if not np.isfinite(weights).all():
        raise PlanningError.of("targets.spreading.invalid_rate", code="invalid_rate", count=count)
    weights = np.broadcast_to(weights, (*batch, count))
    return spread_weighted(
        total,
        weights,
        weights_name="growth weights",
        holds=holds,
        floors=floors,
        caps=caps,
        unit=unit,
        zero_weights="even",
    )


# ---------------------------------------------------------------- input helpers


def _as_weights(values: ArrayLike, name: str, blanks: str) -> NDArray[np.float64]:
    if blanks not in ("zero", "error"):
        raise PlanningError.of(
            "targets.spreading.invalid_option", code="invalid_option", blanks=blanks
        )
    w = as_float_array(values, name, allow_nan=blanks == "zero")
    w = np.where(np.isnan(w), 0.0, w)
    _reject(w < 0, w, Text("targets.rule.zero_or_more", {"name": name}), "negative_weights")
    return w


def _count(n: object, name: str) -> int:
    try:
        count = operator.index(n)  # type: ignore[arg-type]
    except TypeError:
        raise PlanningError.of(
            "targets.spreading.invalid_count_2", code="invalid_count", name=name, n=n
        ) from None
    if count < 0:
        raise PlanningError.of(
            "targets.spreading.invalid_count", code="invalid_count", name=name, count=count
        )
    if count == 0:
        raise PlanningError.of("targets.spreading.empty", code="empty", name=name)
    return count


def _reject(bad: NDArray[np.bool_], values: NDArray[np.float64], rule: Text, code: str) -> None:
    """Raise ``code``: ``rule``, then the flagged positions and their values."""
    if not bad.any():
        return
    if bad.ndim == 0:
        raise PlanningError.of(
            "targets.spreading.rule_value",
            code=code,
            amount=float(values),
            rule=rule,
            values=amount_text(float(values)),
        )
    positions = mask_positions(bad)
    shown = ", ".join(amount_text(v) for v in values[bad][:8])
    raise PlanningError.of(
        "targets.spreading.rule_positions",
        code=code,
        positions=positions,
        amount=float(values[bad][0]),
        rule=rule,
        positions_text_positions=positions_text(positions),
        shown=shown,
    )

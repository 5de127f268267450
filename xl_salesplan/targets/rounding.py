"""Rounding to a unit (1, 100, 1000 ...) that keeps totals exact.

Two functions:

* :func:`round_to_unit` rounds each row of an array (the last axis) to
  multiples of a unit with the largest-remainder method, so that every row
  still adds up to its total exactly.
* :func:`round_matrix` rounds a 2-D matrix so that BOTH its row totals and its
  column totals stay exact (controlled rounding).

Results are computed in whole units and multiplied by the unit at the end, so
rounded cells are exact multiples of the unit and sums of whole numbers
compare exactly.

Examples
--------
>>> round_to_unit([333.3, 333.3, 333.4], 100)
array([300., 300., 400.])
>>> round_matrix([[1.5, 2.5], [2.5, 1.5]], 1)
array([[1., 3.],
       [3., 1.]])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.column_repair import repair_columns, rounding_failed
from xl_salesplan.validation import (
    amount_text,
    as_bounds,
    as_float_array,
    as_row_totals,
    positions_text,
)

__all__ = ["round_matrix", "round_to_unit"]

_SNAP = 1e-9  # relative distance to a whole number of units that counts as whole
_MATCH = 1e-7  # relative tolerance for "the given total matches the values"
_MAX_UNITS = 2.0**52  # whole units are exact floats up to here
_SORT_ROWS_UP_TO = 256  # longer rows pick the cells to round up by selection, not a full sort


def round_to_unit(
    values: ArrayLike,
    unit: float,
    *,
    total: ArrayLike | None = None,
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    keep: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Round each row to multiples of ``unit`` keeping the row total exact.

    Largest-remainder method along the last axis: every cell first goes down
    to its multiple of ``unit`` at or below it, then the cells with the
    largest remainders go up one unit until the row adds up to its total
    again. Ties are broken deterministically: larger remainder first, then
    larger original value, then lower index (remainders equal to 9 decimals
    of a unit are ties). No cell moves by a unit or more, and zero cells stay
    zero.

    If a row total is not a multiple of ``unit``, exactly one cell absorbs the
    remainder: the free cell with the largest absolute value (lowest index on
    ties) among those whose floor and cap are at least one unit apart. That
    cell is a multiple of ``unit`` plus the remainder; every other free cell
    is a multiple of ``unit``.

    Parameters
    ----------
    values : array_like, shape (..., n)
        The unrounded cells; no blanks.
    unit : float
        The positive rounding unit (1, 100, 1000, 0.01 ...).
    total : float or array_like of shape ``values.shape[:-1]``, optional
        The exact total of each row. Defaults to the row sums; when given, it
        must agree with them up to floating-point noise (it removes that
        noise: 999.9999999 is taken as 1,000).
    floors, caps : array_like, optional
        Per-cell bounds (NaN = none) that the input respects. When all bounds
        of a row are multiples of ``unit`` the rounded row respects them too;
        otherwise a rounded cell of that row may cross its bound by less than
        one unit.
    keep : array_like of bool, optional
        Cells that keep their value exactly (held cells); the rest of the
        total is rounded over the other cells.

    Returns
    -------
    ndarray of float64, shape of ``values``

    Raises
    ------
    PlanningError
        ``invalid_unit``, ``empty``, ``shape_mismatch``, ``blank``,
        ``total_mismatch``.

    Examples
    --------
    >>> round_to_unit([1.4, 1.3, 1.3], 1)
    array([2., 1., 1.])
    >>> round_to_unit([[0.5, 0.5], [2.25, 0.75]], 1)
    array([[1., 0.],
           [2., 1.]])

    A total of 1,050 with a unit of 100 leaves 50, absorbed by the largest cell:

    >>> round_to_unit([300.0, 750.0], 100)
    array([300., 750.])
    >>> round_to_unit([420.0, 630.0], 100)
    array([400., 650.])
    """
    arr = as_float_array(values, "values", allow_nan=False)
    if arr.ndim == 0:
        raise PlanningError.of("targets.rounding.shape_mismatch", code="shape_mismatch")
    if arr.shape[-1] == 0:
        raise PlanningError.of("targets.rounding.empty", code="empty")
    step = check_unit(unit)
    shape = arr.shape
    if arr.size == 0:
        return arr.copy()
    kept = _as_mask(keep, "keep", shape)
    lows = as_bounds(floors, "floors", shape, -np.inf)
    highs = as_bounds(caps, "caps", shape, np.inf)
    with np.errstate(over="ignore", invalid="ignore"):
        sums = arr.sum(axis=-1)
        abs_sums = np.abs(arr).sum(axis=-1)
        check_unit_scale(float(abs_sums.max()), step)
    if total is None:
        totals = sums
    else:
        totals = as_row_totals(total, "total", shape[:-1])
        gap = np.abs(totals - sums)
        scale = np.maximum(abs_sums, step)
        bad = gap > _MATCH * scale
        if bad.any():
            row = _first_index(bad)
            raise PlanningError.of(
                "targets.rounding.total_mismatch_2",
                code="total_mismatch",
                positions=() if row == () else (row[0] if len(row) == 1 else row,),
                amount=float(totals[row] - sums[row]),
                row_text_row=_row_text(row),
                totals_row=amount_text(totals[row]),
                sums_row=amount_text(sums[row]),
                totals_row_sums_row=amount_text(totals[row] - sums[row]),
            )
    n = shape[-1]
    out = round_rows(
        arr.reshape(-1, n),
        step,
        np.asarray(totals, dtype=np.float64).reshape(-1),
        lows.reshape(-1, n),
        highs.reshape(-1, n),
        kept.reshape(-1, n),
    )
    return out.reshape(shape)


def round_rows(
    values: NDArray[np.float64],
    unit: float,
    totals: NDArray[np.float64],
    floors: NDArray[np.float64],
    caps: NDArray[np.float64],
    keep: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Largest-remainder rounding of validated 2-D rows (the engine's inner step).

    Examples
    --------
    >>> v = np.array([[1.4, 1.3, 1.3]])
    >>> round_rows(v, 1.0, np.array([4.0]), np.full_like(v, -np.inf),
    ...            np.full_like(v, np.inf), np.zeros(v.shape, dtype=bool))
    array([[2., 1., 1.]])
    """
    rows, n = values.shape
    free = ~keep
    rest = totals - np.where(keep, values, 0.0).sum(axis=1)
    units = snap_whole(rest / unit)
    whole_units = np.floor(units)
    remainder = np.where(units == whole_units, 0.0, rest - whole_units * unit)
    has_free = free.any(axis=1)
    remainder = np.where(has_free, remainder, 0.0)

    # The cell that absorbs a remainder: largest |value| among free cells with room.
    with np.errstate(invalid="ignore"):
        room = free & ((caps - floors) >= unit * (1.0 - _SNAP))
    room = np.where(room.any(axis=1, keepdims=True), room, free)
    score = np.where(room, np.abs(values), -1.0)
    absorber = np.argmax(score, axis=1)
    row_index = np.arange(rows)
    absorbs = np.zeros((rows, n), dtype=bool)
    absorbs[row_index, absorber] = remainder != 0.0
    carried = np.where(absorbs, remainder[:, None], 0.0)

    scaled = np.where(free, (values - carried) / unit, 0.0)
    scaled = snap_whole(scaled)
    base = np.floor(scaled)
    frac = np.round(scaled - base, 9)
    need = (whole_units - base.sum(axis=1, where=free)).astype(np.int64)

    fractional = free & (frac > 0.0)
    tol_up = _SNAP * np.maximum(unit, np.where(np.isfinite(caps), np.abs(caps), 0.0))
    tol_down = _SNAP * np.maximum(unit, np.where(np.isfinite(floors), np.abs(floors), 0.0))
    fits_up = (base + 1.0) * unit + carried <= caps + tol_up
    fits_down = base * unit + carried >= floors - tol_down
    rank_class = np.where(
        ~free,
        -1,
        np.where(
            ~fractional,
            0,
            np.where(fits_up & ~fits_down, 3, np.where(fits_down & ~fits_up, 1, 2)),
        ),
    )
    # Priority: class, then remainder (in 1e-9 of a unit), then value, then lower index.
    priority = rank_class.astype(np.int64) * 2**31 + np.rint(frac * 1e9).astype(np.int64)
    up, down = _units_to_move(priority, values, free, need)
    whole_cells = base + up - down
    return np.where(free, whole_cells * unit + carried, values)


def _units_to_move(
    priority: NDArray[np.int64],
    values: NDArray[np.float64],
    free: NDArray[np.bool_],
    need: NDArray[np.int64],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per row, the free cells that go up one unit (``need > 0``) or down one (``need < 0``).

    Cells are ranked by priority, then value (larger first), then index (lower
    first); the first ``need`` free cells go up, the last ``-need`` go down. Short
    rows are ranked with one sort of all rows; long rows by selection (a partition
    around the threshold priority, then a sort of the cells tied at it), so a row of
    n cells costs O(n) plus the sort of its ties.

    Examples
    --------
    >>> up, down = _units_to_move(np.array([[5, 9, 5]]), np.array([[1.0, 1.0, 2.0]]),
    ...                           np.ones((1, 3), dtype=bool), np.array([2]))
    >>> up.astype(int).tolist(), down.any()
    ([[0, 1, 1]], np.False_)
    """
    rows, n = values.shape
    if n <= _SORT_ROWS_UP_TO:
        order = np.lexsort((-values, -priority), axis=-1)
        rank = np.empty((rows, n), dtype=np.int64)
        rank[np.arange(rows)[:, None], order] = np.arange(n)
        n_free = free.sum(axis=1)
        up = free & (rank < need[:, None])
        down = free & (need[:, None] < 0) & (rank >= (n_free + need)[:, None])
        return up, down
    up = np.zeros((rows, n), dtype=bool)
    down = np.zeros((rows, n), dtype=bool)
    for r in np.flatnonzero(need != 0):
        cells = np.flatnonzero(free[r])
        k = int(need[r])
        chosen = _select(priority[r, cells], values[r, cells], abs(k), largest=k > 0)
        (up if k > 0 else down)[r, cells[chosen]] = True
    return up, down


def _select(
    priority: NDArray[np.int64], values: NDArray[np.float64], k: int, *, largest: bool
) -> NDArray[np.intp]:
    """Positions of the first ``k`` cells in the order (priority, value, -index) descending,
    or of the last ``k`` (``largest=False``)."""
    n = priority.size
    if k >= n:
        return np.arange(n)
    sign = 1 if largest else -1
    key = -sign * priority  # ascending key: the wanted cells come first
    threshold = np.partition(key, k - 1)[k - 1]
    before = np.flatnonzero(key < threshold)
    tied = np.flatnonzero(key == threshold)
    # Ties: larger value first then lower index (largest), or smaller value then higher index.
    if largest:
        tie_order = np.argsort(-values[tied], kind="stable")
    else:
        tied = tied[::-1]
        tie_order = np.argsort(values[tied], kind="stable")
    return np.concatenate([before, tied[tie_order[: k - before.size]]])


def round_matrix(
    matrix: ArrayLike,
    unit: float,
    *,
    row_totals: ArrayLike | None = None,
    col_totals: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Round a matrix to multiples of ``unit`` keeping row AND column totals exact.

    Controlled rounding: every cell goes to the multiple of ``unit`` just
    below or just above it (so no cell moves by a unit or more), cells that
    are already multiples (zeros included) stay as they are, and every row
    total and column total is unchanged. Such a rounding always exists when
    the totals are multiples of ``unit``. The choice of which cells go up is
    a transportation problem solved exactly: each row first takes its largest
    remainders (ties: larger value, then lower column), then round-ups move
    within rows from columns with too many to columns with too few, the moves
    that lose the least remainder first: along shortest chains of columns in a
    narrow matrix, in bulk passes over the cells in a wide one
    (:mod:`~xl_salesplan.targets.column_repair`). Deterministic.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        The unrounded matrix; no blanks.
    unit : float
        The positive rounding unit.
    row_totals, col_totals : array_like, optional
        The exact totals (multiples of ``unit``). Default: the matrix's own
        row and column sums. When given they must agree with those sums up to
        floating-point noise.

    Returns
    -------
    ndarray of float64, shape (m, n)

    Raises
    ------
    PlanningError
        ``invalid_unit``, ``empty``, ``shape_mismatch``, ``blank``,
        ``total_mismatch``, ``margins_not_multiple``.

    Examples
    --------
    >>> round_matrix([[0.4, 0.6, 0.0], [0.6, 0.4, 1.0]], 1)
    array([[0., 1., 0.],
           [1., 0., 1.]])
    >>> round_matrix([[150.0, 250.0], [250.0, 350.0]], 100)
    array([[200., 200.],
           [200., 400.]])
    """
    arr = as_float_array(matrix, "matrix", allow_nan=False)
    if arr.ndim != 2:
        raise PlanningError.of(
            "targets.rounding.shape_mismatch_2", code="shape_mismatch", arr_shape=arr.shape
        )
    if arr.size == 0:
        raise PlanningError.of("targets.rounding.empty_2", code="empty", arr_shape=arr.shape)
    step = check_unit(unit)
    with np.errstate(over="ignore", invalid="ignore"):
        check_unit_scale(float(np.abs(arr).sum(axis=None)), step)
    m, n = arr.shape
    rows_t = _margin(row_totals, "row_totals", arr.sum(axis=1), np.abs(arr).sum(axis=1), step)
    cols_t = _margin(col_totals, "col_totals", arr.sum(axis=0), np.abs(arr).sum(axis=0), step)
    row_units = _whole_units(rows_t, "row_totals", step)
    col_units = _whole_units(cols_t, "col_totals", step)

    scaled = snap_whole(arr / step)
    base = np.floor(scaled)
    frac = np.round(scaled - base, 9)
    fractional = frac > 0.0
    row_need = (row_units - base.sum(axis=1)).astype(np.int64)
    col_need = (col_units - base.sum(axis=0)).astype(np.int64)
    n_frac = fractional.sum(axis=1)
    if (row_need < 0).any() or (row_need > n_frac).any() or (col_need < 0).any():
        raise rounding_failed()

    # Each row first rounds up its largest remainders (ties: larger value, lower column),
    # then round-ups move within rows until every column has its count.
    priority = np.rint(frac * 1e9).astype(np.int64)
    chosen, _ = _units_to_move(priority, arr, np.ones((m, n), dtype=bool), row_need)
    repair_columns(chosen, fractional, frac, col_need)
    return (base + chosen) * step


def _margin(
    given: ArrayLike | None,
    name: str,
    sums: NDArray[np.float64],
    abs_sums: NDArray[np.float64],
    unit: float,
) -> NDArray[np.float64]:
    if given is None:
        return sums
    totals = as_row_totals(given, name, sums.shape)
    bad = np.abs(totals - sums) > _MATCH * np.maximum(abs_sums, unit)
    if bad.any():
        pos = [int(i) for i in np.flatnonzero(bad)]
        first = pos[0]
        raise PlanningError.of(
            "targets.rounding.total_mismatch",
            code="total_mismatch",
            positions=pos,
            amount=float(totals[first] - sums[first]),
            name=name,
            positions_text_pos=positions_text(pos),
            first=first,
            totals_first=amount_text(totals[first]),
            sums_first=amount_text(sums[first]),
        )
    return totals


def _whole_units(totals: NDArray[np.float64], name: str, unit: float) -> NDArray[np.float64]:
    units = snap_whole(totals / unit)
    nearest = np.rint(units)
    bad = units != nearest
    if bad.any():
        pos = [int(i) for i in np.flatnonzero(bad)]
        shown = ", ".join(amount_text(totals[i]) for i in pos[:5])
        raise PlanningError.of(
            "targets.rounding.margins_not_multiple",
            code="margins_not_multiple",
            positions=pos,
            amount=float(totals[pos[0]] - nearest[pos[0]] * unit),
            name=name,
            positions_text_pos=positions_text(pos),
            shown=shown,
            unit=amount_text(unit),
        )
    return nearest


# ---------------------------------------------------------------- the unit


def check_unit(unit: object) -> float:
    """Return the rounding unit as a positive float, or raise ``invalid_unit``.

    Examples
    --------
    >>> check_unit(1000)
    1000.0
    >>> check_unit(0)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: unit must be a positive number (1, 100, 1000 ...), got 0
    """
    try:
        step = float(unit)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        step = math.nan
    if not (math.isfinite(step) and step > 0.0):
        raise PlanningError.of("targets.rounding.invalid_unit", code="invalid_unit", unit=unit)
    return step


def check_unit_scale(largest: float, unit: float) -> None:
    """Raise ``invalid_unit`` if amounts up to ``largest`` are too many units to count exactly.

    Examples
    --------
    >>> check_unit_scale(1e6, 0.01)
    >>> try:
    ...     check_unit_scale(1e12, 1e-6)
    ... except PlanningError as err:
    ...     print(err.code)
    invalid_unit
    """
    with np.errstate(over="ignore", invalid="ignore"):
        count = np.float64(largest) / np.float64(unit)
    if not count <= _MAX_UNITS:
        raise PlanningError.of(
            "targets.rounding.invalid_unit_2",
            code="invalid_unit",
            amount=float(largest),
            unit=amount_text(unit),
            largest=amount_text(largest),
            _MAX_UNITS=amount_text(_MAX_UNITS),
        )


def snap_whole(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Replace values within floating-point noise of a whole number by that number.

    Examples
    --------
    >>> snap_whole(np.array([2.9999999999999996, 2.5]))
    array([3. , 2.5])
    """
    nearest = np.rint(x)
    return np.where(np.abs(x - nearest) <= _SNAP * np.maximum(1.0, np.abs(x)), nearest, x)


def _as_mask(values: ArrayLike | None, name: str, shape: tuple[int, ...]) -> NDArray[np.bool_]:
    if values is None:
        return np.zeros(shape, dtype=bool)
    try:
        arr = np.asarray(values, dtype=bool)
        return np.broadcast_to(arr, shape).copy()
    except (TypeError, ValueError):
        raise PlanningError.of(
            "targets.rounding.shape_mismatch_3", code="shape_mismatch", name=name, shape=shape
        ) from None


def _first_index(mask: NDArray[np.bool_]) -> tuple[int, ...]:
    if mask.ndim == 0:
        return ()
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _row_text(row: tuple[int, ...]) -> str:
    if row == ():
        return ""
    return f" of row {row[0] if len(row) == 1 else row}"

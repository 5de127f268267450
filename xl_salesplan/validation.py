"""Coercion and checks shared by the engine's public functions.

Engine functions accept array-likes and scalars; these helpers turn them into
float arrays (numbers, vectors, per-cell bounds, one total per row) and raise
:class:`~xl_salesplan.errors.PlanningError` with a message that names the
argument when they cannot. :func:`amount_text` and :func:`positions_text` word
amounts and positions the same way in every engine message.

Examples
--------
>>> as_float_array([1, 2, 3], "weights")
array([1., 2., 3.])
>>> as_float_array([1, "x"], "weights")
Traceback (most recent call last):
...
xl_salesplan.errors.PlanningError: weights: value at position 1 is not a number ('x')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text

__all__ = [
    "amount_text",
    "as_bounds",
    "as_finite_scalar",
    "as_float_array",
    "as_row_totals",
    "as_vector",
    "mask_positions",
    "positions_text",
    "reject_negative",
    "reject_out_of_range",
]


def as_float_array(values: ArrayLike, name: str, *, allow_nan: bool = True) -> NDArray[np.float64]:
    """Return ``values`` as a float64 array, or raise naming ``name``.

    ``None`` entries become NaN (a blank cell). Infinite values are rejected
    because no planning quantity is infinite.

    Parameters
    ----------
    values : array_like
        Numbers (or ``None`` for blanks).
    name : str
        The argument name used in error messages.
    allow_nan : bool, default True
        If False, blanks/NaN raise a :class:`PlanningError`.

    Examples
    --------
    >>> as_float_array([1, None], "history")
    array([ 1., nan])
    >>> as_float_array([1, None], "history", allow_nan=False)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: history: blank value at position 1
    """
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        arr = _coerce_elementwise(values, name)
    if np.isinf(arr).any():
        pos = mask_positions(np.isinf(arr))[0]
        raise PlanningError.of(
            "input.validation.not_finite", code="not_finite", positions=(pos,), name=name, pos=pos
        )
    if not allow_nan and np.isnan(arr).any():
        pos = mask_positions(np.isnan(arr))[0]
        raise PlanningError.of(
            "input.validation.blank", code="blank", positions=(pos,), name=name, pos=pos
        )
    return arr


def as_finite_scalar(value: object, name: str) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``.

    Examples
    --------
    >>> as_finite_scalar(3, "total")
    3.0
    >>> as_finite_scalar(float("nan"), "total")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: total: expected a number, got nan
    """
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PlanningError.of(
            "input.validation.not_finite_2", code="not_a_number", name=name, value=value
        ) from None
    if not math.isfinite(out):
        raise PlanningError.of(
            "input.validation.not_finite_2", code="not_finite", name=name, value=value
        )
    return out


def as_vector(values: ArrayLike, name: str, *, allow_nan: bool = True) -> NDArray[np.float64]:
    """Return ``values`` as a 1-D float array: a list, a single row or a single column.

    A row ``(1, n)`` or a column ``(n, 1)`` (an Excel range) is flattened; any other
    table, and a single number, raise ``shape_mismatch`` naming ``name``.

    Examples
    --------
    >>> as_vector([[1], [2], [3]], "target")
    array([1., 2., 3.])
    >>> as_vector([[1, 2], [3, 4]], "target")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: target must be a single row or column of numbers, got ...
    """
    arr = as_float_array(values, name, allow_nan=allow_nan)
    if arr.ndim > 1 and sum(d > 1 for d in arr.shape) <= 1:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise PlanningError.of(
            "input.validation.shape_mismatch", code="shape_mismatch", name=name, arr_shape=arr.shape
        )
    return arr


def as_bounds(
    values: ArrayLike | None, name: str, shape: tuple[int, ...], fill: float
) -> NDArray[np.float64]:
    """Per-cell bounds broadcast to ``shape``; blanks (NaN/None) become ``fill``.

    Unlike other inputs, bounds may be infinite (no bound).

    Examples
    --------
    >>> as_bounds([5, None], "caps", (2, 2), np.inf)
    array([[ 5., inf],
           [ 5., inf]])
    """
    if values is None:
        return np.full(shape, fill, dtype=np.float64)
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        arr = as_float_array(values, name)
    try:
        out = np.broadcast_to(arr, shape).copy()
    except ValueError:
        raise PlanningError.of(
            "input.validation.shape_mismatch_2",
            code="shape_mismatch",
            name=name,
            arr_shape=arr.shape,
            shape=shape,
        ) from None
    out[np.isnan(out)] = fill
    return out


def as_row_totals(values: ArrayLike, name: str, shape: tuple[int, ...]) -> NDArray[np.float64]:
    """One finite number per row, broadcast to ``shape`` (the batch shape).

    Examples
    --------
    >>> as_row_totals(10, "total", (3,))
    array([10., 10., 10.])
    """
    arr = as_float_array(values, name, allow_nan=False)
    try:
        return np.broadcast_to(arr, shape).astype(np.float64)
    except ValueError:
        rows = "one number" if shape == () else f"one number per row, shape {shape}"
        raise PlanningError.of(
            "input.validation.shape_mismatch_3",
            code="shape_mismatch",
            name=name,
            arr_shape=arr.shape,
            rows=rows,
        ) from None


_VALUE = Text("input.what.value")
_ZERO_OR_MORE = Text("input.why.zero_or_more")


def reject_negative(
    values: NDArray[np.float64],
    name: str,
    *,
    what: str | Text = _VALUE,
    why: str | Text = _ZERO_OR_MORE,
) -> None:
    """Raise ``negative`` naming every negative entry of ``values`` (any shape).

    Examples
    --------
    >>> reject_negative(np.array([3.0, 0.0]), "quotas")
    >>> reject_negative(np.array([3.0, -1.0, -2.0]), "quotas", what="quota")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: quotas: negative quota -1 at position 1
    (negative at [1, 2]); it must be 0 or more
    """
    bad = values < 0
    if not bad.any():
        return
    if values.ndim == 0:
        raise PlanningError.of(
            "input.validation.negative_2",
            code="negative",
            amount=float(values),
            name=name,
            what=what,
            values=float(values),
            why=why,
        )
    positions = mask_positions(bad)
    first = float(values[bad][0])
    raise PlanningError.of(
        "input.validation.negative",
        code="negative",
        positions=positions,
        amount=first,
        name=name,
        what=what,
        first=first,
        positions_0=positions[0],
        at_positions=positions,
        why=why,
    )


def reject_out_of_range(
    values: NDArray[np.float64],
    outside: NDArray[np.bool_],
    name: str,
    rule: str | Text,
    *,
    code: str,
    hint: str | Text = "",
) -> None:
    """Raise ``code`` if ``outside`` flags any entry of the 1-D ``values``.

    The message reads ``{name} must be {rule}; position i is v (out of range at [...])``
    followed by ``hint``.

    Examples
    --------
    >>> reject_out_of_range(np.array([0.2, 1.5]), np.array([False, True]),
    ...                     "conversion_rates", "at most 1", code="out_of_range")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: conversion_rates must be at most 1; position 1 is 1.5
    (out of range at [1])
    """
    bad = np.flatnonzero(outside)
    if not bad.size:
        return
    i = int(bad[0])
    raise PlanningError.of(
        "input.validation.must_be_position_is_out",
        code=code,
        positions=bad.tolist(),
        amount=float(values[i]),
        name=name,
        rule=rule,
        i=i,
        values_i=values[i],
        bad_tolist=bad.tolist(),
        hint=hint,
    )


# ---------------------------------------------------------------- amounts and positions in messages


def amount_text(x: float) -> str:
    """An amount as a planner reads it: thousands separators, no float noise.

    Examples
    --------
    >>> amount_text(1500000.0), amount_text(-12.5), amount_text(0.1 + 0.2)
    ('1,500,000', '-12.5', '0.3')
    >>> amount_text(1e308), amount_text(1e-308)
    ('1e+308', '1e-308')
    """
    x = float(x)
    if not math.isfinite(x):
        return "no limit" if x > 0 else "minus infinity" if x < 0 else "blank"
    if abs(x) >= 1e15:
        return f"{x:.3g}"  # 1e+308, not 309 digits
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)) and (x == 0 or abs(x) >= 1e-6):
        return f"{round(x):,}"
    text = f"{x:,.6f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{x:.3g}"


def positions_text(positions: Sequence[object], limit: int = 8) -> Text:
    """List positions for a message, shortened after ``limit`` entries.

    The words come from the catalogue, so the list reads in the message's language.

    Examples
    --------
    >>> str(positions_text([0, 2]))
    'positions 0, 2'
    >>> str(positions_text([(1, 3)]))
    'position (1, 3)'
    >>> str(positions_text(list(range(10)), limit=3))
    'positions 0, 1, 2 ... (10 in all)'
    """
    items = [str(p) for p in positions]
    if len(items) > limit:
        return Text("input.positions.many_more", {"items": ", ".join(items[:limit]),
                                                  "count": len(items)})  # fmt: skip
    key = "input.positions.one" if len(items) == 1 else "input.positions.many"
    return Text(key, {"items": ", ".join(items)})


def mask_positions(mask: NDArray[np.bool_]) -> list[object]:
    """0-based positions of the True cells: ints for 1-D, index tuples otherwise.

    Examples
    --------
    >>> mask_positions(np.array([True, False, True]))
    [0, 2]
    >>> mask_positions(np.array([[False, True]]))
    [(0, 1)]
    """
    hits = np.argwhere(mask)
    if mask.ndim == 1:
        return [int(i) for i in hits[:, 0]]
    return [tuple(int(i) for i in row) for row in hits]


# ---------------------------------------------------------------- internals


def _coerce_elementwise(values: ArrayLike, name: str) -> NDArray[np.float64]:
    obj = np.asarray(values, dtype=object)
    out = np.empty(obj.shape, dtype=np.float64)
    for idx, item in np.ndenumerate(obj):
        if item is None:
            out[idx] = np.nan
            continue
        try:
            out[idx] = float(item)
        except (TypeError, ValueError):
            pos = idx[0] if len(idx) == 1 else idx
            raise PlanningError.of(
                "input.validation.not_a_number",
                code="not_a_number",
                positions=(pos,),
                name=name,
                pos=pos,
                item=item,
            ) from None
    return out

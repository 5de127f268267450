"""Coercion and checks shared by the engine's public functions.

Engine functions accept array-likes and scalars; these helpers turn them into
float arrays and raise :class:`~xl_salesplan.errors.PlanningError` with a
message that names the argument when they cannot.

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

__all__ = [
    "as_finite_scalar",
    "as_float_array",
    "check_same_shape",
    "optional_bound",
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
        pos = _first_position(np.isinf(arr))
        raise PlanningError(
            f"{name}: infinite value at position {pos}", code="not_finite", positions=(pos,)
        )
    if not allow_nan and np.isnan(arr).any():
        pos = _first_position(np.isnan(arr))
        raise PlanningError(
            f"{name}: blank value at position {pos}", code="blank", positions=(pos,)
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
        raise PlanningError(
            f"{name}: expected a number, got {value!r}", code="not_a_number"
        ) from None
    if not math.isfinite(out):
        raise PlanningError(f"{name}: expected a number, got {value!r}", code="not_finite")
    return out


def check_same_shape(reference_name: str, reference: NDArray, **others: NDArray | None) -> None:
    """Raise if any array in ``others`` does not have the shape of ``reference``.

    Examples
    --------
    >>> check_same_shape("weights", np.ones(3), holds=np.ones(3), caps=None)
    >>> check_same_shape("weights", np.ones(3), holds=np.ones(2))
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: holds has shape (2,) but weights has shape (3,)
    """
    for name, arr in others.items():
        if arr is not None and arr.shape != reference.shape:
            raise PlanningError(
                f"{name} has shape {arr.shape} but {reference_name} has shape {reference.shape}",
                code="shape_mismatch",
            )


def optional_bound(
    values: ArrayLike | None, name: str, shape: tuple[int, ...], fill: float
) -> NDArray[np.float64]:
    """Broadcast an optional per-cell bound to ``shape``; blanks become ``fill``.

    Examples
    --------
    >>> optional_bound(None, "caps", (2,), np.inf)
    array([inf, inf])
    >>> optional_bound([5, None], "caps", (2,), np.inf)
    array([ 5., inf])
    """
    if values is None:
        return np.full(shape, fill, dtype=np.float64)
    arr = np.asarray(values, dtype=object)
    arr = np.where(arr == None, np.nan, arr)  # noqa: E711 - element-wise None test
    out = np.asarray(arr, dtype=np.float64)
    try:
        out = np.broadcast_to(out, shape).copy()
    except ValueError:
        raise PlanningError(
            f"{name} has shape {out.shape} but the cells have shape {shape}", code="shape_mismatch"
        ) from None
    out[np.isnan(out)] = fill
    return out


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
            raise PlanningError(
                f"{name}: value at position {pos} is not a number ({item!r})",
                code="not_a_number",
                positions=(pos,),
            ) from None
    return out


def _first_position(mask: NDArray[np.bool_]) -> int | Sequence[int]:
    idx = tuple(int(i) for i in np.argwhere(mask)[0])
    return idx[0] if len(idx) == 1 else idx

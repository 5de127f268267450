"""KPI rows: the direction of each KPI and arguments given once, per row or per cell.

Shared by :mod:`~xl_salesplan.kpi.variance`, :mod:`~xl_salesplan.kpi.pace` and
:mod:`~xl_salesplan.kpi.status`: a KPI's direction (higher or lower is better)
turns a variance into a favourable one, and every per-KPI argument (thresholds,
noise, standard deviations) is broadcast to the rows the same way.

Examples
--------
>>> direction_sign(["higher", "lower"])
array([ 1., -1.])
>>> per_row(np.array([1.0, 2.0]), "at_risk", (2, 3)).tolist()
[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text

__all__ = [
    "DIRECTION_ALIASES",
    "bad_positions",
    "check_non_negative",
    "direction_sign",
    "per_row",
    "public_positions",
    "safe_divide",
]

#: Accepted direction words (case, spaces and hyphens ignored) and their sign:
#: +1 when a higher value is better, -1 when a lower value is better.
#: Booleans are accepted too: True means higher is better.
DIRECTION_ALIASES: dict[str, float] = {
    "higher": 1.0,
    "higher_is_better": 1.0,
    "越高越好": 1.0,
    "lower": -1.0,
    "lower_is_better": -1.0,
    "越低越好": -1.0,
}


_MAX_LISTED = 5


def direction_sign(direction: ArrayLike) -> NDArray[np.float64]:
    """Return +1 where higher is better and -1 where lower is better.

    Parameters
    ----------
    direction : str, bool or array_like of them
        ``"higher"`` / ``"higher_is_better"`` / ``"越高越好"`` or ``True`` for
        revenue-like KPIs; ``"lower"`` / ``"lower_is_better"`` / ``"越低越好"``
        or ``False`` for cost-like KPIs. Case, spaces and hyphens are ignored.

    Returns
    -------
    ndarray of float64 with the shape of ``direction``.

    Examples
    --------
    >>> direction_sign(["higher", "Lower is better", True, False])
    array([ 1., -1.,  1., -1.])
    >>> direction_sign("sideways")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: direction: 'sideways' not understood as a KPI direction; ...
    """
    raw = np.asarray(direction, dtype=object)
    signs = np.asarray(_SIGN_OF(raw), dtype=np.float64) if raw.size else np.zeros(raw.shape)
    bad = np.isnan(signs)
    if bad.any():
        positions, where = bad_positions(bad)
        shown = ", ".join(repr(raw[p]) for p in positions)
        raise PlanningError.of(
            "kpi.rows.bad_direction",
            code="bad_direction",
            positions=public_positions(positions),
            shown=shown,
            where_text=where,
        )
    return signs


def safe_divide(num: NDArray, den: NDArray) -> NDArray[np.float64]:
    """``num / den``, NaN where ``den`` is zero or blank."""
    num, den = np.broadcast_arrays(np.asarray(num, np.float64), np.asarray(den, np.float64))
    out = np.full(num.shape, np.nan)
    with np.errstate(over="ignore"):  # a vanishingly small divisor gives ±inf, not a warning
        np.divide(num, den, out=out, where=(den != 0) & ~np.isnan(den))
    return out


def per_row(values: NDArray, name: str, shape: tuple[int, ...]) -> NDArray:
    """Broadcast one value, one value per row (leading axis) or one per cell to ``shape``."""
    if values.ndim == 0 or values.shape == shape:
        return np.broadcast_to(values, shape)
    if len(shape) >= 2 and values.shape == shape[:1]:
        return np.broadcast_to(values.reshape(shape[:1] + (1,) * (len(shape) - 1)), shape)
    rows = shape[0] if shape else 1
    raise PlanningError.of(
        "kpi.rows.shape_mismatch",
        code="shape_mismatch",
        name=name,
        values_size=values.size,
        values_shape=values.shape,
        rows=rows,
        shape=shape,
    )


def check_non_negative(values: NDArray, name: str) -> None:
    bad = values < 0
    if bad.any():
        positions, where = bad_positions(bad)
        shown = ", ".join(f"{values[p]:g}" for p in positions)
        raise PlanningError.of(
            "kpi.rows.must_not_be_negative_got",
            code=f"negative_{name}",
            positions=public_positions(positions),
            name=name,
            shown=shown,
            where_text=where,
        )


def bad_positions(mask: NDArray[np.bool_]) -> tuple[list[tuple[int, ...]], str | Text]:
    """First few flagged index tuples and a " at position(s) ..." phrase ("" for a scalar)."""
    positions = [tuple(int(i) for i in p) for p in np.argwhere(mask)[:_MAX_LISTED]]
    if mask.ndim == 0:
        return positions, ""
    shown = ", ".join(str(p[0]) if len(p) == 1 else str(p) for p in positions)
    key = "kpi.at_positions_more" if int(mask.sum()) > len(positions) else "kpi.at_positions"
    return positions, Text(key, {"positions": shown})


def public_positions(positions: list[tuple[int, ...]]) -> list[object]:
    return [p[0] if len(p) == 1 else p for p in positions]


def _direction_item(item: object) -> float:
    if isinstance(item, bool | np.bool_):
        return 1.0 if item else -1.0
    if isinstance(item, str):
        key = "_".join(item.strip().lower().replace("-", " ").split())
        return DIRECTION_ALIASES.get(key, math.nan)
    return math.nan


_SIGN_OF = np.frompyfunc(_direction_item, 1, 1)

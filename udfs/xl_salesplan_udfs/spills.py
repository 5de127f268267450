"""Results as Excel takes them: a list of rows of plain Python values that spills.

xlwings hands a function's list of rows to Excel as an array; dynamic-array Excel spills it
into the cells below and to the right. NaN and infinite numbers become blanks (None), numpy
numbers become ``float``, pandas periods their text (``"2025-03"``).

Examples
--------
>>> table(["period", "hires"], [["2025-01", "2025-02"], [2, np.nan]])
[['period', 'hires'], ['2025-01', 2.0], ['2025-02', None]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan_udfs.cells import Layout, Spill
from xl_salesplan_udfs.result_size import check_result_size

__all__ = ["frame_table", "measure_table", "spill", "table", "vector_spill"]


def _cell_out(item: object) -> object:
    if item is None:
        return None
    if isinstance(item, bool | np.bool_):
        return bool(item)
    if isinstance(item, int | float | np.integer | np.floating):
        number = float(item)
        return number if math.isfinite(number) else None
    if isinstance(item, pd.Period):
        return str(item)
    if isinstance(item, pd.Timestamp):
        return None if pd.isna(item) else item.to_pydatetime()
    return item


def spill(values: ArrayLike) -> Spill:
    """A 2-D result as a list of rows of plain Python values; NaN becomes a blank (None).

    Examples
    --------
    >>> spill(np.array([[1.0, np.nan], [np.float64(2.5), 3.0]]))
    [[1.0, None], [2.5, 3.0]]
    """
    shape = np.shape(values)
    check_result_size(int(np.prod(shape[:-1])) if len(shape) > 1 else 1, shape[-1] if shape else 1)
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        numbers_only = np.asarray(values, dtype=np.float64)
        arr = numbers_only.astype(object)  # Python floats
        arr[~np.isfinite(numbers_only)] = None
        return [list(row) for row in arr.reshape(-1, arr.shape[-1] if arr.ndim else 1).tolist()]
    arr = np.asarray(values, dtype=object)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        arr = arr.reshape(1, -1)
    return [[_cell_out(item) for item in row] for row in arr.tolist()]


def vector_spill(values: ArrayLike, layout: Layout) -> Spill:
    """A 1-D result laid out as the input was: a row, or a column.

    Examples
    --------
    >>> vector_spill([1.0, 2.0], "column")
    [[1.0], [2.0]]
    """
    arr = np.asarray(values, dtype=object).reshape(-1)
    return spill(arr.reshape(-1, 1) if layout == "column" else arr.reshape(1, -1))


def table(header: Sequence[str], columns: Sequence[ArrayLike]) -> Spill:
    """A table: a header row, then one row per entry of the (equally long) columns.

    Examples
    --------
    >>> table(["period", "hires"], [[0, 1], [2.0, np.nan]])
    [['period', 'hires'], [0.0, 2.0], [1.0, None]]
    """
    sizes = [np.size(c) for c in columns]
    check_result_size(1 + (sizes[0] if sizes else 0), max(len(sizes), len(header)))
    body = np.empty((sizes[0] if sizes else 0, len(columns)), dtype=object)
    for j, column in enumerate(columns):
        body[:, j] = _column_out(column)
    return [list(header), *body.tolist()] if body.size else [list(header)]


def _column_out(column: ArrayLike) -> NDArray[np.object_]:
    """One column of a table as Excel takes it (see :func:`_cell_out`); numbers in bulk."""
    arr = (column if isinstance(column, np.ndarray) else np.asarray(column, dtype=object)).reshape(
        -1
    )
    if arr.dtype.kind == "f":
        out = arr.astype(np.float64).astype(object)
        out[~np.isfinite(arr)] = None
        return out
    if arr.dtype.kind in "iu":
        return arr.astype(np.float64).astype(object)
    out = np.empty(arr.size, dtype=object)
    out[:] = [_cell_out(item) for item in arr.astype(object).tolist()]
    return out


def frame_table(frame: pd.DataFrame) -> Spill:
    """A DataFrame as a table: its column names, then one row per row of the frame.

    Examples
    --------
    >>> frame_table(pd.DataFrame({"channel": ["Events"], "spend": [np.nan]}))
    [['channel', 'spend'], ['Events', None]]
    """
    columns = list(frame.columns)
    return table(columns, [frame[c].to_numpy() for c in columns])


def measure_table(rows: Sequence[tuple[str, object]]) -> Spill:
    """A two-column table under the header ``measure, value``: one row per (name, value).

    Examples
    --------
    >>> measure_table([("total", np.float64(5.0)), ("note", "ok"), ("gap", np.nan)])
    [['measure', 'value'], ['total', 5.0], ['note', 'ok'], ['gap', None]]
    """
    return table(["measure", "value"], [[r[0] for r in rows], [r[1] for r in rows]])

"""From a compute frame to the cells of its output block: one rule for every writer.

An action's compute function returns one pandas DataFrame per output block
(:attr:`~xl_salesplan.layout.model.OutputBlock.frame`).
:func:`block_grid` turns such a frame into the rows of values for the block's
whole body, in the block's column order, padded with blanks to the block's size
so that stale rows of an earlier, longer result are cleared. The template build
and the actions both use it, so a workbook built from the template and one
updated by an action hold the same cells.

Matching rules:

- columns by key (:attr:`Column.key`); a frame column labelled ``YYYY-MM``
  fills the month column ``mMM``;
- fixed-row blocks: the frame's index holds the row keys (any order, extra rows
  are an error); variable-row blocks: rows in frame order, at most
  :attr:`OutputBlock.capacity` (a growing block: down to the sheet's last row);
- NaN, NaT, ``None`` and ``pd.NA`` become blanks; numpy numbers become Python
  numbers; timestamps become ``datetime``.

Examples
--------
>>> import pandas as pd
>>> from xl_salesplan.layout import block
>>> frame = pd.DataFrame({"status": ["On track", "At risk"], "count": [7, 1]})
>>> block_grid(block("KpiStatusCounts"), frame)
[['On track', 7], ['At risk', 1], [None, None], [None, None]]
"""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np
import pandas as pd

from xl_salesplan.errors import PlanningError
from xl_salesplan.layout.model import OutputBlock, month_key
from xl_salesplan.ooxml.cell_values import plain_numbers

__all__ = ["block_grid", "cell_value"]


def cell_value(value: object) -> object:
    """A frame value as a plain Python cell value (blanks become ``None``).

    Examples
    --------
    >>> cell_value(np.float64(2.5)), cell_value(float("nan")), cell_value(np.int64(3))
    (2.5, None, 3)
    >>> cell_value(pd.Timestamp("2026-01-01"))
    datetime.datetime(2026, 1, 1, 0, 0)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, _dt.datetime | _dt.date | int | str):
        return value
    return str(value)


def _frame_columns(block: OutputBlock, frame: pd.DataFrame) -> list[object]:
    by_key: dict[str, object] = {}
    for label in frame.columns:
        key = month_key(label) or str(label)
        if key in by_key:
            raise PlanningError.of(
                "layout.blocks.shape_mismatch_2",
                code="shape_mismatch",
                positions=(key,),
                block_name=block.name,
                key_name=key,
            )
        by_key[key] = label
    missing = [k for k in block.column_keys() if k not in by_key]
    if missing:
        raise PlanningError.of(
            "layout.blocks.shape_mismatch",
            code="shape_mismatch",
            positions=tuple(missing),
            block_name=block.name,
            join_missing=", ".join(missing),
            join_block_column_keys=", ".join(block.column_keys()),
        )
    return [by_key[k] for k in block.column_keys()]


def _cell_values(column: pd.Series) -> list[object]:
    """:func:`cell_value` of every value of a column (numbers and booleans as arrays).

    Examples
    --------
    >>> _cell_values(pd.Series([1.5, np.nan, -0.0])), _cell_values(pd.Series([3, 4]))
    ([1.5, None, -0.0], [3, 4])
    """
    numbers = plain_numbers(column)
    if numbers is not None:
        return numbers
    return [cell_value(value) for value in column.to_numpy(dtype=object)]


def block_grid(block: OutputBlock, frame: pd.DataFrame, *, pad_to: int = 0) -> list[list[object]]:
    """Rows of cell values for the whole body of ``block`` (at least ``n_rows`` x columns).

    Parameters
    ----------
    block : OutputBlock
        The block to fill.
    frame : DataFrame
        The compute function's frame for the block (see the module rules).
    pad_to : int
        Blank rows are added up to this many rows (the rows an earlier, longer result
        covered, so that they are cleared).

    Returns
    -------
    list of list
        ``max(block.rows_for(len(frame)), pad_to)`` rows of ``len(block.columns)``
        values; unused rows blank.

    Raises
    ------
    PlanningError
        When columns or fixed rows are missing, or there are more rows than fit.

    Examples
    --------
    >>> from xl_salesplan.layout import block
    >>> frame = pd.DataFrame({"value": [10.0, 12.0, 0.2, 3, 20, "good", "calendar months"]},
    ...     index=["last_year_revenue", "target", "growth", "hires", "reps_in_seat",
    ...            "profile_quality", "phasing"])
    >>> block_grid(block("PlanSummary"), frame)[:3]
    [[10.0], [12.0], [0.2]]
    >>> block_grid(block("KpiStatusCounts"), pd.DataFrame({"status": ["x"] * 5, "count": 1}))
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: KpiStatusCounts holds at most 4 rows; the result has 5
    >>> len(block_grid(block("RegionTargets"), pd.DataFrame(columns=["region", "total",
    ...     *[f"m{m:02d}" for m in range(1, 13)]], index=range(40))))
    40
    """
    columns = _frame_columns(block, frame)
    if block.fixed_rows:
        index = [str(i) for i in frame.index]
        missing = [k for k in block.row_keys() if k not in index]
        extra = [k for k in index if k not in block.row_keys()]
        if missing or extra or len(set(index)) != len(index):
            raise PlanningError.of(
                "layout.blocks.shape_mismatch_3",
                code="shape_mismatch",
                positions=tuple(missing or extra),
                block_name=block.name,
                join_index=", ".join(index),
                join_block_row_keys=", ".join(block.row_keys()),
            )
        ordered = frame.set_axis(index, axis=0).loc[list(block.row_keys()), columns]
    else:
        if len(frame) > block.capacity:
            raise PlanningError.of(
                "layout.blocks.too_many_rows",
                code="too_many_rows",
                amount=float(len(frame) - block.capacity),
                block_name=block.name,
                block_capacity=block.capacity,
                len_frame=len(frame),
            )
        ordered = frame.loc[:, columns]
    values = [_cell_values(ordered.iloc[:, k]) for k in range(ordered.shape[1])]
    rows = [list(row) for row in zip(*values, strict=True)]
    rows = rows if values else [[] for _ in ordered.index]
    blank = [None] * len(block.columns)
    size = max(block.rows_for(len(rows)), pad_to)
    return rows + [list(blank) for _ in range(size - len(rows))]

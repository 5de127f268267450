"""Excel functions for targets (目标分解): SPLIT_TARGET, SPLIT_MATRIX.

Thin adapters: read the cells (:mod:`xl_salesplan_udfs.cells`), call the engine
(:mod:`xl_salesplan.targets.spreading`, :mod:`xl_salesplan.targets.matrix_spread`), lay the
result out like the input. ``docs/functions.md`` is the planner's reference.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.messages import Text
from xl_salesplan.targets.matrix_spread import spread_matrix
from xl_salesplan.targets.spreading import (
    spread_even,
    spread_growth,
    spread_percent_change,
    spread_proportional,
    spread_straight_line,
)
from xl_salesplan_udfs.cells import (
    MAX_CELLS,
    CellError,
    Cells,
    Spill,
    as_grid,
    check_size,
    choice,
    error_text,
    given,
    is_omitted,
    numbers,
    single_number,
    vector,
    whole_number,
)
from xl_salesplan_udfs.registration import excel_function, transposed_cells
from xl_salesplan_udfs.spills import spill

__all__ = ["SPLIT_MATRIX", "SPLIT_TARGET"]

METHODS = {
    "proportional": "proportional",
    "weights": "proportional",
    "按比例": "proportional",
    "even": "even",
    "equal": "even",
    "平均": "even",
    "percent_change": "percent_change",
    "percent": "percent_change",
    "pct": "percent_change",
    "百分比变化": "percent_change",
    "straight_line": "straight_line",
    "line": "straight_line",
    "直线": "straight_line",
    "growth": "growth",
    "compound_growth": "growth",
    "增长": "growth",
}
_ZERO_WEIGHTS = {"even": "even", "error": "error"}
_SHAPE_ONLY = ("even", "growth", "straight_line")

#: Largest table SPLIT_MATRIX fits in a cell formula (rows x columns).
MAX_MATRIX_CELLS = 50_000


# ---------------------------------------------------------------------------- SPLIT_TARGET


@dataclass(frozen=True)
class _Layout:
    """How the sheet's range maps onto the engine's (rows x cells) layout."""

    shape: tuple[int, int]  # the result's shape on the sheet
    transposed: bool = False  # one spread per sheet column
    flat: bool = False  # one spread over every cell of a table, in reading order
    vector: bool = False  # one spread over a row or column

    @property
    def engine_shape(self) -> tuple[int, ...]:
        rows, cols = self.shape
        if self.vector or self.flat:
            return (rows * cols,)
        return (cols, rows) if self.transposed else (rows, cols)

    def to_engine(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.vector or self.flat:
            return values.reshape(-1)
        return values.T if self.transposed else values

    def to_sheet(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.transposed:
            return values.T
        return values.reshape(self.shape)


def _spread_layout(cells: tuple[int, int], totals: NDArray[np.float64] | None) -> _Layout:
    """Where the spreads go, from the shape of ``weights`` and of ``total``."""
    rows, cols = cells
    count = 1 if totals is None else totals.size
    if count == 1:
        is_vector = rows == 1 or cols == 1
        return _Layout(cells, flat=not is_vector, vector=is_vector)
    t_rows, t_cols = totals.shape
    if t_rows > 1 and t_cols > 1:
        raise CellError.of("total", "function.targets_functions.must_be_one_cell_or")
    if rows == 1:  # a row of weights: one spread per total, stacked as rows
        return _Layout((count, cols))
    if cols == 1:  # a column of weights: one spread per total, side by side
        return _Layout((rows, count), transposed=True)
    if t_cols == 1 and count == rows:
        return _Layout(cells)
    if t_rows == 1 and count == cols:
        return _Layout(cells, transposed=True)
    raise CellError.of(
        "total",
        "function.targets_functions.has_cells_but_weights_has",
        count=count,
        rows=rows,
        cols=cols,
    )


def _layout_for(how: str, cells: tuple[int, int], totals: NDArray[np.float64] | None) -> _Layout:
    if how != "percent_change":
        return _spread_layout(cells, totals)
    # percent change: a row or column is one spread; a table is one spread per row
    return _Layout(cells, vector=cells[0] == 1 or cells[1] == 1)


def _per_cell(value: Cells, argument: str, layout: _Layout) -> NDArray[np.float64] | None:
    """Holds, floors, caps or a percent change laid out like the result, in engine order."""
    if value is None:
        return None
    arr = numbers(value, argument)
    shape = layout.shape
    if layout.vector and 1 in arr.shape and arr.size == shape[0] * shape[1]:
        arr = arr.reshape(shape)
    try:
        arr = np.broadcast_to(arr, shape)
    except ValueError:
        raise CellError.of(
            argument,
            "function.targets_functions.has_rows_x_columns_but",
            arr_shape_0=arr.shape[0],
            arr_shape_1=arr.shape[1],
            shape_0=shape[0],
            shape_1=shape[1],
        ) from None
    return layout.to_engine(arr)


def _shape_of_cells(value: Cells, method: str) -> tuple[int, int]:
    """The cells to fill for even, growth and straight_line: a range, or a number of cells."""
    grid = as_grid(value, "weights")
    if grid.size == 1 and error_text(grid[0, 0]) is None and not is_omitted(value):
        count = whole_number(grid, "weights")
        if count is None or count < 1:
            raise CellError.of(
                "weights", "function.targets_functions.for_give_a_range_or", method=method
            )
        return (1, count)
    return grid.shape  # type: ignore[return-value]


@excel_function(
    docs={
        "total": "The amount to spread: one cell, or one total per spread (a row or column of "
        "totals). Leave empty for percent_change; optional for straight_line.",
        "weights": "The cells to fill: weights such as last year (proportional), existing "
        "values (percent_change), or any range or a number of cells (even, growth, "
        "straight_line). The result has its shape.",
        "method": "proportional (default), even, percent_change, straight_line or growth.",
        "holds": "Optional. Held cells keep the number given here; blank cells are free and "
        "share the rest of the total. Same shape as the result, or a row/column that repeats.",
        "floors": "Optional. Lowest value per cell (blank = none); what a floor takes is "
        "taken from the other cells.",
        "caps": "Optional. Highest value per cell (blank = none), e.g. a rep's capacity; what "
        "overflows is re-spread over cells with room.",
        "unit": "Optional. Round to multiples of this unit (1, 100, 1000 ...) keeping the "
        "total exact.",
        "param": "The method's parameter: the change for percent_change (10% or 0.1), the "
        "growth per period for growth, the start and end values (two cells) for "
        "straight_line.",
        "zero_weights": "Optional. even (default): all-zero weights spread evenly; error: "
        "refuse them.",
    },
    aliases={
        "values": "weights",
        "cells": "weights",
        "hold": "holds",
        "held": "holds",
        "floor": "floors",
        "cap": "caps",
        "pct": "param",
        "rate": "param",
        "start": "param",
        "end": "param",
        "the straight line": "param",
        "growth weights": "param",
    },
    codes={"zero_weights": "weights"},
)
def SPLIT_TARGET(
    total: Cells,
    weights: Cells,
    method: Cells = None,
    holds: Cells = None,
    floors: Cells = None,
    caps: Cells = None,
    unit: Cells = None,
    param: Cells = None,
    zero_weights: Cells = None,
) -> Spill:
    """Spread a total over cells (proportional, even, percent change, straight line or
    growth) with held cells, floors, caps and rounding to a unit that keeps the total exact.
    Spills a range shaped like weights."""
    how = choice(method, "method", METHODS, "proportional")
    fallback = choice(zero_weights, "zero_weights", _ZERO_WEIGHTS, None)
    step = single_number(unit, "unit")
    if how in _SHAPE_ONLY:
        cells = _shape_of_cells(weights, how)
        w = None
    else:
        w = numbers(weights, "weights")
        cells = w.shape  # type: ignore[assignment]
    if how == "percent_change":
        if not is_omitted(total):
            raise CellError.of("total", "function.targets_functions.is_not_used_by_percent")
        totals = None
    elif how == "straight_line" and is_omitted(total):
        totals = None
    else:
        totals = numbers(total, "total", blanks=False)
    if how in ("proportional", "even") and param is not None and not is_omitted(param):
        raise CellError.of("param", "function.targets_functions.is_not_used_by_leave", how=how)
    layout = _layout_for(how, cells, totals)
    check_size(
        "total", layout.shape[0] * layout.shape[1], MAX_CELLS, Text("function.counted.result_cells")
    )
    bounds: dict[str, object] = {
        "holds": _per_cell(holds, "holds", layout),
        "floors": _per_cell(floors, "floors", layout),
        "caps": _per_cell(caps, "caps", layout),
        "unit": step,
    }
    options = given(zero_weights=fallback)
    t = None if totals is None else (totals.reshape(-1) if totals.size > 1 else totals.item())
    with transposed_cells() if layout.transposed else contextlib.nullcontext():
        result = _spread(how, t, w, layout, param, options, bounds)
    return spill(layout.to_sheet(np.asarray(result, dtype=np.float64)))


def _spread(
    how: str,
    total: float | NDArray[np.float64] | None,
    weights: NDArray[np.float64] | None,
    layout: _Layout,
    param: Cells,
    options: dict[str, object],
    bounds: dict[str, object],
) -> NDArray[np.float64]:
    engine_shape = layout.engine_shape
    n = engine_shape[-1]
    if how == "proportional":
        assert weights is not None
        w = layout.to_engine(np.broadcast_to(weights, layout.shape))
        return spread_proportional(total, w, **options, **bounds)  # type: ignore[arg-type]
    if how == "even":
        return spread_even(total, engine_shape, **bounds)  # type: ignore[arg-type]
    if how == "percent_change":
        assert weights is not None
        change = _per_cell(
            _required(param, "param", Text("function.counted.the_change")), "param", layout
        )
        return spread_percent_change(
            layout.to_engine(weights),
            change,
            **options,
            **bounds,  # type: ignore[arg-type]
        )
    if how == "growth":
        rate = numbers(_required(param, "param", Text("function.counted.the_growth")), "param")
        rates = rate.reshape(-1) if rate.size > 1 else rate.item()
        if np.size(rates) > 1 and np.size(rates) != np.size(total):
            raise CellError.of("param", "function.targets_functions.must_be_one_growth_rate")
        return spread_growth(total, n, rates, **bounds)  # type: ignore[arg-type]
    ends, _ = vector(
        _required(param, "param", Text("function.counted.start_and_end")), "param", blanks=False
    )
    if ends.size != 2:
        raise CellError.of(
            "param", "function.targets_functions.for_straight_line_give_two", ends_size=ends.size
        )
    if total is None and len(engine_shape) > 1:
        raise CellError.of("total", "function.targets_functions.straight_line_over_several_row")
    return spread_straight_line(
        ends[0],
        ends[1],
        n,
        total=total,
        **options,
        **bounds,  # type: ignore[arg-type]
    )


def _required(value: Cells, argument: str, what: str | Text) -> Cells:
    if is_omitted(value):
        raise CellError.of(argument, "function.targets_functions.is_needed_give", what=what)
    return value


# ---------------------------------------------------------------------------- SPLIT_MATRIX


@excel_function(
    docs={
        "row_totals": "The total of each row of the result (a row or column of numbers, 0 or "
        "more), e.g. each region's yearly target.",
        "col_totals": "The total of each column (a row or column of numbers, 0 or more), e.g. "
        "the company's months; must add up to the same grand total.",
        "seed": "Optional. The starting shape, e.g. last year's matrix (rows x columns); zero "
        "cells stay zero. Default: all cells alike.",
        "unit": "Optional. Round to multiples of this unit keeping every row and column total "
        "exact (the totals must be multiples of it).",
    },
    aliases={"row totals": "row_totals", "column totals": "col_totals", "rows": "row_totals"},
    codes={"infeasible_margins": "seed", "not_converged": "seed"},
)
def SPLIT_MATRIX(
    row_totals: Cells, col_totals: Cells, seed: Cells = None, unit: Cells = None
) -> Spill:
    """Spread row totals and column totals over a table (e.g. region x month) shaped like a
    seed, matching both exactly (iterative proportional fitting); with a unit, rounded so both
    margins stay exact."""
    rows, _ = vector(row_totals, "row_totals")
    cols, _ = vector(col_totals, "col_totals")
    check_size(
        "row_totals",
        rows.size * cols.size,
        MAX_MATRIX_CELLS,
        Text("function.counted.cells_rows_columns"),
    )
    start = None if is_omitted(seed) else numbers(seed, "seed")
    step = single_number(unit, "unit")
    return spill(spread_matrix(rows, cols, start, unit=step))

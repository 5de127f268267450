"""What Excel hands to a function, turned into numpy arrays (results: :mod:`.spills`).

Every argument of the Excel functions is declared to xlwings with ``ndim=2`` and
``err_to_str=True``, so a function receives, for each argument:

* a list of rows (a list of lists) for a range or an array, even for one cell
  (``[[1000.0]]``), so a row and a column can be told apart;
* the Python default when the argument is left out of the formula;
* inside the cells: ``float`` for numbers, ``str`` for text, ``bool`` for TRUE/FALSE,
  ``datetime.datetime`` for dates, ``None`` for blank cells and the text of an Excel error
  value (``"#N/A"``, ``"#DIV/0!"`` ...) for errors. Error values that xlwings does not name
  arrive as their COM code (an ``int``); they are recognised too.

Conventions applied to every argument (``docs/functions.md`` states them for planners):

* a blank cell is ``None``, an empty text ``""`` or text made only of spaces;
* numbers stored as text are numbers: ``" 1,200 "``, ``"12.5%"`` (0.125), ``"¥1,200"``;
  a comma is only read as a thousands separator between groups of three digits, so
  ``"1,5"`` is refused rather than guessed;
* text, TRUE/FALSE and dates where a number is expected, and any Excel error value, are
  refused with the position of the first such cell (positions count from 1, in reading
  order for a row or column, as row and column for a table);
* an argument may hold at most :data:`MAX_CELLS` cells.

Examples
--------
>>> numbers([[1.0, None, " 1,200 "]], "weights").tolist()
[[1.0, nan, 1200.0]]
>>> numbers([[1.0, "#N/A", 3.0]], "weights")
Traceback (most recent call last):
...
xl_salesplan_udfs.cell_errors.CellError: weights: contains the Excel error #N/A at position 2
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from xl_salesplan.messages import Text
from xl_salesplan_udfs.cell_errors import CellError, describe, where

__all__ = [
    "MAX_CELLS",
    "CellError",
    "Cells",
    "Layout",
    "Spill",
    "as_grid",
    "check_size",
    "choice",
    "error_text",
    "given",
    "is_blank",
    "is_omitted",
    "layout_of",
    "needed_number",
    "number_or_text",
    "numbers",
    "one_cell",
    "single_number",
    "split_header",
    "text_cells",
    "vector",
    "whole_number",
]

#: What one Excel argument holds when xlwings calls a function (see the module docstring).
Cells = Any
#: What a function returns: a list of rows that Excel spills into the cells below and right.
Spill = list[list[Any]]
#: How a one-dimensional range lies on the sheet.
Layout = Literal["row", "column"]

#: Largest number of cells one argument may hold.
MAX_CELLS = 1_000_000

# Excel's error values by their worksheet code; COM hands them over as 0x800A0000 + code.
_ERROR_CODES = {
    2000: "#NULL!",
    2007: "#DIV/0!",
    2015: "#VALUE!",
    2023: "#REF!",
    2029: "#NAME?",
    2036: "#NUM!",
    2042: "#N/A",
    2043: "#GETTING_DATA",
    2045: "#SPILL!",
    2046: "#CONNECT!",
    2047: "#BLOCKED!",
    2048: "#UNKNOWN!",
    2049: "#FIELD!",
    2050: "#CALC!",
    2051: "#BUSY!",
    2052: "#PYTHON!",
}
_COM_ERROR_BASE = -2146828288  # 0x800A0000 as a signed 32-bit integer
_ERROR_TEXTS = frozenset(_ERROR_CODES.values())
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_CURRENCY = "$¥￥€£"
_FAST_TYPES = frozenset({float, type(None)})


# ---------------------------------------------------------------------------- single cells


def is_blank(item: object) -> bool:
    """True for a blank cell: ``None``, empty or all-space text, or NaN.

    Examples
    --------
    >>> is_blank(None), is_blank("  "), is_blank(0.0), is_blank(float("nan"))
    (True, True, False, True)
    """
    if item is None:
        return True
    if isinstance(item, str):
        return not item.strip()
    return isinstance(item, float) and math.isnan(item)


def error_text(item: object) -> str | None:
    """The Excel error value a cell holds (``"#N/A"`` ...), or None.

    Examples
    --------
    >>> error_text("#N/A"), error_text(-2146826246), error_text(-2146826243), error_text(3.0)
    ('#N/A', '#N/A', '#SPILL!', None)
    """
    if isinstance(item, str):
        text = item.strip().upper()
        return text if text in _ERROR_TEXTS else None
    if isinstance(item, int | np.integer) and not isinstance(item, bool | np.bool_):
        return _ERROR_CODES.get(int(item) - _COM_ERROR_BASE)
    return None


def _text_number(text: str) -> float | None:
    """A number stored as text, or None when the text is not a plain number."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    scale = 1.0
    if s.endswith("%"):
        s, scale = s[:-1], 0.01
    sign = ""
    if s[:1] in "+-" and s[:1]:
        sign, s = s[0], s[1:]
    if s[:1] and s[0] in _CURRENCY:
        s = s[1:]
    s = sign + s
    if "," in s:
        if not _THOUSANDS.fullmatch(s):
            return None
        s = s.replace(",", "")
    if not s or "_" in s:
        return None
    try:
        value = float(s)
    except ValueError:
        return None
    return value * scale if math.isfinite(value) else None


def _number(item: object, argument: str, index: int, shape: tuple[int, int]) -> float:
    """One cell as a number (NaN for a blank), or a CellError naming the cell."""
    if isinstance(item, float):
        return item
    if is_blank(item):
        return math.nan
    error = error_text(item)
    if error is not None:
        raise CellError.of(
            argument,
            "function.cells.contains_the_excel_error",
            error=error,
            where_index_shape=where(index, shape),
        )
    if isinstance(item, int | np.integer | np.floating) and not isinstance(item, bool | np.bool_):
        value = float(item)
        if math.isfinite(value):
            return value
        raise CellError.of(
            argument,
            "function.cells.has_an_infinite_number",
            where_index_shape=where(index, shape),
        )
    if isinstance(item, str):
        value = _text_number(item)
        if value is not None:
            return value
        what: str | Text = Text("function.text_value", {"text": describe(item)})
    else:
        what = describe(item)
    raise CellError.of(
        argument,
        "function.cells.has_where_a_number_is",
        what=what,
        where_index_shape=where(index, shape),
    )


# ---------------------------------------------------------------------------- ranges


def _rows(value: Cells, argument: str) -> list[list[object]]:
    """The cells of an argument as a rectangular list of rows (checked, size-capped)."""
    if isinstance(value, np.ndarray):
        rows = value.tolist() if value.ndim == 2 else value.reshape(1, -1).tolist()
    elif isinstance(value, list | tuple):
        kinds = set(map(type, value))
        if value and kinds == {list}:
            rows = value if isinstance(value, list) else list(value)
        elif value and all(issubclass(kind, list | tuple) for kind in kinds):
            rows = [row if isinstance(row, list) else list(row) for row in value]
        elif any(issubclass(kind, list | tuple) for kind in kinds):
            raise CellError.of(argument, "function.cells.mixes_single_values_and_rows")
        else:
            rows = [list(value)]
    else:
        rows = [[value]]
    if not rows or not rows[0]:
        raise CellError.of(argument, "function.cells.is_empty")
    widths = set(map(len, rows))
    if len(widths) > 1:
        raise CellError.of(argument, "function.cells.has_rows_of_different_lengths")
    count = len(rows) * len(rows[0])
    if count > MAX_CELLS:
        raise CellError.of(
            argument, "function.cells.has_cells_a_formula_may", count=count, MAX_CELLS=MAX_CELLS
        )
    return rows


def as_grid(value: Cells, argument: str) -> NDArray[np.object_]:
    """The cells of an argument as a 2-D object array (rows x columns).

    A single value becomes one cell; a flat list one row.

    Examples
    --------
    >>> as_grid(5.0, "total").shape, as_grid([1, 2], "weights").shape
    ((1, 1), (1, 2))
    """
    rows = _rows(value, argument)
    grid = np.empty((len(rows), len(rows[0])), dtype=object)
    grid[:, :] = rows
    return grid


def one_cell(value: Cells, argument: str) -> NDArray[np.object_]:
    """The cells of an argument that must be a single cell, as a 1 x 1 object array.

    Examples
    --------
    >>> one_cell([["4-4-5"]], "periods_per_year").tolist()
    [['4-4-5']]
    >>> one_cell([[1.0, 2.0]], "unit")
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: unit: must be one cell, got 2 cells
    """
    grid = as_grid(value, argument)
    if grid.size != 1:
        raise CellError.of(argument, "function.cells.must_be_one_cell_got", grid_size=grid.size)
    return grid


def given(**settings: object) -> dict[str, object]:
    """The settings a formula gives (not None), to pass to the engine as keyword arguments.

    Settings left out of a formula are not passed, so the engine's own defaults apply.

    Examples
    --------
    >>> given(detrend="yearly", outlier_threshold=None)
    {'detrend': 'yearly'}
    """
    return {name: value for name, value in settings.items() if value is not None}


def check_size(argument: str, count: int, limit: int, what: str | Text) -> None:
    """Refuse a request larger than a cell formula should compute, with a clear reason.

    Examples
    --------
    >>> check_size("periods", 20_000, 10_000, "plan periods")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: periods: 20,000 plan periods is more than ...
    """
    if count > limit:
        raise CellError.of(
            argument, "function.cells.is_more_than_the_a", count=count, what=what, limit=limit
        )


def is_omitted(value: Cells) -> bool:
    """True when an argument was left out or points at blank cells only.

    Examples
    --------
    >>> is_omitted(None), is_omitted([[None]]), is_omitted([[None, ""]]), is_omitted([[0.0]])
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, list | tuple | np.ndarray):
        return all(is_blank(item) for item in np.asarray(value, dtype=object).ravel())
    return is_blank(value)


def numbers(value: Cells, argument: str, *, blanks: bool = True) -> NDArray[np.float64]:
    """The cells of an argument as a 2-D float array; blanks are NaN.

    Parameters
    ----------
    value : cells
        What xlwings passes (see the module docstring).
    argument : str
        The Excel argument's name, for messages.
    blanks : bool, default True
        If False, a blank cell is refused.

    Examples
    --------
    >>> numbers([["5%", "-1,000.5"]], "pct").tolist()
    [[0.05, -1000.5]]
    >>> numbers([[1.0], [True]], "weights")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: weights: has TRUE at position 2 where a number ...
    """
    rows = _rows(value, argument)
    shape = (len(rows), len(rows[0]))
    flat = list(itertools.chain.from_iterable(rows))
    if set(map(type, flat)) <= _FAST_TYPES:
        out = np.array(flat, dtype=np.float64)
    else:
        out = np.array([_number(item, argument, i, shape) for i, item in enumerate(flat)])
    if np.isinf(out).any():
        index = int(np.flatnonzero(np.isinf(out))[0])
        raise CellError.of(
            argument,
            "function.cells.has_an_infinite_number",
            where_index_shape=where(index, shape),
        )
    if not blanks and np.isnan(out).any():
        index = int(np.flatnonzero(np.isnan(out))[0])
        raise CellError.of(
            argument, "function.cells.has_a_blank_cell", where_index_shape=where(index, shape)
        )
    return out.reshape(shape)


def layout_of(grid: NDArray[Any] | tuple[int, ...]) -> Layout:
    """``"column"`` for a range taller than one row and one column wide, else ``"row"``.

    Examples
    --------
    >>> layout_of((12, 1)), layout_of((1, 12)), layout_of((1, 1))
    ('column', 'row', 'row')
    """
    shape = grid if isinstance(grid, tuple) else grid.shape
    return "column" if shape[0] > 1 and shape[1] == 1 else "row"


def vector(
    value: Cells, argument: str, *, blanks: bool = True, header: bool = False
) -> tuple[NDArray[np.float64], Layout]:
    """A single row or column (or one cell) as a 1-D float array, and how it lies.

    With ``header=True`` a first cell holding text (a column title such as ``"Spend"``)
    is dropped.

    Examples
    --------
    >>> vector([[1.0], [2.0], [None]], "weights")
    (array([ 1.,  2., nan]), 'column')
    >>> vector([["Spend"], [10.0], [20.0]], "spend", header=True)
    (array([10., 20.]), 'column')
    """
    grid = as_grid(value, argument)
    if grid.shape[0] > 1 and grid.shape[1] > 1:
        raise CellError.of(
            argument,
            "function.cells.must_be_a_single_row",
            grid_shape_0=grid.shape[0],
            grid_shape_1=grid.shape[1],
        )
    layout = layout_of(grid)
    cells = grid.reshape(1, -1)
    if header and cells.shape[1] > 1 and _is_title(cells[0, 0]):
        cells = cells[:, 1:]
    return numbers(cells, argument, blanks=blanks).reshape(-1), layout


def single_number(value: Cells, argument: str, default: float | None = None) -> float | None:
    """One number, or ``default`` when the argument is left out or blank.

    Examples
    --------
    >>> single_number([[1000.0]], "unit"), single_number(None, "unit", 1.0)
    (1000.0, 1.0)
    >>> single_number([[1.0, 2.0]], "unit")
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: unit: must be one cell, got 2 cells
    """
    if is_omitted(value):
        return default
    return float(numbers(one_cell(value, argument), argument)[0, 0])


def needed_number(value: Cells, argument: str, *, needed_for: str | None = None) -> float:
    """One number that the formula must give (``needed_for``: when it is needed).

    Examples
    --------
    >>> needed_number([[0.85]], "expected_attainment")
    0.85
    >>> needed_number(None, "h", needed_for="cusum")
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: h: is needed for cusum: give one number
    """
    number = single_number(value, argument)
    if number is None:
        when = "" if needed_for is None else Text("function.needed_for", {"use": needed_for})
        raise CellError.of(argument, "function.cells.is_needed_give_one_number", when=when)
    return number


def whole_number(value: Cells, argument: str, default: int | None = None) -> int | None:
    """One whole number, or ``default`` when left out or blank.

    Examples
    --------
    >>> whole_number([[12.0]], "periods_per_year"), whole_number([["4"]], "n_sims")
    (12, 4)
    >>> whole_number([[1.5]], "seed")
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: seed: must be a whole number, got 1.5
    """
    number = single_number(value, argument)
    if number is None:
        return default
    if number != round(number) or abs(number) > 1e15:
        raise CellError.of(argument, "function.cells.must_be_a_whole_number", number=number)
    return round(number)


def choice(
    value: Cells, argument: str, options: Mapping[str, str], default: str | None
) -> str | None:
    """One of a few words (case, spaces, hyphens and underscores ignored), or ``default``.

    ``options`` maps every accepted spelling (normalised to lower case with
    underscores) to the canonical word.

    Examples
    --------
    >>> options = {"even": "even", "proportional": "proportional"}
    >>> choice([["Even"]], "method", options, "proportional"), choice(None, "method", options, "x")
    ('even', 'x')
    >>> choice([["odd"]], "method", options, "even")
    Traceback (most recent call last):
    ...
    xl_salesplan_udfs.cell_errors.CellError: method: 'odd' is not one of even, proportional
    """
    if is_omitted(value):
        return default
    item = one_cell(value, argument)[0, 0]
    error = error_text(item)
    if error is not None:
        raise CellError.of(argument, "function.cells.contains_the_excel_error_2", error=error)
    key = "_".join(str(item).strip().lower().replace("-", " ").replace("_", " ").split())
    if key in options:
        return options[key]
    listed = ", ".join(sorted(set(options.values())))
    raise CellError.of(
        argument, "function.cells.is_not_one_of", describe_item=describe(item), listed=listed
    )


def number_or_text(value: Cells, argument: str) -> tuple[list[object], Layout]:
    """A row or column whose cells may be numbers, dates, text or TRUE/FALSE.

    Blanks become None, numbers stored as text become numbers, dates become
    ``pandas.Timestamp``; Excel error values are refused. Used for start and leave
    dates (a period number or a date) and for KPI directions (text or TRUE/FALSE).

    Examples
    --------
    >>> import datetime
    >>> number_or_text([[datetime.datetime(2025, 3, 1)], ["2"], [None]], "start")
    ([Timestamp('2025-03-01 00:00:00'), 2.0, None], 'column')
    """
    grid = as_grid(value, argument)
    if grid.shape[0] > 1 and grid.shape[1] > 1:
        raise CellError.of(
            argument,
            "function.cells.must_be_a_single_row",
            grid_shape_0=grid.shape[0],
            grid_shape_1=grid.shape[1],
        )
    out: list[object] = []
    for i, item in enumerate(grid.ravel().tolist()):
        out.append(_loose_cell(item, argument, i, grid.shape))
    return out, layout_of(grid)


def text_cells(value: Cells, argument: str) -> NDArray[np.object_]:
    """The cells as they are (2-D object array), with blanks as None and errors refused.

    Examples
    --------
    >>> text_cells([["higher", None]], "direction").tolist()
    [['higher', None]]
    """
    grid = as_grid(value, argument)
    out = np.empty(grid.shape, dtype=object)
    for i, item in enumerate(grid.ravel().tolist()):
        out.flat[i] = _loose_cell(item, argument, i, grid.shape)
    return out


def _loose_cell(item: object, argument: str, index: int, shape: tuple[int, int]) -> object:
    if is_blank(item):
        return None
    error = error_text(item)
    if error is not None:
        raise CellError.of(
            argument,
            "function.cells.contains_the_excel_error",
            error=error,
            where_index_shape=where(index, shape),
        )
    if isinstance(item, str):
        number = _text_number(item)
        return item.strip() if number is None else number
    if isinstance(item, dt.datetime | dt.date | np.datetime64):
        return pd.Timestamp(item)
    if isinstance(item, int | np.integer | np.floating) and not isinstance(item, bool | np.bool_):
        return float(item)
    return item


# ---------------------------------------------------------------------------- headers


def _is_title(item: object) -> bool:
    return (
        isinstance(item, str)
        and not is_blank(item)
        and error_text(item) is None
        and (_text_number(item) is None)
    )


def split_header(
    value: Cells, argument: str, *, labels: bool = True
) -> tuple[list[str] | None, list[str] | None, NDArray[np.object_]]:
    """Split off a header row and a label column, when the range has them.

    The first row is a header when it has at least one title (text that is not a
    number) and nothing but titles and blanks, and the range has more rows. With
    ``labels=True`` the first column is a label column (e.g. KPI or channel names) when
    every non-blank cell below the header is a title and there are more columns.

    Returns
    -------
    header : list of str or None
        The header cells of the data columns.
    row_labels : list of str or None
        The labels of the data rows.
    body : 2-D object array
        The remaining cells.

    Examples
    --------
    >>> header, names, body = split_header(
    ...     [[None, "Jan", "Feb"], ["Revenue", 10.0, 12.0], ["Cost", 4.0, 5.0]], "plan")
    >>> header, names, body.tolist()
    (['Jan', 'Feb'], ['Revenue', 'Cost'], [[10.0, 12.0], [4.0, 5.0]])
    """
    grid = as_grid(value, argument)
    header: list[str] | None = None
    first = grid[0]
    if (
        grid.shape[0] > 1
        and any(_is_title(item) for item in first)
        and all(_is_title(item) or is_blank(item) for item in first)
    ):
        header = ["" if is_blank(item) else str(item).strip() for item in first]
        grid = grid[1:]
    row_labels: list[str] | None = None
    column = grid[:, 0]
    if (
        labels
        and grid.shape[1] > 1
        and any(_is_title(item) for item in column)
        and all(_is_title(item) or is_blank(item) for item in column)
    ):
        row_labels = ["" if is_blank(item) else str(item).strip() for item in column]
        grid = grid[:, 1:]
        if header is not None:
            header = header[1:]
    return header, row_labels, grid

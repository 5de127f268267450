"""The input side: cells, named ranges and Excel tables into Python values and DataFrames.

Files are read with openpyxl in read-only, data-only mode (cached values, not
formulas; streaming, so large sheets are cheap). Both workbook backends turn the
2-D blocks they read into DataFrames with :func:`frame_from_rows`, so a table
reads the same from a file and from live Excel.

Values are normalised the way xlwings returns them from Excel: numbers are
``float``, text ``str``, booleans ``bool``, dates ``datetime``, blanks ``None``
and error values :class:`~xl_salesplan.ooxml.cell_values.CellError`.

A frame remembers where it came from (``frame.attrs``: sheet, first data row and
first column), so :func:`cell_of` can name the cell of a problem found by the
engine at a 0-based position.

Examples
--------
>>> frame = frame_from_rows([["rep", "quota"], ["Ann", 10], [None, None]],
...                         sheet="reps", first_row=2, first_column=2)
>>> frame
   rep  quota
0  Ann   10.0
>>> cell_of(frame, 0, "quota")
'reps!C3'
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import os
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from xl_salesplan.ooxml.cell_values import ERROR_CODES, CellError
from xl_salesplan.ooxml.references import cell_name, parse_range, quote_sheet
from xl_salesplan.ooxml.structure import decode_xstring
from xl_salesplan.ooxml.workbook_errors import WorkbookError

if TYPE_CHECKING:
    import openpyxl

__all__ = [
    "cell_of",
    "frame_from_columns",
    "frame_from_rows",
    "load_values",
    "normalise_value",
    "read_block",
]


def load_values(source: bytes | str | os.PathLike[str]) -> openpyxl.Workbook:
    """Open a workbook (bytes or path) read-only with cached values (``data_only``).

    Raises
    ------
    WorkbookError
        If openpyxl cannot read it.

    Examples
    --------
    >>> import xlsxwriter
    >>> buf = io.BytesIO()
    >>> with xlsxwriter.Workbook(buf) as wb:
    ...     _ = wb.add_worksheet("plan").write_row("A1", ["North", 120])
    >>> read_block(load_values(buf.getvalue()), "PLAN", "A1:C1")
    [['North', 120.0, None]]
    """
    import openpyxl  # here, not at the top: commands on the project's own workbooks never load it

    handle = io.BytesIO(source) if isinstance(source, bytes) else os.fspath(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips
            return openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise WorkbookError(
            f"cannot read the workbook ({type(exc).__name__}: {exc})", code="unreadable"
        ) from None


def normalise_value(value: object, data_type: str | None = None) -> object:
    """A cell value as the workbook layer returns it (see the module notes).

    Examples
    --------
    >>> normalise_value(3), normalise_value("#N/A", "e"), normalise_value(True)
    (3.0, CellError(code='#N/A'), True)
    """
    if value is None:
        return None
    if data_type == "e" or (isinstance(value, str) and data_type is None and value in ERROR_CODES):
        return CellError(value) if value in ERROR_CODES else value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return _dt.datetime(value.year, value.month, value.day)
    return value


def read_block(workbook: openpyxl.Workbook, sheet: str, ref: str) -> list[list[object]]:
    """Values of ``ref`` on ``sheet`` as a 2-D list (rows of the requested width).

    Raises
    ------
    WorkbookError
        If the sheet does not exist or ``ref`` is not a range.

    Examples
    --------
    >>> import xlsxwriter
    >>> buf = io.BytesIO()
    >>> with xlsxwriter.Workbook(buf) as wb:
    ...     _ = wb.add_worksheet("plan").write_column("B2", [1, "x", True])
    >>> read_block(load_values(buf.getvalue()), "plan", "B2:B5")
    [[1.0], ['x'], [True], [None]]
    """
    ws = _worksheet(workbook, sheet)
    r1, c1, r2, c2 = parse_range(ref)
    width = c2 - c1 + 1
    rows: list[list[object]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cells in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
            row = [_file_value(c.value, getattr(c, "data_type", None)) for c in cells]
            rows.append((row + [None] * width)[:width])
    while len(rows) < r2 - r1 + 1:
        rows.append([None] * width)
    return rows


def _file_value(value: object, data_type: str | None) -> object:
    """A value read by openpyxl, with Excel's ``_xHHHH_`` text escapes decoded
    (openpyxl leaves them, e.g. the ``_x000D_`` Excel writes for a carriage return)."""
    if isinstance(value, str) and data_type != "e" and "_x" in value:
        value = decode_xstring(value)
    return normalise_value(value, data_type)


def _worksheet(workbook: openpyxl.Workbook, sheet: str) -> object:
    for name in workbook.sheetnames:
        if name.lower() == sheet.lower():
            return workbook[name]
    listed = ", ".join(repr(n) for n in workbook.sheetnames)
    raise WorkbookError.of("file.unknown_sheet", name=sheet, listed=listed)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


def _header_name(value: object) -> str | None:
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, CellError):
        return value.code
    return str(value).strip() or None


def frame_from_rows(
    rows: Sequence[Sequence[object]],
    *,
    sheet: str | None = None,
    first_row: int = 1,
    first_column: int = 1,
    header: bool = True,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A DataFrame from a 2-D block read from a sheet.

    Parameters
    ----------
    rows : 2-D sequence
        The block, header row first when ``header`` is true.
    sheet, first_row, first_column :
        Where the block starts (1-based), for error messages and :func:`cell_of`.
    header : bool
        The first row holds column names (blank or repeated names are errors).
    columns : sequence of str, optional
        Column names to use instead of the header row (a table's own column names);
        the header row is still skipped when ``header`` is true.

    Trailing rows that are entirely blank are dropped; blanks elsewhere become
    NaN in number and date columns and None in other columns. Columns whose
    values are all numbers are float64; all dates, datetime64.

    Examples
    --------
    >>> frame_from_rows([["a", None], [1, 2]], sheet="s")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: s!B1: the column header is blank
    >>> frame_from_rows([[1, "x"], [None, None]], header=False).dtypes.tolist()
    [dtype('float64'), dtype('O')]
    """
    block = [[normalise_value(v) for v in r] for r in rows]
    width = max((len(r) for r in block), default=0)
    block = [r + [None] * (width - len(r)) for r in block]
    body = block[1:] if header else block
    data_row = first_row + 1 if header else first_row
    if columns is not None:
        names: list[Any] = [str(c) for c in columns]
        if len(names) != width:
            raise WorkbookError.of(
                "reading.column_count",
                code="shape_mismatch",
                sheet=sheet,
                count=len(names),
                width=width,
            )
    elif header:
        names = _header_names(block[0] if block else [], sheet, first_row, first_column)
    else:
        names = list(range(width))
    values = np.empty((len(body), width), dtype=object)
    if body and width:
        values[:] = body
    return frame_from_columns(
        [values[:, j] for j in range(width)],
        names,
        sheet=sheet,
        first_row=data_row,
        first_column=first_column,
    )


def frame_from_columns(
    columns: Sequence[np.ndarray],
    names: Sequence[object],
    *,
    sheet: str | None = None,
    first_row: int = 1,
    first_column: int = 1,
    kinds: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None,
) -> pd.DataFrame:
    """A DataFrame from the columns of a block (object arrays of normalised values).

    What :func:`frame_from_rows` does after the header: trailing blank rows dropped,
    number and date columns typed, ``frame.attrs`` set (``first_row`` is the first
    data row). Each column is typed with whole-array operations. ``kinds``, when the
    reader knows them, tells for each column which cells hold a ``float``, a ``str``
    and a ``datetime`` (else each cell's type is looked at).

    Examples
    --------
    >>> frame = frame_from_columns([np.array([1.0, "", None], dtype=object),
    ...                             np.array(["x", "y", None], dtype=object)], ["n", "t"])
    >>> frame
         n  t
    0  1.0  x
    1  NaN  y
    >>> frame.dtypes.tolist()
    [dtype('float64'), dtype('O')]
    """
    kinds = [_kinds(column) for column in columns] if kinds is None else list(kinds)
    blanks = [_blank_mask(column, f, t) for column, (f, t, _) in zip(columns, kinds, strict=True)]
    filled_rows = np.flatnonzero(~np.logical_and.reduce(blanks)) if blanks else []
    height = int(filled_rows[-1]) + 1 if len(filled_rows) else 0
    typed = [
        _typed_array(column[:height], blank[:height], f[:height], d[:height])
        for column, blank, (f, _, d) in zip(columns, blanks, kinds, strict=True)
    ]
    frame = pd.DataFrame(dict(enumerate(typed)), index=pd.RangeIndex(height))
    frame.columns = list(names)
    frame.attrs.update({"sheet": sheet, "first_row": first_row, "first_column": first_column})
    return frame


_TYPE_OF = np.frompyfunc(type, 1, 1)


def _kinds(column: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which cells hold a float, a text, a datetime (``isinstance``, by whole arrays)."""
    codes, types = pd.factorize(_TYPE_OF(column))  # the few types, by hash (not by ==)
    masks = []
    for kind in (float, str, _dt.datetime):
        chosen = [i for i, t in enumerate(types) if issubclass(t, kind)]
        masks.append(np.isin(codes, chosen))
    return masks[0], masks[1], masks[2]


def _blank_mask(column: np.ndarray, floats: np.ndarray, texts: np.ndarray) -> np.ndarray:
    """None, NaN and the empty text are blank (as :func:`_is_blank` says)."""
    blank = np.asarray(np.equal(column, None), dtype=bool)
    if floats.any():
        blank[floats] = np.isnan(column[floats].astype(np.float64))
    if texts.any():
        blank[texts] = column[texts] == ""
    return blank


def _typed_array(
    column: np.ndarray, blank: np.ndarray, floats: np.ndarray, dates: np.ndarray
) -> pd.Series:
    filled = ~blank
    if filled.any():
        if floats[filled].all():
            numbers = np.full(len(column), math.nan)
            numbers[filled] = column[filled].astype(np.float64)
            return pd.Series(numbers)
        if dates[filled].all():  # a column of months: convert each distinct date once
            values = column.copy()
            values[blank] = None
            codes, distinct = pd.factorize(values)
            converted = pd.to_datetime(pd.Series(distinct, dtype=object)).array
            return pd.Series(converted.take(codes, allow_fill=True))
    cleaned = column.copy()
    cleaned[blank] = None
    return pd.Series(cleaned, dtype=object)


def _header_names(head: list[object], sheet: str | None, row: int, column: int) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for j, value in enumerate(head):
        name = _header_name(value)
        where = cell_name(row, column + j)
        if name is None:
            raise WorkbookError.of("reading.blank_header", sheet=sheet, cell=where)
        key = name.lower()
        if key in seen:
            raise WorkbookError.of(
                "reading.duplicate_header",
                name=name,
                first=cell_name(row, column + seen[key]),
                sheet=sheet,
                cell=where,
            )
        seen[key] = j
        names.append(name)
    return names


def cell_of(frame: pd.DataFrame, position: int, column: object) -> str:
    """``Sheet!B7``: the cell holding row ``position`` (0-based) of ``column`` of a read frame.

    Examples
    --------
    >>> frame = frame_from_rows([["x"], [1.0], [2.0]], sheet="KPI tracker", first_row=4)
    >>> cell_of(frame, 1, "x")
    "'KPI tracker'!A6"
    """
    offset = frame.columns.get_loc(column)
    if not isinstance(offset, int):
        raise WorkbookError(f"column {column!r} is not unique", code="duplicate_header")
    where = cell_name(
        int(frame.attrs.get("first_row", 1)) + int(position),
        int(frame.attrs.get("first_column", 1)) + offset,
    )
    sheet = frame.attrs.get("sheet")
    return f"{quote_sheet(sheet)}!{where}" if sheet else where

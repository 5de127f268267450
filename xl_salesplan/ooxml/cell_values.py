"""Cell values the workbook layer writes: kinds, checks and encodings shared by both backends.

A value for a cell is one of: ``None`` (blank; NaN and NaT count as blank),
``bool``, a real number, ``str`` (always text, whatever it looks like), a date,
datetime or time, :class:`CellError`, or :class:`Formula` (a formula with its
cached value). :class:`Styled` wraps a value with an explicit style index
(files only). :func:`check_value` applies the same rules for both backends, so a
value refused for a file is refused for live Excel too.

Examples
--------
>>> encode_value("=1+2")
('inlineStr', '=1+2')
>>> encode_value(Formula("=1+2", 3).cached, in_formula=True)
(None, '3')
>>> as_grid([[1, float("nan")]])
[[1, None]]
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_salesplan.ooxml.excel_dates import EPOCH_1900, to_serial
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import check_xml_text, escape_text

__all__ = [
    "ERROR_CODES",
    "EXCEL_DIGITS",
    "MAX_FORMULA_LENGTH",
    "MAX_TEXT_LENGTH",
    "ArrayAnchor",
    "CellError",
    "Formula",
    "Grid",
    "Styled",
    "as_grid",
    "check_formula",
    "check_value",
    "encode_text",
    "encode_value",
    "excel_number",
    "excel_value",
    "is_blank",
    "plain_numbers",
]

MAX_TEXT_LENGTH = 32_767
MAX_FORMULA_LENGTH = 8_192
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_X_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: Significant digits of a number Excel keeps (and shows); every number written is rounded to them.
EXCEL_DIGITS = 15


def excel_number(number: float) -> float:
    """``number`` rounded to the :data:`EXCEL_DIGITS` significant digits Excel keeps.

    Every writer rounds here, so the last bits of a float (which vary between machines
    and library versions) never reach a file.

    Examples
    --------
    >>> excel_number(0.06034689178413807) == excel_number(0.06034689178413811) == 0.0603468917841381
    True
    >>> excel_number(46185469.48269796), excel_number(2.0), excel_number(-1e-20)
    (46185469.482698, 2.0, -1e-20)
    >>> excel_number(1.7976931348623157e308)
    1.7976931348623157e+308
    """
    rounded = float(f"{number:.{EXCEL_DIGITS}g}")
    return rounded if math.isfinite(rounded) else number  # the largest floats round up to inf


@dataclass(frozen=True)
class CellError:
    """An Excel error value such as ``#N/A``.

    Examples
    --------
    >>> CellError("#N/A"), str(CellError("#N/A"))
    (CellError(code='#N/A'), '#N/A')
    >>> CellError("#OOPS")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: '#OOPS' is not an Excel error value
    """

    code: str

    def __post_init__(self) -> None:
        if self.code not in ERROR_CODES:
            raise WorkbookError(f"{self.code!r} is not an Excel error value", code="bad_value")

    def __str__(self) -> str:
        """The error as a cell shows it (``#N/A``), for messages."""
        return self.code


@dataclass(frozen=True)
class Formula:
    """A formula to write, with the value it evaluates to (shown until recalculation).

    Parameters
    ----------
    text : str
        The formula, with or without the leading ``=``, in Excel's English syntax
        (newer functions with their ``_xlfn.`` prefix, as stored in files).
    cached : value, optional
        The value the formula evaluates to: number, text, bool, date, CellError or None.

    Examples
    --------
    >>> Formula("=SUM(A1:A3)", 6).body
    'SUM(A1:A3)'
    """

    text: str
    cached: object = None

    @property
    def body(self) -> str:
        """The formula text without its leading ``=``."""
        return self.text[1:] if self.text.startswith("=") else self.text


@dataclass(frozen=True)
class ArrayAnchor:
    """Top-left cell of an array formula over ``ref``; built by :func:`array_formula_cells`."""

    formula: Formula
    ref: str
    dynamic_cm: int | None = None


@dataclass(frozen=True)
class Styled:
    """A value written with an explicit style index (``cellXfs`` position in styles.xml).

    Examples
    --------
    >>> Styled(3.5, style=4)
    Styled(value=3.5, style=4)
    """

    value: object
    style: int


def encode_text(text: str, *, what: str = "text") -> str:
    """Escape text for a cell: XML escapes, ``_xHHHH_`` kept literal, illegal characters refused.

    Examples
    --------
    >>> encode_text("a & b_x0041_")
    'a &amp; b_x005F_x0041_'
    """
    check_xml_text(text, what=what)
    return escape_text(_X_ESCAPE.sub(r"_x005F_\1", text))


def check_value(value: object, *, sheet: str | None = None, cell: str | None = None) -> None:
    """Raise :class:`WorkbookError` if ``value`` cannot be written to a cell.

    The same rules as :func:`patch_cells` (for the live-Excel backend, which
    writes through xlwings but must refuse the same values).

    Examples
    --------
    >>> check_value(1.5); check_value(Formula("=A1", 2)); check_value("ok")
    >>> check_value(float("inf"), sheet="plan", cell="B2")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: plan!B2: the number inf cannot be
    stored in a cell
    """
    where = cell or "A1"
    if isinstance(value, Styled):
        value = value.value
    if isinstance(value, ArrayAnchor):
        value = value.formula
    if isinstance(value, Formula):
        check_formula(value, where, sheet)
        value = value.cached
    try:
        encode_value(value, where, sheet, EPOCH_1900, in_formula=False)
    except WorkbookError as exc:
        if cell is None:
            raise WorkbookError(
                exc.message.split(": ", 1)[-1], code=exc.code, sheet=sheet
            ) from None
        raise


def is_blank(value: object) -> bool:
    """True for what a cell stores as empty: None, NaN, NaT and the empty string.

    Examples
    --------
    >>> [is_blank(v) for v in (None, float("nan"), "", " ", 0)]
    [True, True, True, False, False]
    """
    if value is None or (isinstance(value, str) and value == ""):
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, np.floating) and np.isnan(value):
        return True
    return type(value).__name__ == "NaTType"


def check_formula(formula: Formula, where: str = "A1", sheet: str | None = None) -> str:
    """The formula text without ``=``, or WorkbookError if it is empty, too long or illegal.

    Examples
    --------
    >>> check_formula(Formula("=SUM(A1:A3)"))
    'SUM(A1:A3)'
    """
    body = formula.body
    if not isinstance(body, str) or not body.strip():
        raise WorkbookError("the formula is empty", code="bad_formula", sheet=sheet, cell=where)
    if len(body) > MAX_FORMULA_LENGTH:
        raise WorkbookError(
            f"the formula has {len(body)} characters, more than Excel's {MAX_FORMULA_LENGTH}",
            code="bad_formula",
            sheet=sheet,
            cell=where,
        )
    _check_chars(body, "the formula", sheet, where)
    return body


def _check_chars(text: str, what: str, sheet: str | None, where: str) -> None:
    try:
        check_xml_text(text, what=what)
    except WorkbookError as exc:
        raise WorkbookError(exc.message, code=exc.code, sheet=sheet, cell=where) from None


def encode_value(
    value: object,
    where: str = "A1",
    sheet: str | None = None,
    epoch: _dt.datetime = EPOCH_1900,
    *,
    in_formula: bool = False,
) -> tuple[str | None, str | None]:
    """(``t`` attribute, escaped content) of a cell value in worksheet XML.

    The content goes in ``<v>`` or, for ``t="inlineStr"``, in ``<is><t>``. With
    ``in_formula`` the value is the cached result of a formula (text is then
    ``t="str"``). A :class:`Formula` is not accepted here: pass its ``cached``.

    Raises
    ------
    WorkbookError
        Naming ``sheet`` and ``where`` for values a cell cannot hold.

    Examples
    --------
    >>> encode_value(True), encode_value(None), encode_value(0.1), encode_value(2.0)
    (('b', '1'), (None, None), (None, '0.1'), (None, '2'))
    >>> encode_value("a<b", in_formula=True), encode_value(CellError("#N/A"))
    (('str', 'a&lt;b'), ('e', '#N/A'))
    """
    if is_blank(value):
        return None, None
    if isinstance(value, (bool, np.bool_)):
        return "b", "1" if value else "0"
    if isinstance(value, CellError):
        return "e", escape_text(value.code)
    if isinstance(value, str):
        if len(value) > MAX_TEXT_LENGTH:
            raise WorkbookError(
                f"the text has {len(value)} characters, more than a cell holds ({MAX_TEXT_LENGTH})",
                code="text_too_long",
                sheet=sheet,
                cell=where,
            )
        _check_chars(value, "the text", sheet, where)
        if in_formula:
            return "str", escape_text(value)
        return "inlineStr", encode_text(value)
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[us]").item()
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        if isinstance(value, (_dt.datetime, _dt.time)) and value.tzinfo is not None:
            raise WorkbookError(
                "a date with a time zone cannot be stored; convert it to local time first",
                code="bad_value",
                sheet=sheet,
                cell=where,
            )
        value = to_serial(value, epoch)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise WorkbookError(
                f"the number {number} cannot be stored in a cell",
                code="not_finite",
                sheet=sheet,
                cell=where,
            )
        number = excel_number(number)
        if number.is_integer() and abs(number) < 1e15:
            return None, str(int(number))
        return None, repr(number)
    raise WorkbookError(
        f"cannot write a value of type {type(value).__name__}",
        code="bad_value",
        sheet=sheet,
        cell=where,
    )


Grid = list[list[object]]


def as_grid(values: object) -> Grid:
    """A 2-D list of cell values from a scalar, a 1-D sequence (one row), a 2-D
    sequence, a numpy array or a DataFrame (its values, without the header).

    NaN and NaT become None; numpy scalars become Python numbers; pandas
    timestamps become datetimes.

    Examples
    --------
    >>> as_grid(5), as_grid([1, 2]), as_grid(np.array([[1.5], [np.nan]]))
    ([[5]], [[1, 2]], [[1.5], [None]])
    >>> as_grid(pd.DataFrame({"n": pd.array([1, None], dtype="Int64")}))
    [[1], [None]]
    """
    converted = isinstance(values, pd.DataFrame)  # a column at a time
    if isinstance(values, pd.DataFrame):
        columns = [_plain_column(values.iloc[:, j]) for j in range(values.shape[1])]
        rows = [list(r) for r in zip(*columns, strict=True)]
    elif isinstance(values, np.ndarray):
        rows = values.astype(object).tolist() if values.ndim == 2 else [values.tolist()]
        if values.ndim == 0:
            rows = [[values.item()]]
    elif isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        rows = [[values]]
    elif values and (
        set(map(type, values)) == {list}  # (said at once for the usual rows)
        or all(isinstance(r, (Sequence, np.ndarray)) and not isinstance(r, str) for r in values)
    ):
        rows = [list(r) for r in values]
    else:
        rows = [list(values)]
    width = len(rows[0]) if rows else 0
    if not rows or width == 0 or any(len(r) != width for r in rows):
        raise WorkbookError("values must form a non-empty rectangle", code="shape_mismatch")
    return rows if converted else _plain_rows(rows)


# Types :func:`_plain` returns as they are (a float is checked for NaN on its own).
_PLAIN_TYPES = frozenset({str, int, bool, type(None), _dt.datetime, _dt.date})
_FLOAT_OR_NONE = frozenset({float, type(None)})


def _plain_rows(rows: list[list]) -> list[list]:
    """:func:`_plain_values` of each row; rows already plain (a block written again) as they
    are, found a column at a time: its types, and NaN in a column of floats."""
    for column in zip(*rows, strict=True):  # (rows of one width)
        kinds = set(map(type, column))
        if kinds <= _PLAIN_TYPES:
            continue
        if kinds <= _FLOAT_OR_NONE and (  # a NaN among the floats: more NaN than None
            np.isnan(np.array(column, dtype=float)).sum() == column.count(None)
        ):
            continue
        return [_plain_values(r) for r in rows]
    return rows


def _plain_values(values: list) -> list:
    """:func:`_plain` of each value, without a call for values already plain."""
    keep = _PLAIN_TYPES
    out = []
    for value in values:
        kind = type(value)
        if kind in keep:
            out.append(value)
        elif kind is float:
            out.append(value if value == value else None)  # NaN is the one float unequal
        else:
            out.append(_plain(value))
    return out


def plain_numbers(column: pd.Series) -> list | None:
    """The values of a column of numbers or booleans as Python values (NaN: None), or None
    for a column of any other type.

    Examples
    --------
    >>> plain_numbers(pd.Series([1.5, np.nan, -0.0])), plain_numbers(pd.Series([3, 4]))
    ([1.5, None, -0.0], [3, 4])
    >>> plain_numbers(pd.Series(["a"])) is None
    True
    """
    dtype = column.dtype
    if not isinstance(dtype, np.dtype) or dtype.kind not in "iubf":
        return None
    values = column.to_numpy()
    out = values.tolist()  # Python ints, booleans and floats
    if dtype.kind == "f":
        for i in np.flatnonzero(np.isnan(values)).tolist():
            out[i] = None
    return out


def _plain_column(column: pd.Series) -> list:
    """:func:`_plain` of each value of a frame's column (what ``astype(object)`` gives),
    converted a column at a time for numbers, booleans and dates."""
    numbers = plain_numbers(column)
    if numbers is not None:
        return numbers
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        codes, distinct = pd.factorize(column)
        shown = [_plain(value) for value in distinct] + [None]  # code -1 (NaT): the last
        return [shown[code] for code in codes.tolist()]
    return _plain_values(column.astype(object).tolist())


def _plain(value: object) -> object:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, decimal.Decimal):
        return None if value.is_nan() else float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def excel_value(value: object, sheet: str, cell: str) -> object:
    """What to hand to xlwings for a value, after :func:`check_value`.

    Text gets a leading apostrophe, Excel's prefix character: Excel then stores
    it as the text itself and never parses it as a formula, number or date.
    Error values go as their code (which Excel enters as the error).

    Examples
    --------
    >>> excel_value("=1+2", "plan", "A1"), excel_value(float("nan"), "plan", "A1")
    ("'=1+2", None)
    >>> excel_value(CellError("#N/A"), "plan", "A1"), excel_value(_dt.date(2024, 5, 1), "p", "A1")
    ('#N/A', datetime.datetime(2024, 5, 1, 0, 0))
    """
    check_value(value, sheet=sheet, cell=cell)
    if is_blank(value):
        return None
    if isinstance(value, str):
        return "'" + value
    if isinstance(value, CellError):
        return value.code
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400 + (
            value.microsecond / 86400e6
        )
    return value

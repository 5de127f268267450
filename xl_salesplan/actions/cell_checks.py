"""What is wrong with a cell of an input: a column's checks, run once per distinct value.

The checks follow the layout's column declarations (kind, minimum, maximum, allowed
values, key lists). A column read as numbers is checked with whole-array comparisons;
any other column is factorised once (:class:`~xl_salesplan.actions.distinct_values.
DistinctValues`) and each distinct value is checked once, so a 100,000-row column of a
few hundred distinct values costs a few hundred checks. The words of each problem are
those of the one-cell check, whichever way the column is checked.

:mod:`~xl_salesplan.actions.table_checks` and :mod:`~xl_salesplan.actions.validate` name
the cell of each problem.

Examples
--------
>>> bounds(1.5, 0.0, 1.0, "ratio")
['150.0% is above the maximum 100%']
>>> shown("x" * 50)
"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_salesplan.actions.distinct_values import DistinctValues
from xl_salesplan.actions.workbook_inputs import WorkbookInputs, date_of, number_of
from xl_salesplan.layout import LIST_NAMES, Column
from xl_salesplan.messages import Text, choice_code
from xl_salesplan.ooxml.cell_values import CellError
from xl_salesplan.validation import amount_text

__all__ = [
    "LARGEST_AMOUNT",
    "as_date",
    "as_number",
    "blank_cells",
    "bounds",
    "cell_dates",
    "cell_keys",
    "chosen",
    "column_problems",
    "is_blank",
    "key_lists",
    "key_of",
    "shown",
]

#: No plan figure reaches this: Excel keeps 15 significant digits.
LARGEST_AMOUNT = 1e15
_NUMERIC = ("integer", "year", "number", "index", "money", "ratio", "share", "count")
_WHOLE = ("integer", "year")


def chosen(coded: str | None, value: object) -> str:
    """The code a chosen word stands for (either language), else the word as typed.

    Examples
    --------
    >>> chosen(None, " rising ")
    'rising'
    """
    return str(choice_code(coded, value) if coded else value).strip()


def blank_cells(series: pd.Series, values: DistinctValues | None = None) -> np.ndarray:
    """Which cells of a column are blank (:func:`is_blank`), a column at a time.

    Examples
    --------
    >>> blank_cells(pd.Series(["a", " ", None, 2.0])).tolist()
    [False, True, True, False]
    """
    if series.dtype == np.float64 or pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.isna().to_numpy()
    distinct = values or DistinctValues.of(series)
    return distinct.results(is_blank).astype(bool)[distinct.codes]


def column_problems(
    column: Column,
    series: pd.Series,
    checked: np.ndarray,
    keys_of: dict[str, set[str] | None],
    values: DistinctValues | None = None,
) -> tuple[np.ndarray, list[str]]:
    """The ``checked`` cells of a column that have a problem: their positions and problems.

    A column read as numbers (float64) is checked with whole-array comparisons; the
    message of a cell out of bounds is worded by :func:`bounds` as for any cell. Any
    other column is checked once per distinct value of its checked cells.

    Examples
    --------
    >>> from xl_salesplan.layout import INPUT_TABLES
    >>> ramp = INPUT_TABLES["tblRamp"].column("ramp")
    >>> rows, texts = column_problems(ramp, pd.Series([0.5, "x", 2.0]), np.ones(3, bool), {})
    >>> rows.tolist(), texts
    ([1, 2], ["'x' is not a number", '200.0% is above the maximum 100%'])
    """
    plain = not (column.choices or column.coded or column.choices_name in keys_of)
    if plain and column.kind in _NUMERIC and series.dtype == np.float64:
        numbers = series.to_numpy()
        with np.errstate(invalid="ignore"):
            suspect = np.abs(numbers) >= LARGEST_AMOUNT
            if column.minimum is not None:
                suspect |= numbers < column.minimum
            if column.maximum is not None:
                suspect |= numbers > column.maximum
            if column.kind in _WHOLE:
                suspect |= numbers != np.round(numbers)
        found = [(int(i), bounds(float(numbers[i]), column.minimum, column.maximum, column.kind))
                 for i in np.flatnonzero(suspect & checked)]  # fmt: skip
        found = [(i, texts[0]) for i, texts in found if texts]
        return np.array([i for i, _ in found], dtype=np.intp), [text for _, text in found]
    if not checked.any():
        return np.empty(0, dtype=np.intp), []
    distinct = values or DistinctValues.of(series)
    per_value = distinct.results(lambda value: _value_problem(column, value, keys_of), checked)
    rows = np.flatnonzero(checked & per_value.astype(bool)[distinct.codes])
    return rows, per_value[distinct.codes[rows]].tolist()


def _value_problem(
    column: Column, value: object, keys_of: dict[str, set[str] | None]
) -> str | None:
    """What is wrong with a filled cell of ``column`` holding ``value`` (``None``: nothing)."""
    text = _cell_problem(column.kind, value, column.minimum, column.maximum)
    if text is None and column.choices and chosen(column.coded, value) not in column.choices:
        listed = ", ".join(column.choices)
        text = Text("validate.not_one_of", {"value": shown(value), "choices": listed})
    if text is None and column.choices_name in keys_of:
        allowed = keys_of[column.choices_name]
        if allowed is not None and key_of(value) not in allowed:
            list_table = LIST_NAMES[column.choices_name][0]
            text = Text("validate.not_in_table", {"value": shown(value), "table": list_table})
    return text


def key_lists(raw: WorkbookInputs) -> dict[str, set[str] | None]:
    """Each key list's keys (:func:`key_of` of its table's column); None: table not read.

    Examples
    --------
    >>> regions = pd.DataFrame({"region": ["East", " East", 3.0, None]})
    >>> key_lists(WorkbookInputs({"tblRegions": regions}, {}))["RegionList"] == {"East", "3"}
    True
    """
    out: dict[str, set[str] | None] = {}
    for list_name, (table_name, column, _) in LIST_NAMES.items():
        if table_name not in raw.tables:
            out[list_name] = None
            continue
        keys = raw.distinct(table_name, column).results(key_of)
        out[list_name] = {k for k in keys if k is not None}
    return out


def _cell_problem(kind: str, value: object, minimum: float | None,
                  maximum: float | None) -> str | None:  # fmt: skip
    if kind in _NUMERIC:
        number = as_number(value)
        if number is None:
            return Text("validate.not_a_number", {"value": shown(value)})
        found = bounds(number, minimum, maximum, kind)
        return found[0] if found else None
    if kind in ("date", "month") and as_date(value) is None:
        return Text("validate.not_a_date", {"value": shown(value)})
    return None


def bounds(number: float, minimum: float | None, maximum: float | None, kind: str) -> list[str]:
    """What is wrong with a number of a column of ``kind`` and bounds (none: empty list).

    Examples
    --------
    >>> bounds(2.5, 1, None, "integer")
    ['2.5 is not a whole number']
    """
    value = f"{number:.1%}" if kind in ("ratio", "share") else amount_text(number)
    if abs(number) >= LARGEST_AMOUNT:
        return [Text("validate.too_large", {"value": value})]
    if minimum is not None and number < minimum:
        low = f"{minimum:.0%}" if kind in ("ratio", "share") else f"{minimum:,.10g}"
        return [Text("validate.below_minimum", {"value": value, "minimum": low})]
    if maximum is not None and number > maximum:
        high = f"{maximum:.0%}" if kind in ("ratio", "share") else f"{maximum:,.10g}"
        return [Text("validate.above_maximum", {"value": value, "maximum": high})]
    if kind in _WHOLE and not float(number).is_integer():
        return [Text("validate.not_whole", {"value": value})]
    return []


def cell_dates(series: pd.Series, values: DistinctValues | None = None) -> pd.Series:
    """Each cell as a date (:func:`as_date`; NaT when it is not one), converted once per value.

    Examples
    --------
    >>> cell_dates(pd.Series(["2026-03-01", "x", "2026-03-01"])).dt.month.tolist()
    [3.0, nan, 3.0]
    """
    distinct = values or DistinctValues.of(series)
    per_value = pd.to_datetime(pd.Series(distinct.results(as_date), dtype=object), errors="coerce")
    return pd.Series(per_value.to_numpy()[distinct.codes], index=series.index)


def cell_keys(series: pd.Series, values: DistinctValues | None = None) -> pd.Series:
    """Each cell's key (:func:`key_of`; None when blank), an object column.

    Examples
    --------
    >>> cell_keys(pd.Series([2026.0, " a ", None])).tolist()
    ['2026', 'a', None]
    """
    distinct = values or DistinctValues.of(series)
    return pd.Series(distinct.map(key_of), index=series.index, dtype=object)


def is_blank(value: object) -> bool:
    """Whether a cell's value is blank: nothing, NaN, NaT or only spaces.

    Examples
    --------
    >>> is_blank(" "), is_blank(float("nan")), is_blank(0.0)
    (True, True, False)
    """
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_number(value: object) -> float | None:
    """A typed value as a number (``None`` when it is not one).

    Examples
    --------
    >>> as_number("12%"), as_number("x")
    (0.12, None)
    """
    number = number_of(value)
    return None if np.isnan(number) else number


def as_date(value: object) -> dt.datetime | None:
    """A typed value as a date (``None`` when it is not one).

    Examples
    --------
    >>> as_date("2026-03-01"), as_date("March")
    (datetime.datetime(2026, 3, 1, 0, 0), None)
    """
    stamp = date_of(value)
    return None if pd.isna(stamp) else stamp.to_pydatetime()


def key_of(value: object) -> str | None:
    """A value as a key of a list or table: text trimmed, whole numbers without ``.0``.

    Examples
    --------
    >>> key_of(" East "), key_of(3.0), key_of(pd.Timestamp("2026-03-01")), key_of("")
    ('East', '3', '2026-03', None)
    """
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m")
    return str(value).strip()


def shown(value: object) -> str:
    """A cell's value for a message: Excel errors as Excel shows them (``#N/A``).

    Examples
    --------
    >>> shown(CellError("#N/A")), shown(3.0)
    ('#N/A', "'3.0'")
    """
    if isinstance(value, CellError):
        return value.code
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")

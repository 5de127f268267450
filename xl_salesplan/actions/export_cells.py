"""Check and read the cells of an export, column by column: shape, months, numbers, names.

The checks of :mod:`~xl_salesplan.actions.actuals_records` (and of the KPI import) on
the rows of an export held by column (:class:`~xl_salesplan.actions.export_columns.
ExportColumns`). Each check looks at a value once per distinct value of its column and
maps the answer back to the rows with numpy; only the rows with a problem are visited
one by one, to say what is wrong with them, in the order of the rows.

Every problem is a (catalogue key, parameters) pair (:data:`Problem`), collected in a
list so that all of them are refused at once.

Examples
--------
>>> grid = ExportColumns.from_rows([["2026-01-15", "East", "1,200.5"], ["", "West", "x"]])
>>> problems = []
>>> read_months(grid, 0, "Date", np.array([2, 3]), problems).astype(str).tolist()
['2026-01-01T00:00:00.000000', 'NaT']
>>> problems
[('import.blank_month', {'row': 3, 'column': "'Date'"})]
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_salesplan.actions.cell_checks import is_blank
from xl_salesplan.actions.export_columns import ExportColumns, only_texts
from xl_salesplan.actions.name_matching import NameIndex, closest_names, fold_name, match_codes
from xl_salesplan.actions.number_style import (
    DecimalMark,
    decimal_style,
    number_evidence,
    parse_number,
    simple_numbers,
)

__all__ = [
    "KnownNames",
    "Problem",
    "check_shape",
    "listed",
    "read_months",
    "read_names",
    "read_numbers",
]

#: A refused row: (catalogue key, its parameters).
Problem = tuple[str, dict[str, object]]


@dataclass(frozen=True)
class KnownNames:
    """The names a key column accepts: the index, its table and the table's sheet."""

    index: NameIndex
    table: str
    sheet: str


_LINES_LISTED = 8
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m", "%Y/%m", "%Y%m%d", "%d.%m.%Y", "%Y年%m月%d日",
                 "%Y年%m月", "%Y.%m.%d", "%Y.%m")  # fmt: skip
_EVIDENCE = ("point", "comma", "either")


def listed(lines: Sequence[int] | np.ndarray) -> str:
    """Row numbers for a message: the first eight, and how many in all when there are more.

    Examples
    --------
    >>> listed([3, 5]), listed(np.arange(2, 12))
    ('3, 5', '2, 3, 4, 5, 6, 7, 8, 9, ... (10 in all)')
    """
    shown = ", ".join(str(int(n)) for n in lines[:_LINES_LISTED])
    return shown + (f", ... ({len(lines)} in all)" if len(lines) > _LINES_LISTED else "")


def _flags(distinct: np.ndarray, test: object) -> np.ndarray:
    """``test`` of each distinct value, as booleans."""
    return np.fromiter(map(test, distinct), dtype=bool, count=len(distinct))  # type: ignore[arg-type]


def _runs_on(value: object) -> bool:
    return isinstance(value, str) and ("\n" in value or "\r" in value)


def _run_on_flags(distinct: np.ndarray) -> np.ndarray:
    """:func:`_runs_on` of each distinct value; texts without a line break, tested at once."""
    if only_texts(distinct):
        joined = "".join(distinct[:-1].tolist())
        if "\n" not in joined and "\r" not in joined:
            return np.zeros(len(distinct), dtype=bool)
    return _flags(distinct, _runs_on)


def check_shape(
    header: list[str],
    rows: ExportColumns,
    chosen: Mapping[str, int],
    lines: np.ndarray,
    ends: np.ndarray,
    problems: list[Problem],
) -> ExportColumns:
    """Rows padded to the header's width; short, long and run-on rows are problems.

    A row has at most one problem, in this order: a value of a column the import reads
    (or of any column, in a row that is short of one) runs on over lines (a quote left
    open); the row ends before a column the import reads; the row has values past the
    header's columns.

    Examples
    --------
    >>> rows = ExportColumns.from_rows([["2026-01", "East"], ["2026-01"], ["a", "b", "c"]])
    >>> problems = []
    >>> check_shape(["Month", "Region"], rows, {"month": 0, "region": 1}, np.array([2, 3, 4]),
    ...             np.array([2, 3, 4]), problems).widths.tolist()
    [2, 2, 2]
    >>> [key for key, _ in problems]
    ['import.short_row', 'import.long_row']
    """
    width = len(header)
    used = np.array(sorted(chosen.values()), dtype=np.intp)
    widths = rows.widths
    after = np.searchsorted(used, widths, side="left")  # the first column read past the row
    short = after < len(used)
    never = width + 1
    any_run_on = np.full(len(rows), never, dtype=np.intp)
    used_run_on = np.full(len(rows), never, dtype=np.intp)
    for c in reversed(range(min(width, rows.width))):
        codes, distinct = rows.column(c)
        runs = _run_on_flags(distinct)
        if not runs.any():
            continue
        here = runs[codes]
        any_run_on[here] = c
        if c in chosen.values():
            used_run_on[here] = c
    run_on = np.where(short, any_run_on, used_run_on)
    long = np.zeros(len(rows), dtype=bool)
    for c in range(width, rows.width):
        codes, distinct = rows.column(c)
        long |= (~_flags(distinct, is_blank))[codes]
    for i in np.flatnonzero((run_on < never) | short | long):
        if run_on[i] < never:  # a quote left open swallowed the end of the line and the next lines
            problems.append(("import.unclosed_quote", {"row": int(lines[i]),
                             "column": repr(header[run_on[i]]), "end": int(ends[i])}))  # fmt: skip
        elif short[i]:
            problems.append(("import.short_row", {"row": int(lines[i]), "count": int(widths[i]),
                             "width": width, "column": repr(header[used[after[i]]])}))  # fmt: skip
        else:
            problems.append(("import.long_row", {"row": int(lines[i]), "count": int(widths[i]),
                             "width": width}))  # fmt: skip
    return rows.padded(width)


def read_months(
    grid: ExportColumns, index: int, name: str, lines: np.ndarray, problems: list[Problem]
) -> np.ndarray:
    """The month (its first day) of column ``index`` in every row; None/NaT where blank.

    A blank month in a row with other values, and a value that is not a date, are
    problems (in the order of the rows).
    """
    codes, distinct = grid.column(index)
    blank = _flags(distinct, is_blank)
    found = [None if b else _month(v) for b, v in zip(blank, distinct, strict=True)]
    bad = ~blank & np.fromiter((m is None for m in found), dtype=bool, count=len(found))
    used = np.bincount(codes, minlength=len(distinct)) > 0  # the column's type: of its rows
    months = pd.Series([m if u else None for m, u in zip(found, used, strict=True)])
    at = blank[codes]
    if at.any():
        filled = np.zeros(len(grid), dtype=bool)
        for c in range(grid.width):
            column_codes, column_distinct = grid.column(c)
            filled |= (~_flags(column_distinct, is_blank))[column_codes]
        at &= filled
    for i in np.flatnonzero(at | bad[codes]):
        if at[i]:
            problems.append(("import.blank_month",
                             {"row": int(lines[i]), "column": repr(name)}))  # fmt: skip
        else:
            value = distinct[codes[i]]
            problems.append(("import.not_a_date", {"row": int(lines[i]), "column": repr(name),
                             "value": repr(str(value)[:40])}))  # fmt: skip
    return months.to_numpy()[codes]


def _month(value: object) -> pd.Timestamp | None:
    if isinstance(value, dt.datetime | dt.date):
        return pd.Timestamp(value.year, value.month, 1)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().split(" ")[0].split("T")[0]
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
            return pd.Timestamp(parsed.year, parsed.month, 1)
    return None


def read_numbers(
    grid: ExportColumns,
    chosen: Mapping[str, int],
    header: list[str],
    lines: np.ndarray,
    given: DecimalMark | None,
    problems: list[Problem],
    columns: dict[str, object],
    measures: Sequence[str],
) -> str | None:
    """Read the ``measures`` columns into ``columns`` (NaN where blank); return the decimal mark.

    The decimal mark is found from the texts of all the measures together
    (:func:`~xl_salesplan.actions.number_style.decimal_style`), or ``given``. Values
    against the mark, with two readings, or not numbers are problems.
    """
    keys = [key for key in measures if key in chosen]
    n = len(grid)
    coded = [grid.column(chosen[key]) for key in keys]
    readings = [_Readings.of(distinct) for _, distinct in coded]
    evidence = [r.labels[codes] for r, (codes, _) in zip(readings, coded, strict=True)]
    cells = np.concatenate(evidence) if evidence else np.zeros(0, dtype=int)
    point, comma, either = (np.flatnonzero(cells == k) for k in range(3))
    style = decimal_style(point, comma, either, given=given)

    def cell(position: int) -> tuple[str, int, object]:
        k, i = divmod(int(position), n)
        codes, distinct = coded[k]
        return keys[k], i, distinct[codes[i]]

    def where(key: str, i: int) -> dict[str, object]:
        return {"row": int(lines[i]), "column": repr(header[chosen[key]])}

    mark = style.mark
    refused = np.zeros(len(cells), dtype=bool)
    refused[np.asarray(style.undecided, dtype=np.intp)] = True
    if style.conflicting:
        minority, majority = sorted((style.comma, style.point), key=len)
        mark = "," if majority is style.comma else "."
        refused[np.asarray(minority, dtype=np.intp)] = True
        _, first_row, first_value = cell(majority[0])
        for position in minority:
            key, i, value = cell(position)
            problems.append(("import.mixed_styles", {
                **where(key, i), "value": repr(value), "mark": "." if mark == "," else ",",
                "other_row": int(lines[first_row]), "other": repr(first_value), "other_mark": mark,
            }))  # fmt: skip
    elif given is not None:
        against = np.concatenate([np.asarray(style.point, dtype=np.intp),
                                  np.asarray(style.comma, dtype=np.intp)])  # fmt: skip
        refused[against] = True
        for position in against:
            key, i, value = cell(position)
            problems.append(("import.against_given_mark",
                             {**where(key, i), "value": repr(value), "mark": given}))  # fmt: skip
    for position in style.undecided:
        key, i, value = cell(position)
        problems.append(("import.two_readings", {
            **where(key, i), "value": repr(value),
            "as_point": parse_number(str(value), "."), "as_comma": parse_number(str(value), ","),
        }))  # fmt: skip
    for key in measures:
        columns[key] = np.full(n, np.nan)
    for k, (key, (codes, distinct)) in enumerate(zip(keys, coded, strict=True)):
        numbers, failed = readings[k].numbers(distinct, mark or ".")
        skip = refused[k * n : (k + 1) * n]
        columns[key] = np.where(skip, np.nan, numbers[codes])
        for i in np.flatnonzero(failed[codes] & ~skip):
            problems.append(("import.not_a_number", {**where(key, i),
                             "value": repr(str(distinct[codes[i]])[:40])}))  # fmt: skip
    return mark


@dataclass(frozen=True)
class _Readings:
    """What the distinct values of a number column say, before the decimal mark is known.

    Texts that are simple numbers (:func:`~xl_salesplan.actions.number_style.simple_numbers`:
    ``1200``, ``1234.56``, ``1234,56``) are read all at once; every other value (blank, typed,
    grouped, full-width, not a number) one by one, as :func:`_number` reads it.
    """

    labels: np.ndarray  # per value: its place in _EVIDENCE, -1 for none
    evidence: np.ndarray  # per value: its simple reading's evidence, None if not simple
    values: np.ndarray  # per value: its simple reading, NaN if not simple
    others: np.ndarray  # positions of the values that are not simple texts

    @classmethod
    def of(cls, distinct: np.ndarray) -> _Readings:
        if only_texts(distinct):
            texts = np.arange(len(distinct) - 1)
        else:
            texts = np.flatnonzero([type(v) is str for v in distinct])
        evidence = np.full(len(distinct), None, dtype=object)
        values = np.full(len(distinct), np.nan)
        evidence[texts], values[texts] = simple_numbers(distinct[texts])
        labels = np.full(len(distinct), -1, dtype=np.intp)
        labels[evidence == "point"] = 0
        labels[evidence == "comma"] = 1
        others = np.flatnonzero(np.equal(evidence, None))
        for i in others:  # blanks, other types, and texts the general rules read
            value = distinct[i]
            if isinstance(value, str) and not is_blank(value):
                kind = number_evidence(value)
                labels[i] = _EVIDENCE.index(kind) if kind in _EVIDENCE else -1
        return cls(labels, evidence, values, others)

    def numbers(self, distinct: np.ndarray, mark: DecimalMark) -> tuple[np.ndarray, np.ndarray]:
        """Each value read with ``mark`` (NaN where blank or not read), and where not read."""
        readable = (self.evidence == "plain") | (self.evidence == _SIMPLE_OF[mark])
        numbers = np.where(readable, self.values, np.nan)
        failed = ~readable
        for i in self.others:
            read = _number(distinct[i], mark)
            numbers[i] = np.nan if read is None else read
            failed[i] = read is None
        return numbers, failed


_SIMPLE_OF = {".": "point", ",": "comma"}


def _number(value: object, mark: DecimalMark) -> float | None:
    """``value`` as a number (NaN when blank), or None."""
    if is_blank(value):
        return np.nan
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if np.isfinite(value) else None
    if number_evidence(str(value)) == "not_a_number":
        return None
    return parse_number(str(value), mark)


def read_names(
    grid: ExportColumns,
    chosen: Mapping[str, int],
    header: list[str],
    key: str,
    known: KnownNames | None,
    lines: np.ndarray,
    problems: list[Problem],
) -> list[str | None]:
    """The names of column ``key`` (trimmed text; None where blank or not the export's), a list.

    With ``known`` (the workbook's names, their table and sheet), each name is the
    workbook's key, and a name matching none or several of them is a problem (one per
    name, with its rows).
    """
    if key not in chosen:
        return [None] * len(grid)
    codes, distinct = grid.column(chosen[key])
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [_text(v) for v in distinct]
    if known is None:
        return texts[codes].tolist()
    index, table, sheet = known.index, known.table, known.sheet
    found = match_codes(codes, texts, index)
    column = repr(header[chosen[key]])
    for value, positions in found.unknown.items():
        closest = closest_names(value, index)
        params: dict[str, object] = {
            "column": column, "value": repr(value), "rows": listed(lines[positions]),
            "table": table, "sheet": sheet,
        }  # fmt: skip
        if closest:
            problems.append(("import.unknown_name_closest",
                             {**params, "closest": ", ".join(closest)}))  # fmt: skip
        else:
            problems.append(("import.unknown_name", params))
    for value, positions in found.ambiguous.items():
        keys = index.ambiguous[fold_name(value)]
        problems.append(("import.ambiguous_name", {
            "column": column, "value": repr(value), "rows": listed(lines[positions]),
            "count": len(keys), "table": table, "keys": ", ".join(keys),
        }))  # fmt: skip
    return found.names.tolist()  # a list: an empty one makes the same frame as before


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None

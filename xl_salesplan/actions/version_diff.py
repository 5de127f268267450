"""Compare two versions of a plan: what changed, as a planner reads it.

:func:`compare_versions` compares any two workbooks (snapshots, plan workbooks,
share copies): the rows of the input tables are matched by their keys (month,
region, KPI...: :mod:`~xl_salesplan.actions.version_tables`,
:mod:`~xl_salesplan.actions.keyed_diff`), so a new row order is no change; every
other cell is compared at its address. :func:`diff_versions` says the differences
with a summary per sheet first and the values in their cells' number formats.

Examples
--------
>>> import pathlib, tempfile
>>> from xl_salesplan.actions.versions import write_snapshot
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_snapshot(folder / "v1.xlsx", {"Targets": [["Region", "Target"], ["East", 100.0]]})
>>> write_snapshot(folder / "v2.xlsx", {"Targets": [["Region", "Target"], ["East", 120.0]]})
>>> compare_versions(folder / "v1.xlsx", folder / "v2.xlsx").frame.iloc[:, :5]
     sheet cell  before  after  change
0  Targets   B2   100.0  120.0    20.0
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from xl_salesplan.actions.keyed_diff import RowChange, diff_keyed_rows, shown_value
from xl_salesplan.actions.result import ActionResult
from xl_salesplan.actions.version_tables import LocatedTable, locate_tables
from xl_salesplan.actions.versions import read_sheets
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import message
from xl_salesplan.ooxml.references import cell_name, parse_cell, quote_sheet

__all__ = ["VersionDiff", "compare_versions", "diff_versions"]

_MAX_LISTED = 40


@dataclass
class VersionDiff:
    """Differences between two versions.

    Attributes
    ----------
    frame : DataFrame
        ``sheet``, ``cell``, ``before``, ``after``, ``change`` (after - before for numbers),
        ``table``, ``key`` and ``column`` (for a table's rows), ``kind`` (``changed``,
        ``added`` or ``removed``: a table row only one version has, its values as text
        in ``after`` or ``before``) and the cell's ``number_format``; in the newer
        version's sheet order, then by row and column.
    sheets_only_before, sheets_only_after : list of str
        Sheets present in one version only (their cells are not listed).
    cells_compared : int
        Non-blank cells looked at in the sheets both versions have.

    Examples
    --------
    >>> VersionDiff(pd.DataFrame(), [], ["Notes"], 0).changed
    True
    """

    frame: pd.DataFrame
    sheets_only_before: list[str]
    sheets_only_after: list[str]
    cells_compared: int

    @property
    def changed(self) -> bool:
        """True when anything differs."""
        return bool(len(self.frame) or self.sheets_only_before or self.sheets_only_after)


def compare_versions(
    before: str | os.PathLike[str],
    after: str | os.PathLike[str],
    *,
    tolerance: float = 1e-9,
) -> VersionDiff:
    """Compare two workbook files cell by cell.

    Parameters
    ----------
    before, after : path-like
        Two versions (snapshots, plan workbooks or share copies).
    tolerance : float
        Numbers closer than ``tolerance`` x max(1, |value|) count as equal
        (floating-point noise is not a change).

    Returns
    -------
    VersionDiff

    Examples
    --------
    >>> import tempfile
    >>> from xl_salesplan.actions.versions import write_snapshot
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_snapshot(folder / "a.xlsx", {"Plan": [[1.0, "x"]]})
    >>> write_snapshot(folder / "b.xlsx", {"Plan": [[1.0 + 1e-12, "y"]], "New": [[1.0]]})
    >>> diff = compare_versions(folder / "a.xlsx", folder / "b.xlsx")
    >>> diff.frame.iloc[:, :5].to_dict("records"), diff.sheets_only_after
    ([{'sheet': 'Plan', 'cell': 'B1', 'before': 'x', 'after': 'y', 'change': None}], ['New'])
    """
    first, first_formats = read_sheets(before)
    second, second_formats = read_sheets(after)
    rows: list[tuple[object, ...]] = []
    compared = 0
    tables_before, tables_after = locate_tables(first), locate_tables(second)
    for name, old in tables_before.items():
        new = tables_after.get(name)
        if new is None or new.sheet != old.sheet or not old.keys:
            continue
        covered_before, covered_after = old.cells(), new.cells()
        compared += len({k for k in covered_before if k in first[old.sheet]} |
                        {k for k in covered_after if k in second[new.sheet]})  # fmt: skip
        first[old.sheet] = {k: v for k, v in first[old.sheet].items() if k not in covered_before}
        second[new.sheet] = {k: v for k, v in second[new.sheet].items()
                             if k not in covered_after}  # fmt: skip
        same = lambda a, b: _same(a, b, tolerance)  # noqa: E731
        for change in diff_keyed_rows(old.rows, new.rows, old.keys, same):
            rows.append(_table_change(old, new, change))
    for sheet, cells in first.items():
        if sheet not in second:
            continue
        other = second[sheet]
        keys = sorted(set(cells) | set(other))
        compared += len(keys)
        for key in keys:
            a, b = cells.get(key), other.get(key)
            if _same(a, b, tolerance):
                continue
            number_format = second_formats[sheet].get(key) or first_formats[sheet].get(key, "")
            rows.append((sheet, cell_name(*key), a, b, _change(a, b), "", "", "", "changed",
                         number_format or "General"))  # fmt: skip
    order = {sheet: i for i, sheet in enumerate(second)}
    rows.sort(key=lambda r: (order.get(str(r[0]), len(order)), parse_cell(str(r[1]))))
    frame = pd.DataFrame(rows, columns=_DIFF_COLUMNS)
    return VersionDiff(
        frame=frame,
        sheets_only_before=[s for s in first if s not in second],
        sheets_only_after=[s for s in second if s not in first],
        cells_compared=compared,
    )


_DIFF_COLUMNS = ["sheet", "cell", "before", "after", "change", "table", "key", "column", "kind",
                 "number_format"]  # fmt: skip


def _change(a: object, b: object) -> float | None:
    return b - a if _is_number(a) and _is_number(b) else None  # type: ignore[operator]


def _table_change(old: LocatedTable, new: LocatedTable, change: RowChange) -> tuple[object, ...]:
    """A row of the diff frame for one change of a table: the cell is the newer version's
    (the older one's for a removed row); added and removed rows show as one line."""
    located, position = (old, change.before_row) if change.kind == "removed" else (
        new, change.after_row)  # fmt: skip
    assert position is not None
    values = located.rows[position]
    key = ", ".join(_plain(values[i], located.formats[i]) for i in located.keys)
    row = located.row_numbers[position]
    if change.kind == "changed":
        column = int(change.column or 0)
        cell = cell_name(row, located.first_column + column)
        return (located.sheet, cell, change.before, change.after,
                _change(change.before, change.after), located.name, key,
                located.headers[column], "changed", located.formats[column])  # fmt: skip
    shown = "; ".join(f"{h} {_plain(v, f)}" for h, v, f in
                      zip(located.headers, values, located.formats, strict=True)
                      if v is not None and v != "")  # fmt: skip
    before, after = (None, shown) if change.kind == "added" else (shown, None)
    cell = cell_name(row, located.first_column)
    return (located.sheet, cell, before, after, None, located.name, key, "", change.kind, "@")


def _plain(value: object, number_format: str) -> str:
    return value.strip() if isinstance(value, str) else shown_value(value, number_format)


def _is_number(value: object) -> bool:
    return isinstance(value, float) and not isinstance(value, bool)


def _same(a: object, b: object, tolerance: float) -> bool:
    if _is_number(a) and _is_number(b):
        return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))  # type: ignore[operator]
    return type(a) is type(b) and a == b


def diff_versions(
    before: str | os.PathLike[str],
    after: str | os.PathLike[str],
    *,
    limit: int = _MAX_LISTED,
    language: str = "en",
) -> ActionResult:
    """Compare two versions: a summary per sheet, then the first ``limit`` differences.

    Rows of the input tables are matched by their keys (a new row order is no
    change); values show as their cells' number formats show them.

    Returns
    -------
    ActionResult
        ``ok`` is True either way; details: ``changed`` (count), ``cells_compared``,
        ``sheets`` (per sheet: changed, added, removed), ``changes`` (every difference:
        sheet, cell, before, after, change, table, key, column, kind, and the values as
        shown), ``sheets_only_before``, ``sheets_only_after``.

    Raises
    ------
    PlanningError
        For a negative ``limit``.

    Examples
    --------
    >>> import tempfile
    >>> from xl_salesplan.actions.versions import write_snapshot
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_snapshot(folder / "a.xlsx", {"Plan": [[100.0]]})
    >>> write_snapshot(folder / "b.xlsx", {"Plan": [[3270000.5]]})
    >>> print(diff_versions(folder / "a.xlsx", folder / "b.xlsx").text())
    1 difference(s) in 1 sheet(s); 1 cells compared (table rows matched by their keys):
      Plan: 1 value(s) changed
      Plan!A1: 100 -> 3,270,000.5 (+3,269,900.5)
    """
    if limit < 0:
        raise PlanningError.of("diff.bad_limit", code="bad_option", got=limit)
    diff = compare_versions(before, after)
    frame = diff.frame
    lines = [f"  {line}" for line in _sheet_summary(frame, language)]
    for row in frame.head(limit).itertuples(index=False):
        lines.append(f"  {_change_line(row, language)}")
    if len(frame) > limit:
        lines.append(f"  {message('diff.more', language, count=len(frame) - limit)}")
    for sheets_only, path in ((diff.sheets_only_before, before), (diff.sheets_only_after, after)):
        for sheet in sheets_only:
            only = message("diff.sheet_only", language, sheet=repr(sheet), file=Path(path).name)
            lines.append(f"  {only}")
    changes = [
        {**record, "shown_before": _shown(record["before"], record["number_format"]),
         "shown_after": _shown(record["after"], record["number_format"])}
        for record in frame.to_dict("records")
    ]  # fmt: skip
    sheets = sorted({*frame["sheet"], *diff.sheets_only_before, *diff.sheets_only_after})
    if diff.changed:
        key, params = "diff.summary", {"count": len(frame) + len(diff.sheets_only_before)
                                       + len(diff.sheets_only_after), "sheets": len(sheets),
                                       "cells": diff.cells_compared}  # fmt: skip
    else:
        key, params = "diff.none", {"cells": diff.cells_compared}
    return ActionResult.of(
        "compare_versions",
        key,
        params,
        {
            "changed": len(frame),
            "cells_compared": diff.cells_compared,
            "sheets": _sheet_counts(frame),
            "changes": changes,
            "sheets_only_before": diff.sheets_only_before,
            "sheets_only_after": diff.sheets_only_after,
        },
        lines=lines,
    )


def _sheet_counts(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for sheet, kind in zip(frame["sheet"], frame["kind"], strict=True):
        entry = counts.setdefault(sheet, {"changed": 0, "added": 0, "removed": 0})
        entry[kind] += 1
    return counts


def _sheet_summary(frame: pd.DataFrame, language: str) -> list[str]:
    out = []
    for sheet, counts in _sheet_counts(frame).items():
        parts = [message(f"diff.{kind}", language, count=n) for kind, n in counts.items() if n]
        out.append(message("diff.sheet", language, sheet=sheet, parts=", ".join(parts)))
    return out


def _shown(value: object, number_format: str) -> str:
    return value if isinstance(value, str) and number_format == "@" else shown_value(
        value, number_format)  # fmt: skip


def _change_line(row: Any, language: str) -> str:
    """One difference (a row of :func:`compare_versions`' frame) as a line."""
    where = f"{quote_sheet(row.sheet)}!{row.cell}"
    if row.kind in ("added", "removed"):
        shown = row.after if row.kind == "added" else row.before
        return message(f"diff.row_{row.kind}", language, where=where, table=row.table,
                       key=row.key, row=shown)  # fmt: skip
    change, fmt = row.change, row.number_format
    delta = ""
    if change is not None and change == change:
        delta = f" ({'+' if change >= 0 else '-'}{shown_value(abs(change), fmt)})"
    params = {"where": where, "before": _shown(row.before, fmt), "after": _shown(row.after, fmt),
              "change": delta}  # fmt: skip
    if row.table:
        return message("diff.table_cell", language, table=row.table, key=row.key,
                       column=row.column, **params)  # fmt: skip
    return message("diff.cell", language, **params)

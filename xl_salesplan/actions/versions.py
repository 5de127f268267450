"""Plan versions: snapshot the plan's values, compare two versions cell by cell.

A *snapshot* is a small values-only ``.xlsx``: every sheet of the plan with the
values of its inputs and outputs at the same cells as in the plan (no formulas,
no VBA, no formatting), read through the workbook layer, so the ribbon and the
command line take the same snapshot. Opening it shows the plan's numbers where a
planner knows them.

:func:`compare_versions` compares any two workbooks (snapshots, plan workbooks,
share copies) cell by cell: one row per cell whose value differs, with its sheet
and A1 reference as the planner sees them.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_snapshot(folder / "v1.xlsx", {"Targets": [["Region", "Target"], ["East", 100.0]]})
>>> write_snapshot(folder / "v2.xlsx", {"Targets": [["Region", "Target"], ["East", 120.0]]})
>>> compare_versions(folder / "v1.xlsx", folder / "v2.xlsx").frame
    sheet cell  before  after  change
0  Targets   B2   100.0  120.0    20.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter

from xl_salesplan.actions.result import ActionResult
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import BLOCKS, INPUT_TABLES, NAMED_INPUTS
from xl_salesplan.ooxml.atomic import atomic_write
from xl_salesplan.ooxml.cell_values import excel_number
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.reading import load_values, normalise_value
from xl_salesplan.ooxml.references import (
    cell_name,
    format_range,
    parse_range,
    quote_sheet,
)
from xl_salesplan.workbook.book import Book

__all__ = [
    "CONFIG_SHEETS",
    "VersionDiff",
    "compare_versions",
    "default_snapshot_path",
    "diff_versions",
    "plan_areas",
    "sheet_values",
    "snapshot_version",
    "write_snapshot",
]

#: Sheets that hold configuration, not plan content: never snapshotted or compared.
CONFIG_SHEETS = ("xlwings.conf", "_xlwings.conf")
_FIXED_TIME = dt.datetime(2000, 1, 1)
_MAX_LISTED = 40
_SIDE_COLUMNS = 2  # unit and description to the right of a named input


@dataclass
class VersionDiff:
    """Differences between two versions.

    Attributes
    ----------
    frame : DataFrame
        ``sheet``, ``cell``, ``before``, ``after``, ``change`` (after - before for numbers),
        in sheet order then row then column.
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


def default_snapshot_path(workbook: str | os.PathLike[str], stamp: dt.datetime) -> Path:
    """``<folder>/<name> versions/<name> YYYY-MM-DD HHMMSS.xlsx`` next to the workbook.

    Examples
    --------
    >>> default_snapshot_path("plans/plan.xlsm", dt.datetime(2026, 3, 1, 9, 30)).as_posix()
    'plans/plan versions/plan 2026-03-01 093000.xlsx'
    """
    path = Path(workbook)
    folder = path.parent / f"{path.stem} versions"
    return folder / f"{path.stem} {stamp:%Y-%m-%d %H%M%S}.xlsx"


def write_snapshot(
    target: str | os.PathLike[str],
    sheets: Mapping[str, Sequence[Sequence[object]]],
    *,
    title: str = "Plan snapshot",
    comments: str = "",
) -> None:
    """Write ``{sheet: rows of values from A1}`` as a values-only ``.xlsx`` (atomically).

    Numbers, text, booleans and dates are written as such (text is always text);
    blanks and error values are left blank. The folder is created if needed.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "v" / "snap.xlsx"
    >>> write_snapshot(target, {"Targets": [["East", 1.0, None, True]]})
    >>> sheet_values(target)["Targets"]
    {(1, 1): 'East', (1, 2): 1.0, (1, 4): True}
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
         "strings_to_urls": False, "nan_inf_to_errors": False},
    )  # fmt: skip
    workbook.set_properties({"title": title, "comments": comments, "created": _FIXED_TIME})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write_cell(sheet, r, c, value, date_format)
    workbook.close()
    folder = Path(target).parent
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(target, buffer.getvalue())
    except BaseException:
        for created in made:  # a failed first snapshot leaves no empty versions folder
            with contextlib.suppress(OSError):
                created.rmdir()
        raise


def _write_cell(sheet: object, r: int, c: int, value: object, date_format: object) -> None:
    value = normalise_value(value)
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)  # type: ignore[attr-defined]
    elif isinstance(value, float):
        if math.isfinite(value):
            sheet.write_number(r, c, excel_number(value))  # type: ignore[attr-defined]
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(r, c, value, date_format)  # type: ignore[attr-defined]
    elif isinstance(value, str):
        sheet.write_string(r, c, value)  # type: ignore[attr-defined]


def sheet_values(path: str | os.PathLike[str]) -> dict[str, dict[tuple[int, int], object]]:
    """Non-blank cell values of every sheet (configuration sheets left out).

    Raises
    ------
    PlanningError
        If the file is missing or is not a workbook.

    Examples
    --------
    >>> sheet_values("missing.xlsx")
    Traceback (most recent call last):
    ...
    xl_salesplan.ooxml.workbook_errors.WorkbookError: missing.xlsx: no such workbook file
    """
    Package.open(path)  # existence, type and zip safety checks, with readable messages
    book = load_values(path)
    out: dict[str, dict[tuple[int, int], object]] = {}
    try:
        for ws in book.worksheets:
            if ws.title.lower() in CONFIG_SHEETS:
                continue
            cells: dict[tuple[int, int], object] = {}
            for row in ws.iter_rows():
                for cell in row:
                    value = normalise_value(getattr(cell, "value", None))
                    if value is not None and value != "":
                        cells[(cell.row, cell.column)] = value
            out[ws.title] = cells
    finally:
        book.close()
    return out


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
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_snapshot(folder / "a.xlsx", {"Plan": [[1.0, "x"]]})
    >>> write_snapshot(folder / "b.xlsx", {"Plan": [[1.0 + 1e-12, "y"]], "New": [[1.0]]})
    >>> diff = compare_versions(folder / "a.xlsx", folder / "b.xlsx")
    >>> diff.frame.to_dict("records"), diff.sheets_only_after
    ([{'sheet': 'Plan', 'cell': 'B1', 'before': 'x', 'after': 'y', 'change': None}], ['New'])
    """
    first = sheet_values(before)
    second = sheet_values(after)
    rows = []
    compared = 0
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
            change = b - a if _is_number(a) and _is_number(b) else None  # type: ignore[operator]
            rows.append((sheet, cell_name(*key), a, b, change))
    frame = pd.DataFrame(rows, columns=["sheet", "cell", "before", "after", "change"])
    return VersionDiff(
        frame=frame,
        sheets_only_before=[s for s in first if s not in second],
        sheets_only_after=[s for s in second if s not in first],
        cells_compared=compared,
    )


def _is_number(value: object) -> bool:
    return isinstance(value, float) and not isinstance(value, bool)


def _same(a: object, b: object, tolerance: float) -> bool:
    if _is_number(a) and _is_number(b):
        return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))  # type: ignore[operator]
    return type(a) is type(b) and a == b


def plan_areas(book: Book) -> dict[str, str]:
    """Sheet -> the range from A1 that holds every input and output of the layout on it.

    Tables are taken at their current size; sheets are the workbook's own (translated)
    sheet names, found through the tables' and blocks' defined names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> plan_areas(FileBook.open(path))["Targets"]
    'A1:AE232'
    """
    extents: dict[str, tuple[int, int]] = {}

    def grow(sheet: str, row: int, col: int) -> None:
        r, c = extents.get(sheet, (1, 1))
        extents[sheet] = (max(r, row), max(c, col))

    for name in INPUT_TABLES:
        info = book.table_info(name)
        _, _, r2, c2 = parse_range(info.ref)
        grow(info.sheet, r2, c2)
    for name in NAMED_INPUTS:
        sheet, ref = book.name_range(name)
        row, col, _, _ = parse_range(ref)
        grow(sheet, row, col + _SIDE_COLUMNS)
    for name in BLOCKS:
        sheet, ref = book.name_range(name)
        _, _, r2, c2 = parse_range(ref)
        grow(sheet, r2, c2)
    return {sheet: format_range(1, 1, r, c) for sheet, (r, c) in extents.items()}


def snapshot_version(
    book: Book,
    target: str | os.PathLike[str],
    *,
    label: str = "",
    source: str = "",
    workbook_path: str | os.PathLike[str] | None = None,
) -> ActionResult:
    """Snapshot version: write the plan's values (inputs and outputs) to ``target``.

    Parameters
    ----------
    book : Book
        The plan workbook (file or live Excel); it is only read.
    target : path-like
        The snapshot file (``.xlsx``); its folder is created if needed.
    label : str
        A note stored in the snapshot's document properties.
    source : str
        Name of the workbook, stored with the label.
    workbook_path : path-like, optional
        The workbook's own file, which the snapshot must not overwrite.

    Returns
    -------
    ActionResult
        Details: ``path``, ``sheets``, ``cells``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> result = snapshot_version(FileBook.open(path), path.with_name("v1.xlsx"))
    >>> result.details["sheets"][:3]
    ['Assumptions', 'Sales history', 'Reps']
    """
    path = Path(target)
    if path.suffix.lower() != ".xlsx":
        raise PlanningError(
            f"{path}: a snapshot is an .xlsx file; use a name ending in .xlsx",
            code="wrong_file_type",
        )
    if workbook_path is not None and os.path.realpath(path) == os.path.realpath(workbook_path):
        raise PlanningError(
            f"{path}: a snapshot must not overwrite the workbook it is taken from",
            code="same_file",
        )
    areas = plan_areas(book)
    order = [s for s in book.sheet_names() if s in areas]
    sheets = {sheet: book.read_range(sheet, areas[sheet]) for sheet in order}
    cells = sum(1 for rows in sheets.values() for row in rows for v in row if v not in (None, ""))
    comments = "; ".join(part for part in (source, label) if part)
    write_snapshot(path, sheets, comments=comments)
    return ActionResult.of(
        "snapshot_version",
        "action.snapshot.done",
        {"path": str(path), "sheets": len(sheets), "cells": cells},
        {"path": str(path), "sheets": order, "cells": cells, "label": label},
    )


def diff_versions(
    before: str | os.PathLike[str], after: str | os.PathLike[str], *, limit: int = _MAX_LISTED
) -> ActionResult:
    """Compare two versions and describe the differences (the first ``limit`` listed).

    Returns
    -------
    ActionResult
        ``ok`` is True either way; details: ``changed`` (count), ``cells_compared``,
        ``changes`` (every difference: sheet, cell, before, after, change),
        ``sheets_only_before``, ``sheets_only_after``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_snapshot(folder / "a.xlsx", {"Plan": [[100.0]]})
    >>> write_snapshot(folder / "b.xlsx", {"Plan": [[120.0]]})
    >>> print(diff_versions(folder / "a.xlsx", folder / "b.xlsx").text())
    1 cell(s) differ out of 1 compared.
      Plan!A1: 100 -> 120 (+20)
    """
    diff = compare_versions(before, after)
    frame = diff.frame
    lines = [
        f"  {quote_sheet(row.sheet)}!{row.cell}: {_shown_value(row.before)} -> "
        f"{_shown_value(row.after)}" + (f" ({row.change:+,.4g})" if row.change is not None and
                                         row.change == row.change else "")
        for row in frame.head(max(limit, 0)).itertuples(index=False)
    ]  # fmt: skip
    if len(frame) > limit:
        lines.append(f"  ... and {len(frame) - limit} more")
    for sheet in diff.sheets_only_before:
        lines.append(f"  sheet {sheet!r} only in {Path(before).name}")
    for sheet in diff.sheets_only_after:
        lines.append(f"  sheet {sheet!r} only in {Path(after).name}")
    message = (
        f"{len(frame)} cell(s) differ out of {diff.cells_compared} compared."
        if diff.changed
        else f"No differences: {diff.cells_compared} cells compared."
    )
    return ActionResult(
        "compare_versions",
        message,
        {
            "changed": len(frame),
            "cells_compared": diff.cells_compared,
            "changes": frame.to_dict("records"),
            "sheets_only_before": diff.sheets_only_before,
            "sheets_only_after": diff.sheets_only_after,
        },
        lines=lines,
    )


def _shown_value(value: object) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, float):
        return f"{value:,.10g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    return repr(value)

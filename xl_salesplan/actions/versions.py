"""Plan versions: snapshot the plan's values (compared by :mod:`.version_diff`).

A *snapshot* is a small values-only ``.xlsx``: every sheet of the plan with the
values of its inputs and outputs at the same cells as in the plan, in the number
formats the plan shows them with (no formulas, no VBA, no other formatting), read
through the workbook layer, so the ribbon and the command line take the same
snapshot. Opening it shows the plan's numbers where a planner knows them.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_snapshot(folder / "v1.xlsx", {"Targets": [["Region", "Target"], ["East", 100.0]]})
>>> sheet_values(folder / "v1.xlsx")["Targets"][(2, 2)]
100.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import xlsxwriter

from xl_salesplan.actions.result import ActionResult
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import BLOCKS, INPUT_TABLES, NAMED_INPUTS, NUMBER_FORMATS
from xl_salesplan.ooxml.atomic import atomic_write
from xl_salesplan.ooxml.cell_values import excel_number
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.reading import load_values, normalise_value
from xl_salesplan.ooxml.references import (
    format_range,
    parse_range,
)
from xl_salesplan.progress import Reporter, silent
from xl_salesplan.workbook.book import Book, FileBook
from xl_salesplan.workbook.values_copy import NotPlain, write_values_copy

__all__ = [
    "CONFIG_SHEETS",
    "default_snapshot_path",
    "plan_areas",
    "plan_formats",
    "read_sheets",
    "sheet_values",
    "snapshot_version",
    "write_snapshot",
]

#: Sheets that hold configuration, not plan content: never snapshotted or compared.
CONFIG_SHEETS = ("xlwings.conf", "_xlwings.conf")
_FIXED_TIME = dt.datetime(2000, 1, 1)
_MAX_LISTED = 40
_SIDE_COLUMNS = 2  # unit and description to the right of a named input


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
    formats: Mapping[str, Mapping[tuple[int, int], str]] | None = None,
) -> None:
    """Write ``{sheet: rows of values from A1}`` as a values-only ``.xlsx`` (atomically).

    Numbers, text, booleans and dates are written as such (text is always text);
    blanks and error values are left blank. ``formats`` gives number formats of
    cells (sheet -> {(row, column): format}, 1-based). The folder is created if needed.

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
    made: dict[str, object] = {}
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        shown = (formats or {}).get(name, {})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                number_format = shown.get((r + 1, c + 1))
                if number_format and number_format not in made:
                    made[number_format] = workbook.add_format({"num_format": number_format})
                _write_cell(sheet, r, c, value, made.get(number_format or ""), date_format)
    workbook.close()
    _in_its_folder(target, lambda: atomic_write(target, buffer.getvalue()))


def _in_its_folder(target: str | os.PathLike[str], write: Callable[[], object]) -> object:
    """``write()``, the folder of ``target`` created first if needed (and removed again,
    with the folders made for it, if the write fails: no empty versions folder)."""
    folder = Path(target).parent
    new_folders = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return write()
    except BaseException:
        for created in new_folders:
            with contextlib.suppress(OSError):
                created.rmdir()
        raise


def _write_cell(
    sheet: object, r: int, c: int, value: object, shown: object, date_format: object
) -> None:
    value = normalise_value(value)
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)  # type: ignore[attr-defined]
    elif isinstance(value, float):
        if math.isfinite(value):
            sheet.write_number(r, c, excel_number(value), shown)  # type: ignore[attr-defined]
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(r, c, value, shown or date_format)  # type: ignore[attr-defined]
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
    return read_sheets(path)[0]


_Sheets = dict[str, dict[tuple[int, int], object]]


def read_sheets(path: str | os.PathLike[str]) -> tuple[_Sheets, dict[str, dict]]:
    """Non-blank cell values and the number formats of the values that are not text
    (other than General), per sheet.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "snap.xlsx"
    >>> write_snapshot(target, {"Plan": [[0.25]]}, formats={"Plan": {(1, 1): "0.0%"}})
    >>> read_sheets(target)
    ({'Plan': {(1, 1): 0.25}}, {'Plan': {(1, 1): '0.0%'}})
    """
    Package.open(path)  # existence, type and zip safety checks, with readable messages
    book = load_values(path)
    values: _Sheets = {}
    formats: dict[str, dict] = {}
    try:
        for ws in book.worksheets:
            if ws.title.lower() in CONFIG_SHEETS:
                continue
            cells: dict[tuple[int, int], object] = {}
            shown: dict[tuple[int, int], str] = {}
            for row in ws.iter_rows():
                for cell in row:
                    value = normalise_value(getattr(cell, "value", None))
                    if value is not None and value != "":
                        cells[(cell.row, cell.column)] = value
                        number_format = getattr(cell, "number_format", "General")
                        if number_format not in ("General", "@") and not isinstance(value, str):
                            shown[(cell.row, cell.column)] = number_format
            values[ws.title] = cells
            formats[ws.title] = shown
    finally:
        book.close()
    return values, formats


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


def plan_formats(book: Book) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet -> {(row, column): number format} of the plan's input and output cells.

    The formats are the layout's (the kind of each column, named input and block
    row), the ones the template gives those cells; text cells have none.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> formats = plan_formats(FileBook.open(path))
    >>> formats["Assumptions"][(8, 2)], formats["Actuals"][(6, 5)]
    ('0.0%', '#,##0')
    """
    out: dict[str, dict[tuple[int, int], str]] = {}

    def put(sheet: str, row: int, col: int, kind: str | None) -> None:
        if kind and kind != "text":
            out.setdefault(sheet, {})[(row, col)] = NUMBER_FORMATS[kind]

    for name, spec in INPUT_TABLES.items():
        info = book.table_info(name)
        r1, c1, r2, _ = parse_range(info.ref)
        for row in range(r1 + info.header_rows, r2 + 1):
            for j, column in enumerate(spec.columns):
                put(info.sheet, row, c1 + j, column.kind)
    for name, named in NAMED_INPUTS.items():
        sheet, ref = book.name_range(name)
        row, col, _, _ = parse_range(ref)
        put(sheet, row, col, named.kind)
    for name, block in BLOCKS.items():
        sheet, ref = book.name_range(name)
        r1, c1, r2, _ = parse_range(ref)
        for i, row in enumerate(range(r1, r2 + 1)):
            label = block.rows[i] if i < len(block.rows) else None
            for j, column in enumerate(block.columns):
                put(sheet, row, c1 + j, (label.kind if label else None) or column.kind)
    return out


def snapshot_version(
    book: Book,
    target: str | os.PathLike[str],
    *,
    label: str = "",
    source: str = "",
    workbook_path: str | os.PathLike[str] | None = None,
    progress: Reporter = silent,
) -> ActionResult:
    """Snapshot version: write the plan's values (inputs and outputs) to ``target``.

    From a workbook file the sheets are copied as streams
    (:func:`~xl_salesplan.workbook.values_copy.write_values_copy`: the cells' values
    with the plan's own styles and number formats); from live Excel, or a file whose
    XML is not plain, the values are read through the book and written cell by cell.

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
    progress : callable, optional
        Told which sheet is being read and written (:mod:`xl_salesplan.progress`).

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
        raise PlanningError.of("action.versions.wrong_file_type", code="wrong_file_type", path=path)
    if workbook_path is not None and os.path.realpath(path) == os.path.realpath(workbook_path):
        raise PlanningError.of("action.versions.same_file", code="same_file", path=path)
    areas = plan_areas(book)
    order = [s for s in book.sheet_names() if s in areas]
    comments = "; ".join(part for part in (source, label) if part)
    cells = None
    if isinstance(book, FileBook):
        package = book.current_package()
        copy = {sheet: areas[sheet] for sheet in order}
        with contextlib.suppress(NotPlain):
            cells = _in_its_folder(path, lambda: write_values_copy(
                package, path, copy, title="Plan snapshot", comments=comments, progress=progress
            ))  # fmt: skip
    if cells is None:
        sheets = {sheet: book.read_range(sheet, areas[sheet]) for sheet in order}
        cells = sum(
            1 for rows in sheets.values() for row in rows for v in row if v not in (None, "")
        )
        write_snapshot(path, sheets, comments=comments, formats=plan_formats(book))
    return ActionResult.of(
        "snapshot_version",
        "action.snapshot.done",
        {"path": str(path), "sheets": len(order), "cells": cells},
        {"path": str(path), "sheets": order, "cells": cells, "label": label},
    )

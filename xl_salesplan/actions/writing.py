"""Write an action's output blocks into a workbook, and nothing else.

Each output block of the layout (:mod:`xl_salesplan.layout`) is owned by
one action and filled from one frame of its compute function; the frame becomes
cell values with :func:`xl_salesplan.layout.blocks.block_grid` (the same rule
the template build uses), and :func:`write_blocks` writes them through the
``Book`` into the range of the block's defined name. :func:`write_column_cells`
writes single cells of one column of an input table (the KPI targets Build plan
sets, the KPI actuals Import actuals sets), leaving the column's other cells as the
planner left them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from xl_salesplan.actions.result import Progress, no_progress
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import (
    BLOCKS,
    INPUT_TABLES,
    LANGUAGES,
    SHEETS,
    OutputBlock,
    blocks_of,
    table,
)
from xl_salesplan.layout.blocks import block_grid
from xl_salesplan.layout.live_formulas import formula_writes
from xl_salesplan.messages import Text
from xl_salesplan.ooxml.cell_values import excel_number
from xl_salesplan.ooxml.references import format_range, parse_cell, parse_range
from xl_salesplan.workbook.book import Book, Formula

__all__ = ["sheets_language", "workbook_language", "write_blocks", "write_column_cells"]

_NAMED_RANGE = re.compile(r"\{(\w+)\.")  # "{RevenueHistory.m01:m12}" names RevenueHistory


def workbook_language(book: Book) -> str:
    """``"en"`` or ``"zh-CN"``: the language of the workbook's sheet names.

    Formulas that refer to another sheet must use the sheet names the workbook has,
    whatever its ``Language`` setting says.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> workbook_language(FileBook.open(sample_plan(folder / "zh.xlsm", "zh-CN")))
    'zh-CN'
    """
    return sheets_language(book.sheet_names())


def sheets_language(sheet_names: list[str]) -> str:
    """``"en"`` or ``"zh-CN"``: the language whose sheet names the workbook has.

    Examples
    --------
    >>> sheets_language(["Instructions"]), sheets_language(["使用说明", "假设"])
    ('en', 'zh-CN')
    """
    names = {n.lower() for n in sheet_names}
    best, found = "en", 0
    for language in LANGUAGES:
        count = sum(spec.name(language).lower() in names for spec in SHEETS.values())
        if count > found:
            best, found = language, count
    return best


def _referenced(spec: OutputBlock) -> set[str]:
    return {m.group(1) for f in spec.formulas for m in _NAMED_RANGE.finditer(f.template)}


def _filled_rows(book: Book, name: str, frames: Mapping[str, pd.DataFrame], action: str) -> int:
    """Rows of block or table ``name`` that hold data (for the ranges formulas refer to)."""
    if name in INPUT_TABLES:
        r1, _, r2, _ = book.table_info(name).data_bounds
        return max(r2 - r1 + 1, 0)
    if name not in BLOCKS:
        return 0
    spec = BLOCKS[name]
    if spec.fixed_rows:
        return spec.n_rows
    if spec.action == action and spec.frame in frames:
        return len(frames[spec.frame])
    sheet, ref = book.name_range(name)
    r1, c1, r2, _ = parse_range(ref)
    column = book.read_range(sheet, format_range(r1, c1, r2, c1))
    filled = [i for i, row in enumerate(column) if row[0] not in (None, "")]
    return filled[-1] + 1 if filled else 0


def write_blocks(
    book: Book,
    action: str,
    frames: Mapping[str, pd.DataFrame],
    *,
    language: str | None = None,
    progress: Progress = no_progress,
) -> list[tuple[str, str, str]]:
    """Write every output block ``action`` owns from ``frames``; nothing else is touched.

    Blocks are found through their defined names (so the workbook's language does not
    matter). Live formulas of a block (:attr:`OutputBlock.formulas`) are written over
    its values with the values cached (:func:`~xl_salesplan.layout.live_formulas.formula_writes`).
    A variable-row block covers its result's rows (at least the template's ``max_rows``):
    a growing block's defined name follows it down and back; rows an earlier, longer
    result filled are blanked.

    Parameters
    ----------
    language : str, optional
        Language of the formulas (sheet names, status words); default: the sheet names'.
    progress : callable
        ``progress(fraction, label)`` is told which sheet is being written.

    Returns
    -------
    list of (block name, sheet, range)
        What was written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> from xl_salesplan.actions.market import compute_market
    >>> from xl_salesplan.actions.plan import compute_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> book = FileBook.open(sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm"))
    >>> inputs = inputs_from_company()
    >>> frames = compute_plan(inputs)
    >>> frames.update(compute_market(inputs, frames))
    >>> written = write_blocks(book, "build_plan", frames)
    >>> written[0]
    ('PlanSummary', 'Targets', 'B5:B11')
    """
    language = language or workbook_language(book)
    written = []
    specs = blocks_of(action)
    for position, spec in enumerate(specs):
        if spec.frame not in frames:
            raise PlanningError.of(
                "action.writing.shape_mismatch_2",
                code="shape_mismatch",
                action=action,
                spec_name=spec.name,
            )
        frame = frames[spec.frame]
        sheet, ref = book.name_range(spec.name)
        progress(position / len(specs), Text("progress.writing_sheet", {"sheet": sheet}))
        r1, c1, r2, c2 = parse_range(ref)
        old_rows = r2 - r1 + 1
        if (
            (r1, c1) != parse_cell(spec.anchor)
            or c2 - c1 + 1 != len(spec.columns)
            or (spec.fixed_rows and old_rows != spec.n_rows)
        ):
            raise PlanningError.of(
                "action.writing.layout_mismatch",
                code="layout_mismatch",
                sheet_name=sheet,
                ref=ref,
                spec_name=spec.name,
                spec_body_ref=spec.body_ref(),
            )
        grid = block_grid(spec, frame, pad_to=old_rows)
        book.write_range(sheet, format_range(r1, c1, r1 + len(grid) - 1, c2), grid)
        rows = spec.n_rows if spec.fixed_rows else spec.rows_for(len(frame))
        ref = format_range(r1, c1, r1 + rows - 1, c2)
        if rows != old_rows:
            book.set_name_range(spec.name, sheet, ref)
        if spec.formulas:
            filled = spec.n_rows if spec.fixed_rows else len(frame)
            sizes = {name: _filled_rows(book, name, frames, action) for name in _referenced(spec)}
            for item in formula_writes(spec, filled, language, sizes, grid):
                cached = [row[item.col : item.col + item.width]
                          for row in grid[item.row : item.row + item.height]]  # fmt: skip
                if item.array:
                    book.write_array_formula(sheet, item.cell, item.formula, cached, spill=True)
                else:
                    book.write_range(sheet, item.cell, [[Formula(item.formula, cached[0][0])]])
        written.append((spec.name, sheet, ref))
    return written


def write_column_cells(
    book: Book,
    table_name: str,
    table_frame: pd.DataFrame,
    column: str,
    positions: ArrayLike,
    values: ArrayLike,
) -> int:
    """Write ``values`` into column ``column`` of input table ``table_name``, data rows
    ``positions`` (0-based, ascending); no other cell changes (NaN values make blank
    cells; numbers are kept to the 15 significant digits Excel keeps, on a file and in
    Excel alike). Returns the cells written.

    Consecutive rows go in one write each, so a planner's formula or note in any other
    cell of the column survives.

    Parameters
    ----------
    table_frame : DataFrame
        The table as read by
        :func:`~xl_salesplan.actions.workbook_inputs.read_workbook_inputs` (its
        ``attrs`` give ``sheet``, ``first_row`` and ``first_column``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.actions.workbook_inputs import read_workbook_inputs
    >>> from xl_salesplan.workbook.book import FileBook
    >>> book = FileBook.open(sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm"))
    >>> kpis = read_workbook_inputs(book).tables["tblKpiActuals"]
    >>> untouched = book.read_range("Actuals", "K8:K10")
    >>> write_column_cells(book, "tblKpiActuals", kpis, "actual", [0, 1, 5], [1.0, 2.0, 3.0])
    3
    >>> book.read_range("Actuals", "K6:K7"), book.read_value("Actuals", "K11")
    ([[1.0], [2.0]], 3.0)
    >>> book.read_range("Actuals", "K8:K10") == untouched
    True
    """
    rows = np.asarray(positions, dtype=np.int64).reshape(-1)
    cells = np.asarray(values, dtype=float).reshape(-1)
    if rows.size != cells.size:
        raise PlanningError.of(
            "action.writing.shape_mismatch",
            code="shape_mismatch",
            table_name=table_name,
            column=column,
            rows_size=rows.size,
            cells_size=cells.size,
        )
    if rows.size == 0:
        return 0
    sheet = str(table_frame.attrs["sheet"])
    row0 = int(table_frame.attrs["first_row"])
    col = int(table_frame.attrs["first_column"]) + table(table_name).column_index(column)
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    for run, run_values in zip(np.split(rows, breaks), np.split(cells, breaks), strict=True):
        first, last = row0 + int(run[0]), row0 + int(run[-1])
        book.write_range(
            sheet,
            format_range(first, col, last, col),
            [[None if np.isnan(v) else excel_number(float(v))] for v in run_values],
        )
    return int(rows.size)

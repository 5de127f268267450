"""The output side of the template: every output block, filled, with its formatting.

:func:`write_block` writes a block's title, header row, row labels and body (the
cells of :func:`~xl_salesplan.layout.blocks.block_grid`, unused rows as styled
blanks so that later writes keep the number formats). Non-blank output cells get
their grey fill from a conditional format, so the fill follows what an action writes.
A block that grows (:attr:`OutputBlock.grows`) gets its formats down to the sheet's
last row: column formats for the cells an action adds, conditional formats over the
whole column below the block.
A column with a live formula is written as a dynamic array formula with its values
cached in every cell of the spill range.

:func:`add_status_formats` colours KPI status words (English and Chinese) and
:func:`add_unit_formats` formats the KPI tracker's numbers by the unit of the KPI
in the same row of ``tblKpis``.

Examples
--------
>>> status_rules("A29:A48")[0]
('A29:A48', {'type': 'cell', 'criteria': '==', 'value': '"On track"'}, 0)
>>> unit_rule_formula("ratio", kpi_row=6, unit_col=5)
'=ISNUMBER(MATCH($E6,{"ratio","比率"},0))'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from xl_salesplan.kpi import STATUS_LABELS
from xl_salesplan.layout import (
    BLOCKS,
    SHEETS,
    InputTable,
    OutputBlock,
    absolute,
    table,
)
from xl_salesplan.layout.blocks import block_grid
from xl_salesplan.layout.live_formulas import FormulaWrite, formula_writes
from xl_salesplan.messages import LANGUAGES, choice_word, message
from xl_salesplan.ooxml.references import cell_name, format_range, parse_cell, quote_sheet
from xl_salesplan.template.sheet_writer import SheetWriter
from xl_salesplan.template.styles import TemplateStyles

__all__ = [
    "add_status_formats",
    "add_unit_formats",
    "blocks_on",
    "status_rules",
    "unit_rule_formula",
    "write_block",
]

_UNIT_FORMATS = {"ratio": "ratio", "yuan": "money", "count": "integer", "days": "number"}
_UNIT_COLUMNS = (
    "target",
    "expected_to_date",
    "actual_to_date",
    "variance",
    "projected_landing",
    "gap",
)


def write_block(
    writer: SheetWriter,
    spec: OutputBlock,
    frame: pd.DataFrame | None,
    styles: TemplateStyles,
    language: str,
    sizes: Mapping[str, int],
) -> None:
    """Write ``spec`` filled from ``frame`` (``None``: left empty).

    ``sizes``: filled rows of the blocks and tables its live formulas name.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> from xl_salesplan.layout import block
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("Dashboard"))
    >>> counts = pd.DataFrame({"status": ["On track"], "count": [3]})
    >>> write_block(writer, block("KpiStatusCounts"), counts, TemplateStyles(wb, "en"), "en", {})
    >>> writer.extent
    (21, 2)
    >>> wb.close()
    """
    row, col = parse_cell(spec.anchor)
    title_row, title_col = parse_cell(spec.title_cell())
    writer.write(title_row, title_col, spec.title(language), styles.get("block_title"))
    first_col = col - 1 if spec.fixed_rows else col  # the row labels' column
    last_col = col + len(spec.columns) - 1 if spec.grows else None  # else: the printed width
    for key, note_row in zip(spec.notes, spec.note_rows(), strict=True):
        writer.write_spanning(note_row, message(key, language), styles.get("hint"),
                              first_col=first_col, last_col=last_col)  # fmt: skip
    if spec.header:
        if spec.fixed_rows:
            writer.write(row - 1, col - 1, None, styles.get("header"))
        for offset, column in enumerate(spec.columns):
            writer.write(row - 1, col + offset, column.header(language), styles.get("header"))
    for position, label in enumerate(spec.rows):
        writer.write(row + position, col - 1, label.label(language), styles.get("label"))
    if spec.fixed_rows:
        writer.width(col - 1, 34)
    if frame is None:
        grid: list[list[object]] = [[None] * len(spec.columns) for _ in range(spec.n_rows)]
        filled = 0
    else:
        grid = block_grid(spec, frame)
        filled = spec.n_rows if spec.fixed_rows else len(frame)
    writes = formula_writes(spec, filled, language, sizes, grid)
    live: dict[tuple[int, int], FormulaWrite | None] = {}
    for w in writes:
        for r in range(w.row, w.row + w.height):
            for c in range(w.col, w.col + w.width):
                live[(r, c)] = w if (r, c) == (w.row, w.col) else None
    for offset, column in enumerate(spec.columns):
        writer.width(col + offset, column.width)
        if spec.grows:  # rows an action adds below the template's take the column's format
            writer.column_format(col + offset, styles.get("output", column.kind))
        for position, values in enumerate(grid):
            label = spec.rows[position] if spec.rows else None
            kind = (label.kind if label is not None else None) or column.kind
            r, c = row + position, col + offset
            if (position, offset) not in live:
                writer.write(r, c, values[offset], styles.get("output", kind))
                continue
            fmt = styles.get("formula", kind)
            start = live[(position, offset)]
            if start is None:
                writer.write(r, c, values[offset], fmt)
            else:
                spill_to = (r + start.height - 1, c + start.width - 1) if start.array else None
                writer.write_formula(r, c, start.formula, values[offset], fmt, spill_to=spill_to)
    if spec.name == "KpiTracker":
        add_unit_formats(writer, spec, styles)
    if "status" in spec.column_keys():
        add_status_formats(writer, spec, styles)
    last = row + spec.capacity - 1
    patterns = [
        tuple(_runs([p for p in range(spec.n_rows) if (p, c) not in live]))
        for c in range(len(spec.columns))
    ]
    c = 0
    while c < len(patterns):
        end = c
        while end + 1 < len(patterns) and patterns[end + 1] == patterns[c]:
            end += 1
        for first_row, last_row in patterns[c]:
            last_row = spec.capacity - 1 if last_row == spec.n_rows - 1 else last_row
            writer.worksheet.conditional_format(
                format_range(row + first_row, col + c, min(row + last_row, last), col + end),
                {"type": "no_blanks", "format": styles.output_fill()},
            )
        c = end + 1


def _runs(offsets: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for offset in offsets:
        if runs and runs[-1][1] == offset - 1:
            runs[-1] = (runs[-1][0], offset)
        else:
            runs.append((offset, offset))
    return runs


def status_rules(ref: str) -> list[tuple[str, dict[str, Any], int]]:
    """Conditional-format rules colouring status words: (range, rule, status position).

    Examples
    --------
    >>> [(rule["value"], position) for _, rule, position in status_rules("K29:K48")][-2:]
    [('"落后"', 2), ('"无数据"', 3)]
    """
    rules = []
    for language in ("en", "zh"):
        for position, word in enumerate(STATUS_LABELS[language]):
            rules.append((ref, {"type": "cell", "criteria": "==", "value": f'"{word}"'}, position))
    return rules


def add_status_formats(writer: SheetWriter, spec: OutputBlock, styles: TemplateStyles) -> None:
    """Colour the status column of ``spec`` (call before its grey fill is added).

    Examples
    --------
    >>> import io, xlsxwriter
    >>> from xl_salesplan.layout import block
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("Dashboard"))
    >>> add_status_formats(writer, block("KpiStatusCounts"), TemplateStyles(wb, "en"))
    >>> len(writer.worksheet.cond_formats["A21:A24"])
    8
    >>> wb.close()
    """
    row, col = parse_cell(spec.anchor)
    c = col + spec.column_index("status")
    ref = format_range(row, c, row + spec.capacity - 1, c)
    for target, rule, position in status_rules(ref):
        writer.worksheet.conditional_format(target, rule | {"format": styles.status(position)})


def unit_rule_formula(unit: str, *, kpi_row: int, unit_col: int) -> str:
    """Formula of the rule "this tracker row's KPI has ``unit``" (a word of either language).

    ``kpi_row``/``unit_col``: first data row and unit column of ``tblKpis``. The row is
    relative, so each tracker row reads the unit of the KPI in the same position.

    Examples
    --------
    >>> unit_rule_formula("days", kpi_row=6, unit_col=5)
    '=ISNUMBER(MATCH($E6,{"days","天"},0))'
    """
    letters = cell_name(kpi_row, unit_col).rstrip("0123456789")
    return unit_is(f"${letters}{kpi_row}", unit)


def unit_is(reference: str, unit: str) -> str:
    """A formula true when the unit at ``reference`` is ``unit``, written in either language.

    Examples
    --------
    >>> unit_is("$E6", "ratio")
    '=ISNUMBER(MATCH($E6,{"ratio","比率"},0))'
    """
    words = dict.fromkeys(choice_word("unit", unit, language) for language in LANGUAGES)
    listed = ",".join(f'"{word}"' for word in words)
    return f"=ISNUMBER(MATCH({reference},{{{listed}}},0))"


def add_unit_formats(writer: SheetWriter, spec: OutputBlock, styles: TemplateStyles) -> None:
    """Number formats of the KPI tracker's value columns by the unit of each KPI row.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> from xl_salesplan.layout import block
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("KPI"))
    >>> add_unit_formats(writer, block("KpiTracker"), TemplateStyles(wb, "en"))
    >>> [rule["criteria"] for rule in writer.worksheet.cond_formats["C29:C48"]][:2]
    ['=ISNUMBER(MATCH($E6,{"ratio","比率"},0))', '=ISNUMBER(MATCH($E6,{"yuan","元"},0))']
    >>> wb.close()
    """
    kpis = table("tblKpis")
    kpi_row, kpi_col = parse_cell(kpis.anchor)
    unit_col = kpi_col + kpis.column_index("unit")
    row, col = parse_cell(spec.anchor)
    for unit, kind in _UNIT_FORMATS.items():
        criteria = unit_rule_formula(unit, kpi_row=kpi_row + 1, unit_col=unit_col)
        for key in _UNIT_COLUMNS:
            c = col + spec.column_index(key)
            writer.worksheet.conditional_format(
                format_range(row, c, row + spec.n_rows - 1, c),
                {
                    "type": "formula",
                    "criteria": criteria,
                    "format": styles.number_format(kind),
                },
            )


def _column_run(first_row: int, last_row: int, col: int) -> str:
    return f"{absolute(cell_name(first_row, col))}:{absolute(cell_name(last_row, col))}"


def add_kpi_table_unit_formats(
    writer: SheetWriter, spec: InputTable, styles: TemplateStyles, language: str, rows: int
) -> None:
    """Number formats of the KPI actuals table's target and actual by each row's KPI unit.

    Each row looks its KPI up in ``tblKpis`` (revenue in yuan with thousands separators,
    win rate as %, days with decimals); the rules cover ``rows`` rows, so rows an import
    adds take them too.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> from xl_salesplan.layout import table
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("Actuals"))
    >>> add_kpi_table_unit_formats(writer, table("tblKpiActuals"), TemplateStyles(wb, "en"),
    ...                            "en", 100)
    >>> print(writer.worksheet.cond_formats["J6:K105"][0]["criteria"].replace(",{", ",\\n{"))
    =ISNUMBER(MATCH(INDEX('KPI tracker'!$E$6:$E$25,MATCH($I6,'KPI tracker'!$A$6:$A$25,0)),
    {"ratio","比率"},0))
    >>> wb.close()
    """
    kpis = table("tblKpis")
    sheet = quote_sheet(SHEETS[kpis.sheet].name(language))
    kpi_row, kpi_col = parse_cell(kpis.anchor)
    last = kpi_row + (kpis.reserved_rows or 20)
    unit_col = kpi_col + kpis.column_index("unit")
    ids = f"{sheet}!{_column_run(kpi_row + 1, last, kpi_col)}"
    units = f"{sheet}!{_column_run(kpi_row + 1, last, unit_col)}"
    row, col = parse_cell(spec.anchor)
    key = cell_name(row + 1, col + spec.column_index("kpi_id")).rstrip("0123456789")
    lookup = f"INDEX({units},MATCH(${key}{row + 1},{ids},0))"
    first = col + spec.column_index("target")
    end = col + spec.column_index("actual")
    for unit, kind in _UNIT_FORMATS.items():
        writer.worksheet.conditional_format(
            format_range(row + 1, first, row + rows, end),
            {"type": "formula", "criteria": unit_is(lookup, unit),
             "format": styles.number_format(kind)},
        )  # fmt: skip


def blocks_on(sheet_key: str) -> list[OutputBlock]:
    """The output blocks of one sheet, in declaration order.

    Examples
    --------
    >>> [b.name for b in blocks_on("dashboard")]
    ['RevenueByMonth', 'KpiStatusCounts']
    """
    return [b for b in BLOCKS.values() if b.sheet == sheet_key]

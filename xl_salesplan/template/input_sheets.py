"""The input side of the template: named assumptions and input tables, with validation.

:func:`write_named_inputs` writes the assumptions block of the Assumptions sheet
(label, value, unit, description; one defined name per value cell).
:func:`write_input_table` writes one Excel table (ListObject) with its data in the
input style and data validation on every column that has a rule
(:func:`validation_rule`). Defined names are added by the template build from
:func:`xl_salesplan.layout.defined_names`.

Examples
--------
>>> rule = validation_rule("integer", 1, 60, (), None, "en")
>>> rule["validate"], rule["criteria"], rule["minimum"], rule["maximum"], rule["input_message"]
('integer', 'between', 1, 60, 'Enter a whole number between 1 and 60')
>>> validation_rule("text", None, None, (), "RegionList", "zh-CN")["source"]
'=RegionList'
>>> validation_rule("text", None, None, (), None, "en") is None
True
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from xl_salesplan.layout import NAMED_INPUTS, InputTable
from xl_salesplan.layout.blocks import cell_value
from xl_salesplan.layout.labels import ASSUMPTION_TEXTS, text
from xl_salesplan.messages import choice_word
from xl_salesplan.ooxml.references import parse_cell
from xl_salesplan.template.sheet_writer import SheetWriter, display_width
from xl_salesplan.template.styles import TemplateStyles

__all__ = ["VALIDATED_ROWS", "validation_rule", "write_input_table", "write_named_inputs"]

#: Data rows covered by validation in tables that grow freely (history, actuals ...).
VALIDATED_ROWS = 20_000
_FIRST_DATE = _dt.date(1990, 1, 1)
_WIDEST_TEXT = 40  # a text column grows to show the sample's values, up to this width
_LAST_DATE = _dt.date(2100, 12, 31)
_MESSAGE_KEYS = {
    "integer": "validation.whole",
    "year": "validation.whole",
    "ratio": "validation.ratio",
    "share": "validation.ratio",
}


def _number_text(value: float, kind: str) -> str:
    if kind in ("ratio", "share"):
        return f"{value:.0%}"
    return f"{value:g}"


def validation_rule(
    kind: str,
    minimum: float | None,
    maximum: float | None,
    choices: tuple[str, ...],
    choices_name: str | None,
    language: str,
) -> dict[str, Any] | None:
    """XlsxWriter data-validation options for a cell of ``kind``; ``None``: free text.

    Numbers must be numbers (within the bounds given), dates dates, and texts with
    ``choices`` or ``choices_name`` (a defined name of a list range) come from the list.

    Examples
    --------
    >>> rule = validation_rule("ratio", 0, 1, (), None, "zh-CN")
    >>> rule["validate"], rule["minimum"], rule["maximum"], rule["input_message"]
    ('decimal', 0, 1, '请输入百分比 介于 0% 和 100% 之间')
    >>> validation_rule("month", None, None, (), None, "en")["validate"]
    'date'
    """
    base: dict[str, Any] = {
        "ignore_blank": True,
        "input_title": text("validation.title", language),
        "error_title": text("validation.error_title", language),
    }
    if choices or choices_name:
        source = f"={choices_name}" if choices_name else list(choices)
        message = text("validation.list", language)
        return base | {"validate": "list", "source": source, "input_message": message,
                       "error_message": message}  # fmt: skip
    if kind == "text":
        return None
    if kind in ("date", "month"):
        message = text("validation.date", language)
        return base | {"validate": "date", "criteria": "between", "minimum": _FIRST_DATE,
                       "maximum": _LAST_DATE, "input_message": message,
                       "error_message": message}  # fmt: skip
    validate = "integer" if kind in ("integer", "year") else "decimal"
    message = text(_MESSAGE_KEYS.get(kind, "validation.number"), language)
    if minimum is not None and maximum is not None:
        bounds = text("validation.between", language).format(
            low=_number_text(minimum, kind), high=_number_text(maximum, kind)
        )
        rule = {"criteria": "between", "minimum": minimum, "maximum": maximum}
    elif minimum is not None:
        bounds = text("validation.at_least", language).format(low=_number_text(minimum, kind))
        rule = {"criteria": ">=", "value": minimum}
    else:
        bounds = ""
        rule = {"criteria": "between", "minimum": -1e15, "maximum": 1e15}
    message = f"{message} {bounds}".strip()
    return base | rule | {"validate": validate, "input_message": message, "error_message": message}


def write_named_inputs(
    writer: SheetWriter,
    styles: TemplateStyles,
    language: str,
    values: dict[str, float | str],
    sheet: str = "assumptions",
) -> None:
    """The named inputs of ``sheet``: one row each (label, value, unit, description).

    On the Assumptions sheet they form the assumptions block (rows 4..22) under a title
    and a header; on another sheet (a setting of that sheet's action) the rows stand alone.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("Assumptions"))
    >>> write_named_inputs(writer, TemplateStyles(wb, "en"), "en", {"PlanYear": 2026})
    >>> writer.extent
    (22, 4)
    >>> wb.close()
    """
    specs = [n for n in NAMED_INPUTS.values() if n.sheet == sheet]
    if not specs:
        return
    if sheet == "assumptions":
        first = min(parse_cell(n.cell)[0] for n in specs)
        writer.write(first - 2, 1, text("assumptions.title", language), styles.get("block_title"))
        headers = (
            "assumptions.label",
            "assumptions.value",
            "assumptions.unit",
            "assumptions.description",
        )
        for col, key in enumerate(headers, start=1):
            writer.write(first - 1, col, text(key, language), styles.get("header"))
    for spec in specs:
        row, col = parse_cell(spec.cell)
        unit_en, unit_zh, about_en, about_zh = ASSUMPTION_TEXTS[spec.name]
        zh = language == "zh-CN"
        writer.write(row, col - 1, spec.label(language), styles.get("label"))
        value = values.get(spec.name)
        if spec.coded is not None and isinstance(value, str):
            value = choice_word(spec.coded, value, language)
        writer.write(row, col, cell_value(value), styles.get("input", spec.kind))
        writer.write(row, col + 1, unit_zh if zh else unit_en, styles.get("plain"))
        # Beside a setting on an action's sheet the column is narrow: the description runs
        # on over the empty cells to its right instead of wrapping into a tall row.
        about_style = styles.get("text") if sheet == "assumptions" else styles.get("plain")
        writer.write(row, col + 2, about_zh if zh else about_en, about_style)
        rule = validation_rule(
            spec.kind, spec.minimum, spec.maximum, spec.shown_choices(language), None, language
        )
        if rule is not None:
            writer.worksheet.data_validation(row - 1, col - 1, row - 1, col - 1, rule)
    if sheet != "assumptions":
        return
    writer.width(1, 34)
    writer.width(2, 14)
    writer.width(3, 8)
    writer.width(4, 50)


def write_input_table(
    writer: SheetWriter,
    spec: InputTable,
    frame: pd.DataFrame,
    styles: TemplateStyles,
    language: str,
    *,
    written: Mapping[str, Sequence[bool]] | None = None,
) -> None:
    """One input table: title, Excel table with header and data, validation, widths.

    ``written`` maps a column key to one flag per data row: the cells an action writes
    (``InputTable.column_writers``, e.g. the KPI targets Build plan sets) get the
    output look (grey fill) instead of the input style.

    Examples
    --------
    >>> import io, xlsxwriter
    >>> from xl_salesplan.layout import table
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> writer = SheetWriter(wb.add_worksheet("Assumptions"))
    >>> ramp = pd.DataFrame({"month_in_seat": [1, 2], "ramp": [0.0, 1.0]})
    >>> write_input_table(writer, table("tblRamp"), ramp, TemplateStyles(wb, "en"), "en")
    >>> writer.extent
    (7, 7)
    >>> wb.close()
    """
    row, col = parse_cell(spec.anchor)
    n = max(len(frame), 1)
    writer.write(row - 1, col, spec.title(language), styles.get("block_title"))
    writer.worksheet.add_table(
        row - 1,
        col - 1,
        row - 1 + n,
        col - 1 + len(spec.columns) - 1,
        {
            "name": spec.name,
            "style": "Table Style Light 1",
            "columns": [
                {"header": c.header(language), "header_format": styles.get("header")}
                for c in spec.columns
            ],
        },
    )
    for offset, column in enumerate(spec.columns):
        writer.write(row, col + offset, column.header(language), styles.get("header"))
        fmt = styles.get("input", column.kind)
        values = frame.iloc[:, offset].tolist() if len(frame) else [None]
        if column.coded is not None:  # codes shown as the workbook's words
            values = [choice_word(column.coded, v, language) if isinstance(v, str) else v
                      for v in values]  # fmt: skip
        by_action = list((written or {}).get(column.key, ()))
        for position, value in enumerate(values):
            owned = position < len(by_action) and bool(by_action[position])
            cell_fmt = styles.output_fill(column.kind) if owned else fmt
            writer.write(row + 1 + position, col + offset, cell_value(value), cell_fmt)
        width = column.width or max(10.0, len(column.header(language)) * 1.2 + 2)
        if column.kind == "text":  # the sample's names are shown whole ("Control Systems")
            texts = [display_width(v) for v in values if isinstance(v, str)]
            width = max(width, min(max(texts, default=0), _WIDEST_TEXT) + 2)
        writer.width(col + offset, width)
        if spec.reserved_rows is None and column.kind != "text":
            writer.column_format(col + offset, styles.number_format(column.kind))
        rule = validation_rule(
            column.kind,
            column.minimum,
            column.maximum,
            column.shown_choices(language),
            column.choices_name,
            language,
        )
        if rule is not None:
            last = row + (spec.reserved_rows or VALIDATED_ROWS)
            writer.worksheet.data_validation(
                row, col - 1 + offset, last - 1, col - 1 + offset, rule
            )

"""A bare plan workbook that follows the layout, for the actions' tests.

Built with XlsxWriter straight from :mod:`xl_salesplan.layout` and the
sample company, independently of the template build: the sheets, the input
tables at their anchors, the named assumptions and a defined name over every
output block (left empty). Actions must fill it exactly as they fill the
template.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from xl_salesplan.actions.company_inputs import inputs_from_company
from xl_salesplan.layout import (
    BLOCKS,
    CONFIG_SHEET,
    INPUT_TABLES,
    NAMED_INPUTS,
    SHEETS,
    UDF_MODULE,
)
from xl_salesplan.ooxml.references import parse_cell, quote_sheet
from xl_salesplan.sample_company import load_sample_company


def sample_tables() -> dict[str, pd.DataFrame]:
    """Table name -> frame with the layout's column keys, from the sample company."""
    company = load_sample_company()
    inputs = inputs_from_company(company)
    channels = company.channels.merge(
        inputs.channels[["channel", "proposed_spend", "curve_kind", "p1", "p2", "p3"]],
        on="channel",
    )
    out = {}
    for name, spec in INPUT_TABLES.items():
        if name == "tblChannels":
            source = channels
        elif name == "tblMarkets":  # plan settings, not tables of the company
            source = inputs.markets
        elif name == "tblPayoutTiers":
            source = inputs.payout_tiers
        else:
            source = getattr(company, spec.source)
        out[name] = source[list(spec.column_keys())].reset_index(drop=True)
    return out


def sample_assumptions() -> dict[str, object]:
    """Defined name -> value of every named input, from the sample company."""
    company = load_sample_company()
    values: dict[str, object] = {}
    for name, spec in NAMED_INPUTS.items():
        values[name] = company.assumption(spec.assumption) if spec.assumption else spec.default
    return values


def build_layout_workbook(
    path: Path,
    *,
    language: str = "en",
    tables: dict[str, pd.DataFrame] | None = None,
    assumptions: dict[str, object] | None = None,
) -> Path:
    """Write the bare plan workbook to ``path`` (``.xlsx`` or ``.xlsm`` name)."""
    tables = tables if tables is not None else sample_tables()
    assumptions = assumptions if assumptions is not None else sample_assumptions()
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    sheets = {}
    for key, spec in SHEETS.items():
        if key == "config":
            continue
        sheets[key] = wb.add_worksheet(spec.name(language))
    config = wb.add_worksheet(CONFIG_SHEET)
    config.write_row(0, 0, ["UDF Modules", UDF_MODULE])
    for name, spec in INPUT_TABLES.items():
        frame = tables[name]
        ws = sheets[spec.sheet]
        row, col = parse_cell(spec.anchor)
        data = [[_cell(v) for v in r] for r in frame.itertuples(index=False, name=None)]
        if not data:
            data = [[None] * len(spec.columns)]
        ws.add_table(
            row - 1,
            col - 1,
            row - 1 + len(data),
            col - 2 + len(spec.columns),
            {
                "name": name,
                "columns": [{"header": c.header(language)} for c in spec.columns],
                "data": [[None] * len(spec.columns)] * len(data),
            },
        )
        for i, values in enumerate(data):
            for j, value in enumerate(values):
                _write(ws, row + 1 + i, col - 1 + j, value, date_format)
    for name, spec in NAMED_INPUTS.items():
        ws = sheets[spec.sheet]
        row, col = parse_cell(spec.cell)
        _write(ws, row, col - 1, assumptions.get(name), date_format)
        sheet_name = quote_sheet(SHEETS[spec.sheet].name(language))
        wb.define_name(name, f"={sheet_name}!{_absolute(spec.cell)}")
    for name, spec in BLOCKS.items():
        sheet_name = quote_sheet(SHEETS[spec.sheet].name(language))
        wb.define_name(name, f"={sheet_name}!{spec.body_ref()}")
        for position, row_label in enumerate(spec.rows):
            if row_label.name:
                cell = spec.column_cell(spec.columns[0].key, position)
                wb.define_name(row_label.name, f"={sheet_name}!{_absolute(cell)}")
    wb.close()
    return path


def _absolute(cell: str) -> str:
    letters = "".join(c for c in cell if c.isalpha())
    digits = "".join(c for c in cell if c.isdigit())
    return f"${letters}${digits}"


def _cell(value: object) -> object:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _write(ws: object, row: int, col: int, value: object, date_format: object) -> None:
    if value is None:
        return
    if isinstance(value, dt.datetime):
        ws.write_datetime(row - 1, col, value, date_format)  # type: ignore[attr-defined]
    elif isinstance(value, str):
        ws.write_string(row - 1, col, value)  # type: ignore[attr-defined]
    else:
        ws.write(row - 1, col, value)  # type: ignore[attr-defined]

"""The checks of an input table: required cells, each cell's value, repeated keys, row rules.

Each problem names the cell as the planner sees it (``Reps!F9``, in the workbook's own
sheet names, so also in the zh-CN workbook). A table's columns are read as the workbook
holds them and checked a column at a time (:mod:`~xl_salesplan.actions.cell_checks`),
each column factorised once for all the checks
(:meth:`~xl_salesplan.actions.workbook_inputs.WorkbookInputs.distinct`).

Row rules: leave dates before start dates, a ramp that must rise to 100 %, floors above
caps, KPI thresholds in order; :mod:`~xl_salesplan.actions.table_rules` adds the market
names and the payout tiers.

Examples
--------
>>> from xl_salesplan.layout import INPUT_TABLES
>>> reps = pd.DataFrame({"rep_id": ["R1", "R1"], "region": ["East", "East"]})
>>> reps = reps.reindex(columns=list(INPUT_TABLES["tblReps"].column_keys()))
>>> reps["start_date"] = "2025-01-01"
>>> reps.attrs.update(sheet="Reps", first_row=5, first_column=1)
>>> [str(p) for p in table_problems(INPUT_TABLES["tblReps"], reps, WorkbookInputs({}, {}))]
['Reps!A6: Rep ID: R1 appears more than once']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_salesplan.actions.cell_checks import (
    as_number,
    blank_cells,
    cell_dates,
    cell_keys,
    column_problems,
    key_lists,
)
from xl_salesplan.actions.distinct_values import DistinctValues
from xl_salesplan.actions.table_rules import market_name_problems, tier_problems
from xl_salesplan.actions.workbook_inputs import WorkbookInputs
from xl_salesplan.layout import InputTable
from xl_salesplan.messages import Named, Text
from xl_salesplan.ooxml.references import cell_name, quote_sheet
from xl_salesplan.validation import amount_text

__all__ = ["REQUIRED_COLUMNS", "UNIQUE_KEYS", "Problem", "table_problems"]

#: Columns that must be filled on every non-blank row.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "tblRamp": ("month_in_seat", "ramp"),
    "tblRegions": ("region",),
    "tblProducts": ("product_line",),
    "tblHistory": ("month", "region", "revenue"),
    "tblChannelHistory": ("year", "channel", "spend", "attributed_revenue"),
    "tblReps": ("rep_id", "region", "start_date"),
    "tblAttainment": ("attainment",),
    "tblChannels": ("channel",),
    "tblActuals": ("month", "revenue"),
    "tblKpiActuals": ("month", "kpi_id", "target"),
    "tblKpis": ("kpi_id", "direction", "aggregation"),
    "tblMarkets": ("market", "market_size", "market_growth", "current_share", "share_goal"),
    "tblPayoutTiers": ("attainment_from", "rate"),
}
#: Keys that must not repeat within a table.
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "tblRamp": ("month_in_seat",),
    "tblRegions": ("region",),
    "tblProducts": ("product_line",),
    "tblReps": ("rep_id",),
    "tblChannels": ("channel",),
    "tblKpis": ("kpi_id",),
    "tblKpiActuals": ("month", "kpi_id"),
    "tblChannelHistory": ("year", "quarter", "channel"),
    "tblMarkets": ("market",),
}


@dataclass(frozen=True)
class Problem:
    """One problem of the inputs: where it is and what is wrong.

    Examples
    --------
    >>> str(Problem("Reps", "F9", "the leave date is before the start date"))
    'Reps!F9: the leave date is before the start date'
    >>> str(Problem("KPI tracker", "D7", "x"))
    "'KPI tracker'!D7: x"
    """

    sheet: str
    cell: str
    message: str  # English; a Text is shown in the workbook's language
    source: str = ""

    def __str__(self) -> str:
        return f"{quote_sheet(self.sheet)}!{self.cell}: {self.message}"

    @property
    def text(self) -> Text:
        """``sheet!cell: message``, shown in the language it is finally printed in."""
        where = f"{quote_sheet(self.sheet)}!{self.cell}"
        return Text("validate.located", {"where": where, "problem": self.message})

    def to_dict(self) -> dict[str, str]:
        """Sheet, cell, message and source (table or defined name)."""
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message,
                "source": self.source}  # fmt: skip


def table_problems(
    spec: InputTable,
    frame: pd.DataFrame,
    raw: WorkbookInputs,
    keys_of: dict[str, set[str] | None] | None = None,
) -> list[Problem]:
    """Every problem of one input table's cells and rows, in the order of their cells.

    ``raw`` gives the other tables (key lists, regions and products for the markets) and
    the columns factorised once; ``frame`` is the table as ``raw`` holds it; ``keys_of``
    the key lists (:func:`~xl_salesplan.actions.cell_checks.key_lists` of ``raw``, made
    once for every table checked).
    """
    if frame.empty:
        return []
    sheet = str(frame.attrs.get("sheet", ""))
    row0 = int(frame.attrs.get("first_row", 1))
    col0 = int(frame.attrs.get("first_column", 1))

    columns = {key: frame[key] for key in spec.column_keys()}  # each column taken out once

    def distinct(key: str) -> DistinctValues:
        if raw.tables.get(spec.name) is frame:
            return raw.distinct(spec.name, key)
        return DistinctValues.of(columns[key])

    def factorised(key: str) -> DistinctValues | None:  # only where a column needs it
        series = columns[key]
        plain = series.dtype == np.float64 or pd.api.types.is_datetime64_dtype(series.dtype)
        return None if plain else distinct(key)

    blanks = {key: blank_cells(columns[key], factorised(key)) for key in columns}
    filled_rows = ~np.logical_and.reduce(list(blanks.values()))
    problems: list[Problem] = []

    labels: dict[str, tuple[int, Named]] = {}  # column key -> (sheet column, label)
    worded: dict[tuple[str, int], tuple[str, Text]] = {}  # each (column, problem) worded once
    places: dict[int, tuple[int, int]] = {}  # id(problem) -> (row, column), to sort by cell

    def at(position: int, key: str, text: str) -> Problem:
        if key not in labels:
            column = spec.column(key)
            labels[key] = (col0 + spec.column_index(key), Named(column.en, column.zh))
        column_number, label = labels[key]
        labelled = worded.get((key, id(text)))
        if labelled is None or labelled[0] is not text:
            labelled = (text, Text("validate.labelled", {"label": label, "text": text}))
            worded[(key, id(text))] = labelled
        row = row0 + position
        problem = Problem(sheet, cell_name(row, column_number), labelled[1], spec.name)
        places[id(problem)] = (row, column_number)
        return problem

    required = REQUIRED_COLUMNS.get(spec.name, ())
    keys_of = key_lists(raw) if keys_of is None else keys_of
    for column in spec.columns:
        blank = blanks[column.key]
        if column.key in required:
            blank_rows = np.flatnonzero(filled_rows & blank)
            is_blank_text = Text("validate.blank")
            problems += [at(i, column.key, is_blank_text) for i in blank_rows]
        checked = filled_rows & ~blank
        series = columns[column.key]
        plain_numbers = series.dtype == np.float64
        values = None if plain_numbers or not checked.any() else distinct(column.key)
        rows, texts = column_problems(column, series, checked, keys_of, values)
        problems += [at(i, column.key, text) for i, text in zip(rows, texts, strict=True)]
    keys = UNIQUE_KEYS.get(spec.name)
    if keys:
        normal = pd.DataFrame({k: cell_keys(columns[k], distinct(k)) for k in keys})
        normal = normal[filled_rows & normal.notna().all(axis=1).to_numpy()]
        repeated = normal.duplicated(keep="first")
        for i in normal.index[repeated.to_numpy()]:
            shown = ", ".join(str(normal.loc[i, k]) for k in keys)
            problems.append(at(int(i), keys[-1], Text("validate.repeated", {"value": shown})))
    problems += _row_rules(spec, frame, at)
    if spec.name == "tblMarkets":
        problems += [at(i, key, text) for i, key, text in market_name_problems(
            frame, raw.tables.get("tblRegions"), raw.tables.get("tblProducts"))]  # fmt: skip
    if spec.name == "tblPayoutTiers":
        problems += [at(i, key, text) for i, key, text in tier_problems(frame)]
    return sorted(problems, key=lambda p: places[id(p)])  # by row, then column


def _row_rules(
    spec: InputTable, frame: pd.DataFrame, at: Callable[[int, str, str], Problem]
) -> list[Problem]:
    out: list[Problem] = []
    if spec.name == "tblReps":
        start, leave = cell_dates(frame["start_date"]), cell_dates(frame["leave_date"])
        for i in np.flatnonzero((leave < start).to_numpy()):
            dates = {"leave": f"{leave.iloc[i]:%Y-%m-%d}", "start": f"{start.iloc[i]:%Y-%m-%d}"}
            out.append(at(i, "leave_date", Text("validate.leave_before_start", dates)))
    if spec.name == "tblRamp":
        ramp = frame.assign(
            m=frame["month_in_seat"].map(as_number), r=frame["ramp"].map(as_number)
        ).dropna(subset=["m", "r"])
        ordered = ramp.sort_values("m")
        steps = ordered["r"].to_numpy(dtype=float)
        down = np.flatnonzero(np.diff(steps) < 0)
        if down.size:
            out.append(at(int(ordered.index[down[0] + 1]), "ramp", Text("validate.ramp_down")))
        if steps.size and steps[-1] != 1.0:
            out.append(at(int(ordered.index[-1]), "ramp", Text("validate.ramp_end")))
    if spec.name == "tblChannels":
        floors = frame["budget_floor"].map(as_number).astype(float)
        caps = frame["budget_cap"].map(as_number).astype(float)
        for i in np.flatnonzero((floors > caps).to_numpy()):
            bounds = {"cap": amount_text(caps.iloc[i]), "floor": amount_text(floors.iloc[i])}
            out.append(at(i, "budget_cap", Text("validate.cap_below_floor", bounds)))
    if spec.name == "tblKpis":
        warn = frame["warn_threshold"].map(as_number).astype(float)
        off = frame["off_track_threshold"].map(as_number).astype(float)
        for i in np.flatnonzero((off < warn).to_numpy()):
            warned = {"warn": f"{warn.iloc[i]:.1%}"}
            out.append(at(i, "off_track_threshold", Text("validate.off_track_below_warn", warned)))
    return out

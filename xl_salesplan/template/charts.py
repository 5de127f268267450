"""Native Excel charts of the Dashboard, reading the output blocks.

Three charts, each a plain XlsxWriter chart whose series point at block ranges
(so they follow the cells when an action rewrites a block):

- revenue: target and actual by month as columns, the cumulative figures as lines on
  a second axis (``RevenueByMonth``);
- budget response: the budget frontier as a line (``BudgetFrontier``), the optimal
  allocation of this year's budget and the proposal as points (``MarketingBudget``,
  ``OptimalOutcome``, ``BudgetSummary``'s proposed total and ``ProposedOutcome``);
- KPI status: the count of KPIs per status as coloured columns (``KpiStatusCounts``).

The budget chart is a scatter chart: its X values are numbers and are referenced
through ``c:numRef``. XlsxWriter would pick ``c:strRef`` because the block's unused
rows are blank cells, so the chart is given the block's budgets as its cached X data
(:func:`frontier_budgets`).

Examples
--------
>>> block_series_ref("RevenueByMonth", "target", "zh-CN")
"='仪表板'!$B$6:$B$17"
>>> cell_ref("AnnualTarget", "en")
"='Targets'!$B$6"
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xl_salesplan.layout import SHEETS, block, defined_names
from xl_salesplan.layout.labels import text
from xl_salesplan.layout.model import absolute
from xl_salesplan.ooxml.cell_values import excel_number
from xl_salesplan.template.styles import HEADER_FILL, STATUS_COLOURS

__all__ = [
    "CHART_ANCHORS",
    "add_dashboard_charts",
    "block_series_ref",
    "cell_ref",
    "frontier_budgets",
]

#: Top-left cell of each chart on the Dashboard.
CHART_ANCHORS = {"revenue": "H4", "budget": "H23", "status": "D19"}
_SIZE = {"revenue": (720, 330), "budget": (720, 330), "status": (360, 250)}
_ACTUAL = "#ED7D31"


def _quoted(sheet_key: str, language: str) -> str:
    return "'" + SHEETS[sheet_key].name(language).replace("'", "''") + "'"


def block_series_ref(name: str, column: str, language: str) -> str:
    """Formula of a block column over all its rows, for a chart series.

    The sheet name is always quoted (XlsxWriter then reads the cached data back).

    Examples
    --------
    >>> block_series_ref("BudgetFrontier", "outcome", "en")
    "='Budget'!$M$21:$M$61"
    """
    spec = block(name)
    return f"={_quoted(spec.sheet, language)}!{spec.column_ref(column)}"


def cell_ref(name: str, language: str) -> str:
    """Formula of a defined name's cell, for a one-point chart series.

    Examples
    --------
    >>> cell_ref("OptimalOutcome", "zh-CN")
    "='预算分配'!$M$9"
    """
    sheet_key, ref = defined_names()[name]
    return f"={_quoted(sheet_key, language)}!{ref}"


def _revenue_chart(workbook: Workbook, language: str) -> Chart:
    columns = workbook.add_chart({"type": "column"})
    categories = block_series_ref("RevenueByMonth", "month", language)
    spec = block("RevenueByMonth")
    for key, colour in (("target", HEADER_FILL), ("actual", _ACTUAL)):
        columns.add_series(
            {
                "name": spec.columns[spec.column_index(key)].header(language),
                "categories": categories,
                "values": block_series_ref("RevenueByMonth", key, language),
                "fill": {"color": colour},
                "gap": 80,
            }
        )
    lines = workbook.add_chart({"type": "line"})
    for key, colour in (("cumulative_target", HEADER_FILL), ("cumulative_actual", _ACTUAL)):
        lines.add_series(
            {
                "name": spec.columns[spec.column_index(key)].header(language),
                "categories": categories,
                "values": block_series_ref("RevenueByMonth", key, language),
                "line": {"color": colour, "width": 2, "dash_type": "dash"},
                "y2_axis": True,
            }
        )
    columns.combine(lines)
    columns.set_title({"name": text("chart.revenue.title", language)})
    columns.set_y_axis({"name": text("chart.revenue.axis", language), "num_format": "#,##0"})
    lines.set_y2_axis({"num_format": "#,##0"})
    columns.set_legend({"position": "bottom"})
    columns.show_blanks_as("gap")
    return columns


def frontier_budgets(outputs: Mapping[str, pd.DataFrame]) -> list[float | None]:
    """The X values of the budget frontier, one per row of ``BudgetFrontier`` (None: blank).

    Examples
    --------
    >>> values = frontier_budgets({"budget_frontier": pd.DataFrame({"budget": [1e6, 2e6]})})
    >>> values[:3], len(values) == block("BudgetFrontier").n_rows
    ([1000000.0, 2000000.0, None], True)
    >>> set(frontier_budgets({}))
    {None}
    """
    spec = block("BudgetFrontier")
    frame = outputs.get(spec.frame)
    budgets = [] if frame is None else [float(v) for v in frame["budget"]][: spec.n_rows]
    values = [None if math.isnan(v) else excel_number(v) for v in budgets]
    return values + [None] * (spec.n_rows - len(values))


def _budget_chart(workbook: Workbook, language: str, budgets: list[float | None]) -> Chart:
    chart = workbook.add_chart({"type": "scatter", "subtype": "straight"})
    chart.add_series(
        {
            "name": text("chart.budget.frontier", language),
            "categories": block_series_ref("BudgetFrontier", "budget", language),
            # numbers (None for the blank rows), so the X values are written as c:numRef
            "categories_data": budgets,
            "values": block_series_ref("BudgetFrontier", "outcome", language),
            "line": {"color": HEADER_FILL, "width": 2.25},
            "marker": {"type": "none"},
        }
    )
    summary = block("BudgetSummary")
    proposed_total = (
        f"={_quoted(summary.sheet, language)}!{absolute(summary.row_cell('proposed_total'))}"
    )
    for name, x_ref, y_name, colour, shape in (
        ("chart.budget.optimal", cell_ref("MarketingBudget", language), "OptimalOutcome",
         "#70AD47", "diamond"),
        ("chart.budget.proposed", proposed_total, "ProposedOutcome", _ACTUAL, "circle"),
    ):  # fmt: skip
        chart.add_series(
            {
                "name": text(name, language),
                "categories": x_ref,
                "values": cell_ref(y_name, language),
                "line": {"none": True},
                "marker": {
                    "type": shape,
                    "size": 10,
                    "fill": {"color": colour},
                    "border": {"color": colour},
                },
            }
        )
    chart.set_title({"name": text("chart.budget.title", language)})
    chart.set_x_axis({"name": text("chart.budget.x", language), "num_format": "#,##0"})
    chart.set_y_axis({"name": text("chart.budget.y", language), "num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    return chart


def _status_chart(workbook: Workbook, language: str) -> Chart:
    chart = workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": text("chart.status.title", language),
            "categories": block_series_ref("KpiStatusCounts", "status", language),
            "values": block_series_ref("KpiStatusCounts", "count", language),
            "points": [{"fill": {"color": font}} for _, font in STATUS_COLOURS],
            "data_labels": {"value": True},
            "gap": 60,
        }
    )
    chart.set_title({"name": text("chart.status.title", language)})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": "0", "major_unit": 1, "min": 0})
    return chart


def add_dashboard_charts(
    workbook: Workbook,
    dashboard: Worksheet,
    language: str,
    outputs: Mapping[str, pd.DataFrame] | None = None,
) -> None:
    """Insert the three charts into the Dashboard sheet.

    ``outputs`` are the frames written into the blocks (the budget frontier's X values
    are cached in the chart from them).

    Examples
    --------
    >>> import io, xlsxwriter
    >>> wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    >>> dashboard = wb.add_worksheet("Dashboard")
    >>> for name in ("Budget", "Assumptions"):
    ...     _ = wb.add_worksheet(name)
    >>> add_dashboard_charts(wb, dashboard, "en")
    >>> len(dashboard.charts)
    3
    >>> wb.close()
    """
    budgets = frontier_budgets(outputs or {})
    charts = {
        "revenue": _revenue_chart(workbook, language),
        "budget": _budget_chart(workbook, language, budgets),
        "status": _status_chart(workbook, language),
    }
    for key, chart in charts.items():
        width, height = _SIZE[key]
        chart.set_size({"width": width, "height": height})
        dashboard.insert_chart(CHART_ANCHORS[key], chart, {"object_position": 1})

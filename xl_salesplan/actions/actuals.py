"""Import actuals: a CRM export (CSV or XLSX) into the plan's actuals tables.

The export is read, mapped and neutralised by
:mod:`~xl_salesplan.actions.actuals_source`; rows of the plan year replace the
rows of the actuals table (``tblActuals``, resized as needed). The monthly
actuals of the KPIs that the export measures (revenue, deals won and the average
deal size, when the KPI table has them) are written into their actual cells of
``tblKpiActuals`` for the imported months; every other cell of that table, formulas
included, stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from xl_salesplan.actions.actuals_source import read_actuals_file
from xl_salesplan.actions.kpi_targets import target_rows
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.validate import check_inputs
from xl_salesplan.actions.workbook_inputs import number_of, read_workbook_inputs
from xl_salesplan.actions.writing import write_column_cells
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import table
from xl_salesplan.ooxml.references import quote_sheet
from xl_salesplan.workbook.book import Book

__all__ = ["KPIS_FROM_ACTUALS", "import_actuals", "measured_kpis"]

#: KPI ids whose monthly actual the import sets: revenue, deals, revenue per deal.
KPIS_FROM_ACTUALS = ("revenue", "deals_won", "avg_deal_size")
_MAX_LISTED = 5


def import_actuals(
    book: Book,
    source_path: str | os.PathLike[str],
    mapping: Mapping[str, str] | Sequence[str] | None = None,
    *,
    sheet: str | None = None,
    save: bool = True,
    progress: Progress = no_progress,
) -> ActionResult:
    """Import the plan year's actuals from a CRM export.

    Parameters
    ----------
    book : Book
        The plan workbook.
    source_path : path-like
        The export (``.csv``, ``.txt``, ``.xlsx``).
    mapping : mapping or sequence of ``"column=Header"``, optional
        Actuals column (``month``, ``region``, ``product_line``, ``rep_id``,
        ``revenue``, ``deals``) -> the export's column header; usual names are found
        without a mapping.
    sheet : str, optional
        Sheet of an ``.xlsx`` export (default: the first).
    save : bool
        Save the workbook at the end.
    progress : callable
        ``progress(fraction, label)``.

    Returns
    -------
    ActionResult
        Details: ``rows_read``, ``rows``, ``first_month``, ``last_month``,
        ``revenue``, ``neutralised``, ``skipped_other_years``, ``kpi_cells``,
        ``warnings``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> export = path.with_name("crm.csv")
    >>> _ = export.write_text("Date,Territory,Amount\\n2026-01-05,East,=1+2\\n"
    ...                       "2026-01-09,@East,1200\\n")
    >>> result = import_actuals(FileBook.open(path), export, save=False)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: crm.csv row 2, column 'Amount': '=1+2' is not a number
    >>> _ = export.write_text("Date,Territory,Amount\\n2026-01-09,@East,1200\\n")
    >>> result = import_actuals(FileBook.open(path), export)
    >>> result.details["rows"], result.details["neutralised"]
    (1, 1)
    """
    progress(0.05, "reading the workbook")
    raw = read_workbook_inputs(book)
    check_inputs(raw, "import_actuals")
    plan_year = int(number_of(raw.named["PlanYear"][2]))
    progress(0.2, "reading the export")
    imported = read_actuals_file(source_path, mapping, sheet=sheet)
    frame = imported.frame
    in_year = frame["month"].dt.year == plan_year
    skipped = int((~in_year).sum())
    frame = frame[in_year].reset_index(drop=True)
    name = os.path.basename(os.fspath(source_path))
    if frame.empty:
        raise PlanningError(
            f"{name}: no rows for the plan year {plan_year} "
            f"({imported.rows_read} rows read, {skipped} month/region groups of other years)",
            code="empty",
        )
    warnings = list(imported.warnings)
    if skipped:
        warnings.append(f"{skipped} row(s) of other years than {plan_year} were left out")
    warnings += _unknown_keys(frame, raw.tables)
    progress(0.5, "writing the actuals")
    info = book.table_info("tblActuals")
    spec = table("tblActuals")
    out = frame[list(spec.column_keys())].copy()
    out.columns = list(info.columns)
    book.write_table("tblActuals", out)
    kpi_cells = _update_kpi_actuals(book, raw.tables["tblKpiActuals"], frame)
    through = raw.named.get("ActualsThroughMonth")
    last_month = int(frame["month"].max().month)
    if through is not None and number_of(through[2]) != last_month:
        said = number_of(through[2])
        shown = f"{said:g}" if said == said else "nothing"
        warnings.append(
            f"the actuals run through month {last_month}; {quote_sheet(through[0])}!"
            f"{through[1]} (Actuals through month) says {shown}: update it before Flag KPIs"
        )
    if save:
        book.save()
    progress(1.0, "done")
    first, last = frame["month"].min(), frame["month"].max()
    revenue = float(frame["revenue"].sum())
    return ActionResult(
        "import_actuals",
        f"Imported {len(frame)} row(s) of actuals ({first:%Y-%m} to {last:%Y-%m}, revenue "
        f"{revenue:,.0f}) from {name}; {imported.neutralised} value(s) neutralised.",
        {
            "rows_read": imported.rows_read,
            "rows": len(frame),
            "first_month": f"{first:%Y-%m}",
            "last_month": f"{last:%Y-%m}",
            "revenue": revenue,
            "neutralised": imported.neutralised,
            "skipped_other_years": skipped,
            "kpi_cells": kpi_cells,
            "mapping": imported.mapping,
            "warnings": warnings,
        },
        lines=[f"  warning: {w}" for w in warnings],
    )


def _unknown_keys(frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    checks = (
        ("region", "tblRegions", "region"),
        ("product_line", "tblProducts", "product_line"),
        ("rep_id", "tblReps", "rep_id"),
    )
    out = []
    for column, table_name, key in checks:
        known = {str(v).strip() for v in tables[table_name][key] if v is not None and v == v}
        found = frame[column].dropna().astype(str)
        unknown = sorted(set(found) - known)
        if unknown and known:
            shown = ", ".join(repr(u) for u in unknown[:_MAX_LISTED])
            more = f" and {len(unknown) - _MAX_LISTED} more" if len(unknown) > _MAX_LISTED else ""
            out.append(f"{column} {shown}{more} not in table {table_name}")
    return out


def measured_kpis(actuals: pd.DataFrame) -> pd.DataFrame:
    """The monthly values of :data:`KPIS_FROM_ACTUALS` that actuals measure.

    Revenue and deals are summed by month; the average deal size is revenue per deal
    (no value in a month without deals). Months without a value are left out.

    Parameters
    ----------
    actuals : DataFrame
        Columns ``month`` (dates), ``revenue`` and ``deals``.

    Returns
    -------
    DataFrame
        Columns ``kpi_id``, ``month`` (first day) and ``value``; one row per KPI month,
        in the order of :data:`KPIS_FROM_ACTUALS`, then by month.

    Examples
    --------
    >>> actuals = pd.DataFrame({"month": pd.to_datetime(["2026-01-05", "2026-01-20",
    ...                                                  "2026-02-03"]),
    ...                         "revenue": [100.0, 50.0, 80.0], "deals": [2.0, 1.0, 0.0]})
    >>> measured_kpis(actuals)
              kpi_id      month  value
    0        revenue 2026-01-01  150.0
    1        revenue 2026-02-01   80.0
    2      deals_won 2026-01-01    3.0
    3      deals_won 2026-02-01    0.0
    4  avg_deal_size 2026-01-01   50.0
    """
    by_month = actuals.groupby(actuals["month"].dt.to_period("M"))[["revenue", "deals"]].sum(
        min_count=1
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_deal = by_month["revenue"] / by_month["deals"].where(by_month["deals"] > 0)
    series = dict(zip(KPIS_FROM_ACTUALS, (by_month["revenue"], by_month["deals"], per_deal),
                      strict=True))  # fmt: skip
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "kpi_id": kpi,
                    "month": values.index.to_timestamp(),
                    "value": values.to_numpy(dtype=float),
                }
            )
            for kpi, values in series.items()
        ],
        ignore_index=True,
    )
    return frame[frame["value"].notna()].reset_index(drop=True)


def _update_kpi_actuals(book: Book, kpi_frame: pd.DataFrame, actuals: pd.DataFrame) -> int:
    """Set the imported months' actuals of :data:`KPIS_FROM_ACTUALS`; return cells written.

    Rows are matched as Build plan matches its targets
    (:func:`~xl_salesplan.actions.kpi_targets.target_rows`); only the matched actual
    cells are written.
    """
    measured = measured_kpis(actuals)
    found = target_rows(kpi_frame, measured)
    positions = np.flatnonzero(found >= 0)
    values = measured["value"].to_numpy(dtype=float)[found[positions]]
    return write_column_cells(book, "tblKpiActuals", kpi_frame, "actual", positions, values)

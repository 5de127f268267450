"""Import actuals: a CRM export (CSV or XLSX) into the plan's actuals tables.

The export is read and checked by :mod:`~xl_salesplan.actions.actuals_records`
(nothing is written when a row is not a clean record, a number has two readings
or a name matches none of the workbook's names). The plan year's rows replace the
months they cover in the actuals table (``tblActuals``, resized as needed); the
other months are kept (:mod:`~xl_salesplan.actions.actuals_periods`), unless
``replace_all``. The monthly actuals of the KPIs that the export measures (revenue,
deals won and the average deal size, when the KPI table has them) are then set
from the actuals table for every month the import changed, so the two tables agree;
every other cell of ``tblKpiActuals``, formulas included, stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from xl_salesplan.actions.actuals_periods import merge_kpi_months, merge_periods
from xl_salesplan.actions.actuals_records import (
    KnownNames,
    RefusedRows,
    actuals_from_rows,
    parse_mapping,
)
from xl_salesplan.actions.actuals_source import SourceRows, read_source_rows
from xl_salesplan.actions.kpi_actuals_records import is_kpi_export, kpi_actuals_from_rows
from xl_salesplan.actions.kpi_targets import target_rows
from xl_salesplan.actions.name_matching import NameIndex
from xl_salesplan.actions.number_style import DecimalMark
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.validate import check_inputs
from xl_salesplan.actions.workbook_inputs import (
    WorkbookInputs,
    number_of,
    plan_inputs,
    read_workbook_inputs,
)
from xl_salesplan.actions.writing import workbook_language, write_column_cells
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import table
from xl_salesplan.messages import Text, language_code, message
from xl_salesplan.ooxml.references import quote_sheet
from xl_salesplan.workbook.book import Book

__all__ = ["KPIS_FROM_ACTUALS", "NAME_COLUMNS", "import_actuals", "known_names", "measured_kpis"]

#: KPI ids whose monthly actual the import sets: revenue, deals, revenue per deal.
KPIS_FROM_ACTUALS = ("revenue", "deals_won", "avg_deal_size")
#: Key column -> (table, its columns naming the same thing: the key first, then
#: the other names in English and Chinese).
NAME_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "region": ("tblRegions", ("region", "region_zh")),
    "product_line": ("tblProducts", ("product_line", "product_line_zh")),
    "rep_id": ("tblReps", ("rep_id", "rep_name", "rep_name_zh")),
    "kpi_id": ("tblKpis", ("kpi_id", "kpi_name", "kpi_zh")),
}


def known_names(tables: Mapping[str, pd.DataFrame]) -> dict[str, KnownNames]:
    """The names each key column accepts, from the workbook's tables (as read).

    Examples
    --------
    >>> regions = pd.DataFrame({"region": ["East"], "region_zh": ["华东"], "provinces": [""]})
    >>> regions.attrs["sheet"] = "Assumptions"
    >>> names = known_names({"tblRegions": regions})
    >>> names["region"].index.lookup("华东"), sorted(names)
    ('East', ['region'])
    """
    out = {}
    for key, (name, columns) in NAME_COLUMNS.items():
        if name not in tables:
            continue
        frame = tables[name]
        rows = frame[list(columns)].itertuples(index=False, name=None)
        out[key] = KnownNames(NameIndex.from_rows(rows), name, str(frame.attrs.get("sheet", "")))
    return out


def import_actuals(
    book: Book,
    source_path: str | os.PathLike[str],
    mapping: Mapping[str, str] | Sequence[str] | None = None,
    *,
    sheet: str | None = None,
    decimal: DecimalMark | None = None,
    replace_all: bool = False,
    kpi_file: bool | None = None,
    save: bool = True,
    progress: Progress = no_progress,
) -> ActionResult:
    """Import the plan year's actuals from a CRM export, month by month.

    An export of KPI actuals (a KPI column and a value column, no revenue: month, KPI name
    in English or Chinese, value, maybe region) sets the actuals of the KPI table instead
    (:func:`_import_kpi_actuals`).

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
    decimal : ``"."`` or ``","``, optional
        The decimal mark of the export's numbers (default: found from the values).
    replace_all : bool
        Replace the whole actuals table (default: only the months the export has).
    kpi_file : bool, optional
        True: the export holds KPI actuals; False: deals; default: found from its columns.
    save : bool
        Save the workbook at the end.
    progress : callable
        ``progress(fraction, label)``.

    Returns
    -------
    ActionResult
        Details: ``rows_read``, ``rows``, ``table_rows``, ``first_month``,
        ``last_month``, ``revenue``, ``encoding``, ``decimal_mark``, ``months`` (per
        month: added, replaced, removed, kept), ``skipped_other_years``,
        ``blank_revenue`` (lines), ``kpi_cells``, ``mapping``, ``warnings``.

    Raises
    ------
    RefusedRows
        With one line per problem; nothing is written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> export = path.with_name("crm.csv")
    >>> _ = export.write_text("Date,Territory,Amount\\n2026-10-09,华东,1200\\n")
    >>> result = import_actuals(FileBook.open(path), export)
    >>> result.details["rows"], result.details["months"][-1]
    (1, {'month': '2026-10', 'added': 1, 'replaced': 0, 'removed': 0, 'kept': 0})
    >>> FileBook.open(path).read_table("tblActuals").iloc[-1, :2].astype(str).tolist()
    ['2026-10-01 00:00:00', 'East']
    """
    progress(0.05, Text("progress.reading_workbook"))
    raw = read_workbook_inputs(
        book, "import_actuals", progress=lambda f, label: progress(0.05 + 0.2 * f, label)
    )
    check_inputs(raw, "import_actuals")
    plan_year = int(number_of(raw.named["PlanYear"][2]))
    said = raw.named.get("Language")
    language = (language_code(said[2]) if said else None) or workbook_language(book)
    names = known_names(raw.tables)
    name = os.path.basename(os.fspath(source_path))
    size = os.path.getsize(source_path) if os.path.isfile(source_path) else 0
    progress(0.25, Text("import.progress.reading", {"source": name, "megabytes": size / 1e6}))
    source = read_source_rows(source_path, sheet=sheet)
    pairs = _mapping_pairs(mapping)
    if kpi_file or (kpi_file is None and is_kpi_export(source.header, pairs)):
        return _import_kpi_actuals(
            book, raw, source, pairs, names.get("kpi_id"), language, plan_year,
            decimal=decimal, replace_all=replace_all, save=save, progress=progress,
        )  # fmt: skip
    try:
        imported = actuals_from_rows(
            source.header, source.rows, parse_mapping(mapping), source=source, decimal=decimal,
            names={k: v for k, v in names.items() if k != "kpi_id"},
            progress=_step(progress, 0.35, 0.5),
        )  # fmt: skip
    except RefusedRows as refused:
        raise refused.in_language(language) from None
    imported.encoding = source.encoding
    frame = imported.frame
    in_year = frame["month"].dt.year == plan_year
    skipped = int((~in_year).sum())
    frame = frame[in_year].reset_index(drop=True)
    if frame.empty:
        raise PlanningError.of(
            "import.no_rows_in_year", code="empty", source=name, year=plan_year,
            rows=imported.rows_read, skipped=skipped,
        )  # fmt: skip
    warnings = [message(key, language, **params) for key, params in imported.warnings]
    if skipped:
        warnings.append(message("import.other_years", language, count=skipped, year=plan_year))
    progress(0.5, Text("progress.writing_actuals"))
    keys = list(table("tblActuals").column_keys())
    merged = merge_periods(raw.tables["tblActuals"][keys], frame[keys], replace_all=replace_all)
    out = merged.frame.copy()
    out.columns = list(book.table_info("tblActuals").columns)
    book.write_table("tblActuals", out)
    changed = merged.imported_months + merged.removed_months
    kpi_cells = _update_kpi_actuals(book, raw.tables, merged.frame, changed, names.get("kpi_id"))
    months = pd.to_datetime(merged.frame["month"], errors="coerce")
    last_month = int(months[months.dt.year == plan_year].max().month)
    through = raw.named.get("ActualsThroughMonth")
    if through is not None and number_of(through[2]) != last_month:
        warnings.append(_through_month_warning(through, last_month, language))
    if save:
        book.save()
    progress(1.0, Text("progress.done"))
    first, last = frame["month"].min(), frame["month"].max()
    revenue = float(frame["revenue"].sum())
    report = merged.report.to_dict("records")
    params = {"rows": len(frame), "first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}",
              "revenue": f"{revenue:,.0f}", "source": name, "table_rows": len(out)}  # fmt: skip
    return ActionResult.of(
        "import_actuals",
        "action.actuals.done",
        params,
        {
            "rows_read": imported.rows_read,
            "rows": len(frame),
            "table_rows": len(out),
            "first_month": f"{first:%Y-%m}",
            "last_month": f"{last:%Y-%m}",
            "revenue": revenue,
            "encoding": imported.encoding,
            "decimal_mark": imported.decimal_mark,
            "replace_all": replace_all,
            "months": report,
            "skipped_other_years": skipped,
            "blank_revenue": imported.blank_revenue,
            "kpi_cells": kpi_cells,
            "mapping": imported.mapping,
            "warnings": warnings,
        },
        lines=_report_lines(imported.encoding, imported.decimal_mark, decimal, report, warnings,
                            "import.month_line", language),
    )  # fmt: skip


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


def _update_kpi_actuals(
    book: Book,
    tables: Mapping[str, pd.DataFrame],
    actuals: pd.DataFrame,
    months: Sequence[pd.Timestamp],
    kpis: KnownNames | None,
) -> int:
    """Set the actuals of :data:`KPIS_FROM_ACTUALS` for ``months`` from ``actuals``.

    A KPI is found by any of its names in the KPI table (``tblKpis``); a row of
    ``tblKpiActuals`` by its KPI name and month, as Build plan finds its targets
    (:func:`~xl_salesplan.actions.kpi_targets.target_rows`). A month without actuals
    gets a blank actual. Only the matched actual cells are written; returns how many.
    """
    kpi_frame = tables["tblKpiActuals"]
    if not months:
        return 0
    dated = actuals.assign(month=pd.to_datetime(actuals["month"], errors="coerce"))
    dated = dated[dated["month"].notna()]
    dated = dated.assign(revenue=pd.to_numeric(dated["revenue"], errors="coerce"),
                         deals=pd.to_numeric(dated["deals"], errors="coerce"))  # fmt: skip
    measured = measured_kpis(dated)
    wanted = pd.DataFrame(
        [(kpi, month) for kpi in KPIS_FROM_ACTUALS for month in months],
        columns=["kpi_id", "month"],
    )
    values = wanted.merge(measured, on=["kpi_id", "month"], how="left")
    if kpis is not None:
        canonical = {kpi: kpis.index.lookup(kpi) or kpi for kpi in KPIS_FROM_ACTUALS}
        values["kpi_id"] = values["kpi_id"].map(canonical)
        ids = [(kpis.index.lookup(v) or v) if isinstance(v, str) else v
               for v in kpi_frame["kpi_id"]]  # fmt: skip
        kpi_frame = kpi_frame.assign(kpi_id=ids)
    found = target_rows(kpi_frame, values)
    positions = np.flatnonzero(found >= 0)
    cells = values["value"].to_numpy(dtype=float)[found[positions]]
    return write_column_cells(
        book, "tblKpiActuals", tables["tblKpiActuals"], "actual", positions, cells
    )


def _step(progress: Progress, start: float, end: float) -> Progress:
    """``progress`` of a step that runs from ``start`` to ``end`` of the whole."""
    return lambda fraction, label: progress(start + (end - start) * fraction, label)


def _mapping_pairs(mapping: Mapping[str, str] | Sequence[str] | None) -> dict[str, str]:
    """``column -> export header`` from a mapping or ``"column=Header"`` items (unchecked)."""
    if mapping is None:
        return {}
    if isinstance(mapping, Mapping):
        return {str(k).strip().lower(): str(v).strip() for k, v in mapping.items()}
    pairs = (str(item).partition("=") for item in mapping)
    return {k.strip().lower(): v.strip() for k, sep, v in pairs if sep}


def _import_kpi_actuals(
    book: Book,
    raw: WorkbookInputs,
    source: SourceRows,
    mapping: dict[str, str],
    kpis: KnownNames | None,
    language: str,
    plan_year: int,
    *,
    decimal: DecimalMark | None,
    replace_all: bool,
    save: bool,
    progress: Progress,
) -> ActionResult:
    """Import a KPI export (long format) into the actual cells of ``tblKpiActuals``.

    KPI names match the KPI table (key, English or Chinese name); an unknown name refuses
    the whole file before anything is written. The imported months' actuals are set, every
    other actual is kept (``replace_all``: cleared); a KPI month without a row is added at
    the end of the table. Details: ``kind`` ("kpi"), ``rows_read``, ``values``, ``kpis``,
    ``first_month``, ``last_month``, ``months`` (per month: set, changed, kept),
    ``cleared``, ``rows_added``, ``encoding``, ``decimal_mark``, ``mapping``, ``warnings``.
    """
    kpi_table = plan_inputs(raw).kpis
    aggregation = dict(zip(kpi_table["kpi_id"].astype(str), kpi_table["aggregation"].astype(str),
                           strict=True))  # fmt: skip
    try:
        imported = kpi_actuals_from_rows(
            source.header, source.rows, mapping, source=source, names=kpis,
            aggregation=aggregation, decimal=decimal, progress=_step(progress, 0.35, 0.5),
        )  # fmt: skip
    except RefusedRows as refused:
        raise refused.in_language(language) from None
    frame = imported.frame
    in_year = frame["month"].dt.year == plan_year
    skipped = int((~in_year).sum())
    frame = frame[in_year].reset_index(drop=True)
    name = os.path.basename(source.source)
    if frame.empty:
        raise PlanningError.of(
            "import.no_rows_in_year", code="empty", source=name, year=plan_year,
            rows=imported.rows_read, skipped=skipped,
        )  # fmt: skip
    warnings = []
    if skipped:
        warnings.append(message("import.other_years", language, count=skipped, year=plan_year))
    if imported.blank_values:
        rows = ", ".join(str(n) for n in imported.blank_values[:8])
        warnings.append(message("import.kpi_blank_values", language,
                                count=len(imported.blank_values), rows=rows))  # fmt: skip
    if imported.combined:
        warnings.append(message("import.kpi_combined", language, count=imported.combined))
    progress(0.5, Text("progress.writing_kpi_actuals"))
    table_frame = raw.tables["tblKpiActuals"]
    ids = [(kpis.index.lookup(v) or v) if kpis is not None and isinstance(v, str) else v
           for v in table_frame["kpi_id"]]  # fmt: skip
    merged = merge_kpi_months(table_frame.assign(kpi_id=ids), frame, replace_all=replace_all)
    write_column_cells(book, "tblKpiActuals", table_frame, "actual", merged.positions,
                       merged.values)  # fmt: skip
    if not merged.added.empty:
        _append_kpi_rows(book, merged.added)
        listed = ", ".join(f"{k} {m:%Y-%m}" for m, k in
                           merged.added[["month", "kpi_id"]].itertuples(index=False))  # fmt: skip
        warnings.append(message("import.kpi_rows_added", language, count=len(merged.added),
                                table="tblKpiActuals", listed=listed))  # fmt: skip
    if merged.cleared:
        warnings.append(message("import.kpi_cleared", language, count=merged.cleared))
    through = raw.named.get("ActualsThroughMonth")
    last_month = int(frame["month"].max().month)
    if through is not None and not number_of(through[2]) >= last_month:
        warnings.append(_through_month_warning(through, last_month, language))
    if save:
        book.save()
    progress(1.0, Text("progress.done"))
    first, last = frame["month"].min(), frame["month"].max()
    report = merged.report.to_dict("records")
    kpi_ids = sorted(set(frame["kpi_id"]))
    params = {"count": len(frame), "kpis": len(kpi_ids), "first": f"{first:%Y-%m}",
              "last": f"{last:%Y-%m}", "source": name}  # fmt: skip
    return ActionResult.of(
        "import_actuals",
        "action.kpi_actuals.done",
        params,
        {
            "kind": "kpi",
            "rows_read": imported.rows_read,
            "values": len(frame),
            "kpis": kpi_ids,
            "first_month": f"{first:%Y-%m}",
            "last_month": f"{last:%Y-%m}",
            "months": report,
            "cleared": merged.cleared,
            "rows_added": len(merged.added),
            "encoding": source.encoding,
            "decimal_mark": imported.decimal_mark,
            "replace_all": replace_all,
            "mapping": imported.mapping,
            "warnings": warnings,
        },
        lines=_report_lines(source.encoding, imported.decimal_mark, decimal, report, warnings,
                            "import.kpi_month_line", language),
    )  # fmt: skip


def _through_month_warning(through: tuple[str, str, object], last_month: int, language: str) -> str:
    """The warning that the "Actuals through month" cell does not say ``last_month``."""
    said = number_of(through[2])
    return message(
        "import.through_month", language, month=last_month,
        cell=f"{quote_sheet(through[0])}!{through[1]}",
        said=f"{said:g}" if said == said else message("import.nothing", language),
    )  # fmt: skip


def _report_lines(
    encoding: str | None,
    decimal_mark: str | None,
    decimal_given: object,
    report: list[dict[str, object]],
    warnings: list[str],
    month_key: str,
    language: str,
) -> list[str]:
    """An import's report under its summary: how the file was read, a line per month, warnings."""
    how = [message("import.encoding", language, encoding=encoding)] * bool(encoding)
    if decimal_mark:
        key = "import.decimal_given" if decimal_given else "import.decimal_mark"
        how.append(message(key, language, mark=decimal_mark))
    return (
        [f"  {'; '.join(how)}"] * bool(how)
        + [f"  {message(month_key, language, **row)}" for row in report]
        + [f"  {message('import.warning', language, text=w)}" for w in warnings]
    )


def _append_kpi_rows(book: Book, added: pd.DataFrame) -> None:
    """Add KPI months at the end of ``tblKpiActuals`` (blank target, the imported actual)."""
    current = book.read_table("tblKpiActuals")
    new = pd.DataFrame(
        {
            current.columns[0]: added["month"].to_numpy(),
            current.columns[1]: added["kpi_id"].to_numpy(),
            current.columns[2]: np.nan,
            current.columns[3]: added["value"].to_numpy(dtype=float),
        }
    )
    book.write_table("tblKpiActuals", pd.concat([current, new], ignore_index=True))

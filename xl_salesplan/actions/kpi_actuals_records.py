"""From the rows of a CRM's KPI export to monthly KPI actuals: map, check, read, match, combine.

A CRM reports KPIs in long format: one row per month and KPI (and maybe region), with the
KPI's name in English or Chinese and its value: ``月份, 区域, 指标, 数值``. The columns are
found by their usual names (:data:`KPI_HEADER_ALIASES`) or a mapping (``month``, ``kpi``,
``value``, ``region``). A file is a KPI export when it has a KPI column and a value column but
no revenue column (:func:`is_kpi_export`).

The checks are those of the actuals import (:mod:`~xl_salesplan.actions.actuals_records`):
every row that is not a clean record is refused with its row number, all at once, before
anything is written (:class:`~xl_salesplan.actions.actuals_records.RefusedRows`); numbers
are read in the file's own style, a value may end in ``%`` (``29%`` is 0.29); KPI names match
the workbook's KPI table in any of its name columns (key, English, Chinese), forgiving
full-width forms, case and spaces, and a name that matches nothing is refused with the rows
it is on and the closest KPI names. Several rows for one KPI and month (regions, or one row
per deal) are combined as the KPI table says: ``sum`` KPIs are added up, the others averaged.

Examples
--------
>>> from xl_salesplan.actions.name_matching import NameIndex
>>> kpis = KnownNames(NameIndex.from_rows([("revenue", "Revenue", "销售额"),
...                                        ("win_rate", "Win rate", "赢单率")]), "tblKpis", "KPI")
>>> rows = [["2026-10", "华东", "销售额", "1,200"], ["2026-10", "华北", "销售额", "800"],
...         ["2026-10", "华东", "赢单率", "30%"], ["2026-10", "华北", "ＷＩＮ　ＲＡＴＥ", "0.2"]]
>>> result = kpi_actuals_from_rows(["月份", "区域", "指标", "数值"], rows, names=kpis,
...                                aggregation={"revenue": "sum", "win_rate": "mean"})
>>> result.frame
       month    kpi_id   value
0 2026-10-01   revenue  2000.0
1 2026-10-01  win_rate     0.25
>>> result.combined
2
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_salesplan.actions.actuals_records import RefusedRows, _fold, source_lines
from xl_salesplan.actions.actuals_source import SourceRows, read_source_rows
from xl_salesplan.actions.export_cells import (
    KnownNames,
    Problem,
    check_shape,
    read_months,
    read_names,
    read_numbers,
)
from xl_salesplan.actions.export_columns import ExportColumns
from xl_salesplan.actions.number_style import DecimalMark
from xl_salesplan.actions.result import Progress, no_progress
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text

__all__ = [
    "KPI_ACTUALS_COLUMNS",
    "KPI_HEADER_ALIASES",
    "KpiActualsImport",
    "is_kpi_export",
    "kpi_actuals_from_rows",
    "read_kpi_actuals_file",
]

KPI_ACTUALS_COLUMNS = ("month", "kpi_id", "value")
#: Export column names recognised without a mapping (compared without case and spaces).
KPI_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "month": ("month", "date", "period", "月份", "日期", "期间"),
    "kpi": ("kpi", "kpi name", "kpi_id", "metric", "indicator", "指标", "指标名称", "kpi名称"),
    "value": ("value", "actual", "amount", "数值", "实际", "实际值", "值"),
    "region": ("region", "territory", "区域", "大区"),
}
_REVENUE_ALIASES = ("revenue", "amount", "sales", "booked revenue", "销售额", "金额")
_PERCENT = re.compile(r"^\s*(.*?)\s*[%％]\s*$")


@dataclass
class KpiActualsImport:
    """KPI actuals read from an export: one value per KPI and month, and how it was read.

    ``frame`` has :data:`KPI_ACTUALS_COLUMNS` (month = first day, ``kpi_id`` the workbook's
    key), sorted by month and KPI; ``combined`` counts the KPI months that had several rows.
    """

    frame: pd.DataFrame
    rows_read: int
    mapping: dict[str, str]
    decimal_mark: str | None = None
    encoding: str | None = None
    combined: int = 0
    blank_values: list[int] = field(default_factory=list)


def is_kpi_export(header: Sequence[object], mapping: Mapping[str, str] | None = None) -> bool:
    """True if an export with ``header`` holds KPI actuals (a KPI column, no revenue column).

    Examples
    --------
    >>> is_kpi_export(["月份", "指标", "数值"]), is_kpi_export(["Month", "Region", "Revenue"])
    (True, False)
    >>> is_kpi_export(["Month", "Name", "Number"], {"kpi": "Name", "value": "Number"})
    True
    """
    if mapping and ("kpi" in mapping or "value" in mapping):
        return True
    folded = {_fold(str(h)) for h in header if h is not None}
    has_kpi = any(_fold(alias) in folded for alias in KPI_HEADER_ALIASES["kpi"])
    return has_kpi and not any(_fold(alias) in folded for alias in _REVENUE_ALIASES)


def read_kpi_actuals_file(
    path: str | os.PathLike[str],
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    names: KnownNames | None = None,
    aggregation: Mapping[str, str] | None = None,
    decimal: DecimalMark | None = None,
) -> KpiActualsImport:
    """Read, check and combine a KPI export file; see :func:`kpi_actuals_from_rows`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kpi.csv"
    >>> _ = path.write_bytes("月份,指标,数值\\n2026-10,销售额,1200\\n".encode("gb18030"))
    >>> result = read_kpi_actuals_file(path)
    >>> result.frame.values.tolist(), result.encoding
    ([[Timestamp('2026-10-01 00:00:00'), '销售额', 1200.0]], 'GB18030')
    """
    source = read_source_rows(path, sheet=sheet)
    result = kpi_actuals_from_rows(
        source.header, source.rows, mapping, source=source, names=names,
        aggregation=aggregation, decimal=decimal,
    )  # fmt: skip
    result.encoding = source.encoding
    return result


def kpi_actuals_from_rows(
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    mapping: Mapping[str, str] | None = None,
    *,
    source: SourceRows | str = "KPI file",
    names: KnownNames | None = None,
    aggregation: Mapping[str, str] | None = None,
    decimal: DecimalMark | None = None,
    progress: Progress = no_progress,
) -> KpiActualsImport:
    """Map, check, read, match and combine KPI export rows into monthly KPI values.

    Parameters
    ----------
    header, rows : sequences
        The export's column names and data rows.
    mapping : mapping, optional
        ``month``, ``kpi``, ``value``, ``region`` -> the export's column name.
    source : SourceRows or str
        Where the rows came from (their row numbers), or the file's name.
    names : KnownNames, optional
        The KPI names the workbook accepts; without it names are kept as written.
    aggregation : mapping, optional
        KPI key -> ``"sum"`` or ``"mean"``: how several rows of one KPI month combine
        (default ``"sum"``).
    decimal : ``"."`` or ``","``, optional
        The decimal mark of the file's numbers; default: found from the values.
    progress : callable, optional
        ``progress(fraction, label)``: told when the checks and the combining start.

    Raises
    ------
    RefusedRows
        One line per problem (rows, values, unknown KPI names); nothing is imported.
    PlanningError
        For a missing month, KPI or value column.

    Examples
    --------
    >>> from xl_salesplan.actions.name_matching import NameIndex
    >>> kpis = KnownNames(NameIndex.from_rows([("revenue", "Revenue", "销售额")]),
    ...                   "tblKpis", "KPI")
    >>> try:
    ...     kpi_actuals_from_rows(["Month", "KPI", "Value"], [["2026-10", "Revenu", "5"]],
    ...                           names=kpis)
    ... except RefusedRows as err:
    ...     print(err.lines[0])  # doctest: +NORMALIZE_WHITESPACE
    'Revenu' in column 'KPI' (rows 2) is not in tblKpis, closest: revenue; correct the export, or
    add it to tblKpis on the KPI sheet (English or Chinese column)
    """
    where = source if isinstance(source, SourceRows) else None
    name = where.source if where else str(source)
    lines, ends = source_lines(where, len(rows))
    header = ["" if h is None else str(h).strip() for h in header]
    chosen = _resolve_columns(header, dict(mapping or {}), name)
    progress(0.0, Text("import.progress.checking", {"rows": len(rows), "source": name}))
    problems: list[Problem] = []
    grid = check_shape(header, ExportColumns.from_rows(rows), chosen, lines, ends, problems)
    months = read_months(grid, chosen["month"], header[chosen["month"]], lines, problems)
    at = chosen["value"]
    codes, distinct = grid.column(at)
    found = [_PERCENT.match(v) if isinstance(v, str) else None for v in distinct]
    read = np.empty(len(distinct), dtype=object)  # 29% -> 29, divided by 100 once read
    read[:] = [m.group(1) if m else v for m, v in zip(found, distinct, strict=True)]
    grid = grid.replace(at, read)
    percent = np.array([m is not None for m in found], dtype=bool)[codes]
    columns: dict[str, object] = {}
    mark = read_numbers(grid, chosen, header, lines, decimal, problems, columns, ("value",))
    ids = read_names(grid, chosen, header, "kpi_id", names, lines, problems)
    if problems:
        raise RefusedRows(name, problems)
    progress(0.7, Text("import.progress.summing", {"rows": len(grid)}))
    values = np.asarray(columns["value"], dtype=float)
    values[percent] /= 100.0
    frame = pd.DataFrame({"month": months, "kpi_id": ids, "value": values})
    blank = lines[np.flatnonzero(np.isnan(values))].tolist()
    frame = frame[frame["month"].notna() & frame["value"].notna()]
    how = {k: (aggregation or {}).get(k, "sum") for k in frame["kpi_id"].unique()}
    grouped = frame.groupby(["month", "kpi_id"], sort=True)["value"]
    counts = grouped.size()
    combined = pd.concat([grouped.sum(), grouped.mean()], axis=1, keys=["sum", "mean"])
    pick = [how[k] == "mean" for k in combined.index.get_level_values("kpi_id")]
    out = pd.DataFrame({"value": np.where(pick, combined["mean"], combined["sum"])},
                       index=combined.index).reset_index()  # fmt: skip
    out["month"] = pd.to_datetime(out["month"])
    return KpiActualsImport(
        frame=out[list(KPI_ACTUALS_COLUMNS)],
        rows_read=len(grid),
        mapping={k: header[i] for k, i in chosen.items()},
        decimal_mark=mark,
        combined=int((counts > 1).sum()),
        blank_values=blank,
    )


def _resolve_columns(header: list[str], mapping: dict[str, str], source: str) -> dict[str, int]:
    """Column positions of month, kpi_id, value (and region): mapped, else by usual name."""
    folded = [_fold(h) for h in header]
    chosen: dict[str, int] = {}
    for key, column in mapping.items():
        key = key.strip().lower()
        if key not in KPI_HEADER_ALIASES or _fold(column) not in folded:
            raise PlanningError.of(
                "import.kpi_bad_mapping", code="bad_mapping", source=source,
                item=f"{key}={column}", columns=", ".join(repr(h) for h in header if h),
            )  # fmt: skip
        chosen[key] = folded.index(_fold(column))
    for key, aliases in KPI_HEADER_ALIASES.items():
        for alias in aliases:
            if key in chosen:
                break
            if _fold(alias) in folded and folded.index(_fold(alias)) not in chosen.values():
                chosen[key] = folded.index(_fold(alias))
    missing = [k for k in ("month", "kpi", "value") if k not in chosen]
    if missing:
        raise PlanningError.of(
            "import.kpi_columns_missing", code="bad_mapping", source=source,
            missing=", ".join(missing), columns=", ".join(repr(h) for h in header if h) or "-",
        )  # fmt: skip
    chosen["kpi_id"] = chosen.pop("kpi")
    return chosen

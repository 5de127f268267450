"""From the rows of a CRM export to the actuals columns: map, check, read, match, sum.

A CRM export has its own column names ("Close Date", "Amount", "Owner"...). A
*mapping* says which export column feeds which actuals column; without one, the
usual names are recognised (:data:`HEADER_ALIASES`, case and spacing ignored).
The export can be one row per deal or already summed: rows are added up per
month, region, product line and rep; without a deals column each row counts as
one deal.

Nothing is guessed. Every row that is not a clean record is refused with its line
and the reason, all of them at once, before anything is written
(:class:`RefusedRows`): a quote that is not closed on its line, a row with fewer
values than the columns it needs or with more values than the header, a row with
values but no month, a value that is not a date or not a number. Numbers are read
in the file's own style (:mod:`~xl_salesplan.actions.number_style`): a decimal comma
is found from the values themselves or given (``decimal=","``); a value with two
readings in a file that does not settle it is refused. Region, product line, rep
and KPI names are matched with the workbook's names in any of its name columns
(:mod:`~xl_salesplan.actions.name_matching`) and written as the workbook's key; a
name that matches nothing is refused with the rows it is on and the closest known
names. A row without revenue is not refused but counted and reported.

Examples
--------
>>> from xl_salesplan.actions.name_matching import NameIndex
>>> regions = KnownNames(NameIndex.from_rows([("East", "华东")]), "tblRegions", "Assumptions")
>>> rows = [["2026-01-15", "华东", "R01", "1,200.5"], ["2026-01-20", " east ", "R01", "800"]]
>>> result = actuals_from_rows(["Close Date", "Territory", "Owner", "Amount"], rows,
...                            names={"region": regions})
>>> result.frame[["month", "region", "rep_id", "revenue", "deals"]]
       month region rep_id  revenue  deals
0 2026-01-01   East    R01   2000.5    2.0
>>> result.decimal_mark
'.'
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_salesplan.actions.actuals_source import SourceRows, read_source_rows
from xl_salesplan.actions.export_cells import (
    KnownNames,
    Problem,
    check_shape,
    listed,
    read_months,
    read_names,
    read_numbers,
)
from xl_salesplan.actions.export_columns import ExportColumns
from xl_salesplan.actions.number_style import DecimalMark
from xl_salesplan.actions.result import Progress, no_progress
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text, message

__all__ = [
    "ACTUALS_COLUMNS",
    "HEADER_ALIASES",
    "ActualsImport",
    "KnownNames",
    "RefusedRows",
    "actuals_from_rows",
    "parse_mapping",
    "read_actuals_file",
    "source_lines",
]

ACTUALS_COLUMNS = ("month", "region", "product_line", "rep_id", "revenue", "deals")
_KEYS = ("month", "region", "product_line", "rep_id")
_MEASURES = ("revenue", "deals")
#: Export column names recognised without a mapping (compared without case and spaces).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "month": ("month", "date", "close date", "closed date", "order date", "period", "月份", "日期"),
    "region": ("region", "territory", "sales region", "区域", "大区"),
    "product_line": ("product line", "product", "product_line", "产品线", "产品"),
    "rep_id": ("rep id", "rep", "rep_id", "owner", "sales rep", "销售代表", "销售"),
    "revenue": ("revenue", "amount", "sales", "booked revenue", "销售额", "金额"),
    "deals": ("deals", "deal count", "won deals", "成交单数", "单数"),
}
_MAX_LISTED = 25


class RefusedRows(PlanningError):
    """An export refused as a whole: the message says so, ``lines`` give every problem.

    ``problems`` are (catalogue key, parameters), so that :meth:`in_language` can
    say them in the workbook's language.

    Examples
    --------
    >>> err = RefusedRows("crm.csv", [("import.blank_month", {"row": 3, "column": "'Date'"})])
    >>> err.message, err.lines, err.code
    ('crm.csv: 1 problem(s) in the export; nothing was imported:', \
["row 3: no month in column 'Date', but the row has values"], 'invalid_input')
    >>> err.in_language("zh-CN").lines
    ["第 3 行:'Date' 列没有月份,但该行有数据"]
    """

    def __init__(self, source: str, problems: Sequence[Problem], language: str = "en") -> None:
        params = {"source": source, "count": len(problems)}
        super().__init__(message("import.rows_refused", language, **params), code="invalid_input",
                         key="import.rows_refused", params=params)  # fmt: skip
        self.source = source
        self.problems = list(problems)
        self.lines = [message(key, language, **values) for key, values in problems[:_MAX_LISTED]]
        if len(problems) > _MAX_LISTED:
            self.lines.append(message("import.more", language, count=len(problems) - _MAX_LISTED))

    def in_language(self, language: str) -> RefusedRows:
        """The same refusal said in ``language``."""
        return RefusedRows(self.source, self.problems, language)


@dataclass
class ActualsImport:
    """Actuals read from an export: the summed frame and what happened on the way.

    Examples
    --------
    >>> result = actuals_from_rows(["Month", "Rep", "Revenue"], [["2026-02", "R01", 5]])
    >>> result.rows_read, result.mapping
    (1, {'month': 'Month', 'rep_id': 'Rep', 'revenue': 'Revenue'})
    """

    frame: pd.DataFrame
    rows_read: int
    mapping: dict[str, str]
    decimal_mark: str | None = None
    encoding: str | None = None
    blank_revenue: list[int] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def parse_mapping(items: Sequence[str] | Mapping[str, str] | None) -> dict[str, str]:
    """A column mapping from ``"month=Close Date"`` items (or a mapping), checked.

    Raises
    ------
    PlanningError
        For an item without ``=`` or an unknown actuals column.

    Examples
    --------
    >>> parse_mapping(["month=Close Date", "revenue = Amount"])
    {'month': 'Close Date', 'revenue': 'Amount'}
    >>> parse_mapping(["amount=Revenue"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: mapping: 'amount' is not an actuals column; use month, ...
    """
    if items is None:
        return {}
    pairs: list[tuple[str, str]] = []
    if isinstance(items, Mapping):
        pairs = [(str(k), str(v)) for k, v in items.items()]
    else:
        for item in items:
            key, sep, value = str(item).partition("=")
            if not sep or not key.strip() or not value.strip():
                raise PlanningError.of(
                    "action.actuals_records.bad_mapping_3", code="bad_mapping", item=item
                )
            pairs.append((key, value))
    out: dict[str, str] = {}
    for key, value in pairs:
        column = key.strip().lower()
        if column not in ACTUALS_COLUMNS:
            raise PlanningError.of(
                "action.actuals_records.bad_mapping_column",
                code="bad_mapping",
                column=key.strip(),
                columns=", ".join(ACTUALS_COLUMNS),
            )
        out[column] = value.strip()
    return out


def read_actuals_file(
    path: str | os.PathLike[str],
    mapping: Mapping[str, str] | Sequence[str] | None = None,
    *,
    sheet: str | None = None,
    names: Mapping[str, KnownNames] | None = None,
    decimal: DecimalMark | None = None,
) -> ActualsImport:
    """Read, check and sum an export file; see :func:`actuals_from_rows`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.csv"
    >>> _ = path.write_text("Close Date;Owner;Amount\\n2026-01-03;R01;1.000,5\\n"
    ...                     "2026-01-20;R01;(200)\\n2026-01-21;R01;99,5\\n")
    >>> result = read_actuals_file(path)
    >>> result.frame[["month", "rep_id", "revenue", "deals"]], result.decimal_mark
    (       month rep_id  revenue  deals
    0 2026-01-01    R01    900.0    3.0, ',')
    """
    source = read_source_rows(path, sheet=sheet)
    result = actuals_from_rows(source.header, source.rows, parse_mapping(mapping),
                               source=source, names=names, decimal=decimal)  # fmt: skip
    result.encoding = source.encoding
    return result


def actuals_from_rows(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    mapping: Mapping[str, str] | None = None,
    *,
    source: SourceRows | str = "actuals file",
    names: Mapping[str, KnownNames] | None = None,
    decimal: DecimalMark | None = None,
    progress: Progress = no_progress,
) -> ActualsImport:
    """Map, check, read, match and sum export rows into the actuals columns.

    Parameters
    ----------
    header, rows : sequences
        The export's column names and its data rows.
    mapping : mapping, optional
        Actuals column -> export column name; unmapped columns are looked up by
        their usual names (:data:`HEADER_ALIASES`).
    source : SourceRows or str
        Where the rows came from (their line numbers), or just the file's name.
    names : mapping, optional
        Key column (``region``, ``product_line``, ``rep_id``) -> the names it accepts;
        a column without an entry keeps its text as written (trimmed).
    decimal : ``"."`` or ``","``, optional
        The decimal mark of the file's numbers; default: found from the values.
    progress : callable, optional
        ``progress(fraction, label)``: told when the checks and the summing start.

    Returns
    -------
    ActualsImport
        ``frame`` has :data:`ACTUALS_COLUMNS` (month = first day of the month, names
        as the workbook writes them, revenue and deals summed), sorted by month,
        region, product line and rep.

    Raises
    ------
    RefusedRows
        With one line per problem (see the module's description).
    PlanningError
        For a mapped column missing from the file or a required column (month,
        revenue, and region or rep) that cannot be found.

    Examples
    --------
    >>> def refusal(rows):
    ...     try:
    ...         actuals_from_rows(["Date", "Region", "Amount"], rows)
    ...     except RefusedRows as err:
    ...         print(err.message, *err.lines, sep="\\n")
    >>> refusal([["2026-01-02", "East", "lots"], ["", "West", "5"]])
    actuals file: 2 problem(s) in the export; nothing was imported:
    row 3: no month in column 'Date', but the row has values
    row 2, column 'Amount': 'lots' is not a number
    >>> refusal([["2026-01-02", "East", "1,234"]])  # doctest: +NORMALIZE_WHITESPACE
    actuals file: 1 problem(s) in the export; nothing was imported:
    row 2, column 'Amount': '1,234' reads as 1,234 or as 1.234; say which with --decimal . or
    --decimal ,
    """
    where = source if isinstance(source, SourceRows) else None
    name = where.source if where else str(source)
    lines, ends = source_lines(where, len(rows))
    header = ["" if h is None else str(h).strip() for h in header]
    chosen = _resolve_columns(header, dict(mapping or {}), name)
    progress(0.0, Text("import.progress.checking", {"rows": len(rows), "source": name}))
    problems: list[Problem] = []
    grid = check_shape(header, ExportColumns.from_rows(rows), chosen, lines, ends, problems)
    columns: dict[str, object] = {}
    columns["month"] = read_months(grid, chosen["month"], header[chosen["month"]], lines,
                                   problems)  # fmt: skip
    mark = read_numbers(grid, chosen, header, lines, decimal, problems, columns, _MEASURES)
    for key in ("region", "product_line", "rep_id"):
        columns[key] = read_names(grid, chosen, header, key, (names or {}).get(key), lines,
                                  problems)  # fmt: skip
    if problems:
        raise RefusedRows(name, problems)
    progress(0.7, Text("import.progress.summing", {"rows": len(grid)}))
    frame = pd.DataFrame(columns, columns=list(ACTUALS_COLUMNS))
    if chosen.get("deals") is None:
        frame["deals"] = 1.0
    blank_revenue = lines[np.flatnonzero(frame["revenue"].isna().to_numpy())].tolist()
    frame = frame[frame["month"].notna()]
    filled = frame.assign(**{k: frame[k].fillna("") for k in _KEYS[1:]})
    summed = (
        filled.groupby(list(_KEYS), sort=True, dropna=False)[list(_MEASURES)]
        .sum(min_count=1)
        .reset_index()
    )
    for k in _KEYS[1:]:
        summed[k] = summed[k].astype(object).where(summed[k] != "", None)
    summed["month"] = pd.to_datetime(summed["month"])
    warnings: list[Problem] = []
    if blank_revenue:
        counted = {"count": len(blank_revenue), "rows": listed(blank_revenue)}
        warnings.append(("import.blank_revenue", counted))
    return ActualsImport(
        frame=summed[list(ACTUALS_COLUMNS)].reset_index(drop=True),
        rows_read=len(grid),
        mapping={k: header[i] for k, i in chosen.items()},
        decimal_mark=mark,
        blank_revenue=blank_revenue,
        warnings=warnings,
    )


def source_lines(where: SourceRows | None, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The line each of ``count`` rows starts and ends on (rows 2, 3... without a source).

    Examples
    --------
    >>> [a.tolist() for a in source_lines(None, 2)]
    [[2, 3], [2, 3]]
    """
    if where is None:
        lines = np.arange(2, count + 2)
        return lines, lines
    lines = np.asarray(where.lines, dtype=np.intp)
    return lines, np.asarray(where.ends, dtype=np.intp) if len(where.ends) else lines


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", " ", unicodedata.normalize("NFKC", text).strip().lower())


def _resolve_columns(header: list[str], mapping: dict[str, str], source: str) -> dict[str, int]:
    folded = [_fold(h) for h in header]
    chosen: dict[str, int] = {}
    for key, name in mapping.items():
        if _fold(name) not in folded:
            listed = ", ".join(repr(h) for h in header if h) or "none"
            raise PlanningError.of(
                "action.actuals_records.bad_mapping_2",
                code="bad_mapping",
                source=source,
                key_name=key,
                name=name,
                listed=listed,
            )
        chosen[key] = folded.index(_fold(name))
    for key, aliases in HEADER_ALIASES.items():
        if key in chosen:
            continue
        for alias in aliases:
            if _fold(alias) in folded and folded.index(_fold(alias)) not in chosen.values():
                chosen[key] = folded.index(_fold(alias))
                break
    missing = [k for k in ("month", "revenue") if k not in chosen]
    if "region" not in chosen and "rep_id" not in chosen:
        missing.append("region (or rep_id)")
    if missing:
        listed = ", ".join(repr(h) for h in header if h) or "none"
        raise PlanningError.of(
            "action.actuals_records.bad_mapping",
            code="bad_mapping",
            source=source,
            join_missing=", ".join(missing),
            listed=listed,
        )
    return chosen

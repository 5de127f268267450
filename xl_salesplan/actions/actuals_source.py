"""Read a CRM export (CSV or XLSX) of actual sales into the plan's actuals table.

A CRM export has its own column names ("Close Date", "Amount", "Owner"...). A
*mapping* says which export column feeds which actuals column; without one, the
usual names are recognised (:data:`HEADER_ALIASES`, case and spacing ignored).
The export can be one row per deal or already summed: rows are added up per
month, region, product line and rep; without a deals column each row counts as
one deal.

Text that a spreadsheet could take for a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, also their full-width forms) is
neutralised with a leading apostrophe, as OWASP recommends against CSV
injection; the workbook layer also always writes text as text.

Examples
--------
>>> rows = [["Close Date", "Territory", "Owner", "Amount"],
...         ["2026-01-15", "East", "R01", "1,200"], ["2026-01-20", "East", "R01", 800],
...         ["2026-02-03", "=cmd|'/c calc'!A1", "R02", 500]]
>>> result = actuals_from_rows(rows[0], rows[1:], {"month": "Close Date", "region": "Territory",
...                                                  "rep_id": "Owner", "revenue": "Amount"})
>>> result.frame[["month", "region", "rep_id", "revenue", "deals"]]
       month              region rep_id  revenue  deals
0 2026-01-01                East    R01   2000.0    2.0
1 2026-02-01  '=cmd|'/c calc'!A1    R02    500.0    1.0
>>> result.neutralised
1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from xl_salesplan.errors import PlanningError

__all__ = [
    "ACTUALS_COLUMNS",
    "FORMULA_PREFIXES",
    "HEADER_ALIASES",
    "ActualsImport",
    "actuals_from_rows",
    "neutralise",
    "parse_mapping",
    "read_actuals_file",
    "read_source_rows",
]

ACTUALS_COLUMNS = ("month", "region", "product_line", "rep_id", "revenue", "deals")
#: Characters that make a spreadsheet read text as a formula (ASCII and full-width).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Export column names recognised without a mapping (compared without case and spaces).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "month": ("month", "date", "close date", "closed date", "order date", "period", "月份", "日期"),
    "region": ("region", "territory", "sales region", "区域", "大区"),
    "product_line": ("product line", "product", "product_line", "产品线", "产品"),
    "rep_id": ("rep id", "rep", "rep_id", "owner", "sales rep", "销售代表", "销售"),
    "revenue": ("revenue", "amount", "sales", "booked revenue", "销售额", "金额"),
    "deals": ("deals", "deal count", "won deals", "成交单数", "单数"),
}
_MAX_BYTES = 200 * 1024 * 1024
_MAX_ROWS = 2_000_000


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
    neutralised: int = 0
    warnings: list[str] = field(default_factory=list)


def neutralise(text: str) -> str:
    """``text`` made safe from formula injection (a leading apostrophe if needed).

    Examples
    --------
    >>> [neutralise(t) for t in ["East", "=1+2", "+86 10", "-5", "@SUM(A1)", "\\tx", "North-1"]]
    ['East', "'=1+2", "'+86 10", "'-5", "'@SUM(A1)", "'\\tx", 'North-1']
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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
                raise PlanningError(
                    f"mapping: {item!r} must look like column=Export header "
                    "(e.g. month=Close Date)",
                    code="bad_mapping",
                )
            pairs.append((key, value))
    out: dict[str, str] = {}
    for key, value in pairs:
        column = key.strip().lower()
        if column not in ACTUALS_COLUMNS:
            raise PlanningError(
                f"mapping: {key.strip()!r} is not an actuals column; use "
                + ", ".join(ACTUALS_COLUMNS),
                code="bad_mapping",
            )
        out[column] = value.strip()
    return out


def read_source_rows(
    path: str | os.PathLike[str], *, sheet: str | None = None
) -> tuple[list[str], list[list[object]]]:
    """Header and data rows of a CSV or XLSX export.

    CSV: UTF-8 (with or without BOM) or GB18030; comma, semicolon or tab separated.
    XLSX/XLSM: the first sheet (or ``sheet``), cached values, first row = header.

    Raises
    ------
    PlanningError
        If the file is missing, of another type, empty or unreadable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.csv"
    >>> _ = path.write_bytes("月份;区域;销售额\\n2026-01;华东;1.200,5\\n".encode("gb18030"))
    >>> read_source_rows(path)
    (['月份', '区域', '销售额'], [['2026-01', '华东', '1.200,5']])
    >>> read_source_rows(path.with_suffix(".pdf"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: ...crm.pdf: no such actuals file
    """
    file = Path(path)
    if not file.is_file():
        raise PlanningError(f"{file}: no such actuals file", code="not_found")
    size = file.stat().st_size
    if size > _MAX_BYTES:
        raise PlanningError(f"{file}: the file is too large ({size} bytes)", code="too_large")
    data = file.read_bytes()
    suffix = file.suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(file, data, sheet)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix == ".xls":
        raise PlanningError(
            f"{file}: old .xls files are not supported; save the export as .xlsx or .csv",
            code="wrong_file_type",
        )
    elif suffix in (".csv", ".txt", ".tsv", ""):
        rows = _csv_rows(file, data)
    else:
        raise PlanningError(
            f"{file}: unsupported file type {suffix!r}; export the actuals as .csv or .xlsx",
            code="wrong_file_type",
        )
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise PlanningError(f"{file}: the file is empty", code="empty")
    if len(rows) > _MAX_ROWS:
        raise PlanningError(f"{file}: more than {_MAX_ROWS} rows", code="too_large")
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    return header, [list(r) for r in rows[1:]]


def read_actuals_file(
    path: str | os.PathLike[str],
    mapping: Mapping[str, str] | Sequence[str] | None = None,
    *,
    sheet: str | None = None,
) -> ActualsImport:
    """Read and sum an export file; see :func:`actuals_from_rows`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.csv"
    >>> _ = path.write_text("Close Date,Owner,Amount\\n2026-01-03,R01,\\"1,000\\"\\n"
    ...                     "2026-01-20,R01,(200)\\n")
    >>> read_actuals_file(path).frame[["month", "rep_id", "revenue", "deals"]]
           month rep_id  revenue  deals
    0 2026-01-01    R01    800.0    2.0
    """
    header, rows = read_source_rows(path, sheet=sheet)
    return actuals_from_rows(header, rows, parse_mapping(mapping), source=Path(path).name)


def actuals_from_rows(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    mapping: Mapping[str, str] | None = None,
    *,
    source: str = "actuals file",
) -> ActualsImport:
    """Map, parse, neutralise and sum export rows into the actuals columns.

    Parameters
    ----------
    header, rows : sequences
        The export's column names and its data rows.
    mapping : mapping, optional
        Actuals column -> export column name; unmapped columns are looked up by
        their usual names (:data:`HEADER_ALIASES`).
    source : str
        Name of the file, for messages.

    Returns
    -------
    ActualsImport
        ``frame`` has :data:`ACTUALS_COLUMNS` (month = first day of the month, text
        columns neutralised, revenue and deals summed), sorted by month, region,
        product line and rep.

    Raises
    ------
    PlanningError
        Naming the file row (as numbered in the file, header = row 1) and column
        of the first bad value, a mapped column missing from the file, or a required
        column (month, revenue, and region or rep) that cannot be found.

    Examples
    --------
    >>> actuals_from_rows(["Date", "Region", "Amount"], [["2026-01-02", "East", "lots"]])
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: actuals file row 2, column 'Amount': 'lots' is not a number
    """
    header = ["" if h is None else str(h).strip() for h in header]
    chosen = _resolve_columns(header, dict(mapping or {}), source)
    width = len(header)
    grid = [(list(r) + [None] * width)[:width] for r in rows]
    problems: list[str] = []
    neutralised = 0
    columns: dict[str, list[object]] = {}
    for key in ACTUALS_COLUMNS:
        index = chosen.get(key)
        if index is None:
            columns[key] = [None] * len(grid)
            continue
        raw = [r[index] for r in grid]
        if key == "month":
            columns[key] = [
                _month(v, i, header[index], source, problems) for i, v in enumerate(raw)
            ]
        elif key in ("revenue", "deals"):
            columns[key] = [
                _number(v, i, header[index], source, problems) for i, v in enumerate(raw)
            ]
        else:
            texts = [_text(v) for v in raw]
            safe = [None if t is None else neutralise(t) for t in texts]
            neutralised += sum(1 for a, b in zip(texts, safe, strict=True) if a != b)
            columns[key] = safe
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PlanningError(problems[0] + more, code="bad_value")
    frame = pd.DataFrame(columns)
    if chosen.get("deals") is None:
        frame["deals"] = 1.0
    frame = frame[frame["month"].notna() | frame["revenue"].notna()]
    keys = ["month", "region", "product_line", "rep_id"]
    filled = frame.assign(**{k: frame[k].fillna("") for k in keys[1:]})
    summed = (
        filled.groupby(keys, sort=True, dropna=False)[["revenue", "deals"]]
        .sum(min_count=1)
        .reset_index()
    )
    for k in keys[1:]:
        summed[k] = summed[k].astype(object).where(summed[k] != "", None)
    summed["month"] = pd.to_datetime(summed["month"])
    return ActualsImport(
        frame=summed[list(ACTUALS_COLUMNS)].reset_index(drop=True),
        rows_read=len(grid),
        mapping={k: header[i] for k, i in chosen.items()},
        neutralised=neutralised,
    )


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower())


def _resolve_columns(header: list[str], mapping: dict[str, str], source: str) -> dict[str, int]:
    folded = [_fold(h) for h in header]
    chosen: dict[str, int] = {}
    for key, name in mapping.items():
        if _fold(name) not in folded:
            listed = ", ".join(repr(h) for h in header if h) or "none"
            raise PlanningError(
                f"{source}: mapping {key}={name!r}, but the file has no column {name!r} "
                f"(its columns: {listed})",
                code="bad_mapping",
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
        raise PlanningError(
            f"{source}: cannot find the column(s) for {', '.join(missing)}; map them, e.g. "
            f'--map month="Close Date" (the file\'s columns: {listed})',
            code="bad_mapping",
        )
    return chosen


def _where(source: str, i: int, column: str) -> str:
    return f"{source} row {i + 2}, column {column!r}"


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip("\n ")
    return text or None


def _number(value: object, i: int, column: str, source: str, problems: list[str]) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return np.nan
    if isinstance(value, bool):
        problems.append(f"{_where(source, i, column)}: {value!r} is not a number")
        return np.nan
    if isinstance(value, (int, float)):
        return float(value)
    text = re.sub(r"[\s,\u00a0'¥￥$€£]|CNY|RMB|元", "", str(value))
    negative = text.startswith("(") and text.endswith(")")
    try:
        number = float(text.strip("()"))
    except ValueError:
        problems.append(f"{_where(source, i, column)}: {str(value)[:40]!r} is not a number")
        return np.nan
    if not np.isfinite(number):
        problems.append(f"{_where(source, i, column)}: {str(value)[:40]!r} is not a number")
        return np.nan
    return -number if negative else number


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m", "%Y/%m", "%Y%m%d", "%d.%m.%Y", "%Y年%m月%d日",
                 "%Y年%m月")  # fmt: skip


def _month(value: object, i: int, column: str, source: str, problems: list[str]) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return pd.Timestamp(value.year, value.month, 1)
    if isinstance(value, str):
        text = value.strip().split(" ")[0].split("T")[0]
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
            return pd.Timestamp(parsed.year, parsed.month, 1)
    problems.append(
        f"{_where(source, i, column)}: {str(value)[:40]!r} is not a date "
        "(use YYYY-MM-DD or YYYY-MM)"
    )
    return None


def _csv_rows(file: Path, data: bytes) -> list[list[object]]:
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise PlanningError(
            f"{file}: not a text (CSV) file; export the actuals as .csv or .xlsx",
            code="wrong_file_type",
        )
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise PlanningError(
            f"{file}: cannot read the CSV file ({exc})", code="unreadable"
        ) from None


def _xlsx_rows(file: Path, data: bytes, sheet: str | None) -> list[list[object]]:
    from xl_salesplan.ooxml.package import Package
    from xl_salesplan.ooxml.reading import load_values

    try:
        Package.from_bytes(data, source=file.name)  # zip safety checks before openpyxl
        book = load_values(data)
    except PlanningError as exc:
        raise PlanningError(
            f"{file}: not a readable .xlsx file ({exc.message})", code="wrong_file_type"
        ) from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            raise PlanningError(
                f"{file}: no sheet {sheet!r} (sheets: {', '.join(names)})", code="unknown_sheet"
            )
        ws = book[sheet or names[0]]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()

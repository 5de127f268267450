"""The monthly rhythm: merge a month's (or a few months') actuals into the year so far.

Planners import the actuals month by month. :func:`merge_periods` keeps every row
of the months the import does not have and replaces the months it has, row by row
(matched by month, region, product line and rep), and counts per month what was
added, replaced, removed (rows of an imported month that the import no longer has)
and kept. ``replace_all=True`` is the import of a whole year: only the imported
rows remain.

Examples
--------
>>> old = pd.DataFrame({"month": pd.to_datetime(["2026-09-01", "2026-10-01", "2026-10-01"]),
...                     "region": ["East", "East", "West"], "revenue": [1.0, 2.0, 3.0]})
>>> new = pd.DataFrame({"month": pd.to_datetime(["2026-10-01", "2026-10-01"]),
...                     "region": ["East", "North"], "revenue": [5.0, 6.0]})
>>> merged = merge_periods(old, new, keys=["month", "region"])
>>> merged.frame
       month region  revenue
0 2026-09-01   East      1.0
1 2026-10-01   East      5.0
2 2026-10-01  North      6.0
>>> merged.report
     month  added  replaced  removed  kept
0  2026-09      0         0        0     1
1  2026-10      1         1        1     0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_salesplan.actions.export_columns import distinct_codes

__all__ = ["KpiMonthMerge", "PeriodMerge", "merge_kpi_months", "merge_periods"]

_REPORT_COLUMNS = ["month", "added", "replaced", "removed", "kept"]


@dataclass
class PeriodMerge:
    """The merged rows and, per month (``YYYY-MM``), the rows added, replaced, removed, kept.

    Attributes
    ----------
    frame : DataFrame
        The merged rows: months in order, each month's rows in their order (kept months
        as they were, imported months as imported); rows whose month is blank or not a
        date (kept as they were) at the end.
    report : DataFrame
        ``month``, ``added``, ``replaced``, ``removed``, ``kept``: one row per month of
        either side, in order (``"blank"`` for rows without a month).
    imported_months, removed_months : list of Timestamp
        Months the import has; months that had rows and have none after the merge.
    """

    frame: pd.DataFrame
    report: pd.DataFrame
    imported_months: list[pd.Timestamp]
    removed_months: list[pd.Timestamp]


def _month_starts(values: pd.Series) -> pd.Series:
    months = pd.to_datetime(values, errors="coerce")
    return months.dt.to_period("M").dt.to_timestamp()


def _key_texts(frame: pd.DataFrame, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """The key columns as comparable text (blank = ""), the month as ``YYYY-MM`` of its start.

    Each distinct value of a column is turned into text once (values alike only in type and
    value, :func:`~xl_salesplan.actions.export_columns.distinct_codes`); a month column that
    is not of dates is read as a whole, as ``pd.to_datetime`` reads a column.
    """
    out = {}
    for key in keys:
        column = frame[key]
        if key == "month" and not (isinstance(column.dtype, np.dtype) and column.dtype.kind == "M"):
            texts = _month_starts(column).dt.strftime("%Y-%m").fillna("")
            out[key] = texts.to_numpy(dtype=object)
            continue
        if key == "month":
            codes, uniques = pd.factorize(column)  # NaT: -1, the last text below
            starts = _month_starts(pd.Series(uniques, dtype=column.dtype)).dt.strftime("%Y-%m")
            shown = np.append(starts.to_numpy(dtype=object), "")
        else:
            values = column.to_numpy(dtype=object)
            if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
                codes, texts = pd.factorize(values)  # texts and blanks only: a blank is -1
                shown = np.empty(len(texts) + 1, dtype=object)
                shown[:-1] = [text.strip() for text in texts]
                shown[-1] = ""
            else:
                codes, distinct = distinct_codes(values)
                found = pd.Series(distinct, dtype=object)
                shown = found.where(found.notna(), "").astype(str).str.strip().to_numpy(object)
        out[key] = shown[codes]
    return out


def _row_codes(columns: Sequence[np.ndarray]) -> np.ndarray:
    """One code per row, equal where every column's text is equal."""
    combined = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for texts in columns:
        codes, uniques = pd.factorize(texts)
        combined, _ = pd.factorize(combined * len(uniques) + codes)
    return combined


def merge_periods(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    *,
    keys: Sequence[str] = ("month", "region", "product_line", "rep_id"),
    replace_all: bool = False,
) -> PeriodMerge:
    """Replace the months ``incoming`` has, keep the other months of ``existing``.

    Parameters
    ----------
    existing, incoming : DataFrame
        Rows with the same columns; ``keys`` (the first is ``month``) identify a row.
    replace_all : bool
        Drop every existing row (all of them count as removed).

    Returns
    -------
    PeriodMerge

    Examples
    --------
    >>> old = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-02-01"]),
    ...                     "rep_id": ["R01", "R01"], "revenue": [1.0, 2.0]})
    >>> new = old.iloc[[1]].assign(revenue=4.0)
    >>> merge_periods(old, new, keys=["month", "rep_id"], replace_all=True).report
         month  added  replaced  removed  kept
    0  2026-01      0         0        1     0
    1  2026-02      0         1        0     0
    """
    month_key = keys[0]
    incoming = incoming.reset_index(drop=True)
    existing = existing.reset_index(drop=True)
    new_keys = _key_texts(incoming, keys)
    old_keys = _key_texts(existing, keys)
    old_months, new_months = old_keys[month_key], new_keys[month_key]
    imported = sorted(set(pd.unique(new_months)) - {""})
    touched = np.ones(len(existing), dtype=bool) if replace_all else np.isin(old_months, imported)
    rows = _row_codes([np.concatenate([old_keys[k][touched], new_keys[k]]) for k in keys])
    old_rows, new_rows = rows[: int(touched.sum())], rows[int(touched.sum()) :]
    kept = old_months[~touched]
    labels = np.concatenate([new_months, old_months[touched], kept])
    statuses = np.concatenate([
        np.where(np.isin(new_rows, old_rows), _REPLACED, _ADDED),
        np.where(np.isin(old_rows, new_rows), -1, _REMOVED),  # replaced: counted once, above
        np.full(len(kept), _KEPT),
    ])  # fmt: skip
    counted = statuses >= 0
    report = _report(labels[counted], statuses[counted])
    frame = pd.concat([existing[~touched], incoming], ignore_index=True)
    months = np.concatenate([kept.astype(str), new_months.astype(str)])
    blank_last = np.where(months == "", "~", months)  # "~" sorts after every YYYY-MM
    frame = frame.iloc[np.argsort(blank_last, kind="stable")]
    before = set(pd.unique(old_months)) - {""}
    after = set(months.tolist()) - {""}
    return PeriodMerge(
        frame=frame.reset_index(drop=True),
        report=report.reset_index(drop=True),
        imported_months=[pd.Timestamp(m) for m in imported],
        removed_months=[pd.Timestamp(m) for m in sorted(before - after)],
    )


_ADDED, _REPLACED, _REMOVED, _KEPT = range(4)  # the columns of the report after the month


def _report(months: np.ndarray, statuses: np.ndarray) -> pd.DataFrame:
    """Per month (``"blank"`` for ""), in order, how many rows have each status."""
    codes, found = pd.factorize(np.where(months == "", "blank", months))
    counts = np.zeros((len(found), 4), dtype=np.int64)
    np.add.at(counts, (codes, statuses), 1)
    order = sorted(range(len(found)), key=lambda i: found[i])
    return pd.DataFrame([[str(found[i]), *map(int, counts[i])] for i in order],
                        columns=_REPORT_COLUMNS)  # fmt: skip


@dataclass
class KpiMonthMerge:
    """What a KPI actuals import writes into the KPI table (its rows stay where they are).

    Attributes
    ----------
    positions, values : ndarray
        The table rows (0-based, ascending) whose actual is written, and the values (NaN: the
        actual is cleared, only with ``replace_all``).
    added : DataFrame
        ``month``, ``kpi_id``, ``value`` of the KPI months the table has no row for.
    report : DataFrame
        Per imported month (``YYYY-MM``): ``set`` (actuals written), ``changed`` (of those,
        different from before) and ``kept`` (the month's other KPIs, left as they were).
    cleared : int
        Actuals cleared because the file does not have them (``replace_all``).
    """

    positions: np.ndarray
    values: np.ndarray
    added: pd.DataFrame
    report: pd.DataFrame
    cleared: int


def merge_kpi_months(
    table: pd.DataFrame, imported: pd.DataFrame, *, replace_all: bool = False
) -> KpiMonthMerge:
    """Set the imported KPI months' actuals in the KPI table; keep every other actual.

    Parameters
    ----------
    table : DataFrame
        The KPI table: ``month``, ``kpi_id`` (the workbook's keys) and ``actual``.
    imported : DataFrame
        ``month``, ``kpi_id``, ``value``: one row per KPI month.
    replace_all : bool
        Clear every other actual of the table (the file is the whole year).

    Examples
    --------
    >>> table = pd.DataFrame({"month": pd.to_datetime(["2026-09-01"] * 2 + ["2026-10-01"] * 2),
    ...                       "kpi_id": ["revenue", "win_rate"] * 2,
    ...                       "actual": [9.0, 0.3, None, 0.2]})
    >>> new = pd.DataFrame({"month": pd.to_datetime(["2026-10-01", "2026-11-01"]),
    ...                     "kpi_id": ["revenue", "revenue"], "value": [5.0, 6.0]})
    >>> merged = merge_kpi_months(table, new)
    >>> merged.positions.tolist(), merged.values.tolist(), merged.added["month"].tolist()
    ([2], [5.0], [Timestamp('2026-11-01 00:00:00')])
    >>> merged.report
         month  set  changed  kept
    0  2026-10    1        1     1
    1  2026-11    1        1     0
    >>> merge_kpi_months(table, new, replace_all=True).positions.tolist()
    [0, 1, 2, 3]
    """
    table = table.reset_index(drop=True)
    months = _month_starts(table["month"]).dt.strftime("%Y-%m").fillna("")
    kpis = table["kpi_id"].astype(object).where(table["kpi_id"].notna(), "").astype(str)
    row_of: dict[tuple[str, str], int] = {}
    for position, key in enumerate(zip(months, kpis.str.strip(), strict=True)):
        row_of.setdefault(key, position)
    new_months = _month_starts(imported["month"]).dt.strftime("%Y-%m")
    old = pd.to_numeric(table["actual"], errors="coerce").to_numpy(dtype=float)
    written: dict[int, float] = {}
    missing, counts = [], {m: Counter() for m in sorted(set(new_months))}
    for month, kpi, value in zip(new_months, imported["kpi_id"], imported["value"], strict=True):
        position = row_of.get((month, str(kpi)))
        counts[month]["set"] += 1
        if position is None:
            missing.append(True)
            counts[month]["changed"] += 1
            continue
        missing.append(False)
        written[position] = float(value)
        counts[month]["changed"] += int(not np.isclose(old[position], value, rtol=1e-12))
    cleared = 0
    for position, month in enumerate(months):
        if position in written:
            continue
        if replace_all and not np.isnan(old[position]):
            written[position] = np.nan
            cleared += 1
        elif month in counts:
            counts[month]["kept"] += 1
    order = sorted(written)
    report = pd.DataFrame([[m, c["set"], c["changed"], c["kept"]] for m, c in counts.items()],
                          columns=["month", "set", "changed", "kept"])  # fmt: skip
    return KpiMonthMerge(
        positions=np.asarray(order, dtype=np.int64),
        values=np.asarray([written[p] for p in order], dtype=float),
        added=imported[np.asarray(missing, dtype=bool)].reset_index(drop=True),
        report=report,
        cleared=cleared,
    )

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

__all__ = ["PeriodMerge", "merge_periods"]

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


def _key_frame(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """The key columns as comparable text (blank = ""), with the month as its start."""
    out = pd.DataFrame(index=frame.index)
    for key in keys:
        if key == "month":
            out[key] = _month_starts(frame[key]).dt.strftime("%Y-%m").fillna("")
        else:
            column = frame[key].astype(object)
            out[key] = column.where(column.notna(), "").astype(str).str.strip()
    return out


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
    new_keys = _key_frame(incoming, keys)
    old_keys = _key_frame(existing, keys)
    imported = sorted(set(new_keys[month_key]) - {""})
    touched = (
        np.ones(len(existing), dtype=bool) if replace_all else old_keys[month_key].isin(imported)
    )
    old_tuples = list(map(tuple, old_keys[touched].to_numpy().tolist()))
    new_tuples = list(map(tuple, new_keys.to_numpy().tolist()))
    old_set, new_set = set(old_tuples), set(new_tuples)
    statuses = (
        [(t[0], "replaced" if t in old_set else "added") for t in new_tuples]
        + [(t[0], "removed") for t in old_tuples if t not in new_set]
        + [(m, "kept") for m in old_keys.loc[~touched, month_key]]
    )
    counts: dict[str, Counter[str]] = {}
    for month, status in statuses:
        counts.setdefault(month or "blank", Counter())[status] += 1
    report = pd.DataFrame(
        [[month, *(counts[month][c] for c in _REPORT_COLUMNS[1:])] for month in sorted(counts)],
        columns=_REPORT_COLUMNS,
    )
    frame = pd.concat([existing[~touched], incoming], ignore_index=True)
    months = np.concatenate([old_keys.loc[~touched, month_key].to_numpy(dtype=str),
                             new_keys[month_key].to_numpy(dtype=str)])  # fmt: skip
    blank_last = np.where(months == "", "~", months)  # "~" sorts after every YYYY-MM
    frame = frame.iloc[np.argsort(blank_last, kind="stable")]
    before = set(old_keys[month_key]) - {""}
    after = set(months) - {""}
    return PeriodMerge(
        frame=frame.reset_index(drop=True),
        report=report.reset_index(drop=True),
        imported_months=[pd.Timestamp(m) for m in imported],
        removed_months=[pd.Timestamp(m) for m in sorted(before - after)],
    )

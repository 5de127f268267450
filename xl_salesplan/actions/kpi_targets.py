"""The KPI targets the plan sets: what Build plan writes for Flag KPIs to track.

The method is "set targets, then monitor against them": the monthly targets of the
KPIs the plan determines come from the plan itself, so the KPI tracker and the
dashboard measure the year against the same numbers as the Targets and Funnel
sheets. :data:`PLAN_KPI_TARGETS` (the one mapping) says which KPIs and where their
monthly targets come from in the frames of
:func:`~xl_salesplan.actions.plan.compute_plan`:

- ``revenue``: the company target by month (``CompanyTarget``, row ``target``);
- ``deals_won``: the deals needed by month (``Funnel``, column ``deals``);
- ``new_leads``: the leads needed by month (``Funnel``, column ``leads``).

Only the twelve months of the plan year count (the funnel's months before the
plan year are left out). The leads of the last ``sales_cycle_months`` months of the
year are for deals that close after it; the funnel counts them, taking the months
after the plan year to repeat the plan year's same months
(:func:`~xl_salesplan.actions.plan.funnel_after_plan`), so the ``new_leads`` target
runs over all twelve months, as on the Funnel sheet: in a year, as many leads as the
year's deals need (deals / both conversion rates).

A KPI is recognised by its id: the text of the ``kpi_id`` cell without surrounding
spaces, compared exactly (case matters) with the keys of :data:`PLAN_KPI_TARGETS`,
the same rule as the KPI table, Import actuals and Flag KPIs. A KPI gets the plan's
targets only if it is defined in the KPI table (``tblKpis``). A row of the KPI
actuals table (``tblKpiActuals``) is the target of a KPI month when its ``kpi_id``
is that KPI and its ``month`` falls in that month. Every other KPI and row keeps
the targets the planner entered.

:func:`plan_kpi_targets` (pure) gives the targets; :func:`link_kpi_targets` (pure)
puts them into a KPI actuals frame;
:func:`~xl_salesplan.actions.company_inputs.with_plan_targets` does both on a
:class:`~xl_salesplan.actions.inputs.PlanInputs` (it is how
:func:`~xl_salesplan.actions.company_inputs.inputs_from_company`, and so the template, links
the sample company's targets to its plan); :func:`write_kpi_targets` writes them
into the target cells of a workbook's ``tblKpiActuals`` (Build plan).

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> from xl_salesplan.actions.plan import compute_plan
>>> inputs = inputs_from_company()
>>> targets = plan_kpi_targets(inputs, compute_plan(inputs))
>>> targets.groupby("kpi_id", sort=False)["target"].sum().round(1).to_dict()
{'revenue': 78480000.0, 'deals_won': 2713.0, 'new_leads': 27342.0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.workbook_inputs import date_of
from xl_salesplan.actions.writing import write_column_cells
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.workbook.book import Book

__all__ = [
    "PLAN_KPI_TARGETS",
    "TargetsWritten",
    "link_kpi_targets",
    "plan_kpi_targets",
    "target_rows",
    "write_kpi_targets",
]

#: KPI id -> (frame of ``compute_plan``, row or column of that frame) holding the KPI's
#: monthly targets. A frame with a ``month`` column (``funnel``) has one row per month
#: and the key names a column; otherwise (``company_target``) months are columns and
#: the key names a row.
PLAN_KPI_TARGETS: dict[str, tuple[str, str]] = {
    "revenue": ("company_target", "target"),
    "deals_won": ("funnel", "deals"),
    "new_leads": ("funnel", "leads"),
}
_MAX_LISTED = 6


def plan_kpi_targets(inputs: PlanInputs, plan: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The monthly targets the plan sets for the KPIs of :data:`PLAN_KPI_TARGETS`.

    Parameters
    ----------
    inputs : PlanInputs
        Uses ``kpis`` (only KPIs defined there get targets) and ``plan_year``.
    plan : mapping of str to DataFrame
        The frames of :func:`~xl_salesplan.actions.plan.compute_plan` for ``inputs``.

    Returns
    -------
    DataFrame
        Columns ``kpi_id``, ``month`` (first day of the month) and ``target``: twelve
        rows per KPI, the plan year's months, KPIs in the order of the KPI table.

    Raises
    ------
    PlanningError
        If a plan frame the mapping names is missing or lacks a plan-year month.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> from xl_salesplan.actions.plan import compute_plan
    >>> inputs = inputs_from_company()
    >>> targets = plan_kpi_targets(inputs, compute_plan(inputs))
    >>> targets.iloc[[0, 12]].round({"target": 2})
           kpi_id      month     target
    0     revenue 2026-01-01  7325000.0
    12  deals_won 2026-01-01      253.0
    """
    labels = [str(p) for p in inputs.plan_periods]
    months = inputs.plan_periods.to_timestamp()
    defined = [_kpi_id(v) for v in inputs.kpis["kpi_id"]]
    parts = []
    for kpi in dict.fromkeys(k for k in defined if k in PLAN_KPI_TARGETS):
        frame_name, key = PLAN_KPI_TARGETS[kpi]
        values = _monthly(plan, frame_name, key, labels)
        parts.append(pd.DataFrame({"kpi_id": kpi, "month": months, "target": values}))
    if not parts:
        return pd.DataFrame({"kpi_id": pd.Series(dtype=object),
                             "month": pd.Series(dtype="datetime64[ns]"),
                             "target": pd.Series(dtype=float)})  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def _monthly(
    plan: Mapping[str, pd.DataFrame], frame_name: str, key: str, labels: list[str]
) -> np.ndarray:
    """The plan-year months of one row or column of a plan frame."""
    if frame_name not in plan:
        raise PlanningError.of(
            "action.kpi_targets.shape_mismatch",
            code="shape_mismatch",
            positions=(frame_name,),
            frame_name=frame_name,
        )
    frame = plan[frame_name]
    if "month" in frame.columns:
        if key not in frame.columns:
            raise PlanningError.of(
                "action.kpi_targets.shape_mismatch_3",
                code="shape_mismatch",
                positions=(frame_name, key),
                frame_name=frame_name,
                key_name=key,
            )
        series = frame.set_index(frame["month"].astype(str))[key].reindex(labels)
    else:
        if key not in frame.index:
            raise PlanningError.of(
                "action.kpi_targets.shape_mismatch_4",
                code="shape_mismatch",
                positions=(frame_name, key),
                frame_name=frame_name,
                key_name=key,
            )
        series = frame.loc[key].reindex(labels)
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any():
        missing = [labels[i] for i in np.flatnonzero(np.isnan(values))]
        raise PlanningError.of(
            "action.kpi_targets.shape_mismatch_2",
            code="shape_mismatch",
            positions=tuple(missing),
            frame_name=frame_name,
            key_name=key,
            join_missing=", ".join(missing),
        )
    return values


def _kpi_id(value: object) -> str | None:
    """A ``kpi_id`` cell as the id it names (spaces around removed), or None."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def target_rows(kpi_actuals: pd.DataFrame, targets: pd.DataFrame) -> np.ndarray:
    """For each row of a KPI actuals frame, the row of ``targets`` it is the target of.

    Parameters
    ----------
    kpi_actuals : DataFrame
        Columns ``month`` (dates, or text such as ``2026-03-01``) and ``kpi_id``.
    targets : DataFrame
        As returned by :func:`plan_kpi_targets`.

    Returns
    -------
    ndarray of int64
        One entry per row: the 0-based position in ``targets``, or -1 for a row whose
        target the plan does not set (other KPI, other month, or unreadable).

    Examples
    --------
    >>> targets = pd.DataFrame({"kpi_id": ["revenue", "revenue"],
    ...                         "month": pd.to_datetime(["2026-01-01", "2026-02-01"]),
    ...                         "target": [10.0, 20.0]})
    >>> rows = pd.DataFrame({"month": ["2026-02-15", pd.Timestamp("2026-01-01"), None, "x"],
    ...                      "kpi_id": [" revenue", "win_rate", "revenue", "revenue"]})
    >>> target_rows(rows, targets).tolist()
    [1, -1, -1, -1]
    """
    n = len(kpi_actuals)
    if n == 0 or targets.empty:
        return np.full(n, -1, dtype=np.int64)
    keys = pd.MultiIndex.from_arrays(
        [targets["kpi_id"].astype(str).to_numpy(), pd.PeriodIndex(targets["month"], freq="M")]
    )
    dates = pd.Series([date_of(v) for v in kpi_actuals["month"]], dtype="datetime64[ns]")
    ids = [_kpi_id(v) for v in kpi_actuals["kpi_id"]]
    rows = pd.MultiIndex.from_arrays(
        [pd.Series(ids, dtype=object).fillna("").to_numpy(), dates.dt.to_period("M")]
    )
    return keys.get_indexer(rows).astype(np.int64)


def link_kpi_targets(kpi_actuals: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``kpi_actuals`` whose rows the plan sets carry the plan's targets.

    Rows are matched by :func:`target_rows`; every other cell is kept as it is. KPI
    months of ``targets`` without a row are not added.

    Examples
    --------
    >>> targets = pd.DataFrame({"kpi_id": ["revenue"], "month": [pd.Timestamp("2026-01-01")],
    ...                         "target": [100.0]})
    >>> rows = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-01-01"]),
    ...                      "kpi_id": ["revenue", "win_rate"], "target": [90.0, 0.3],
    ...                      "actual": [95.0, 0.28]})
    >>> link_kpi_targets(rows, targets)
           month    kpi_id  target  actual
    0 2026-01-01   revenue   100.0   95.00
    1 2026-01-01  win_rate     0.3    0.28
    """
    found = target_rows(kpi_actuals, targets)
    out = kpi_actuals.copy()
    linked = pd.to_numeric(out["target"], errors="coerce").to_numpy(dtype=float, copy=True)
    hit = found >= 0
    linked[hit] = targets["target"].to_numpy(dtype=float)[found[hit]]
    out["target"] = linked
    return out


@dataclass(frozen=True)
class TargetsWritten:
    """What :func:`write_kpi_targets` wrote.

    Attributes
    ----------
    cells : int
        Target cells written.
    kpis : tuple of str
        KPIs whose targets the plan sets (in the KPI table's order).
    missing : tuple of str
        KPI months the plan sets that have no row in the table (``"new_leads 2026-10"``).
    """

    cells: int
    kpis: tuple[str, ...]
    missing: tuple[str, ...]

    def lines(self) -> list[str]:  # Text: English, shown in the workbook's language
        """Summary lines for the planner.

        Examples
        --------
        >>> lines = TargetsWritten(2, ("revenue",), ("revenue 2026-03",)).lines()
        >>> lines[0]
        '  KPI targets set by the plan: revenue (2 cells of tblKpiActuals)'
        >>> lines[1][:60]
        '  warning: tblKpiActuals has no row for revenue 2026-03: add'
        """
        if not self.kpis:
            return []
        out = [Text("plan.kpi_targets_line", {"kpis": ", ".join(self.kpis), "cells": self.cells})]
        if self.missing:
            shown = ", ".join(self.missing[:_MAX_LISTED])
            extra = len(self.missing) - _MAX_LISTED
            more = Text("plan.and_more", {"count": extra}) if extra > 0 else ""
            out.append(Text("plan.kpi_targets_missing", {"shown": shown, "more": more}))
        return out


def write_kpi_targets(book: Book, kpi_table: pd.DataFrame, targets: pd.DataFrame) -> TargetsWritten:
    """Write the plan's KPI targets into the target cells of ``tblKpiActuals``.

    Only the target cells of the rows :func:`target_rows` matches are written (runs
    of consecutive rows in one write each); no row is added, removed or reordered,
    and no other cell changes.

    Parameters
    ----------
    book : Book
        The plan workbook.
    kpi_table : DataFrame
        The table as read by
        :func:`~xl_salesplan.actions.workbook_inputs.read_workbook_inputs` (column
        keys; ``attrs`` give ``sheet``, ``first_row`` and ``first_column``).
    targets : DataFrame
        As returned by :func:`plan_kpi_targets`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.actions.workbook_inputs import read_workbook_inputs
    >>> from xl_salesplan.workbook.book import FileBook
    >>> book = FileBook.open(sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm"))
    >>> kpi_table = read_workbook_inputs(book).tables["tblKpiActuals"]
    >>> targets = pd.DataFrame({"kpi_id": ["revenue"], "month": [pd.Timestamp("2026-02-01")],
    ...                         "target": [5_000_000.0]})
    >>> write_kpi_targets(book, kpi_table, targets)
    TargetsWritten(cells=1, kpis=('revenue',), missing=())
    >>> book.read_value("Actuals", "J14")
    5000000.0
    """
    kpis = tuple(dict.fromkeys(str(k) for k in targets["kpi_id"]))
    found = target_rows(kpi_table, targets)
    covered = np.zeros(len(targets), dtype=bool)
    covered[found[found >= 0]] = True
    missing = tuple(
        f"{kpi} {month:%Y-%m}"
        for kpi, month in targets.loc[~covered, ["kpi_id", "month"]].itertuples(index=False)
    )
    positions = np.flatnonzero(found >= 0)
    values = targets["target"].to_numpy(dtype=float)[found[positions]]
    write_column_cells(book, "tblKpiActuals", kpi_table, "target", positions, values)
    return TargetsWritten(cells=int(positions.size), kpis=kpis, missing=missing)

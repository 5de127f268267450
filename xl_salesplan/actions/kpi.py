"""Flag KPIs, the computation: variance, seasonal pace, status and signals per KPI.

:func:`compute_kpis` reads the KPI definitions and the monthly KPI targets and
actuals and glues the KPI engine together (the targets of the KPIs the plan
determines, revenue, deals won and new leads, are the plan's: Build plan sets them,
see :mod:`~xl_salesplan.actions.kpi_targets`):

- pace against the phased monthly targets up to ``actuals_through_month``
  (:func:`~xl_salesplan.kpi.kpi_pace`), with the month-to-month noise taken from
  the year-to-date relative residuals (actual / target - 1) for the probability;
- KPIs aggregated by ``mean`` (rates, days, prices) show their figures per month
  (the sums divided by the months they cover); ``sum`` KPIs show totals;
- variance of actual against expected to date (:func:`~xl_salesplan.kpi.kpi_variance`)
  and the status with the KPI's own thresholds (:func:`~xl_salesplan.kpi.kpi_status`);
- Nelson rules on the monthly relative variance (so seasonality does not fire
  them) and a CUSUM drift check (:mod:`~xl_salesplan.kpi.signals`).

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> frames = compute_kpis(inputs_from_company())
>>> frames["kpi_status_counts"]["count"].sum()
np.int64(8)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.incentives import compute_incentives
from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.replan import read_plan_block
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.validate import check_inputs
from xl_salesplan.actions.workbook_inputs import plan_inputs, read_workbook_inputs
from xl_salesplan.actions.writing import write_blocks
from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi import STATUS_LABELS, kpi_pace, kpi_status, kpi_variance
from xl_salesplan.kpi.signals import cusum, firing_points, nelson_rules, xmr_limits
from xl_salesplan.messages import Text, message
from xl_salesplan.ooxml.references import first_cell
from xl_salesplan.workbook.book import Book

__all__ = ["CUSUM_H", "CUSUM_K", "KPI_BLOCKS", "compute_kpis", "flag_kpis"]

#: The frames :func:`compute_kpis` returns.
KPI_BLOCKS = ("kpi_tracker", "kpi_signals", "kpi_status_counts", "revenue_by_month")
#: The KPI whose monthly target the dashboard compares with actual revenue.
REVENUE_KPI = "revenue"
#: CUSUM allowance and decision interval, in sigmas of the monthly relative variance.
CUSUM_K, CUSUM_H = 0.5, 4.0


def compute_kpis(inputs: PlanInputs, *, language: str | None = None) -> dict[str, pd.DataFrame]:
    """The KPI tracker: where each KPI stands against its phased plan.

    Parameters
    ----------
    inputs : PlanInputs
        Uses ``kpis``, ``kpi_actuals`` and the assumptions ``plan_year`` and
        ``actuals_through_month`` (blank: each KPI's last month with an actual).
    language : {"en", "zh", "zh-CN"}, optional
        Language of the status labels (On track / 正常 ...); default: the inputs'.

    Returns
    -------
    dict of str to DataFrame
        - ``kpi_tracker``: one row per KPI (order of the KPI table): ``kpi_id``,
          ``kpi_name``, ``target``, ``expected_to_date``, ``actual_to_date``,
          ``variance``, ``variance_pct``, ``projected_landing``, ``gap``,
          ``probability``, ``status``, ``signals``;
        - ``kpi_signals``: one row per KPI: ``kpi_id``, ``rules`` (Nelson rules that
          fire, e.g. ``"1, 5"``), ``last_signal`` (month of the latest firing point),
          ``cusum`` (``"drift down since 2026-07"`` or ``""``), ``summary`` (a sentence);
        - ``kpi_status_counts``: ``status`` (the four labels) and ``count``;
        - ``revenue_by_month``: 12 rows ``month`` (``YYYY-MM``), ``target`` (the
          ``revenue`` KPI's monthly target), ``actual`` (the actuals table's revenue of
          the month, else the KPI's actual; blank after the last closed month),
          ``cumulative_target``, ``cumulative_actual``.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> tracker = compute_kpis(inputs_from_company())["kpi_tracker"]
    >>> tracker.loc[tracker["kpi_id"] == "revenue", "variance_pct"].round(3).tolist()
    [-0.048]
    """
    language = language or inputs.language
    language = "zh" if language.lower().startswith("zh") else language
    if language not in STATUS_LABELS:
        raise PlanningError.of(
            "action.kpi.invalid_value",
            code="invalid_value",
            sorted_status_labels=sorted(STATUS_LABELS),
            language=language,
        )
    kpis = inputs.kpis.reset_index(drop=True)
    if kpis.empty:
        raise PlanningError.of("action.kpi.empty", code="empty", positions=("kpis",))
    ids = [str(k) for k in kpis["kpi_id"]]
    periods = inputs.plan_periods
    plan, actual = _monthly(inputs, ids, periods)
    as_of_value = inputs.assumption("actuals_through_month", np.nan)
    as_of = None if np.isnan(as_of_value) else int(as_of_value)
    direction = kpis["direction"].astype(object).to_numpy()
    closed = as_of if as_of is not None else int(np.max(_last_filled(actual), initial=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        residuals = actual[:, :closed] / plan[:, :closed] - 1.0
    residuals = np.where(np.isfinite(residuals), residuals, np.nan)
    pace = kpi_pace(plan, actual, as_of, direction=direction, residuals=residuals)

    per_month = kpis["aggregation"].astype(str).str.strip().str.lower().eq("mean").to_numpy()
    n = plan.shape[1]
    done = np.asarray(pace.periods_closed, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        year_div = np.where(per_month, n, 1.0)
        todate_div = np.where(per_month, np.where(done > 0, done, np.nan), 1.0)
    target = pace.target / year_div
    expected = pace.expected_to_date / todate_div
    actual_td = pace.actual_to_date / todate_div
    landing = pace.projected_landing / year_div
    variance = kpi_variance(actual_td, expected, direction)
    status = kpi_status(
        actual_td,
        expected,
        direction,
        at_risk=-_threshold(kpis, "warn_threshold", 0.05),
        off_track=-_threshold(kpis, "off_track_threshold", 0.10),
        language=language,
    )
    signals = _signals(ids, residuals, periods, language)
    tracker = pd.DataFrame(
        {
            "kpi_id": ids,
            "kpi_name": kpis["kpi_name"].astype(object).to_numpy(),
            "target": target,
            "expected_to_date": expected,
            "actual_to_date": actual_td,
            "variance": variance.delta,
            "variance_pct": variance.delta_pct,
            "projected_landing": landing,
            "gap": pace.gap / year_div,
            "probability": pace.probability,
            "status": list(np.atleast_1d(status)),
            "signals": signals["summary"].to_numpy(),
        }
    )
    labels = STATUS_LABELS[language]
    counts = pd.Series(tracker["status"]).value_counts().reindex(list(labels), fill_value=0)
    return {
        "kpi_tracker": tracker,
        "kpi_signals": signals,
        "kpi_status_counts": pd.DataFrame({"status": list(labels), "count": counts.to_numpy()}),
        "revenue_by_month": _revenue_by_month(inputs, ids, plan, actual, closed, periods),
    }


def _revenue_by_month(
    inputs: PlanInputs,
    ids: list[str],
    plan: np.ndarray,
    actual: np.ndarray,
    closed: int,
    periods: pd.PeriodIndex,
) -> pd.DataFrame:
    n = len(periods)
    target = plan[ids.index(REVENUE_KPI)] if REVENUE_KPI in ids else np.full(n, np.nan)
    from_kpi = actual[ids.index(REVENUE_KPI)] if REVENUE_KPI in ids else np.full(n, np.nan)
    rows = inputs.actuals
    months = pd.to_datetime(rows["month"], errors="coerce").dt.to_period("M")
    sums = (
        pd.to_numeric(rows["revenue"], errors="coerce")
        .groupby(months.array)  # periods as integer codes, not a Period object per row
        .sum(min_count=1)
        .reindex(periods)
        .to_numpy(dtype=float)
    )
    monthly = np.where(np.isnan(sums), from_kpi, sums)
    monthly[closed:] = np.nan
    cumulative_actual = np.cumsum(np.nan_to_num(monthly))
    cumulative_actual[closed:] = np.nan
    return pd.DataFrame(
        {
            "month": [str(p) for p in periods],
            "target": target,
            "actual": monthly,
            "cumulative_target": np.cumsum(np.nan_to_num(target)),
            "cumulative_actual": cumulative_actual,
        }
    )


def _monthly(
    inputs: PlanInputs, ids: list[str], periods: pd.PeriodIndex
) -> tuple[np.ndarray, np.ndarray]:
    """KPI x month targets and actuals of the plan year (NaN where missing)."""
    data = inputs.kpi_actuals
    months = pd.to_datetime(data["month"]).dt.to_period("M")
    frame = pd.DataFrame(
        {
            "kpi_id": data["kpi_id"].astype(str).to_numpy(),
            "month": months.to_numpy(),
            "target": pd.to_numeric(data["target"], errors="coerce").to_numpy(),
            "actual": pd.to_numeric(data["actual"], errors="coerce").to_numpy(),
        }
    )
    frame = frame[frame["month"].isin(periods)]
    duplicated = frame.duplicated(["kpi_id", "month"], keep=False)
    if duplicated.any():
        first = frame[duplicated].iloc[0]
        raise PlanningError.of(
            "action.kpi.duplicate",
            code="duplicate",
            positions=(("kpi_actuals", int(np.flatnonzero(duplicated.to_numpy())[0])),),
            first_kpi_id=first["kpi_id"],
            first_month=first["month"],
        )
    unknown = sorted(set(frame["kpi_id"]) - set(ids))
    if unknown:
        raise PlanningError.of(
            "action.kpi.unknown_kpi",
            code="unknown_kpi",
            positions=(unknown[0],),
            unknown_0=unknown[0],
        )

    def grid(column: str) -> np.ndarray:
        return (
            frame.pivot(index="kpi_id", columns="month", values=column)
            .reindex(index=ids, columns=periods)
            .to_numpy(dtype=float)
        )

    plan = grid("target")
    missing = np.isnan(plan).all(axis=1)
    if missing.any():
        raise PlanningError.of(
            "action.kpi.missing_targets",
            code="missing_targets",
            positions=(ids[int(np.flatnonzero(missing)[0])],),
            ids_int_np_flatnonzero_missing=ids[int(np.flatnonzero(missing)[0])],
            year=periods[0].year,
        )
    return plan, grid("actual")


def _last_filled(actual: np.ndarray) -> np.ndarray:
    filled = ~np.isnan(actual)
    last = actual.shape[1] - np.argmax(filled[:, ::-1], axis=1)
    return np.where(filled.any(axis=1), last, 0)


def _threshold(kpis: pd.DataFrame, column: str, default: float) -> np.ndarray:
    values = pd.to_numeric(kpis[column], errors="coerce").to_numpy(dtype=float)
    return np.abs(np.where(np.isnan(values), default, values))


def _signals(
    ids: list[str], residuals: np.ndarray, periods: pd.PeriodIndex, language: str = "en"
) -> pd.DataFrame:
    rows = []
    for i, kpi in enumerate(ids):
        series = residuals[i]
        series = series[: _last_filled(series[None, :])[0]]
        rules, last_month, drift = "", "", ""
        if series.size >= 2 and not np.isnan(series).any():
            fired = firing_points(nelson_rules(series))
            if len(fired):
                rules = ", ".join(str(r) for r in sorted(set(fired["rule"].tolist())))
                last_month = str(periods[int(fired["position"].max())])
            sigma = float(xmr_limits(series).sigma)
            if sigma > 0:
                sums = cusum(series, 0.0, CUSUM_K * sigma, CUSUM_H * sigma)
                drift = _drift_text(sums, periods, language)
        parts = []
        if rules:
            parts.append(message("kpi.signal.rules", language, rules=rules, latest=last_month))
        if drift:
            parts.append(drift)
        summary = (
            message("kpi.signal.join", language, first=parts[0], second=parts[1])
            if len(parts) == 2
            else "".join(parts)
        )
        rows.append((kpi, rules, last_month, drift, summary))
    return pd.DataFrame(rows, columns=["kpi_id", "rules", "last_signal", "cusum", "summary"])


def _drift_text(sums: pd.DataFrame, periods: pd.PeriodIndex, language: str = "en") -> str:
    last = sums.iloc[-1]
    for side, word in (("upper", "up"), ("lower", "down")):
        if bool(last[f"{side}_alarm"]):
            run = int(last[f"{side}_run"])
            start = periods[max(len(sums) - run, 0)]
            direction = message(f"kpi.signal.{word}", language)
            return message("kpi.signal.drift", language, direction=direction, since=str(start))
    return ""


def flag_kpis(book: Book, *, save: bool = True, progress: Progress = no_progress) -> ActionResult:
    """Flag KPIs: pace, status and signals of every KPI, written to the tracker and dashboard.

    Returns
    -------
    ActionResult
        Details: ``status_counts`` (label -> count), ``kpis`` (KPI -> status),
        ``signals`` (KPI -> summary, for KPIs with a signal), ``incentive_cost``
        (``expected_cost``, ``p90_cost``, ``cost_share`` of the incentive plan), ``blocks``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> flag_kpis(FileBook.open(path)).message
    'KPIs flagged: 3 On track, 3 At risk, 2 Off track, 0 No data.'
    """
    progress(0.05, Text("cli.progress.reading"))
    raw = read_workbook_inputs(
        book, "flag_kpis", progress=lambda f, label: progress(0.05 + 0.2 * f, label)
    )
    progress(0.25, Text("progress.checking"))
    check_inputs(raw, "flag_kpis")
    progress(0.3, Text("progress.computing_kpis"))
    inputs = plan_inputs(raw)
    frames = compute_kpis(inputs)
    sheet, ref = book.name_range("AnnualTarget")
    target = book.read_value(sheet, first_cell(ref))
    frames.update(
        compute_incentives(
            inputs,
            read_plan_block(book, "RepTargets"),
            float(target) if isinstance(target, int | float) else 0.0,
        )
    )
    progress(0.6, Text("progress.writing_kpis"))
    written = write_blocks(
        book, "flag_kpis", frames, progress=lambda f, label: progress(0.6 + 0.4 * f, label)
    )
    if save:
        book.save()
    progress(1.0, Text("progress.done"))
    counts = {str(s): int(c) for s, c in frames["kpi_status_counts"].itertuples(index=False)}
    tracker = frames["kpi_tracker"]
    signals = {str(k): str(v) for k, v in zip(tracker["kpi_id"], tracker["signals"], strict=True)
               if v}  # fmt: skip
    language = str(raw.named.get("Language", ("", "", "en"))[2] or "en")
    listed = ", ".join(
        message("action.kpi.count", language, count=n, status=label) for label, n in counts.items()
    )
    return ActionResult.of(
        "flag_kpis",
        "action.kpi.done",
        {"counts": listed},
        {
            "status_counts": counts,
            "kpis": dict(zip(tracker["kpi_id"].astype(str), tracker["status"], strict=True)),
            "signals": signals,
            "incentive_cost": {
                key: float(frames["payout_risk"].loc[key, "value"])
                for key in ("expected_cost", "p90_cost", "cost_share")
            },
            "blocks": [name for name, _, _ in written],
        },
        lines=[f"  {kpi}: {text}" for kpi, text in signals.items()],
    )

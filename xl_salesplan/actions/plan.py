"""Build plan, the computation: targets, capacity, hiring and funnel from the inputs.

:func:`compute_plan` glues engine calls together and returns plain frames, one
per output block of the Targets, Capacity and Funnel sheets:

1. seasonal profile of company revenue (:func:`~xl_salesplan.history.seasonality.seasonal_profile`)
   and the plan year's phasing: holiday-adjusted by default, Chinese New Year's effect
   measured on the history and put where the holiday falls in the plan year; calendar
   months when ``HolidayPhasing`` is off or the history is too short
   (:func:`~xl_salesplan.actions.company_history.plan_phasing`);
2. company target = last year's revenue x (1 + growth), rounded to the rounding
   unit, phased by those shares (:func:`~xl_salesplan.history.forecast.phased_target`);
3. region targets in proportion to last year's regional revenue, then the region x
   month matrix matching both the regional totals and the monthly company target,
   rounded with both margins exact (:func:`~xl_salesplan.targets.matrix_spread.spread_matrix`);
4. rep x month targets: each region's months split over its reps in proportion to
   their ramped capacity, again with both margins exact;
5. expected rep capacity (ramp, start/leave dates, attrition) and the hiring plan:
   the fewest new reps, each starting as late as possible, so that the quota capacity
   reaches target x max(1 + over-assignment, 1 / attainment) year to date at every
   month end (``inputs.hiring_coverage="cumulative"``, the default) or in every month
   (``"period"``) (:func:`~xl_salesplan.people.hiring.headcount_plan`);
6. leads, opportunities and deals needed, also before the plan year
   (:func:`~xl_salesplan.people.funnel.funnel_needed`); the pipeline built in the last months of
   the year for deals that close after it is counted too, assuming the months after the
   plan year repeat the plan year's same months (:func:`funnel_after_plan`).

:func:`build_plan` writes these frames into their blocks and sets the monthly
targets of the KPIs the plan determines (revenue, deals won, new leads) in the KPI
actuals table, for Flag KPIs to track (:mod:`~xl_salesplan.actions.kpi_targets`).

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> plan = compute_plan(inputs_from_company())
>>> plan["region_targets"].set_index("region")["total"].astype(int).to_dict()
{'East': 23612000, 'North': 19191000, 'South': 26960000, 'West': 8717000}
>>> int(plan["company_target"].loc["target", "total"])
78480000
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_salesplan.actions.company_history import plan_phasing, revenue_by_year_month
from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.kpi_targets import plan_kpi_targets, write_kpi_targets
from xl_salesplan.actions.market import compute_market
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.validate import check_inputs
from xl_salesplan.actions.workbook_inputs import plan_inputs, read_workbook_inputs
from xl_salesplan.actions.writing import write_blocks
from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import phased_target
from xl_salesplan.messages import Text, choice_word
from xl_salesplan.people.capacity import rep_capacity
from xl_salesplan.people.funnel import funnel_needed
from xl_salesplan.people.hiring import (
    COVERAGE_BASES,
    capacity_factor,
    coverage_ratio,
    headcount_plan,
)
from xl_salesplan.people.quota_risk import quota_risk
from xl_salesplan.people.whole_counts import whole_needed
from xl_salesplan.targets.matrix_spread import spread_matrix
from xl_salesplan.targets.spreading import spread_proportional
from xl_salesplan.validation import amount_text
from xl_salesplan.workbook.book import Book

__all__ = ["PLAN_BLOCKS", "build_plan", "compute_plan", "funnel_after_plan", "month_labels"]

#: The frames :func:`compute_plan` returns.
PLAN_BLOCKS = (
    "plan_summary",
    "seasonality",
    "company_target",
    "revenue_history",
    "region_targets",
    "rep_targets",
    "rep_capacity",
    "capacity_summary",
    "hiring_plan",
    "funnel",
    "quota_risk",
)
#: Simulations and seed of the quota risk (fixed: the same plan gives the same figures).
QUOTA_RISK_SIMULATIONS, QUOTA_RISK_SEED = 10_000, 2026
#: Past years shown in ``revenue_history`` (the latest ones).
HISTORY_YEARS_SHOWN = 6


def month_labels(periods: pd.PeriodIndex) -> list[str]:
    """``YYYY-MM`` labels of monthly periods.

    Examples
    --------
    >>> month_labels(pd.period_range("2026-01", periods=2, freq="M"))
    ['2026-01', '2026-02']
    """
    return [str(p) for p in periods]


def compute_plan(inputs: PlanInputs) -> dict[str, pd.DataFrame]:
    """Targets, capacity, hiring plan and funnel of the plan year.

    Parameters
    ----------
    inputs : PlanInputs
        Assumptions used: ``plan_year``, ``growth_target``, ``rounding_unit``,
        ``quota_per_rep_annual``, ``expected_attainment``, ``over_assignment``,
        ``attrition_annual``, ``hiring_lead_time_months``, ``avg_deal_size``,
        ``lead_to_opportunity``, ``opportunity_to_win``, ``sales_cycle_months``;
        ``hiring_coverage`` (``"cumulative"`` or ``"period"``) and ``holiday_phasing``.

    Returns
    -------
    dict of str to DataFrame
        Keys of :data:`PLAN_BLOCKS`; month columns are labelled ``YYYY-MM``:

        - ``plan_summary``: one column ``value`` indexed by ``last_year_revenue``,
          ``target``, ``growth``, ``hires``, ``reps_in_seat``, ``profile_quality``,
          ``phasing`` (one line: holiday-adjusted or calendar months, and the effect);
        - ``seasonality``: rows ``share`` and ``index`` (12 months) of the calendar-month
          profile of the history;
        - ``company_target``: rows ``last_year`` and ``target`` (12 months, ``total``); the
          target is phased by the plan year's shares (holiday-adjusted unless turned off);
        - ``revenue_history``: ``year``, 12 months, ``total`` for the latest
          :data:`HISTORY_YEARS_SHOWN` years of history;
        - ``region_targets``: ``region``, 12 months, ``total`` (row and column sums
          exact);
        - ``rep_targets``: ``rep_id``, ``rep_name``, ``region``, 12 months, ``total``;
          one row per rep in seat during the plan year, in the order of the reps table;
        - ``rep_capacity``: the same rows, expected quota capacity per month and total;
        - ``capacity_summary``: rows ``target``, ``team_quota``, ``capacity``,
          ``expected_bookings``, ``coverage`` (12 months, before new hires; coverage =
          capacity / capacity needed, year to date or per month as ``hiring_coverage``);
        - ``hiring_plan``: one row per month from the first requisition (``month``,
          ``hires``, ``requisitions``, ``new_reps_in_seat``, ``team_quota``,
          ``required_full_reps``, ``existing_capacity``, ``new_hire_capacity``,
          ``expected_bookings``, ``coverage``);
        - ``funnel``: one row per month from the first lead to December (``month``,
          ``revenue``, ``leads``, ``opportunities``, ``deals``); leads and opportunities
          include those for deals closing after the plan year
          (:func:`funnel_after_plan`);
        - ``quota_risk``: ``value`` for ``team_quota`` (rep targets x (1 +
          over-assignment)), ``company_target``, ``probability``, ``p50``, ``p90``
          (simulated from the attainment history; blank without one).

    Raises
    ------
    PlanningError
        For inputs the plan cannot be built from (message names the table, row or month).

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> plan = compute_plan(inputs_from_company())
    >>> plan["seasonality"].loc["share"].sum().round(12)
    np.float64(1.0)
    >>> (plan["rep_targets"].groupby("region")["total"].sum()
    ...  == plan["region_targets"].set_index("region")["total"]).all()
    np.True_
    """
    periods = inputs.plan_periods
    labels = month_labels(periods)
    unit = inputs.assumption("rounding_unit", 1.0)
    if unit <= 0:
        raise PlanningError.of(
            "action.plan.invalid_value",
            code="invalid_value",
            positions=("rounding_unit",),
            unit=unit,
        )
    growth = inputs.assumption("growth_target")

    by_year_month = revenue_by_year_month(inputs.history)
    last_year = inputs.plan_year - 1
    if last_year not in by_year_month.index:
        raise PlanningError.of(
            "action.plan.missing_history",
            code="missing_history",
            positions=("history",),
            last_year=last_year,
            inputs_plan_year=inputs.plan_year,
        )
    last_months = by_year_month.loc[last_year].to_numpy(dtype=float)
    if np.isnan(last_months).any():
        missing = [labels[i][5:] for i in np.flatnonzero(np.isnan(last_months))]
        raise PlanningError.of(
            "action.plan.missing_history_2",
            code="missing_history",
            positions=("history",),
            join_missing=", ".join(missing),
            last_year=last_year,
        )
    past = by_year_month.loc[by_year_month.index < inputs.plan_year]
    phasing = plan_phasing(by_year_month, inputs.plan_year, inputs.holiday_phasing)
    profile = phasing.profile
    last_total = float(last_months.sum())
    total = float(np.round(last_total * (1.0 + growth) / unit) * unit)
    monthly = phased_target(total, phasing.shares, unit=unit)

    regions = _region_list(inputs)
    region_matrix = _region_matrix(inputs, regions, total, monthly, phasing.shares, unit)

    reps = _reps_in_plan_year(inputs, periods)
    ramp = inputs.ramp.sort_values("month_in_seat")["ramp"].to_numpy(dtype=float)
    quota_month = inputs.assumption("quota_per_rep_annual") / 12.0
    attrition = inputs.assumption("attrition_annual", 0.0)
    start = reps["start_date"].to_numpy()
    leave = reps["leave_date"].to_numpy()
    full = rep_capacity(start, quota_month, ramp, periods, leave=leave)
    expected = rep_capacity(start, quota_month, ramp, periods, leave=leave, attrition=attrition)
    rep_matrix = _rep_matrix(reps, regions, region_matrix, full, labels, unit)

    attainment = inputs.assumption("expected_attainment")
    cushion = inputs.assumption("over_assignment", 0.0)
    basis = _hiring_coverage(inputs)
    team_capacity = expected.sum(axis=0)
    hiring = headcount_plan(
        monthly,
        quota_month,
        ramp,
        expected_attainment=attainment,
        over_assignment=cushion,
        existing_capacity=team_capacity,
        attrition=attrition,
        hiring_lead_time=int(inputs.assumption("hiring_lead_time_months", 0.0)),
        coverage=basis,
    )
    hiring_frame = hiring.to_frame(periods)
    hiring_frame["required_full_reps"] = whole_needed(hiring_frame["required_full_reps"])
    funnel_frame = funnel_after_plan(
        monthly,
        inputs.assumption("avg_deal_size"),
        [inputs.assumption("lead_to_opportunity"), inputs.assumption("opportunity_to_win")],
        [0, int(inputs.assumption("sales_cycle_months", 0.0))],
        periods,
    )

    team_quota = monthly * (1.0 + cushion)
    bookings = team_capacity * attainment
    coverage = coverage_ratio(team_capacity, monthly * capacity_factor(cushion, attainment), basis)
    names = reps["rep_name"].astype(object).where(reps["rep_name"].notna(), None)
    rep_labels = pd.DataFrame(
        {"rep_id": reps["rep_id"].to_numpy(), "rep_name": names, "region": reps["region"]}
    ).reset_index(drop=True)
    rep_totals = rep_matrix.to_numpy().sum(axis=1)
    risk = _quota_risk(inputs, rep_totals * (1.0 + cushion), total)
    history_frame = past.tail(HISTORY_YEARS_SHOWN).copy()
    history_frame.columns = labels
    history_frame = history_frame.reset_index(names="year").assign(
        total=history_frame.sum(axis=1, min_count=1).to_numpy()
    )
    region_frame = pd.concat(
        [pd.DataFrame({"region": regions}), pd.DataFrame(region_matrix, columns=labels)], axis=1
    )
    return {
        "plan_summary": pd.DataFrame(
            {
                "value": [
                    last_total,
                    total,
                    total / last_total - 1.0 if last_total else np.nan,
                    float(hiring.hires.sum()),
                    float(len(reps)),
                    choice_word("quality", profile.quality, inputs.language),
                    phasing.line(inputs.language),
                ]
            },
            index=[
                "last_year_revenue",
                "target",
                "growth",
                "hires",
                "reps_in_seat",
                "profile_quality",
                "phasing",
            ],
        ),
        "seasonality": pd.DataFrame(
            [profile.shares, profile.indices], index=["share", "index"], columns=labels
        ),
        "company_target": pd.DataFrame(
            [last_months, monthly], index=["last_year", "target"], columns=labels
        ).assign(total=[last_total, float(monthly.sum())]),
        "revenue_history": history_frame,
        "region_targets": region_frame.assign(total=region_matrix.sum(axis=1)),
        "rep_targets": pd.concat([rep_labels, rep_matrix], axis=1).assign(total=rep_totals),
        "rep_capacity": pd.concat(
            [rep_labels, pd.DataFrame(expected, columns=labels)], axis=1
        ).assign(total=expected.sum(axis=1)),
        "capacity_summary": pd.DataFrame(
            [monthly, team_quota, team_capacity, bookings, coverage],
            index=["target", "team_quota", "capacity", "expected_bookings", "coverage"],
            columns=labels,
        ),
        "hiring_plan": _with_month_column(hiring_frame),
        "funnel": _with_month_column(funnel_frame),
        "quota_risk": risk,
    }


def funnel_after_plan(
    revenue: np.ndarray,
    avg_deal_size: float,
    conversion_rates: list[float],
    lags: list[int],
    periods: pd.PeriodIndex,
) -> pd.DataFrame:
    """Leads, opportunities and deals needed per month, up to the end of the plan year.

    Deals closing after the plan year need pipeline inside it (with a 3-month cycle, the
    leads of October are next January's deals). The plan does not set next year's targets,
    so the months after the plan repeat the plan year's same months (steady state: the
    year's seasonality, no further growth) for as many months as the stages' lags add up
    to. Those months' rows are left out: the frame runs from the first month with pipeline
    (before the plan year if the cycle needs it) to the last plan month, and its revenue
    and deals are those of the plan year only.

    Examples
    --------
    A plan of three months (10, 20 and 30 deals of 5 000), leads to opportunities 20% in
    the same month, opportunities to wins 25% two months later. The opportunities of the
    last two months are for the first two months after the plan, taken to repeat the
    plan's first two (10 / 0.25 = 40 and 20 / 0.25 = 80):

    >>> months = pd.period_range("2026-10", periods=3, freq="M")
    >>> revenue = np.array([50_000.0, 100_000.0, 150_000.0])
    >>> funnel_after_plan(revenue, 5_000, [0.2, 0.25], [0, 2], months)
             revenue  leads  opportunities  deals
    period
    2026-08      0.0  200.0           40.0    0.0
    2026-09      0.0  400.0           80.0    0.0
    2026-10  50000.0  600.0          120.0   10.0
    2026-11 100000.0  200.0           40.0   20.0
    2026-12 150000.0  400.0           80.0   30.0
    """
    n = len(revenue)
    after = int(sum(lags))
    extended = np.concatenate([revenue, revenue[np.arange(after) % n]])
    plan = funnel_needed(
        extended,
        avg_deal_size,
        conversion_rates,
        lags,
        stage_names=["leads", "opportunities", "deals"],
    )
    frame = plan.to_frame(periods)
    counts = ["leads", "opportunities", "deals"]
    frame[counts] = whole_needed(frame[counts].to_numpy())  # whole counts, rounded up
    return frame.loc[plan.period_index < n]


def _hiring_coverage(inputs: PlanInputs) -> str:
    basis = str(inputs.hiring_coverage).strip().lower()
    if basis not in COVERAGE_BASES:
        raise PlanningError.of(
            "action.plan.invalid_value_2",
            code="invalid_value",
            positions=("hiring_coverage",),
            inputs_hiring_coverage=inputs.hiring_coverage,
        )
    return basis


def _quota_risk(inputs: PlanInputs, quotas: np.ndarray, target: float) -> pd.DataFrame:
    """Probability that the team reaches the target, from past attainment (if any)."""
    sample = pd.to_numeric(inputs.attainment["attainment"], errors="coerce").dropna()
    index = ["team_quota", "company_target", "probability", "p50", "p90"]
    if sample.empty or quotas.sum() <= 0:
        values = [float(quotas.sum()), target, np.nan, np.nan, np.nan]
        return pd.DataFrame({"value": values}, index=index)
    risk = quota_risk(
        quotas[quotas > 0],
        target,
        attainment_sample=sample.to_numpy(dtype=float),
        n_sims=QUOTA_RISK_SIMULATIONS,
        seed=QUOTA_RISK_SEED,
    )
    values = [risk.quota_total, target, risk.probability, risk.p50_bookings, risk.p90_bookings]
    return pd.DataFrame({"value": values}, index=index)


def _with_month_column(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True)
    out.insert(0, "month", [str(p) for p in frame.index])
    return out


def _region_list(inputs: PlanInputs) -> list[str]:
    regions = [str(r) for r in inputs.regions["region"].dropna()]
    if not regions:
        raise PlanningError.of("action.plan.empty", code="empty", positions=("regions",))
    return regions


def _region_matrix(
    inputs: PlanInputs,
    regions: list[str],
    total: float,
    monthly: np.ndarray,
    shares: np.ndarray,
    unit: float,
) -> np.ndarray:
    history = inputs.history
    months = pd.to_datetime(history["month"])
    frame = pd.DataFrame(
        {
            "region": history["region"].astype(str),
            "year": months.dt.year,
            "m": months.dt.month,
            "revenue": pd.to_numeric(history["revenue"], errors="coerce").fillna(0.0),
        }
    )
    frame = frame[frame["year"] < inputs.plan_year]
    last = frame[frame["year"] == inputs.plan_year - 1].groupby("region")["revenue"].sum()
    weights = last.reindex(regions).fillna(0.0).to_numpy(dtype=float)
    region_totals = spread_proportional(total, weights, unit=unit)
    seed = (
        frame.groupby(["region", "m"])["revenue"]
        .sum()
        .unstack("m")
        .reindex(index=regions, columns=range(1, 13))
        .fillna(0.0)
        .to_numpy(dtype=float, copy=True)
    )
    empty_rows = seed.sum(axis=1) <= 0
    seed[empty_rows] = shares  # a region with no history follows the company pattern
    try:
        return spread_matrix(region_totals, monthly, seed, unit=unit)
    except PlanningError as exc:
        raise _located(exc, regions, "region") from None


def _reps_in_plan_year(inputs: PlanInputs, periods: pd.PeriodIndex) -> pd.DataFrame:
    reps = inputs.reps.copy()
    reps["start_date"] = pd.to_datetime(reps["start_date"])
    reps["leave_date"] = pd.to_datetime(reps["leave_date"])
    first = periods[0].start_time
    last = periods[-1].end_time
    in_year = (reps["start_date"] <= last) & (
        reps["leave_date"].isna() | (reps["leave_date"] >= first)
    )
    return reps[in_year].reset_index(drop=True)


def _rep_matrix(
    reps: pd.DataFrame,
    regions: list[str],
    region_matrix: np.ndarray,
    capacity: np.ndarray,
    labels: list[str],
    unit: float,
) -> pd.DataFrame:
    out = np.zeros((len(reps), len(labels)))
    rep_regions = reps["region"].astype(str).to_numpy()
    for r, region in enumerate(regions):
        rows = np.flatnonzero(rep_regions == region)
        region_total = region_matrix[r].sum()
        if region_total <= 0:
            continue
        if rows.size == 0 or capacity[rows].sum() <= 0:
            raise PlanningError.of(
                "action.plan.no_reps",
                code="no_reps",
                positions=(region,),
                region=region,
                region_total=amount_text(region_total),
            )
        seed = capacity[rows]
        totals = spread_proportional(region_total, seed.sum(axis=1), unit=unit)
        try:
            out[rows] = spread_matrix(totals, region_matrix[r], seed, unit=unit)
        except PlanningError as exc:
            names = [f"{region} rep {rid}" for rid in reps["rep_id"].to_numpy()[rows]]
            raise _located(exc, names, "rep", labels) from None
    return pd.DataFrame(out, columns=labels)


def _located(
    exc: PlanningError, row_names: list[str], what: str, labels: list[str] | None = None
) -> PlanningError:
    """Re-word an engine error on a matrix with the names of its rows and months."""
    if exc.code != "infeasible_margins":
        return exc
    rows = [row_names[i] for kind, i in exc.positions if kind == "row" and i < len(row_names)]
    cols = [i for kind, i in exc.positions if kind == "column"]
    months = [labels[i] if labels else f"month {i + 1}" for i in cols]
    return PlanningError.of(
        "action.plan.infeasible_margins",
        code="infeasible_margins",
        positions=exc.positions,
        amount=exc.amount,
        what=what,
        join_rows_or_some_rows=", ".join(rows) or "some rows",
        join_months_or_some_months=", ".join(months) or "some months",
        exc_message=exc,
    )


def _market_details(frames: dict[str, pd.DataFrame]) -> dict[str, object]:
    """The market and customer figures a summary quotes (from the Market sheet's frames)."""
    market = frames["market_target"]["value"]
    checks = frames["target_check"].set_index("check")
    needed = frames["customers_needed"]["value"]
    return {
        "target_from_market": float(market["target_from_market"]),
        "verdict": str(checks.loc["overall", "verdict"]),
        "from_existing": float(needed["from_existing"]),
        "new_customers": float(needed["new_customers"]),
        "leads": float(needed["leads"]),
    }


def build_plan(book: Book, *, save: bool = True, progress: Progress = no_progress) -> ActionResult:
    """Build plan: read the inputs, compute the plan, write the blocks and targets it owns.

    Besides its blocks (Targets, Capacity, Funnel) it writes the monthly targets of the
    KPIs the plan determines into the target cells of their rows of ``tblKpiActuals``
    (:func:`~xl_salesplan.actions.kpi_targets.write_kpi_targets`); a plan-year month
    of such a KPI without a row there is reported, not added.

    Parameters
    ----------
    book : Book
        A plan workbook (file or live Excel).
    save : bool
        Save the workbook at the end (a file is replaced atomically).
    progress : callable
        ``progress(fraction, label)`` while working.

    Returns
    -------
    ActionResult
        Message with the annual target; details: ``target``, ``last_year``,
        ``growth``, ``hires``, ``regions`` (region -> target), ``blocks`` written,
        ``kpi_targets`` (``kpis`` set, ``cells`` written, ``missing`` KPI months),
        ``phasing`` (the plan summary's phasing line), ``market`` (``target_from_market``,
        ``verdict`` of the realism check, ``from_existing``, ``new_customers``, ``leads``).

    Raises
    ------
    PlanningError
        Naming the cell of the first input problem, or what cannot be planned.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> build_plan(FileBook.open(path)).details["regions"]["West"]
    8717000.0
    """
    progress(0.05, Text("cli.progress.reading"))
    raw = read_workbook_inputs(
        book, "build_plan", progress=lambda f, label: progress(0.05 + 0.2 * f, label)
    )
    progress(0.25, Text("progress.checking"))
    check_inputs(raw, "build_plan")
    progress(0.3, Text("progress.computing_plan"))
    inputs = plan_inputs(raw)
    frames = compute_plan(inputs)
    frames.update(compute_market(inputs, frames))
    targets = plan_kpi_targets(inputs, frames)
    progress(0.6, Text("progress.writing_plan"))
    written = write_blocks(
        book, "build_plan", frames, progress=lambda f, label: progress(0.6 + 0.35 * f, label)
    )
    kpi_actuals = raw.tables["tblKpiActuals"]
    progress(0.95, Text("progress.writing_sheet", {"sheet": kpi_actuals.attrs.get("sheet", "KPI")}))
    kpi_targets = write_kpi_targets(book, kpi_actuals, targets)
    if save:
        book.save()
    progress(1.0, Text("progress.done"))
    summary = frames["plan_summary"]["value"]
    regions = frames["region_targets"].set_index("region")["total"]
    target, last = float(summary["target"]), float(summary["last_year_revenue"])
    said = {"target": f"{target:,.0f}", "growth": f"{float(summary['growth']):+.1%}",
            "last": f"{last:,.0f}", "hires": int(summary["hires"])}  # fmt: skip
    return ActionResult.of(
        "build_plan",
        "action.plan.done",
        said,
        {
            "target": target,
            "last_year": last,
            "growth": float(summary["growth"]),
            "hires": int(summary["hires"]),
            "regions": {str(k): float(v) for k, v in regions.items()},
            "blocks": [name for name, _, _ in written],
            "kpi_targets": {
                "kpis": list(kpi_targets.kpis),
                "cells": kpi_targets.cells,
                "missing": list(kpi_targets.missing),
            },
            "phasing": str(summary["phasing"]),
            "market": _market_details(frames),
        },
        lines=[f"  {region:<12} {value:>14,.0f}" for region, value in regions.items()]
        + kpi_targets.lines(),
    )

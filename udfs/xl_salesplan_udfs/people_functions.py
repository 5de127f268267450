"""Excel functions for people (人力): REP_CAPACITY, HEADCOUNT_PLAN, FUNNEL_NEEDED, QUOTA_RISK.

Thin adapters over :mod:`xl_salesplan.people.capacity`, :mod:`xl_salesplan.people.hiring`,
:mod:`xl_salesplan.people.funnel` and :mod:`xl_salesplan.people.quota_risk`. Plan periods are
either a number of periods or a row or column of the periods' dates (e.g. the first day of each
month); with dates, start and leave dates map to the period that contains them and tables
are labelled by period.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from xl_salesplan.history.plan_periods import periods_per_year as calendar_periods_per_year
from xl_salesplan.history.plan_periods import plan_grid
from xl_salesplan.messages import Text
from xl_salesplan.people.capacity import rep_capacity
from xl_salesplan.people.funnel import funnel_needed
from xl_salesplan.people.hiring import headcount_plan
from xl_salesplan.people.quota_risk import quota_risk
from xl_salesplan_udfs.cells import (
    MAX_CELLS,
    CellError,
    Cells,
    Spill,
    as_grid,
    check_size,
    choice,
    given,
    is_omitted,
    needed_number,
    number_or_text,
    numbers,
    single_number,
    split_header,
    text_cells,
    vector,
    whole_number,
)
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.spills import measure_table, spill, table

__all__ = ["FUNNEL_NEEDED", "HEADCOUNT_PLAN", "QUOTA_RISK", "REP_CAPACITY"]

#: Most plan periods HEADCOUNT_PLAN and FUNNEL_NEEDED take.
MAX_PERIODS = 10_000
#: Largest number of random draws (simulations x reps) one QUOTA_RISK formula may ask for.
MAX_DRAWS = 20_000_000

_ENGINE_SIMS = inspect.signature(quota_risk).parameters["n_sims"].default
_BASIS = {"annual": "annual", "per_period": "per_period", "period": "per_period"}
_COVERAGE = {
    "period": "period", "per_period": "period", "monthly": "period",
    "cumulative": "cumulative", "year_to_date": "cumulative", "ytd": "cumulative",
}  # fmt: skip
_DISTRIBUTIONS = {"normal": "normal", "lognormal": "lognormal", "beta": "beta"}


def plan_periods(value: Cells, argument: str = "periods") -> int | pd.DatetimeIndex | None:
    """A number of plan periods, or the plan periods' dates; None when left out.

    Examples
    --------
    >>> import datetime
    >>> plan_periods([[12.0]])
    12
    >>> plan_periods([[datetime.datetime(2025, 1, 1), datetime.datetime(2025, 2, 1)]]).size
    2
    """
    if is_omitted(value):
        return None
    grid = as_grid(value, argument)
    items, _ = number_or_text(grid, argument)
    if len(items) == 1 and isinstance(items[0], float):
        return whole_number(grid, argument)
    stamps = []
    for i, item in enumerate(items):
        stamp = None
        if isinstance(item, pd.Timestamp):
            stamp = item
        elif isinstance(item, str):
            try:
                stamp = pd.Timestamp(item)
            except (ValueError, TypeError):
                stamp = None
        if stamp is None or stamp is pd.NaT:
            where = Text("function.at_position", {"position": i + 1}) if len(items) > 1 else ""
            raise CellError.of(
                argument,
                "function.people_functions.must_be_a_number_of",
                item=item,
                where_text=where,
            )
        stamps.append(stamp.tz_localize(None) if stamp.tz is not None else stamp)
    index = pd.DatetimeIndex(stamps)
    try:
        return pd.DatetimeIndex(index, freq="infer")
    except (ValueError, TypeError):
        return index


def _period_grid(periods: int | pd.DatetimeIndex | None, n: int) -> pd.PeriodIndex | None:
    """The plan's PeriodIndex when dates were given (they must cover the ``n`` periods)."""
    if periods is None or isinstance(periods, int):
        if isinstance(periods, int) and periods != n:
            raise CellError.of(
                "periods", "function.people_functions.is_but_the_target_has", periods=periods, n=n
            )
        return None
    count, grid = plan_grid(periods)
    if count != n:
        raise CellError.of(
            "periods", "function.people_functions.has_dates_but_the_target", count=count, n=n
        )
    return grid


def _labelled_table(frame: pd.DataFrame) -> Spill:
    """The engine's table of periods under a header row: period, then its columns."""
    labels = [str(label) if isinstance(label, pd.Period) else label for label in frame.index]
    columns = list(frame.columns)
    return table(["period", *columns], [labels, *(frame[c].to_numpy() for c in columns)])


# ---------------------------------------------------------------------------- REP_CAPACITY


@excel_function(
    docs={
        "start": "Start of each rep: a period number (0 = first plan period, negative = before "
        "the plan) or, when periods are dates, a date. One column (reps down) or one row.",
        "full_quota": "Quota per period of a fully ramped rep: one number, one per rep, or a "
        "reps x periods table (a row of periods applies to every rep).",
        "ramp_profile": "Share of full quota in the 1st, 2nd ... period in seat, e.g. 0, 25%, "
        "50%, 75%, 100%; must not decrease and must end at 100%.",
        "periods": "The plan periods: a number (e.g. 12) or a row or column of their dates "
        "(e.g. the first day of each month).",
        "leave": "Optional. Leave period or date of each rep (blank = staying); the period that "
        "contains it still counts.",
        "attrition": "Optional. Chance of leaving per year (default 0), e.g. 20%; capacity is "
        "then the expected capacity.",
        "attrition_basis": "Optional. annual (default) or per_period.",
    },
    aliases={"ramp": "ramp_profile"},
    codes={"dates_without_calendar": "periods"},
)
def REP_CAPACITY(
    start: Cells,
    full_quota: Cells,
    ramp_profile: Cells,
    periods: Cells,
    leave: Cells = None,
    attrition: Cells = None,
    attrition_basis: Cells = None,
) -> Spill:
    """Expected quota capacity of each rep in each plan period, from start and leave dates, a
    ramp profile and attrition. Reps down and periods across (or the other way round when the
    starts are a row)."""
    starts, layout = number_or_text(start, "start")
    across = layout == "row" and len(starts) > 1  # reps across: periods go down
    quota = numbers(full_quota, "full_quota", blanks=False)
    if across:
        quota = quota.T
    ramp, _ = vector(ramp_profile, "ramp_profile")
    plan = plan_periods(periods)
    if plan is None:
        raise CellError.of("periods", "function.people_functions.is_needed_a_number_of")
    n = plan if isinstance(plan, int) else plan.size
    check_size("periods", len(starts) * max(n, 0), MAX_CELLS, "result cells (reps x periods)")
    options = given(
        leave=None if is_omitted(leave) else number_or_text(leave, "leave")[0],
        attrition=single_number(attrition, "attrition"),
        attrition_basis=choice(attrition_basis, "attrition_basis", _BASIS, None),
    )
    capacity = rep_capacity(starts, quota, ramp, plan, **options)  # type: ignore[arg-type]
    return spill(capacity.T if across else capacity)


# ---------------------------------------------------------------------------- HEADCOUNT_PLAN


@excel_function(
    docs={
        "target": "Revenue target per plan period (a row or column, 0 or more).",
        "quota_per_rep": "Full quota of one ramped rep per period: one number or one per period.",
        "ramp_profile": "Share of full quota by period in seat, e.g. 0, 25%, 50%, 75%, 100%.",
        "expected_attainment": "Expected share of quota a rep books, e.g. 85%.",
        "over_assignment": "Quota cushion on top of the target, e.g. 15% (0 or more). Capacity "
        "needed = target x the larger of (1 + over-assignment) and 1 / attainment.",
        "existing_capacity": "Optional. Quota capacity of the current team per period (a row "
        "or column), or a reps x periods table such as REP_CAPACITY's result.",
        "attrition": "Optional. Annual chance that a new hire leaves (default 0).",
        "hiring_lead_time": "Optional. Periods between opening a requisition and the start "
        "(default 0).",
        "earliest_start": "Optional. Earliest period a hire may start (0 = plan start, "
        "negative = before). Default: early enough to be ramped.",
        "periods": "Optional. The plan periods' dates, to label the rows by period (default: "
        "period numbers, negative = before the plan).",
        "coverage": "Optional. period (default): capacity covers every period on its own; "
        "cumulative: the year to date at every period end (fewer hires for a seasonal peak).",
    },
    aliases={"ramp": "ramp_profile", "quota": "quota_per_rep"},
    codes={"infeasible": "target", "too_many_hires": "target"},
)
def HEADCOUNT_PLAN(
    target: Cells,
    quota_per_rep: Cells,
    ramp_profile: Cells,
    expected_attainment: Cells,
    over_assignment: Cells,
    existing_capacity: Cells = None,
    attrition: Cells = None,
    hiring_lead_time: Cells = None,
    earliest_start: Cells = None,
    periods: Cells = None,
    coverage: Cells = None,
) -> Spill:
    """The fewest new reps, and when they start (and requisitions open), so that quota
    capacity reaches target x max(1 + over-assignment, 1 / attainment) in every period or year
    to date. A table with a header row, one row per period."""
    targets, layout = vector(target, "target", blanks=False)
    check_size("target", targets.size, MAX_PERIODS, Text("function.counted.plan_periods"))
    quota = numbers(quota_per_rep, "quota_per_rep", blanks=False)
    quota_arg: float | NDArray[np.float64] = quota.item() if quota.size == 1 else quota.reshape(-1)
    if quota.size > 1 and 1 not in quota.shape:
        raise CellError.of("quota_per_rep", "function.people_functions.must_be_one_number_or")
    ramp, _ = vector(ramp_profile, "ramp_profile")
    attain = needed_number(expected_attainment, "expected_attainment")
    cushion = needed_number(over_assignment, "over_assignment")
    grid = _period_grid(plan_periods(periods), targets.size)
    options = given(
        existing_capacity=_existing(existing_capacity, layout, targets.size),
        attrition=single_number(attrition, "attrition"),
        hiring_lead_time=whole_number(hiring_lead_time, "hiring_lead_time"),
        earliest_start=whole_number(earliest_start, "earliest_start"),
        periods_per_year=None if grid is None else calendar_periods_per_year(grid),
        coverage=choice(coverage, "coverage", _COVERAGE, None),
    )
    plan = headcount_plan(
        targets,
        quota_arg,
        ramp,
        expected_attainment=attain,
        over_assignment=cushion,
        **options,  # type: ignore[arg-type]
    )
    return _labelled_table(plan.to_frame(grid))


def _existing(value: Cells, layout: str, n: int) -> NDArray[np.float64] | None:
    """Existing capacity as the engine takes it: (n,) or (reps, n)."""
    if is_omitted(value):
        return None
    arr = numbers(value, "existing_capacity", blanks=False)
    if 1 in arr.shape:
        return arr.reshape(-1)
    return arr.T if layout == "column" else arr


# ---------------------------------------------------------------------------- FUNNEL_NEEDED


@excel_function(
    docs={
        "revenue_target": "Revenue to close in each plan period (a row or column, 0 or more).",
        "avg_deal_size": "Average deal size: one number, or one per period.",
        "conversion_rates": "Stage-to-next-stage conversion rates, first stage first, e.g. "
        "20%, 25% (lead to opportunity, opportunity to win); above 0, at most 100%.",
        "lags": "Optional. Whole periods from entering each stage to the next: one number for "
        "all stages or one per rate (default 0).",
        "stage_names": "Optional. One name per stage (one more than the rates), e.g. leads, "
        "opportunities, deals.",
        "periods": "Optional. The plan periods' dates, to label the rows (default: period "
        "numbers, negative = before the plan).",
    },
    aliases={"deal size": "avg_deal_size", "stage names": "stage_names"},
)
def FUNNEL_NEEDED(
    revenue_target: Cells,
    avg_deal_size: Cells,
    conversion_rates: Cells,
    lags: Cells = None,
    stage_names: Cells = None,
    periods: Cells = None,
) -> Spill:
    """Leads and opportunities needed per period to close a revenue target, from deal size,
    stage conversion rates and lags. A table with a header row: period, revenue, one column
    per stage."""
    revenue, _ = vector(revenue_target, "revenue_target", blanks=False)
    check_size("revenue_target", revenue.size, MAX_PERIODS, Text("function.counted.plan_periods"))
    size = numbers(avg_deal_size, "avg_deal_size", blanks=False)
    deal = size.item() if size.size == 1 else vector(size, "avg_deal_size")[0]
    rates, _ = vector(conversion_rates, "conversion_rates", blanks=False)
    options = given(lags=None if is_omitted(lags) else _lags(lags))
    names = None
    if not is_omitted(stage_names):
        cells = text_cells(stage_names, "stage_names").reshape(-1)
        names = ["" if c is None else str(c) for c in cells]
    grid = _period_grid(plan_periods(periods), revenue.size)
    plan = funnel_needed(revenue, deal, rates, stage_names=names, **options)  # type: ignore[arg-type]
    return _labelled_table(plan.to_frame(grid))


# ---------------------------------------------------------------------------- QUOTA_RISK


@excel_function(
    docs={
        "quotas": "Quota of each rep for the period judged (a row or column, 0 or more).",
        "company_target": "The company target, in the same money as the quotas.",
        "attainment_sample": "Historical attainment ratios (1 = 100% of quota), resampled; "
        "blanks are skipped. Leave empty to use distribution, mean and sd.",
        "distribution": "Instead of a sample: normal, lognormal or beta (bounded by upper).",
        "mean": "Mean attainment ratio for distribution, e.g. 0.95.",
        "sd": "Standard deviation of the attainment ratio for distribution, e.g. 0.3.",
        "n_sims": "Optional. Simulated years (default 10,000).",
        "seed": "Optional. Random seed (default 0): the same seed gives the same result.",
        "upper": "Optional. Highest attainment of the beta distribution (default 2 = 200%).",
    },
    aliases={"quota": "quotas", "target": "company_target"},
    codes={"attainment_source": "attainment_sample", "missing_parameters": "mean"},
    call_in_wizard=False,
)
def QUOTA_RISK(
    quotas: Cells,
    company_target: Cells,
    attainment_sample: Cells = None,
    distribution: Cells = None,
    mean: Cells = None,
    sd: Cells = None,
    n_sims: Cells = None,
    seed: Cells = None,
    upper: Cells = None,
) -> Spill:
    """Probability that the team reaches the company target (Monte Carlo with a fixed seed),
    with P50 and P90 of team bookings and attainment. A two-column table: measure, value."""
    quota, _ = vector(quotas, "quotas", blanks=False, header=True)
    target = needed_number(company_target, "company_target")
    sample = None
    if not is_omitted(attainment_sample):
        sample = _attainment(attainment_sample)
    kind = choice(distribution, "distribution", _DISTRIBUTIONS, None)
    sims = whole_number(n_sims, "n_sims", _ENGINE_SIMS)
    assert sims is not None
    if sims * quota.size > MAX_DRAWS:
        raise CellError.of(
            "n_sims",
            "function.people_functions.simulations_x_reps_is_more",
            sims=sims,
            quota_size=quota.size,
            MAX_DRAWS=MAX_DRAWS,
        )
    options = given(
        attainment_sample=sample,
        distribution=kind,
        mean=single_number(mean, "mean"),
        sd=single_number(sd, "sd"),
        upper=single_number(upper, "upper"),
        n_sims=sims,
        seed=whole_number(seed, "seed"),
    )
    risk = quota_risk(quota, target, **options)  # type: ignore[arg-type]
    rows = [
        ("probability", risk.probability),
        ("standard_error", risk.standard_error),
        ("p50_bookings", risk.p50_bookings),
        ("p90_bookings", risk.p90_bookings),
        ("mean_bookings", risk.mean_bookings),
        ("p50_attainment", risk.p50_attainment),
        ("p90_attainment", risk.p90_attainment),
        ("quota_total", risk.quota_total),
        ("company_target", risk.company_target),
        ("n_sims", risk.n_sims),
        ("seed", risk.seed),
    ]
    return measure_table(rows)


def _lags(value: Cells) -> int | NDArray[np.float64]:
    """One lag for every stage (a whole number), or one per conversion rate."""
    lag = numbers(value, "lags", blanks=False)
    if lag.size == 1:
        count = whole_number(lag, "lags")
        assert count is not None
        return count
    return vector(lag, "lags")[0]


def _attainment(value: Cells) -> NDArray[np.float64]:
    """The attainment ratios of a sample range; a title and blank cells are skipped."""
    grid = as_grid(value, "attainment_sample")
    if 1 in grid.shape:
        values, _ = vector(grid, "attainment_sample", header=True)
    else:
        _, _, body = split_header(grid, "attainment_sample")
        values = numbers(body, "attainment_sample").reshape(-1)
    return values[~np.isnan(values)]

"""The actions' pure compute functions: plan, budget and KPI frames from the inputs.

Expected figures are worked out here from the sample company's raw tables (or by hand on
small inputs), independently of the compute functions.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.actions.budget import compute_budget, fit_channel_curves
from xl_salesplan.actions.company_history import (
    plan_phasing,
    plan_profile,
    revenue_by_year_month,
)
from xl_salesplan.actions.company_inputs import inputs_from_company
from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.kpi import compute_kpis
from xl_salesplan.actions.plan import compute_plan
from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import phased_target
from xl_salesplan.layout import BLOCKS
from xl_salesplan.layout.blocks import block_grid
from xl_salesplan.sample_company import load_sample_company

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
REVENUE_KPI = {
    "kpi_id": ["rev"],
    "kpi_name": ["Revenue"],
    "direction": ["higher"],
    "unit": ["yuan"],
    "aggregation": ["sum"],
    "warn_threshold": [0.05],
    "off_track_threshold": [0.10],
}


@pytest.fixture(scope="module")
def company():
    return load_sample_company()


@pytest.fixture(scope="module")
def inputs():
    return inputs_from_company()


@pytest.fixture(scope="module")
def plan(inputs):
    return compute_plan(inputs)


@pytest.fixture(scope="module")
def calendar_plan(inputs):
    """The plan phased by calendar month (``HolidayPhasing`` off)."""
    return compute_plan(_replace(inputs, holiday_phasing="off"))


@pytest.fixture(scope="module")
def budget(inputs):
    return compute_budget(inputs)


@pytest.fixture(scope="module")
def kpis(inputs):
    return compute_kpis(inputs)


# --------------------------------------------------------------------------- plan


def test_company_target_is_last_year_plus_growth_rounded_and_phased(company, plan):
    history = company.history
    last_year = history[history["month"].dt.year == 2025]
    total_2025 = float(last_year["revenue"].sum())
    expected_total = round(total_2025 * 1.2 / 1000) * 1000
    target = plan["company_target"].loc["target", MONTHS].to_numpy(dtype=float)
    assert target.sum() == expected_total
    assert np.all(target % 1000 == 0)
    by_month = last_year.groupby(last_year["month"].dt.month)["revenue"].sum().to_numpy()
    assert np.array_equal(plan["company_target"].loc["last_year", MONTHS].to_numpy(), by_month)
    by_year_month = revenue_by_year_month(history)
    shares = plan_phasing(by_year_month, 2026).shares
    assert plan_phasing(by_year_month, 2026).method == "holidays"
    assert shares.sum() == pytest.approx(1.0)
    # rounding moves no month by a unit or more away from the plan year's share
    assert np.all(np.abs(target - expected_total * shares) < 1000)
    # December is the strongest month; February, with Chinese New Year on 17 February 2026,
    # the weakest (see docs/sample_company.md)
    assert np.argmax(target) == 11 and np.argmin(target) == 1
    # the seasonal profile block shows the calendar-month profile; phased by it (HolidayPhasing
    # off), January is the weakest month: the years 2023 and 2025 had the holiday in January
    calendar = plan["seasonality"].loc["share", MONTHS].to_numpy(dtype=float)
    np.testing.assert_allclose(calendar, plan_profile(by_year_month, 2026).shares)
    assert np.argmin(phased_target(expected_total, calendar, unit=1000)) == 0


def test_region_matrix_meets_both_margins_exactly(company, plan):
    regions = plan["region_targets"].set_index("region")
    matrix = regions[MONTHS].to_numpy(dtype=float)
    monthly = plan["company_target"].loc["target", MONTHS].to_numpy(dtype=float)
    assert np.array_equal(matrix.sum(axis=0), monthly)
    assert np.array_equal(matrix.sum(axis=1), regions["total"].to_numpy())
    assert np.all(matrix % 1000 == 0) and np.all(matrix >= 0)
    # regional totals follow last year's regional revenue (largest remainder on 1,000s)
    history = company.history
    last = history[history["month"].dt.year == 2025].groupby("region")["revenue"].sum()
    share = last / last.sum()
    expected = share.reindex(regions.index) * monthly.sum()
    assert np.all(np.abs(regions["total"] - expected) < 1000)
    assert list(regions.index) == ["East", "North", "South", "West"]


def test_rep_targets_add_up_to_region_months_and_respect_seats(plan):
    reps = plan["rep_targets"]
    regions = plan["region_targets"].set_index("region")
    by_region = reps.groupby("region")[MONTHS].sum()
    assert np.array_equal(by_region.to_numpy(), regions.loc[by_region.index, MONTHS].to_numpy())
    assert np.array_equal(reps[MONTHS].sum(axis=1).to_numpy(), reps["total"].to_numpy())
    row = reps.set_index("rep_id")
    # R24 starts on 2026-07-01: ramp 0 % in July, so nothing before August
    assert (row.loc["R24", MONTHS[:7]] == 0).all() and row.loc["R24", "2026-08"] > 0
    # R15 leaves on 2026-05-29: the leave month counts, nothing from June
    assert row.loc["R15", "2026-05"] > 0 and (row.loc["R15", MONTHS[5:]] == 0).all()
    # reps who left before 2026 are not listed; 24 reps minus R04, R10, R21
    assert set(row.index) == {f"R{i:02d}" for i in range(1, 25)} - {"R04", "R10", "R21"}


def test_rep_capacity_follows_quota_ramp_and_attrition(plan):
    capacity = plan["rep_capacity"].set_index("rep_id")
    full = 4_200_000 / 12
    monthly_survival = (1 - 0.12) ** (1 / 12)
    expected = full * monthly_survival ** np.arange(12)
    assert np.allclose(capacity.loc["R01", MONTHS].to_numpy(dtype=float), expected)
    # R13 starts 2026-04-01: ramp 0, 25, 50, 75, 100 % from April, survival from April
    r13 = capacity.loc["R13", MONTHS].to_numpy(dtype=float)
    ramp = np.array([0, 0, 0, 0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 1])
    survival = np.r_[np.ones(3), monthly_survival ** np.arange(9)]
    assert np.allclose(r13, full * ramp * survival)


def test_hiring_plan_covers_the_year_to_date_with_the_fewest_latest_hires(calendar_plan):
    # Worked on the calendar-month phasing (HolidayPhasing off).
    # Capacity needed = target x max(1 + 15 %, 1 / 90 %) = target x 1.15, judged year to date
    # (the plan's coverage). Current reps' expected capacity is the RepCapacity block (checked
    # above). The year end binds: 1.15 x 78.48 M = 90.252 M needed, the team carries 75.2 M.
    target = calendar_plan["company_target"].loc["target", MONTHS].to_numpy(dtype=float)
    team = calendar_plan["rep_capacity"][MONTHS].to_numpy(dtype=float).sum(axis=0)
    short = np.cumsum(1.15 * target) - np.cumsum(team)
    assert short[-1] == pytest.approx(90_252_000 - team.sum()) and 15.0e6 < short[-1] < 15.1e6
    # A new rep carries 350 000 a month when ramped, after 12 % annual attrition counted from
    # the plan start (or the rep's start); ramp 0 / 25 / 50 / 75 / 100 % from the start month.
    s = 0.88 ** (1 / 12)

    def carried(start):  # year-to-date capacity of one rep starting in month `start`
        t = np.arange(12)
        ramp = np.clip((t - start) * 0.25, 0, 1)
        return np.cumsum(350_000 * ramp * s ** np.maximum(t - max(start, 0), 0))

    # One rep ramped from January (start September 2025, month -4) carries 3.96 M in the year:
    # 15.04 M needs at least 4 of them, and 4 cover every month end.
    assert carried(-4)[-1] == pytest.approx(350_000 * (1 - 0.88) / (1 - s))
    assert np.ceil(short / carried(-4)).max() == 4
    # The latest 4: starting later loses the ramp months in the plan year. The spare 4 reps
    # leave at the year end (4 x 3.96 M - 15.04 M = 0.82 M) allows two starts in October and
    # two in November (each loses 87.5 k or 262 k), but not a third November start or a
    # December start: the first hires start as late as possible.
    spare = 4 * carried(-4) - short
    assert (2 * carried(-3) + 2 * carried(-2) >= short).all()
    assert not (carried(-3) + 3 * carried(-2) >= short).all()
    assert not (2 * carried(-3) + carried(-2) + carried(-1) >= short).all()
    assert spare[-1] == pytest.approx(0.82e6, rel=0.01)
    hiring = calendar_plan["hiring_plan"].set_index("month")
    assert hiring.loc[hiring["hires"] > 0, "hires"].to_dict() == {"2025-10": 2.0, "2025-11": 2.0}
    assert calendar_plan["plan_summary"].loc["hires", "value"] == 4
    # requisitions open two months ahead (hiring lead time), so the table starts in August
    assert hiring.index[0] == "2025-08"
    assert hiring.loc[hiring["requisitions"] > 0, "requisitions"].to_dict() == {
        "2025-08": 2.0, "2025-09": 2.0,
    }  # fmt: skip
    in_plan = hiring.loc[MONTHS]
    expected_ytd = np.cumsum(team + in_plan["new_hire_capacity"]) / np.cumsum(1.15 * target)
    np.testing.assert_allclose(in_plan["coverage"], expected_ytd)
    assert (in_plan["coverage"] >= 1 - 1e-12).all()
    # the summary (current reps only) reports the same year-to-date coverage before hiring
    summary = calendar_plan["capacity_summary"]
    before_hiring = np.cumsum(team) / np.cumsum(1.15 * target)
    np.testing.assert_allclose(summary.loc["coverage", MONTHS], before_hiring)
    np.testing.assert_allclose(summary.loc["team_quota", MONTHS], 1.15 * target)


def test_holiday_phasing_makes_january_bind_the_hiring_plan(plan):
    # Chinese New Year falls on 17 February 2026, so January is a full month: 7,325,000 of the
    # target (calendar months: 4,736,000). At January's end 1.15 x 7,325,000 = 8,423,750 is
    # needed and the current team carries 6,300,000 (21 reps, the ramped ones at 350,000):
    # 2,123,750 short. A rep starting in September 2025 is ramped by January (350,000), one
    # starting in October at 75% (262,500). Six ramped reps carry 2,100,000: too few; seven
    # do, the latest being 4 from September and 3 from October (4 x 350,000 + 3 x 262,500 =
    # 2,187,500), while 3 + 4 carry only 2,100,000.
    target = plan["company_target"].loc["target", MONTHS].to_numpy(dtype=float)
    team = plan["rep_capacity"][MONTHS].to_numpy(dtype=float).sum(axis=0)
    assert target[0] == 7_325_000 and team[0] == pytest.approx(6_300_000)
    short = 1.15 * target[0] - team[0]
    assert short == pytest.approx(2_123_750)
    assert 6 * 350_000 < short < 4 * 350_000 + 3 * 262_500
    assert short > 3 * 350_000 + 4 * 262_500
    hiring = plan["hiring_plan"].set_index("month")
    assert hiring.loc[hiring["hires"] > 0, "hires"].to_dict() == {"2025-09": 4.0, "2025-10": 3.0}
    assert plan["plan_summary"].loc["hires", "value"] == 7
    assert (hiring.loc[MONTHS, "coverage"] >= 1 - 1e-12).all()


def test_funnel_back_solves_including_next_years_first_months(plan):
    funnel = plan["funnel"].set_index("month")
    target = plan["company_target"].loc["target", MONTHS].to_numpy(dtype=float)
    # counts are whole: every need rounded up, by less than one
    needs = funnel[["leads", "opportunities", "deals"]].to_numpy()
    assert (needs == np.round(needs)).all()
    assert np.all(funnel.loc[MONTHS, "deals"] - target / 29_000 >= 0)
    assert np.all(funnel.loc[MONTHS, "deals"] - target / 29_000 < 1)
    # opportunities three months ahead of the deals, leads in the same month as opportunities;
    # after December the months repeat the plan year's (steady state), so the opportunities of
    # October to December 2026 are for January to March 2027 = January to March 2026 again
    deals = dict(zip(MONTHS, target / 29_000, strict=True))
    deals.update({f"2027-{m:02d}": deals[f"2026-{m:02d}"] for m in (1, 2, 3)})
    later = pd.period_range("2025-10", periods=15, freq="M").astype(str)
    assert list(funnel.index) == list(later)  # October 2025 (pipeline for January) to December
    for month in later:
        closing = str(pd.Period(month, "M") + 3)
        assert funnel.loc[month, "opportunities"] == np.ceil(deals[closing] / 0.30)
        assert funnel.loc[month, "leads"] == np.ceil(deals[closing] / 0.30 / 0.33)
    # so the plan year needs the leads of a whole year's deals: 78.48 M / 29 000 / 9.9 %
    # (plus less than one lead a month from rounding up)
    leads = funnel.loc[MONTHS, "leads"].sum()
    assert 0 <= leads - 78_480_000 / 29_000 / 0.099 < 12
    assert (funnel.loc[MONTHS, "leads"] > 0).all()


def test_period_coverage_hires_for_the_peak_month(inputs, plan):
    # Covering every month on its own needs more reps: December's 9.09 M needs 1.15 x 9.09 M
    # = 10.45 M of capacity, the team carries 6.26 M, so 4.19 M more in that month alone =
    # 12 ramped reps at 350 000 x survival.
    monthly = compute_plan(_replace(inputs, hiring_coverage="period"))
    hires = monthly["plan_summary"].loc["hires", "value"]
    december = plan["company_target"].loc["target", "2026-12"] * 1.15
    team = plan["rep_capacity"]["2026-12"].sum()
    assert np.ceil((december - team) / 350_000) == 12
    assert hires >= 12 and hires > plan["plan_summary"].loc["hires", "value"]
    coverage = monthly["hiring_plan"].set_index("month").loc[MONTHS, "coverage"]
    assert (coverage >= 1 - 1e-12).all()
    with pytest.raises(PlanningError, match="hiring_coverage"):
        compute_plan(_replace(inputs, hiring_coverage="weekly"))


def test_quota_risk_uses_the_cushioned_rep_quotas(plan):
    risk = plan["quota_risk"]["value"]
    assert risk["team_quota"] == pytest.approx(plan["rep_targets"]["total"].sum() * 1.15)
    assert risk["company_target"] == plan["company_target"].loc["target", "total"]
    assert 0 <= risk["probability"] <= 1 and risk["p90"] <= risk["p50"]


def test_every_plan_frame_fills_its_block():
    # Every action's frames on the sample company (plan, market, re-plan, budget, KPIs,
    # incentives), as the template build gathers them.
    from xl_salesplan.sample_company import load_sample_company
    from xl_salesplan.template.build import compute_outputs

    frames = compute_outputs(load_sample_company())
    assert set(frames) == {spec.frame for spec in BLOCKS.values()}
    for spec in BLOCKS.values():
        grid = block_grid(spec, frames[spec.frame])
        assert len(grid) == spec.n_rows and all(len(r) == len(spec.columns) for r in grid)


def test_missing_last_year_months_and_empty_regions_are_named(inputs):
    history = inputs.history
    short = history[~((history["month"].dt.year == 2025) & (history["month"].dt.month >= 11))]
    with pytest.raises(PlanningError, match=r"month\(s\) 11, 12 of 2025"):
        compute_plan(_replace(inputs, history=short))
    reps = inputs.reps[inputs.reps["region"] != "West"]
    with pytest.raises(PlanningError, match="region West has a target"):
        compute_plan(_replace(inputs, reps=reps))
    with pytest.raises(PlanningError, match="rounding_unit"):
        compute_plan(inputs.with_assumptions(rounding_unit=0))


@settings(max_examples=15)
@given(growth=st.floats(-0.5, 1.0), unit=st.sampled_from([1.0, 100.0, 1000.0, 10000.0]))
def test_plan_margins_hold_for_any_growth_and_unit(inputs, growth, unit):
    plan = compute_plan(inputs.with_assumptions(growth_target=growth, rounding_unit=unit))
    regions = plan["region_targets"][MONTHS].to_numpy(dtype=float)
    monthly = plan["company_target"].loc["target", MONTHS].to_numpy(dtype=float)
    reps = plan["rep_targets"][MONTHS].to_numpy(dtype=float)
    assert np.array_equal(regions.sum(axis=0), monthly)
    assert np.array_equal(reps.sum(axis=0), monthly)
    assert np.all(np.mod(regions, unit) == 0) and np.all(np.mod(reps, unit) == 0)
    assert monthly.sum() == np.round(plan["plan_summary"].loc["last_year_revenue", "value"]
                                     * (1 + growth) / unit) * unit  # fmt: skip


# --------------------------------------------------------------------------- budget


def test_optimal_allocation_spends_the_budget_within_bounds_and_beats_the_proposal(budget):
    best = budget["budget_optimal"]
    channels = inputs_from_company().channels
    spend = best["spend"].to_numpy()
    assert spend.sum() == pytest.approx(10_000_000)
    assert np.all(spend >= channels["budget_floor"] - 1e-6)
    assert np.all(spend <= channels["budget_cap"] + 1e-6)
    summary = budget["budget_summary"]["value"]
    assert summary["optimal_outcome"] >= summary["proposed_outcome"]
    assert summary["gain"] == pytest.approx(
        summary["optimal_outcome"] - summary["proposed_outcome"]
    )
    free = best["status"] == "free"
    assert np.allclose(best.loc[free, "marginal_roi"], summary["multiplier"], rtol=1e-6)
    frontier = budget["budget_frontier"]
    assert frontier["budget"].iloc[0] == channels["budget_floor"].sum()
    assert frontier["budget"].iloc[-1] == channels["budget_cap"].sum()
    assert frontier["outcome"].is_monotonic_increasing


def test_proposal_is_scored_on_the_fitted_curves(budget, inputs):
    curves, table = fit_channel_curves(inputs)
    score = budget["budget_score"]
    assert np.allclose(score["outcome"], curves.value(score["proposed_spend"].to_numpy()))
    assert np.allclose(score["roi"], score["outcome"] / score["proposed_spend"])
    assert (table["source"] == "fitted").all() and (table["n_points"] == 12).all()
    # the best single move, applied to the proposal, gains what its sentence says
    move = re.fullmatch(r"Move ([\d,]+) from (.+) to (.+) to gain ([\d,]+)\.",
                        budget["budget_summary"].loc["best_move", "value"])  # fmt: skip
    amount, gain = float(move[1].replace(",", "")), float(move[4].replace(",", ""))
    labels = list(inputs.channels["channel_name"])
    moved = score["proposed_spend"].to_numpy().copy()
    moved[labels.index(move[2])] -= amount
    moved[labels.index(move[3])] += amount
    assert curves.value(moved).sum() - score["outcome"].sum() == pytest.approx(gain, abs=1.0)
    # the proposal is last year's split of 10 M: field sales got the most in 2025
    assert score["proposed_spend"].sum() == 10_000_000
    assert score.loc[score["proposed_spend"].idxmax(), "channel"] == "field_sales"


def test_fitted_curves_are_annual_curves_of_the_quarterly_history(inputs):
    _, table = fit_channel_curves(inputs)
    # field sales: true quarterly Hill curve K = 900,000, top 9 M (x4 a year), slope 1
    field = table.set_index("channel").loc["field_sales"]
    curve_at = 4 * 9e6 * (4e6 / 4) / (9e5 + 4e6 / 4)  # annual outcome at 4 M a year
    fitted_at = field["p1"] * 4e6 ** field["p3"] / (field["p2"] ** field["p3"] + 4e6 ** field["p3"])
    assert fitted_at == pytest.approx(curve_at, rel=0.1)


def test_entered_curves_are_used_as_given(inputs):
    channels = inputs.channels.copy()
    channels.loc[0, ["curve_kind", "p1", "p2", "p3"]] = ["logarithmic", 5e6, 1e6, np.nan]
    channels.loc[1, ["curve_kind", "p1", "p2", "p3"]] = ["hill", 4e6, 5e5, np.nan]
    curves, table = fit_channel_curves(_replace(inputs, channels=channels))
    assert table.loc[0, "source"] == "entered" and table.loc[0, "kind"] == "logarithmic"
    assert table.loc[1, "p3"] == 1.0  # a blank Hill slope is 1
    assert curves.value(np.r_[1e6, 5e5, np.ones(4)])[:2] == pytest.approx([5e6 * np.log(2), 2e6])
    channels.loc[2, "curve_kind"] = "cubic"
    with pytest.raises(PlanningError, match="channel events"):
        fit_channel_curves(_replace(inputs, channels=channels))


def test_a_channel_without_history_or_curve_is_named(inputs):
    history = inputs.channel_history[inputs.channel_history["channel"] != "events"]
    with pytest.raises(PlanningError, match="channel events: no response curve"):
        compute_budget(_replace(inputs, channel_history=history))


# --------------------------------------------------------------------------- KPIs


def _kpi_inputs(plan_rows, actual_rows, kpis, through):
    months = pd.date_range("2026-01-01", periods=12, freq="MS")
    rows = []
    for kpi, plan in plan_rows.items():
        for month, target, actual in zip(months, plan, actual_rows[kpi], strict=True):
            rows.append((month, kpi, target, actual))
    base = inputs_from_company()
    return _replace(
        base.with_assumptions(actuals_through_month=through),
        kpis=pd.DataFrame(kpis),
        kpi_actuals=pd.DataFrame(rows, columns=["month", "kpi_id", "target", "actual"]),
        actuals=base.actuals.iloc[:0],
    )


def test_kpi_pace_follows_the_seasonal_plan_as_in_the_docs_example():
    # docs/kpi.md: plan 5 a month Jan-Sep, 15, 15, 25 in Q4; 44 booked by September
    plan = [5.0] * 9 + [15.0, 15.0, 25.0]
    actual = [5.0] * 8 + [4.0] + [np.nan] * 3
    kpis = REVENUE_KPI
    frames = compute_kpis(_kpi_inputs({"rev": plan}, {"rev": actual}, kpis, 9))
    row = frames["kpi_tracker"].iloc[0]
    assert (row["target"], row["expected_to_date"], row["actual_to_date"]) == (100, 45, 44)
    assert row["variance"] == -1 and row["variance_pct"] == pytest.approx(-1 / 45)
    assert row["projected_landing"] == pytest.approx(100 * 44 / 45)
    assert row["status"] == "On track"
    counts = frames["kpi_status_counts"].set_index("status")["count"]
    assert counts.to_dict() == {"On track": 1, "At risk": 0, "Off track": 0, "No data": 0}


def test_mean_kpis_are_shown_per_month_and_lower_is_better_turns_the_status():
    plan = [90.0] * 12
    actual = [99.5] * 6 + [np.nan] * 6  # a sales cycle 10.6 % longer than planned
    kpis = {"kpi_id": ["cycle"], "kpi_name": ["Sales cycle"], "direction": ["lower"],
            "unit": ["days"], "aggregation": ["mean"], "warn_threshold": [0.05],
            "off_track_threshold": [0.10]}  # fmt: skip
    frames = compute_kpis(_kpi_inputs({"cycle": plan}, {"cycle": actual}, kpis, 6), language="zh")
    row = frames["kpi_tracker"].iloc[0]
    assert (row["target"], row["expected_to_date"], row["actual_to_date"]) == (90, 90, 99.5)
    assert row["status"] == "落后"
    assert frames["kpi_status_counts"]["status"].tolist() == ["正常", "预警", "落后", "无数据"]


def test_a_trend_in_the_variance_fires_a_signal():
    plan = [100.0] * 12
    actual = [100.0, 99.0, 101.0, 100.0, 98.0, 96.0, 94.0, 92.0, 90.0, 88.0, np.nan, np.nan]
    kpis = REVENUE_KPI
    frames = compute_kpis(_kpi_inputs({"rev": plan}, {"rev": actual}, kpis, 10))
    signals = frames["kpi_signals"].iloc[0]
    assert "3" in signals["rules"].split(", ")  # six points steadily falling (Nelson 3)
    assert signals["last_signal"] == "2026-10"
    assert "Nelson rule" in frames["kpi_tracker"].iloc[0]["signals"]


def test_sample_kpis_find_the_stories_of_the_sample_company(kpis, plan):
    tracker = kpis["kpi_tracker"].set_index("kpi_id")
    company = load_sample_company()
    booked = float(company.ytd_actuals["revenue"].sum())
    # against the plan's company target for January-September (the KPI targets Build plan sets)
    expected = float(plan["company_target"].loc["target", MONTHS[:9]].sum())
    assert tracker.loc["revenue", "expected_to_date"] == expected
    assert tracker.loc["revenue", "variance_pct"] == pytest.approx(booked / expected - 1, rel=1e-12)
    assert tracker.loc["revenue", "variance_pct"] == pytest.approx(-0.048, abs=0.001)
    # "by September the company is 3.0 % behind the revenue targets of kpi_actuals" (the
    # company's own targets, before the plan sets them)
    entered = compute_kpis(inputs_from_company(plan_targets=False))["kpi_tracker"]
    revenue = entered.set_index("kpi_id").loc["revenue"]
    assert revenue["variance_pct"] == pytest.approx(-0.030, abs=0.001)
    signals = kpis["kpi_signals"].set_index("kpi_id")
    assert signals.loc["win_rate", "cusum"].startswith("drift down")
    assert signals.loc["sales_cycle_days", "cusum"].startswith("drift up")
    by_month = kpis["revenue_by_month"]
    assert by_month["actual"].iloc[9:].isna().all()
    assert by_month["target"].tolist() == plan["company_target"].loc["target", MONTHS].tolist()
    ytd = company.ytd_actuals.groupby(company.ytd_actuals["month"].dt.month)["revenue"].sum()
    assert np.array_equal(by_month["actual"].iloc[:9].to_numpy(), ytd.to_numpy())
    assert by_month["cumulative_actual"].iloc[8] == ytd.sum()


def test_unknown_kpis_and_duplicates_are_refused(inputs):
    extra = pd.DataFrame(
        [(pd.Timestamp("2026-01-01"), "nps", 1.0, 1.0)],
        columns=["month", "kpi_id", "target", "actual"],
    )
    with pytest.raises(PlanningError, match="KPI nps is not in the KPI table"):
        compute_kpis(_replace(inputs, kpi_actuals=pd.concat([inputs.kpi_actuals, extra])))
    twice = pd.concat([inputs.kpi_actuals, inputs.kpi_actuals.iloc[:1]])
    with pytest.raises(PlanningError, match="more than one row"):
        compute_kpis(_replace(inputs, kpi_actuals=twice))


def _replace(inputs: PlanInputs, **changes) -> PlanInputs:
    from dataclasses import replace

    return replace(inputs, **changes)

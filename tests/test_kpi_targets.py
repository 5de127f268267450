"""The KPI targets the plan sets: Build plan writes them, Flag KPIs tracks them.

Expected figures are worked out here from the sample company's raw tables and the
definitions (company target = last year x (1 + growth) rounded to the unit; deals =
revenue / deal size; leads = the deals they turn into, ``sales_cycle_months`` later,
/ both conversion rates, the months after the plan year repeating the plan year's same
months), not taken from the functions under test.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_files import plan_copy

from xl_salesplan.actions.company_inputs import inputs_from_company, with_plan_targets
from xl_salesplan.actions.kpi_targets import (
    PLAN_KPI_TARGETS,
    link_kpi_targets,
    plan_kpi_targets,
    target_rows,
)
from xl_salesplan.actions.plan import build_plan, compute_plan
from xl_salesplan.actions.version_diff import compare_versions
from xl_salesplan.actions.workbook_inputs import read_workbook_inputs
from xl_salesplan.cli import main
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import SHEETS, block, named_input, table
from xl_salesplan.sample_company import load_sample_company
from xl_salesplan.workbook.book import FileBook, Formula

PLAN_KPIS = ("revenue", "deals_won", "new_leads")
MONTHS = pd.date_range("2026-01-01", periods=12, freq="MS")


@pytest.fixture(scope="module")
def company():
    return load_sample_company()


@pytest.fixture(scope="module")
def raw_inputs():
    return inputs_from_company(plan_targets=False)


@pytest.fixture(scope="module")
def plan(raw_inputs):
    return compute_plan(raw_inputs)


def last_year_revenue(company) -> float:
    history = company.history
    return float(history.loc[history["month"].dt.year == 2025, "revenue"].sum())


def expected_funnel(company, monthly_revenue: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Deals and leads needed per plan month, from the definitions (not from the engine).

    Both are whole counts: each month's need rounded up.
    """
    deals = monthly_revenue / company.assumption("avg_deal_size")
    rates = company.assumption("lead_to_opportunity") * company.assumption("opportunity_to_win")
    cycle = int(company.assumption("sales_cycle_months"))
    # leads of month m close in month m + cycle; after December, next year's same months
    leads = np.roll(deals, -cycle) / rates
    return np.ceil(deals - 1e-6), np.ceil(leads - 1e-6)


def by_kpi(targets: pd.DataFrame, kpi: str) -> np.ndarray:
    rows = targets[targets["kpi_id"] == kpi]
    assert rows["month"].tolist() == MONTHS.tolist()
    return rows["target"].to_numpy(dtype=float)


# --------------------------------------------------------------------------- the pure functions


def test_the_mapping_names_the_sample_kpis():
    assert tuple(PLAN_KPI_TARGETS) == PLAN_KPIS
    assert set(PLAN_KPIS) <= set(load_sample_company().kpis["kpi_id"])


def test_revenue_targets_are_the_company_target_by_month(company, raw_inputs, plan):
    targets = plan_kpi_targets(raw_inputs, plan)
    revenue = by_kpi(targets, "revenue")
    assert revenue.sum() == round(last_year_revenue(company) * 1.2 / 1000) * 1000 == 78_480_000
    company_target = plan["company_target"].loc["target", [f"2026-{m:02d}" for m in range(1, 13)]]
    assert np.array_equal(revenue, company_target.to_numpy(dtype=float))
    assert revenue[0] == 7_325_000  # not the 5,015,000 of "2025 same month x 1.2"
    assert (revenue % 1000 == 0).all()


def test_deals_and_leads_targets_are_the_funnel_back_solved_from_the_revenue(
    company, raw_inputs, plan
):
    targets = plan_kpi_targets(raw_inputs, plan)
    deals, leads = expected_funnel(company, by_kpi(targets, "revenue"))
    np.testing.assert_allclose(by_kpi(targets, "deals_won"), deals, rtol=1e-12)
    np.testing.assert_allclose(by_kpi(targets, "new_leads"), leads, rtol=1e-12)
    assert 0 <= by_kpi(targets, "deals_won").sum() - 78_480_000 / 29_000 < 12  # rounded up
    funnel = plan["funnel"].set_index("month").loc[[f"2026-{m:02d}" for m in range(1, 13)]]
    np.testing.assert_array_equal(by_kpi(targets, "deals_won"), funnel["deals"].to_numpy())
    np.testing.assert_array_equal(by_kpi(targets, "new_leads"), funnel["leads"].to_numpy())
    assert targets["kpi_id"].unique().tolist() == list(PLAN_KPIS)  # the KPI table's order


def test_the_other_kpis_and_all_actuals_keep_what_the_planner_entered(company):
    linked = inputs_from_company().kpi_actuals
    entered = company.kpi_actuals.reset_index(drop=True)
    assert linked[["month", "kpi_id"]].equals(entered[["month", "kpi_id"]])
    np.testing.assert_array_equal(linked["actual"].to_numpy(), entered["actual"].to_numpy())
    others = ~entered["kpi_id"].isin(PLAN_KPIS)
    assert others.sum() == 5 * 12
    np.testing.assert_array_equal(
        linked.loc[others, "target"].to_numpy(), entered.loc[others, "target"].to_numpy()
    )
    ours = ~others
    assert (linked.loc[ours, "target"].to_numpy() != entered.loc[ours, "target"].to_numpy()).any()


def test_with_plan_targets_is_what_inputs_from_company_gives(raw_inputs, plan):
    once = with_plan_targets(raw_inputs, plan)
    pd.testing.assert_frame_equal(once.kpi_actuals, inputs_from_company().kpi_actuals)
    again = with_plan_targets(once)  # linking linked inputs changes nothing
    pd.testing.assert_frame_equal(again.kpi_actuals, once.kpi_actuals)


def test_a_kpi_row_is_recognised_by_its_exact_id_and_its_month():
    targets = pd.DataFrame(
        {"kpi_id": ["revenue"] * 2 + ["new_leads"],
         "month": pd.to_datetime(["2026-01-01", "2026-03-01", "2026-03-01"]),
         "target": [100.0, 300.0, 7.0]}
    )  # fmt: skip
    rows = pd.DataFrame(
        {"month": [pd.Timestamp("2026-03-01"), "2026-03-20", pd.Timestamp("2025-03-01"),
                   pd.Timestamp("2026-01-01"), None, "March", pd.Timestamp("2026-03-01")],
         "kpi_id": ["revenue", "  new_leads ", "revenue", "Revenue", "revenue", "revenue", None],
         "target": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0],
         "actual": [np.nan] * 7}
    )  # fmt: skip
    assert target_rows(rows, targets).tolist() == [1, 2, -1, -1, -1, -1, -1]
    linked = link_kpi_targets(rows, targets)
    assert linked["target"].tolist() == [300.0, 7.0, 3.0, 4.0, 5.0, 6.0, 8.0]
    assert linked.drop(columns="target").equals(rows.drop(columns="target"))
    assert rows["target"].tolist()[0] == 1.0  # the input frame is not changed


def test_a_kpi_the_kpi_table_does_not_define_gets_no_plan_targets(raw_inputs, plan):
    kpis = raw_inputs.kpis[raw_inputs.kpis["kpi_id"] != "new_leads"]
    inputs = replace(raw_inputs, kpis=kpis)
    targets = plan_kpi_targets(inputs, plan)
    assert targets["kpi_id"].unique().tolist() == ["revenue", "deals_won"]
    none = plan_kpi_targets(replace(raw_inputs, kpis=kpis.iloc[3:]), plan)
    assert none.empty and list(none.columns) == ["kpi_id", "month", "target"]


def test_missing_plan_results_are_named(raw_inputs, plan):
    with pytest.raises(PlanningError, match="no 'company_target' results"):
        plan_kpi_targets(raw_inputs, {"funnel": plan["funnel"]})
    short = plan["funnel"].iloc[:-1]
    with pytest.raises(PlanningError, match="no deals for 2026-12"):
        plan_kpi_targets(raw_inputs, {**plan, "funnel": short})


@settings(max_examples=20)
@given(
    st.sampled_from([-0.1, 0.0, 0.05, 0.2, 0.35]),
    st.sampled_from([1.0, 1000.0, 10_000.0]),
    st.permutations(range(96)),
)
def test_linked_targets_follow_any_growth_and_unit_in_any_row_order(growth, unit, order):
    company = load_sample_company()
    raw = inputs_from_company(company, plan_targets=False).with_assumptions(
        growth_target=growth, rounding_unit=unit
    )
    shuffled = raw.kpi_actuals.iloc[list(order)].reset_index(drop=True)
    linked = with_plan_targets(replace(raw, kpi_actuals=shuffled)).kpi_actuals
    total = round(last_year_revenue(company) * (1 + growth) / unit) * unit
    revenue = linked[linked["kpi_id"] == "revenue"].sort_values("month")["target"].to_numpy()
    assert revenue.sum() == pytest.approx(total, rel=1e-12)
    deals, leads = expected_funnel(company, revenue)
    for kpi, want in (("deals_won", deals), ("new_leads", leads)):
        got = linked[linked["kpi_id"] == kpi].sort_values("month")["target"].to_numpy()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-9)
    others = ~shuffled["kpi_id"].isin(PLAN_KPIS)
    assert linked.loc[others, "target"].equals(shuffled.loc[others, "target"])
    assert linked[["month", "kpi_id", "actual"]].equals(shuffled[["month", "kpi_id", "actual"]])


# --------------------------------------------------------------------------- in a workbook


def read_name(book: FileBook, name: str) -> list[list[object]]:
    sheet, ref = book.name_range(name)
    return book.read_range(sheet, ref)


def kpi_table(book: FileBook) -> pd.DataFrame:
    return read_workbook_inputs(book).tables["tblKpiActuals"]


def table_targets(book: FileBook, kpi: str) -> np.ndarray:
    frame = kpi_table(book)
    rows = frame[(frame["kpi_id"] == kpi) & (pd.to_datetime(frame["month"]).dt.year == 2026)]
    assert pd.to_datetime(rows["month"]).tolist() == MONTHS.tolist()
    return rows["target"].to_numpy(dtype=float)


def assert_tracked_targets_are_the_plans(book: FileBook, annual: float) -> None:
    """The KPI targets, the tracker and the dashboard hold the plan's figures."""
    company_target = read_name(book, "CompanyTarget")[
        block("CompanyTarget").row_keys().index("target")
    ]
    months, total = np.array(company_target[:12], dtype=float), company_target[12]
    assert total == annual == months.sum()
    summary = read_name(book, "PlanSummary")
    assert summary[block("PlanSummary").row_keys().index("target")][0] == annual
    funnel = pd.DataFrame(read_name(book, "Funnel"), columns=block("Funnel").column_keys())
    funnel = funnel.set_index("month").loc[[f"2026-{m:02d}" for m in range(1, 13)]]
    revenue = table_targets(book, "revenue")
    np.testing.assert_array_equal(revenue, months)
    np.testing.assert_allclose(table_targets(book, "deals_won"), funnel["deals"], rtol=1e-15)
    np.testing.assert_allclose(table_targets(book, "new_leads"), funnel["leads"], rtol=1e-15)
    np.testing.assert_array_equal(table_targets(book, "deals_won"), np.ceil(months / 29_000))
    tracker = pd.DataFrame(read_name(book, "KpiTracker"), columns=block("KpiTracker").column_keys())
    tracker = tracker.set_index("kpi_id")
    assert tracker.loc["revenue", "target"] == annual
    assert tracker.loc["revenue", "expected_to_date"] == months[:9].sum()
    assert tracker.loc["deals_won", "target"] == funnel["deals"].sum()
    assert 0 <= tracker.loc["deals_won", "target"] - annual / 29_000 < 12  # months rounded up
    assert tracker.loc["new_leads", "target"] == pytest.approx(funnel["leads"].sum(), rel=1e-12)
    by_month = read_name(book, "RevenueByMonth")
    np.testing.assert_array_equal([row[1] for row in by_month], months)


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_template_tracks_the_plans_targets(tmp_path: Path, language: str) -> None:
    book = FileBook.open(plan_copy(tmp_path, language=language))
    assert_tracked_targets_are_the_plans(book, 78_480_000.0)


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_plan_then_kpi_on_the_command_line_move_the_tracked_targets(
    tmp_path: Path, capsys, company, language: str
) -> None:
    path = plan_copy(tmp_path, language=language)
    growth = named_input("GrowthTarget")
    book = FileBook.open(path)
    book.write_value(SHEETS[growth.sheet].name(language), growth.cell, 0.3)
    book.save()
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    said = {
        "en": "KPI targets set by the plan: revenue, deals_won, new_leads (36 cells",
        "zh-CN": "计划设定的 KPI 目标:revenue, deals_won, new_leads(tblKpiActuals 中 36 个",
    }
    assert said[language] in out  # the workbook's language
    annual = round(last_year_revenue(company) * 1.3 / 1000) * 1000
    assert annual != 78_480_000
    assert table_targets(FileBook.open(path), "revenue").sum() == annual
    assert main(["kpi", str(path)]) == 0
    assert_tracked_targets_are_the_plans(FileBook.open(path), float(annual))


def test_build_plan_writes_no_cell_of_the_kpi_table_but_the_plans_targets(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    spec = table("tblKpiActuals")
    frame = kpi_table(FileBook.open(path))
    ours = frame.index[frame["kpi_id"].isin(PLAN_KPIS)].tolist()
    owned = {spec.column_cell("target", i) for i in ours}
    win_rate = frame.index[frame["kpi_id"] == "win_rate"][0]
    formula_cell = spec.column_cell("target", win_rate)
    book = FileBook.open(path)
    book.write_value("Assumptions", named_input("GrowthTarget").cell, 0.1)
    book.write_value("Actuals", formula_cell, Formula("=0.25+0.05", 0.3))  # the planner's
    book.save()
    before = shutil.copy(path, tmp_path / "before.xlsm")
    result = build_plan(FileBook.open(path))
    assert result.details["kpi_targets"] == {"kpis": list(PLAN_KPIS), "cells": 36, "missing": []}
    diff = compare_versions(before, path)
    actuals = diff.frame[diff.frame["sheet"] == "Actuals"]
    assert set(actuals["cell"]) <= owned
    # every month of revenue, deals and new leads moves with the growth (the leads of the
    # last three months are for next year's first months, which repeat this year's)
    assert len(actuals) == 36
    # (the Market sheet compares the new target with the market and the history)
    assert set(diff.frame["sheet"]) == {"Targets", "Capacity", "Funnel", "Actuals", "Market"}
    sheet = openpyxl.load_workbook(path)["Actuals"]
    assert sheet[formula_cell].value == "=0.25+0.05"
    after = kpi_table(FileBook.open(path))
    others = ~frame["kpi_id"].isin(PLAN_KPIS)
    assert after.loc[others].equals(frame.loc[others])
    assert after["actual"].equals(frame["actual"])


def test_rows_the_table_lacks_are_reported_and_not_added(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    spec = table("tblKpiActuals")
    frame = kpi_table(FileBook.open(path))
    ref = FileBook.open(path).table_info("tblKpiActuals").ref
    assert ref == spec.ref(96)
    months = pd.to_datetime(frame["month"])
    leads_dec = frame.index[(frame["kpi_id"] == "new_leads") & (months.dt.month == 12)][0]
    revenue_nov = frame.index[(frame["kpi_id"] == "revenue") & (months.dt.month == 11)][0]
    book = FileBook.open(path)
    book.write_value("Actuals", spec.column_cell("month", leads_dec), pd.Timestamp("2025-12-01"))
    book.write_value("Actuals", spec.column_cell("kpi_id", revenue_nov), "Revenue")
    book.write_value("Actuals", spec.column_cell("target", revenue_nov), 1.0)
    book.write_value("Actuals", spec.column_cell("target", leads_dec), 2.0)
    book.write_value("Assumptions", named_input("GrowthTarget").cell, 0.25)
    book.save()
    result = build_plan(FileBook.open(path))
    missing = ["revenue 2026-11", "new_leads 2026-12"]
    assert result.details["kpi_targets"]["missing"] == missing
    assert result.details["kpi_targets"]["cells"] == 34
    assert any(line.startswith("  warning: tblKpiActuals has no row for revenue 2026-11, "
                               "new_leads 2026-12") for line in result.lines)  # fmt: skip
    after = FileBook.open(path)
    assert after.table_info("tblKpiActuals").ref == ref
    assert len(kpi_table(after)) == len(frame)
    assert after.read_value("Actuals", spec.column_cell("target", revenue_nov)) == 1.0
    assert after.read_value("Actuals", spec.column_cell("target", leads_dec)) == 2.0


def test_the_template_shows_the_plans_targets_as_outputs(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    spec = table("tblKpiActuals")
    frame = kpi_table(FileBook.open(path))
    sheet = openpyxl.load_workbook(path)["Actuals"]
    fills = {
        kpi: {sheet[spec.column_cell("target", i)].fill.fgColor.rgb for i in rows.index}
        for kpi, rows in frame.groupby("kpi_id")
    }
    grey, yellow = "FFF2F2F2", "FFFFF2CC"
    assert all(fills[kpi] == {grey} for kpi in PLAN_KPIS)
    assert all(fills[kpi] == {yellow} for kpi in fills if kpi not in PLAN_KPIS)
    actual_fills = {sheet[spec.column_cell("actual", i)].fill.fgColor.rgb for i in frame.index}
    assert actual_fills == {yellow}

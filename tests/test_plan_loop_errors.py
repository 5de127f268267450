"""The planning loop's bad inputs: tiers not increasing, retention above 100%, a share goal
above 100%, a re-plan month outside the year; and the line Re-plan prints. Each comes from
the message catalogue in English and Chinese, and reads as the planner's words in the engine,
in a cell (the Excel functions) and on the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from plan_files import plan_copy
from test_cli_language import english
from udf_calls import cell, column, row, udfs

from xl_salesplan.actions.actuals_records import parse_mapping
from xl_salesplan.actions.table_rules import market_name_problems, tier_problems
from xl_salesplan.actions.validate import _room_problems
from xl_salesplan.actions.workbook_inputs import WorkbookInputs
from xl_salesplan.budget.curves import logarithmic
from xl_salesplan.budget.scoring import score_allocation
from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, main
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import NAMED_INPUTS, SHEETS, table
from xl_salesplan.messages import CATALOGUE, in_language, localized
from xl_salesplan.ooxml.references import quote_sheet
from xl_salesplan.people.incentives import payout_curve
from xl_salesplan.targets.customers import customer_bridge
from xl_salesplan.targets.market import market_target
from xl_salesplan.targets.realism import _limits
from xl_salesplan.targets.replan import replan
from xl_salesplan.workbook.book import FileBook

#: Each bad input: the engine call, its catalogue key, the English and the Chinese line.
BAD_INPUTS = {
    "tiers": (
        lambda: payout_curve([0.5, 1.0, 0.9], [1, 2, 1]),
        "people.incentives.tiers_not_increasing",
        "tiers must start at increasing attainment; the tier at position 2 starts at 90%, "
        "not above the tier before it (100%)",
        "各档起点的达成率必须逐档递增;第 2 档起点为 90%,未高于前一档(100%)",
    ),
    "retention": (
        lambda: customer_bridge(1000, 1.1, 0.0, 0, 0),
        "targets.customers.retention_out_of_range",
        "retention must be from 0 to 100% (the share of last year's revenue that stays; put "
        "growth in expansion), got 1.1",
        "客户收入留存率必须在 0 到 100% 之间(上年销售额中保留下来的比例;增长请填在增购率中),"
        "当前为 1.1",
    ),
    "share_goal": (
        lambda: market_target(1e9, 0.08, 1.2),
        "targets.market.share_out_of_range",
        "share_goal must be from 0 to 100% (a share of the market); position 0 is 1.2 (out of "
        "range at [0])",
        "share_goal 必须在 0 到 100% 之间(市场份额);位置 0 的值为 1.2(超出范围的位置 [0],"
        "从 0 起数)",
    ),
    "realism_limits": (
        lambda: _limits([0.5, 0.2], "attainment_band", increasing=True),
        "targets.realism.invalid_option",
        "attainment_band must be two numbers, the second at least the first",
        "attainment_band 必须是两个数,第二个不小于第一个",
    ),
    "mapping_column": (
        lambda: parse_mapping(["amount=Revenue"]),
        "action.actuals_records.bad_mapping_column",
        "mapping: 'amount' is not an actuals column; use month, region, product_line, rep_id, "
        "revenue, deals",
        "映射:'amount' 不是实际数的列;请使用 month, region, product_line, rep_id, revenue, deals",
    ),
    "replan_month": (
        lambda: replan(1200, [100.0] * 12, [90.0] * 12, 13),
        "targets.replan.month_outside_year",
        "the re-plan month must be from 1 to 12 (the months with actuals); got 13",
        "调整计划的月份必须在 1 到 12 之间(已有实际数据的月份);当前为 13",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_each_bad_input_is_a_catalogue_message_in_both_languages(case: str) -> None:
    call, key, english, chinese = BAD_INPUTS[case]
    assert key in CATALOGUE
    with pytest.raises(PlanningError) as caught:
        call()
    error = caught.value
    assert error.key == key and key.rsplit(".", 1)[-1].startswith(error.code)
    assert str(error) == english == localized(error, "en")
    assert localized(error, "zh-CN") == chinese


def _kpis(count: int) -> pd.DataFrame:
    kpis = pd.DataFrame({"kpi_id": [f"k{i}" for i in range(count)]})
    kpis.attrs.update(sheet="KPI tracker", first_row=6, first_column=1)
    return kpis


_REGIONS = pd.DataFrame({"region": ["East", "North"], "region_zh": ["华东", "华北"]})
_PRODUCTS = pd.DataFrame({"product_line": ["Sensors"], "product_line_zh": ["传感器"]})
_CURVES = [logarithmic(100, 10, name="展会"), logarithmic(300, 10, name="搜索广告")]

#: Problems Validate lists and notes the Budget sheet shows: how each is found, its English
#: (the planner's names are Chinese, as a zh-CN workbook's are).
PROBLEM_TEXTS = {
    "block_too_small": (
        lambda: _room_problems(WorkbookInputs({"tblKpis": _kpis(21)}, {}), None)[0].message,
        "21 KPIs: the block KpiTracker (KPI tracker (year to date)) holds at most 20 rows; "
        "Flag KPIs would refuse them: remove 1",
    ),
    "market_unknown": (
        lambda: market_name_problems(pd.DataFrame({"market": ["华东区"]}), _REGIONS, None)[0][2],
        "'华东区' is not a region of tblRegions or a product line of tblProducts (closest: 华东)",
    ),
    "market_mixed": (
        lambda: market_name_problems(
            pd.DataFrame({"market": ["East", "传感器"]}), _REGIONS, _PRODUCTS
        )[0][2],
        "'传感器' is a product line but the markets above are regions: list either regions or "
        "product lines",
    ),
    "no_tier": (
        lambda: tier_problems(pd.DataFrame({"attainment_from": [None], "rate": [None]}))[0][2],
        "the incentive plan needs at least one tier: its threshold and rate",
    ),
    "tiers_not_increasing": (
        lambda: tier_problems(pd.DataFrame({"attainment_from": [0.5, 0.4], "rate": [1, 2]}))[0][2],
        "tiers must start at increasing attainment; the tier at position 1 starts at 40%, not "
        "above the tier before it (50%)",
    ),
    "below_floor": (
        lambda: score_allocation(_CURVES, [100.0, 900.0], floors=[200.0, 0.0]).violations[0],
        "展会 (position 0) is 100 below its floor",
    ),
    "above_cap": (
        lambda: score_allocation(_CURVES, [100.0, 900.0], caps=[1e9, 800.0]).violations[0],
        "搜索广告 (position 1) is 100 above its cap",
    ),
    "bounds_unmet": (
        lambda: score_allocation(_CURVES, [100.0, 100.0], floors=[150.0, 150.0]).violations[-1],
        "the floors and caps cannot be met with a budget of 200",
    ),
}


@pytest.mark.parametrize("case", sorted(PROBLEM_TEXTS))
def test_validates_problems_and_the_budget_notes_read_in_the_workbooks_language(case: str) -> None:
    found, english_text = PROBLEM_TEXTS[case]
    text = found()
    assert str(text) == english_text == in_language(text, "en")
    chinese = in_language(text, "zh-CN")
    assert re.search(r"[\u4e00-\u9fff]", chinese) and not english(chinese), (
        chinese,
        english(chinese),
    )


def test_the_functions_give_the_planner_worded_line_for_each() -> None:
    # positions counted from 1 in a cell; the argument named with its place in the formula
    tiers = udfs.PAYOUT(column([1.0]), cell(1), [[0.5, 1], [1.0, 2], [0.9, 1]])
    assert tiers == [
        [
            "#PAYOUT: tiers (arg 3) must start at increasing attainment; the tier at position 3 "
            "starts at 90%, not above the tier before it (100%)"
        ]
    ]
    retention = udfs.CUSTOMER_BRIDGE(cell(1200), cell("110%"), cell(0), cell(0), cell(0))
    assert retention == [
        [
            "#CUSTOMER_BRIDGE: retention (arg 2) must be from 0 to 100% (the share of last "
            "year's revenue that stays; put growth in expansion), got 1.1"
        ]
    ]
    share = udfs.TARGET_FROM_MARKET(row([1e6, 2e6]), cell(0.05), row([0.2, "120%"]))
    assert share == [
        [
            "#TARGET_FROM_MARKET: share_goal (arg 3) must be from 0 to 100% (a share of the "
            "market); position 2 is 1.2 (out of range at [2])"
        ]
    ]
    month = udfs.REPLAN(cell(1200), row([100] * 12), row([90] * 12), cell(0))
    assert month == [
        [
            "#REPLAN: closed_months (arg 4) the re-plan month must be from 1 to 12 (the months "
            "with actuals); got 0"
        ]
    ]


# ----------------------------------------------------------------- the command line


def _set(path: Path, name: str, value: object, language: str) -> None:
    spec = NAMED_INPUTS[name]
    book = FileBook.open(path)
    book.write_value(SHEETS[spec.sheet].name(language), spec.cell, value)
    book.save()


def _one_line(err: str, command: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"xl-salesplan {command}")  # ": " or the Chinese "："
    return lines[0]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_replan_month_outside_the_year_names_the_cell_in_the_workbooks_language(
    capsys, tmp_path: Path, language: str
) -> None:
    path = plan_copy(tmp_path, language=language)
    _set(path, "ActualsThroughMonth", 0, language)
    assert main(["replan", str(path)]) != EXIT_OK
    line = _one_line(capsys.readouterr().err, "replan")
    sheet = quote_sheet(SHEETS["assumptions"].name(language))
    if language == "en":
        assert line.endswith(
            f"{sheet}!B7 (Actuals through month): a re-plan needs the months with actuals, "
            "from 1 to 12; got 0"
        )
    else:
        assert line.endswith(
            f"{sheet}!B7(实际数据截至月份):调整计划需要已有实际数据的月份,"
            "应在 1 到 12 之间;当前为 0"
        )


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_replan_prints_its_line_from_the_catalogue(capsys, tmp_path: Path, language: str) -> None:
    path = plan_copy(tmp_path, language=language)
    assert main(["replan", str(path)]) == EXIT_OK
    first = capsys.readouterr().out.splitlines()[0]
    # keeping 78.48 M after September needs more than the reps' capacity (shortfall flagged)
    if language == "en":
        assert first.startswith(
            "Re-plan written: annual total 78,480,000 after 9 closed month(s) (landing on the "
            "pace to date "
        )
        assert "saved as" in first and "Not reachable within capacity: the remaining" in first
        assert first.endswith("short by 1,038,462.")
    else:
        assert first.startswith(
            "调整计划已写入:9 个已结账月份后全年总额 78,480,000(按目前进度预计全年 "
        )
        assert "并已保存为" in first and first.endswith("缺口 1,038,462。")
    # --lang says it in the other language
    other = "en" if language == "zh-CN" else "zh-CN"
    assert main(["replan", str(path), "--lang", other]) == EXIT_OK
    again = capsys.readouterr().out.splitlines()[0]
    assert again.startswith("Re-plan written" if other == "en" else "调整计划已写入")


@pytest.mark.parametrize("language", ["en", "zh-CN"])
@pytest.mark.parametrize("what", ["retention", "share_goal"])
def test_retention_and_share_goal_above_100_percent_name_their_cell(
    capsys, tmp_path: Path, language: str, what: str
) -> None:
    path = plan_copy(tmp_path, language=language)
    if what == "retention":  # one assumption of the Market sheet
        spec = NAMED_INPUTS["Retention"]
        sheet, cell, value = spec.sheet, spec.cell, 1.2
    else:  # the share goal of the first market of the markets table
        markets = table("tblMarkets")
        sheet, cell, value = markets.sheet, markets.column_cell("share_goal", 0), 1.5
    book = FileBook.open(path)
    book.write_value(SHEETS[sheet].name(language), cell, value)
    book.save()
    assert main(["plan", str(path)]) == EXIT_INVALID_INPUT
    line = _one_line(capsys.readouterr().err, "plan")
    assert f"{quote_sheet(SHEETS[sheet].name(language))}!{cell}" in line
    assert f"{value:.1%}" in line and "100%" in line

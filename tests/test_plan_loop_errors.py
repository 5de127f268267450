"""The planning loop's bad inputs: tiers not increasing, retention above 100%, a share goal
above 100%, a re-plan month outside the year; and the line Re-plan prints. Each comes from
the message catalogue in English and Chinese, and reads as the planner's words in the engine,
in a cell (the Excel functions) and on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_files import plan_copy
from udf_calls import cell, column, row, udfs

from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, main
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import NAMED_INPUTS, SHEETS, table
from xl_salesplan.messages import CATALOGUE, localized
from xl_salesplan.ooxml.references import quote_sheet
from xl_salesplan.people.incentives import payout_curve
from xl_salesplan.targets.customers import customer_bridge
from xl_salesplan.targets.market import market_target
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
    assert error.key == key and error.code == key.rsplit(".", 1)[-1]
    assert str(error) == english == localized(error, "en")
    assert localized(error, "zh-CN") == chinese


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

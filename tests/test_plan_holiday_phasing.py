"""Build plan phases the plan year by where Chinese New Year falls: synthetic history with a
known effect, the fall-backs to calendar months, the HolidayPhasing switch, and the command
line on a workbook in both languages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plan_files import plan_copy

from xl_salesplan.actions.company_history import (
    HOLIDAY_MIN_YEARS,
    plan_phasing,
    plan_profile,
    revenue_by_year_month,
)
from xl_salesplan.actions.company_inputs import inputs_from_company
from xl_salesplan.actions.plan import compute_plan
from xl_salesplan.cli import EXIT_INVALID_INPUT, EXIT_OK, main
from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import phased_target
from xl_salesplan.history.moving_holidays import (
    holiday_phasing,
    holiday_profile,
    holiday_regressors,
    synthetic_history_example,
)
from xl_salesplan.layout import NAMED_INPUTS, SHEETS, block
from xl_salesplan.layout.model import MONTH_KEYS
from xl_salesplan.messages import choice_word, message
from xl_salesplan.workbook.book import FileBook

SEASON = np.array([1.0, 0.9, 1.0, 1.0, 1.05, 1.1, 0.95, 0.95, 1.0, 1.05, 1.1, 1.3])
FIRST_YEAR, YEARS = 2019, 7  # 2019-2025: New Year on 5 Feb, 25 Jan, 12 Feb, 1 Feb, 22 Jan,
# 10 Feb, 29 Jan; the plan year 2026 has it on 17 February, 2027 on 6 February.


def synthetic_inputs(history: np.ndarray, first_year: int = FIRST_YEAR, plan_year: int = 2026):
    """The sample company with its history replaced by ``history`` (years x 12), all of it
    sold by the East region's first rep (the other regions get no target)."""
    inputs = inputs_from_company()
    rep = inputs.reps[inputs.reps["region"] == "East"].iloc[0]
    months = pd.date_range(f"{first_year}-01-01", periods=history.size, freq="MS")
    frame = pd.DataFrame(
        {
            "month": months,
            "region": "East",
            "product_line": inputs.products["product_line"].iloc[0],
            "rep_id": rep["rep_id"],
            "revenue": history.reshape(-1),
            "deals": np.ceil(history.reshape(-1) / 29_000.0),
        }
    )[list(inputs.history.columns)]
    assumptions = dict(inputs.assumptions, plan_year=float(plan_year))
    return replace(inputs, history=frame, assumptions=assumptions)


def company_months(plan: dict[str, pd.DataFrame]) -> np.ndarray:
    target = plan["company_target"].loc["target"]
    return target.iloc[:12].to_numpy(dtype=float)


# ----------------------------------------------------------- synthetic history, known effect


def test_plan_follows_the_holiday_adjusted_engine_not_calendar_months() -> None:
    # Season x 8% growth, a day within 10 days of New Year selling 45% less, no noise.
    history = 5_000 * synthetic_history_example(FIRST_YEAR, YEARS, effect=-0.45)  # ~5 M a month
    plan = compute_plan(synthetic_inputs(history))
    total = float(plan["company_target"].loc["target", "total"])
    assert total == np.round(history[-1].sum() * 1.2 / 1000) * 1000
    monthly = company_months(plan)
    # the engine, on its own: effect measured, put back where the holiday falls in 2026
    engine = holiday_profile(history, FIRST_YEAR)
    assert np.expm1(engine.effects[0]) == pytest.approx(-0.45, abs=1e-9)
    adjusted = phased_target(total, engine.phasing(2026), unit=1000)
    calendar = phased_target(total, plan_profile(pd.DataFrame(history), 7).shares, unit=1000)
    np.testing.assert_array_equal(monthly, adjusted)
    assert monthly.sum() == total  # exact after rounding
    # 2026's window (7-27 February) is all February: January is a full month, February a
    # weak one. Calendar months average 4 January and 3 February years of 2019-2025.
    assert monthly[0] > calendar[0] + 200_000 and monthly[1] < calendar[1] - 200_000
    # the truth of 2026: the season with the holiday where it falls (the profile's shares are
    # those of the detrended year)
    x = holiday_regressors([2026])[0, 0]
    truth = SEASON * np.exp(np.log1p(-0.45) * x)
    truth = total * truth / truth.sum()
    assert (np.abs(monthly[:2] / truth[:2] - 1) < 0.005).all()
    assert (np.abs(calendar[:2] / truth[:2] - 1) > 0.1).all()
    phasing = plan["plan_summary"].loc["phasing", "value"]
    assert phasing.startswith("Holiday-adjusted") and "Chinese New Year -45%" in phasing
    assert "from 7 years of history" in phasing


def test_the_effect_moves_with_the_holiday_between_plan_years() -> None:
    history = synthetic_history_example(FIRST_YEAR, YEARS)
    engine = holiday_profile(history, FIRST_YEAR)
    table = pd.DataFrame(history, index=range(FIRST_YEAR, FIRST_YEAR + YEARS), columns=range(1, 13))
    # 2028: New Year on 26 January, the window 16 January - 5 February, mostly January
    for year in (2026, 2028):
        phasing = plan_phasing(table, year)
        np.testing.assert_allclose(phasing.shares, engine.phasing(year), rtol=1e-12)
    jan_2026, jan_2028 = plan_phasing(table, 2026).shares[0], plan_phasing(table, 2028).shares[0]
    assert jan_2028 < jan_2026
    assert plan_phasing(table, 2028).shift()[0] < 0 < plan_phasing(table, 2026).shift()[0]


def test_lunar_phasing_of_a_history_before_the_lunar_holidays_is_refused_clearly() -> None:
    history = synthetic_history_example(2004, 6)
    table = pd.DataFrame(history, index=range(2004, 2010), columns=range(1, 13))
    with pytest.raises(PlanningError, match="no date of dragon_boat in 2004") as raised:
        plan_phasing(table, 2010, "lunar")
    chinese = message(raised.value.key, "zh-CN", **raised.value.params)
    assert "没有 2004 年的 dragon_boat 日期(从 2008 年起才有)" in chinese
    assert plan_phasing(table, 2010).method == "holidays"  # Chinese New Year alone: fine


def test_lunar_holidays_phase_dragon_boat_and_mid_autumn_too() -> None:
    history = synthetic_history_example(FIRST_YEAR, YEARS)
    table = pd.DataFrame(history, index=range(FIRST_YEAR, FIRST_YEAR + YEARS), columns=range(1, 13))
    lunar = plan_phasing(table, 2026, "lunar")
    assert lunar.method == "holidays"
    assert list(lunar.effects) == ["spring_festival", "dragon_boat", "mid_autumn"]
    # the synthetic history has no Dragon Boat or Mid-Autumn effect: they are measured as ~0
    assert lunar.effects["spring_festival"] == pytest.approx(-0.45, abs=1e-6)
    assert abs(lunar.effects["dragon_boat"]) < 1e-6 and abs(lunar.effects["mid_autumn"]) < 1e-6
    engine = holiday_profile(history, FIRST_YEAR, holidays_used=list(lunar.effects))
    expected = holiday_phasing(engine.shares, engine.effects, 2026, list(lunar.effects))
    np.testing.assert_allclose(lunar.shares, expected, rtol=1e-12)
    assert "Dragon Boat" in lunar.line() and "中秋" in lunar.line("zh-CN")


# ----------------------------------------------------------- falling back to calendar months


@pytest.mark.parametrize("years", [2, HOLIDAY_MIN_YEARS - 1])
def test_short_history_falls_back_to_calendar_months_and_says_so(years: int) -> None:
    history = 5_000 * synthetic_history_example(2024, years)
    plan = compute_plan(synthetic_inputs(history, first_year=2024))
    calendar = plan_profile(revenue_by_year_month(synthetic_inputs(history, 2024).history), 2026)
    total = float(plan["company_target"].loc["target", "total"])
    np.testing.assert_array_equal(
        company_months(plan), phased_target(total, calendar.shares, unit=1000)
    )
    line = plan["plan_summary"].loc["phasing", "value"]
    assert line == (
        f"Calendar months: {years} full year(s) of history, the holiday adjustment needs 3"
    )
    zh = compute_plan(replace(synthetic_inputs(history, 2024), language="zh-CN"))
    assert zh["plan_summary"].loc["phasing", "value"] == (
        f"按自然月:历史只有{years}个完整年度,节假日调整至少需要3年"
    )


def test_years_without_sales_do_not_count_as_history() -> None:
    # a first year of zeros (the business started later) leaves 2 full years: too short
    history = np.vstack([np.zeros(12), synthetic_history_example(2024, 2)])
    phasing = plan_phasing(pd.DataFrame(history, index=[2023, 2024, 2025]), 2026)
    assert (phasing.method, phasing.reason, phasing.full_years) == ("calendar", "too_short", 2)


def test_a_holiday_that_never_moved_cannot_be_measured(monkeypatch) -> None:
    # Chinese New Year always moves over 3 consecutive years; a holiday whose window fell the
    # same way every year (National Day) cannot be told from the season: calendar months.
    import xl_salesplan.actions.company_history as company_history

    monkeypatch.setattr(company_history, "holiday_moves", lambda years, names: np.zeros(1, bool))
    table = pd.DataFrame(synthetic_history_example(2023, 3), index=[2023, 2024, 2025])
    table.columns = range(1, 13)
    phasing = plan_phasing(table, 2026)
    assert (phasing.method, phasing.reason) == ("calendar", "not_moving")
    assert phasing.line().startswith("Calendar months: the holidays fall in the same months")
    np.testing.assert_array_equal(phasing.shares, plan_profile(table, 2026).shares)


def test_turned_off_the_plan_is_phased_by_calendar_months() -> None:
    inputs = inputs_from_company()
    off = compute_plan(replace(inputs, holiday_phasing="off"))
    calendar = plan_profile(revenue_by_year_month(inputs.history), 2026)
    np.testing.assert_array_equal(
        company_months(off), phased_target(78_480_000, calendar.shares, unit=1000)
    )
    assert (
        off["plan_summary"]
        .loc["phasing", "value"]
        .startswith("Calendar months: the holiday adjustment is turned off")
    )
    with pytest.raises(PlanningError, match="holiday_phasing"):
        compute_plan(replace(inputs, holiday_phasing="weekly"))


# ----------------------------------------------------------- the command line on a workbook


def _targets(path: Path, language: str) -> tuple[list[float], str]:
    """The company target's 12 months and the phasing line, as the workbook holds them."""
    book = FileBook.open(path)
    sheet = SHEETS["targets"].name(language)
    spec = block("CompanyTarget")
    first, last = spec.row_cell("target", MONTH_KEYS[0]), spec.row_cell("target", MONTH_KEYS[-1])
    months = book.read_range(sheet, f"{first}:{last}")[0]
    line = book.read_value(sheet, block("PlanSummary").row_cell("phasing"))
    return [float(v) for v in months], str(line)


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_command_line_plan_phases_by_the_holiday_and_can_be_turned_off(
    capsys, tmp_path: Path, language: str
) -> None:
    path = plan_copy(tmp_path, language=language)
    assert main(["plan", str(path)]) == EXIT_OK
    months, line = _targets(path, language)
    assert sum(months) == 78_480_000
    assert months[:2] == [7_325_000, 3_735_000]  # calendar months: 4,736,000 and 5,724,000
    word = "按节假日调整" if language == "zh-CN" else "Holiday-adjusted"
    assert line.startswith(word) and "-52%" in line
    # the planner turns it off on the Assumptions sheet, in the workbook's language
    spec = NAMED_INPUTS["HolidayPhasing"]
    book = FileBook.open(path)
    book.write_value(SHEETS["assumptions"].name(language), spec.cell,
                     choice_word("holiday_phasing", "off", language))  # fmt: skip
    book.save()
    capsys.readouterr()
    assert main(["plan", str(path)]) == EXIT_OK
    months, line = _targets(path, language)
    assert sum(months) == 78_480_000 and months[:2] == [4_736_000, 5_724_000]
    word = "按自然月" if language == "zh-CN" else "Calendar months"
    assert line.startswith(word)
    # a word that is no choice is refused with the cell
    book = FileBook.open(path)
    book.write_value(SHEETS["assumptions"].name(language), spec.cell, "weekly")
    book.save()
    capsys.readouterr()
    assert main(["plan", str(path)]) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert f"!{spec.cell}" in err and "weekly" in err and "Traceback" not in err


def test_the_check_of_the_inputs_and_the_plan_share_one_profile_of_one_history() -> None:
    # Build plan checks its inputs (Validate inputs' profile of the history) and then
    # profiles the same history again: the second is the first, not a second fit
    table = pd.DataFrame(synthetic_history_example(), index=range(FIRST_YEAR, 2026),
                         columns=range(1, 13))  # fmt: skip
    first = plan_profile(table, 2026)
    assert plan_profile(table.copy(), 2026) is first
    changed = table.copy()
    changed.iloc[2, 3] *= 1.01
    other = plan_profile(changed, 2026)
    assert other is not first and not np.array_equal(other.shares, first.shares)
    assert plan_profile(table, 2025) is not first  # another plan year: other years
    np.testing.assert_array_equal(plan_profile(table, 2026).shares, first.shares)
    bad = pd.DataFrame([[0.0] * 12] * 2, index=[2024, 2025], columns=range(1, 13))
    for _ in range(2):  # a history the profile refuses is refused every time
        with pytest.raises(PlanningError):
            plan_profile(bad, 2026)

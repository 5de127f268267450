"""Moving holidays: dates from the holidays library, regressors by hand, the effect recovered
from synthetic history, and the profile error and January/February phasing with and without
the adjustment."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.forecast import phased_target
from xl_salesplan.history.moving_holidays import (
    HOLIDAYS,
    holiday_dates,
    holiday_phasing,
    holiday_profile,
    holiday_regressors,
    synthetic_history_example,
)
from xl_salesplan.history.seasonality import seasonal_profile

REPO = Path(__file__).resolve().parents[1]
SEASON = np.array([1.0, 0.9, 1.0, 1.0, 1.05, 1.1, 0.95, 0.95, 1.0, 1.05, 1.1, 1.3])


def _true_shares(year: int, effect: float = -0.45) -> np.ndarray:
    x = holiday_regressors([year])[0, 0]
    shares = SEASON * np.exp(np.log1p(effect) * x)
    return shares / shares.sum()


def test_dates_come_from_the_lunar_calendar() -> None:
    # Chinese New Year 2023-01-22, 2024-02-10, 2025-01-29, 2026-02-17 (published calendars).
    assert holiday_dates([2023, 2024, 2025, 2026]) == [
        datetime.date(2023, 1, 22),
        datetime.date(2024, 2, 10),
        datetime.date(2025, 1, 29),
        datetime.date(2026, 2, 17),
    ]
    assert holiday_dates([2025], "mid_autumn") == [datetime.date(2025, 10, 6)]


def test_regressor_by_hand() -> None:
    # 2025: window 19 Jan - 8 Feb = 13 January days (of 31) and 8 February days (of 28).
    x = holiday_regressors([2025], before=10, after=10)[0, 0]
    assert x[0] == pytest.approx(13 / 31) and x[1] == pytest.approx(8 / 28)
    assert x[2:].sum() == 0
    # a window reaching back into December belongs to the year of the December
    late = holiday_regressors([2022], before=40, after=0)[0, 0]
    assert late[11] * 31 == pytest.approx(19)  # 2023's (22 Jan) window: 13-31 December 2022
    assert late[0] == pytest.approx(1.0)  # 2022's own (1 Feb) window: 23 Dec 2021 - 1 Feb
    assert late[1] * 28 == pytest.approx(1)


def test_effect_is_recovered_exactly_without_noise() -> None:
    profile = holiday_profile(synthetic_history_example(2019, 7), 2019)
    assert np.exp(profile.effects[0]) - 1 == pytest.approx(-0.45, abs=1e-9)
    # holiday-free shares are the season itself
    np.testing.assert_allclose(profile.shares, SEASON / SEASON.sum(), atol=2e-4)


def test_the_adjustment_cuts_the_profile_error_where_the_holiday_moves() -> None:
    history = synthetic_history_example(2019, 7)  # 2019-2025
    plain = seasonal_profile(history).shares
    adjusted = holiday_profile(history, 2019)
    for year in (2026, 2027, 2028):
        truth = _true_shares(year)
        error_plain = np.abs(plain - truth).mean()
        error_adjusted = np.abs(adjusted.phasing(year) - truth).mean()
        assert error_adjusted < error_plain / 20, year
    # 2026 (New Year on 17 February): the figures in docs/seasonality.md
    truth = _true_shares(2026)
    assert np.abs(plain - truth).mean() == pytest.approx(0.00219, abs=5e-5)
    assert np.abs(adjusted.phasing(2026) - truth).mean() < 5e-5


def test_phased_january_february_targets_for_a_year_where_the_holiday_moves() -> None:
    history = synthetic_history_example(2019, 7)
    adjusted = holiday_profile(history, 2019)
    plain = seasonal_profile(history)
    target = 12_000_000
    naive = phased_target(target, plain, unit=1000)
    moved = phased_target(target, adjusted.phasing(2026), unit=1000)
    truth = target * _true_shares(2026)
    assert naive.sum() == moved.sum() == target
    # Without the adjustment February is planned ~140k too high and January ~158k too low.
    assert naive[1] - truth[1] > 100_000 and truth[0] - naive[0] > 100_000
    assert abs(moved[0] - truth[0]) < 2_000 and abs(moved[1] - truth[1]) < 2_000


def test_with_noise_the_adjustment_still_beats_the_calendar_profile() -> None:
    rng = np.random.default_rng(3)
    history = synthetic_history_example(2018, 8) * rng.lognormal(0.0, 0.03, (8, 12))
    plain = seasonal_profile(history).shares
    adjusted = holiday_profile(history, 2018)
    assert np.exp(adjusted.effects[0]) - 1 == pytest.approx(-0.45, abs=0.05)
    truth = _true_shares(2026)
    assert np.abs(adjusted.phasing(2026) - truth).mean() < np.abs(plain - truth).mean() / 2


def test_national_day_does_not_move_and_gets_no_effect() -> None:
    profile = holiday_profile(
        synthetic_history_example(2019, 7), 2019, holidays_used=["spring_festival", "national_day"]
    )
    assert profile.effects[1] == 0.0
    assert np.exp(profile.effects[0]) - 1 == pytest.approx(-0.45, abs=1e-9)


def test_phasing_by_hand() -> None:
    # All of February 2026 in the window, half the sales: February weighs 0.5 of a month.
    shares = holiday_phasing(np.full(12, 1 / 12), [np.log(0.5)], 2026, before=16, after=11)
    assert shares[1] == pytest.approx(0.5 / 11.5) and shares[0] == pytest.approx(1 / 11.5)


def test_bad_inputs_are_worded_for_a_planner() -> None:
    with pytest.raises(PlanningError, match="years x 12 months"):
        holiday_profile(np.ones((3, 4)), 2020)
    with pytest.raises(PlanningError, match="at least 2 years"):
        holiday_profile(np.ones((1, 12)), 2020)
    with pytest.raises(PlanningError, match="unknown holiday 'easter'"):
        holiday_regressors([2020], ["easter"])
    with pytest.raises(PlanningError, match="whole number of days"):
        holiday_regressors([2020], before=-1)
    # Dragon Boat and Mid-Autumn are public holidays (in the calendar) from 2008 only
    with pytest.raises(
        PlanningError, match=r"no date of mid_autumn in 2005 \(it has one from 2008"
    ):
        holiday_regressors([2005, 2006, 2009], ["spring_festival", "mid_autumn"])
    # the first year that has them: its window may reach back into 2007, which has none
    assert holiday_regressors([2008, 2009], ["mid_autumn"]).sum() > 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(2008, 2100), st.integers(0, 3)), min_size=1, max_size=6))
def test_dates_read_in_any_order_are_the_calendars_of_each_year(
    spans: list[tuple[int, int]],
) -> None:
    # the dates of several years are read from one calendar and kept: whatever the order
    # the years are asked in, each is the first day the library's calendar of that year
    # alone gives
    import holidays

    for first, extra in spans:
        years = list(range(first, min(first + extra, 2100) + 1))
        for holiday, name in HOLIDAYS.items():
            alone = [
                min(holidays.China(years=y, language="en_US").get_named(name, lookup="exact"))
                for y in years
            ]
            assert holiday_dates(years, holiday) == alone


_CHILD = """
import json, sys
from xl_salesplan.cli import main
book = sys.argv[1]
codes = [main(["validate", "-q", book]), main(["kpi", "-q", book])]
before = "holidays" in sys.modules
codes.append(main(["plan", "-q", book]))
print(json.dumps({"codes": codes, "before_plan": before, "after_plan": "holidays" in sys.modules}))
"""


def test_only_the_commands_that_phase_by_holidays_load_the_library(tmp_path: Path) -> None:
    # loading the library and its calendars takes about a quarter of a second
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "udfs")])}
    new = [sys.executable, "-m", "xl_salesplan.cli", "new", "-q", str(tmp_path / "plan.xlsm")]
    assert subprocess.run(new, env=env, check=False, timeout=600).returncode == 0
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "plan.xlsm")],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0, 0], "before_plan": False, "after_plan": True}

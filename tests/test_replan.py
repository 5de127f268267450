"""Re-plan of the remaining months: hand-worked examples, infeasible re-plans, bad inputs,
and the invariants under hypothesis (annual total exact after rounding, closed months
unchanged, holds and caps respected)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.targets.replan import catch_up_share, replan, shortfall_text

PLAN = [100.0] * 12


def test_keep_the_target_by_hand() -> None:
    # 3 months closed at 80 (plan 100): 240 to date; keep 1,200 -> 960 over 9 equal months.
    result = replan(1200, PLAN, [80, 80, 80] + [None] * 9, 3)
    assert result.plan[0, :3].tolist() == [80, 80, 80]
    np.testing.assert_allclose(result.plan[0, 3:], 960 / 9)
    assert result.landing == pytest.approx(240 + 900 * 0.8)  # 960 on the 80% pace
    assert result.annual_total == pytest.approx(1200) and result.feasible


def test_rebase_and_half_catch_up_by_hand() -> None:
    actuals = [80, 80, 80] + [None] * 9
    rebased = replan(1200, PLAN, actuals, 3, catch_up="rebase")
    assert rebased.annual_total == pytest.approx(960)
    np.testing.assert_allclose(rebased.plan[0, 3:], 80)  # the pace carried forward
    half = replan(1200, PLAN, actuals, 3, catch_up=0.5)
    assert half.annual_total == pytest.approx(1080)
    np.testing.assert_allclose(half.plan[0, 3:], (1080 - 240) / 9)


def test_the_seasonal_shape_and_the_rows_mix_of_the_original_carry_over() -> None:
    # Two regions, 4 months; region A's remaining plan is 2x region B's, month 4 is 3x month 3.
    original = [[10, 10, 20, 60], [10, 10, 10, 30]]
    actuals = [[10, 10, None, None], [5, 5, None, None]]
    result = replan(None, original, actuals, 2)  # target = original total 160; 30 to date
    assert result.target == 160
    # 130 over weights 20, 60, 10, 30 (sum 120)
    np.testing.assert_allclose(result.plan[:, 2:], np.array([[20, 60], [10, 30]]) * 130 / 120)


def test_holds_caps_and_rounding_by_hand() -> None:
    # 1,000 to re-plan over 4 open cells; cell (0, 3) held at 100; cap 300 on (1, 2).
    original = [[0, 100, 100, 100], [0, 100, 100, 100]]
    actuals = [[50, None, None, None], [150, None, None, None]]
    holds = [[None, None, None, 100], [None, None, None, None]]
    caps = [[None, None, None, None], [None, None, 300, None]]
    result = replan(1200, original, actuals, 1, holds=holds, caps=caps, unit=10)
    # 1,200 - 200 closed - 100 held = 900 over 5 equal weights (180 each) -> within the cap.
    assert result.plan.tolist() == [[50, 180, 180, 100], [150, 180, 180, 180]]
    tight = replan(1200, original, actuals, 1, holds=holds, caps=[[None] * 4, [None, 0, 0, 0]])
    # Region 2 cannot take any: 900 over the 2 free cells of region 1.
    assert tight.plan[0].tolist() == [50, 450, 450, 100]


def test_a_replan_above_capacity_is_flagged_not_refused() -> None:
    result = replan(1200, PLAN, [50] * 6 + [None] * 6, 6, caps=120)
    assert not result.feasible
    assert result.plan[0, 6:].tolist() == [120] * 6
    assert result.shortfall == pytest.approx(900 - 720)
    assert shortfall_text(result) == (
        "the remaining months need 900 but their capacity is 720: short by 180"
    )


def test_actuals_above_the_annual_total_report_the_excess() -> None:
    result = replan(100, [10.0] * 4, [90, 30, None, None], 2)
    assert result.plan[0].tolist() == [90, 30, 0, 0]
    assert result.excess == pytest.approx(20) and not result.feasible


@pytest.mark.parametrize("month", [0, 13, -1, 2.5, "June"])
def test_a_replan_month_outside_the_year_is_refused(month) -> None:
    with pytest.raises(PlanningError) as caught:
        replan(1200, PLAN, PLAN, month)
    assert caught.value.code == "month_outside_year"
    assert str(caught.value).startswith("the re-plan month must be from 1 to 12")


def test_a_missing_actual_in_a_closed_month_names_its_position() -> None:
    with pytest.raises(PlanningError) as caught:
        replan(1200, [PLAN, PLAN], [[1] * 12, [1, None] + [1] * 10], 3)
    assert caught.value.code == "blank" and caught.value.positions == ((1, 1),)


def test_catch_up_words_and_range() -> None:
    assert catch_up_share("Keep") == 1.0 and catch_up_share("re-base") == 0.0
    with pytest.raises(PlanningError, match="from 0"):
        catch_up_share(1.5)


# ---------------------------------------------------------------- properties


@st.composite
def replans(draw):
    rows = draw(st.integers(1, 4))
    periods = draw(st.integers(2, 12))
    amount = st.integers(0, 10**8).map(lambda cents: cents / 100)  # money to the cent
    original = np.array(draw(st.lists(amount, min_size=rows * periods, max_size=rows * periods)))
    actuals = np.array(draw(st.lists(amount, min_size=rows * periods, max_size=rows * periods)))
    closed = draw(st.integers(1, periods))
    held_mask = np.array(
        draw(st.lists(st.booleans(), min_size=rows * periods, max_size=rows * periods))
    )
    held_values = np.array(
        draw(st.lists(st.floats(0, 1e5), min_size=rows * periods, max_size=rows * periods))
    )
    holds = np.where(held_mask & (draw(st.booleans())), held_values, np.nan)
    cap_values = np.array(
        draw(st.lists(st.floats(0, 5e6), min_size=rows * periods, max_size=rows * periods))
    )
    caps = np.where(draw(st.booleans()), cap_values, np.nan)
    unit = draw(st.sampled_from([None, 1.0, 100.0, 1000.0]))
    catch_up = draw(st.sampled_from(["keep", "rebase", 0.25, 0.5]))
    target = draw(st.floats(0, 1e8))
    shape = (rows, periods)
    return (
        target,
        original.reshape(shape),
        actuals.reshape(shape),
        closed,
        holds.reshape(shape),
        caps.reshape(shape),
        unit,
        catch_up,
    )


@given(replans())
def test_replan_invariants(case) -> None:
    target, original, actuals, closed, holds, caps, unit, catch_up = case
    result = replan(
        target, original, actuals, closed, holds=holds, caps=caps, unit=unit, catch_up=catch_up
    )
    plan = result.plan
    # closed months never change: they are the actuals
    np.testing.assert_array_equal(plan[:, :closed], actuals[:, :closed])
    open_cells = plan[:, closed:]
    held = holds[:, closed:]
    cap = caps[:, closed:]
    # holds kept exactly, caps respected on free cells, nothing negative
    np.testing.assert_array_equal(open_cells[~np.isnan(held)], held[~np.isnan(held)])
    free = np.isnan(held)
    assert (open_cells[free & ~np.isnan(cap)] <= cap[free & ~np.isnan(cap)] + 1e-6).all()
    assert (open_cells >= -1e-9).all()
    if result.feasible:
        # the chosen annual total, exactly, also after rounding
        assert plan.sum() == pytest.approx(result.annual_total, rel=1e-9, abs=1e-6)
        if unit is not None and free.any():
            cells, limit = open_cells[free], cap[free]
            off_grid = np.abs(cells / unit - np.round(cells / unit)) > 1e-6
            at_cap = np.abs(cells - limit) <= 1e-6
            # one cell absorbs a remainder that is not a multiple of the unit; a cell filled
            # to a cap that is not a multiple is not rounded above it
            assert (off_grid & ~at_cap).sum() <= 1
    else:
        assert result.shortfall > 0 or result.excess > 0
        if result.shortfall > 0:
            np.testing.assert_allclose(open_cells[free], cap[free])

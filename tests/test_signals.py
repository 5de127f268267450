"""Tests for xl_salesplan.kpi.signals: XmR limits, Nelson / Western Electric rules, CUSUM.

Most rule tests fix centre 0 and sigma 1 so that every value is its own distance
from the centre in sigmas; each constructed series is worked by hand in its
comment. A loop-based reference written from the textual rule definitions
checks the vectorised implementation on generated series.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.errors import PlanningError
from xl_salesplan.kpi.signals import (
    NELSON_RULES,
    WESTERN_ELECTRIC_RULES,
    cusum,
    firing_points,
    nelson_rules,
    western_electric_rules,
    xmr_limits,
)

# A fixed, deliberately patternless series within ±1.5 sigma (centre 0, sigma 1): at most
# 2 points in a row on one side, 3 steps in one direction, 8 points alternating up and
# down, 3 points in a row within 1 sigma, 1 point in a row beyond 1 sigma, and 2 of any 5
# points beyond 1 sigma on one side (checked in test_clean_series_is_clean_by_construction).
CLEAN = [
    0.3, -0.8, 1.2, 0.5, -0.4, -1.1, 0.7, 0.2, -1.3, 0.9,
    1.4, -0.6, 0.1, -0.2, 1.1, -0.9, 0.6, 1.3, -0.5, 0.4,
    -1.2, -0.3, 0.8, -0.7, 1.2, 0.2, -0.1, -1.4, 0.5, 0.9,
]  # fmt: skip

# Fifteen points within 1 sigma at positions 1..15 (sides and steps mixed, so no other
# run forms), framed by 1.4 and -1.3.
RULE_7_SERIES = [
    1.4, 0.4, -0.3, 0.6, 0.2, -0.5, -0.1, 0.7, 0.3, -0.6,
    0.5, -0.2, -0.7, 0.1, 0.8, -0.4, -1.3, 0.2,
]  # fmt: skip

# One constructed series per Nelson rule (centre 0, sigma 1) and the positions where
# exactly that rule, and no other, fires.
MADE_FOR_RULE: dict[int, tuple[list[float], list[int]]] = {
    # 3.2 and -3.5 are beyond 3 sigma; they are on opposite sides, so rule 5 stays quiet.
    1: ([0.2, -0.4, 0.1, 3.2, 0.3, -3.5, 0.0], [3, 5]),
    # Positions 3..12 are ten points above the centre: the ninth (11) and tenth (12) fire.
    2: ([-0.5, 0.4, -0.3, 0.5, 0.8, 0.3, 0.9, 0.4, 0.7, 0.2, 0.6, 0.5, 0.3, -0.4], [11, 12]),
    # -0.9 < -0.6 < -0.1 < 0.4 < 0.7 < 1.2 at positions 3..8: the sixth point (8) fires.
    3: ([0.3, -0.4, 0.2, -0.9, -0.6, -0.1, 0.4, 0.7, 1.2, 0.5, -0.3], [8]),
    # Steps alternate down/up from position 1 to 14 (14 points); 0 -> 1 and 14 -> 15 are
    # two steps down in a row, so the run is exactly positions 1..14 and fires at 14.
    # 1.3 at position 7 keeps every within-1-sigma run shorter than 15.
    4: (
        [0.9, 0.3, -0.5, 0.6, -0.4, 0.8, -0.7, 1.3, -0.6, 0.9, -0.3, 0.4, -0.8, 0.7, -0.2, -0.5],
        [14],
    ),
    # 2.4 (position 2) and 2.2 (position 4) are two of three beyond 2 sigma above: fires at 4.
    # -2.5 at position 7 is alone on its side.
    5: ([0.3, -0.6, 2.4, 0.5, 2.2, -0.4, 0.1, -2.5, 0.6, 0.3], [4]),
    # Positions 2..6 hold 1.3, 1.6, 0.4, 1.2, 1.5: four of five beyond 1 sigma above,
    # completed by position 6.
    6: ([0.2, -0.5, 1.3, 1.6, 0.4, 1.2, 1.5, -0.3, 0.6], [6]),
    # Positions 1..15 are fifteen points within 1 sigma (sides and steps mixed), framed by
    # 1.4 and -1.3: fires at 15.
    7: (RULE_7_SERIES, [15]),
    # Positions 1..8 are eight points beyond 1 sigma, sides mixed so that no five of them
    # hold four on one side, all within 2 sigma: fires at 8.
    8: ([0.3, 1.4, -1.2, -1.6, 1.3, -1.5, 1.7, 1.2, -1.4, -0.2], [8]),
}


def fired(flags: pd.DataFrame, rule: int) -> list[int]:
    return [int(p) for p in np.flatnonzero(flags[rule].to_numpy())]


def rules_that_fire(flags: pd.DataFrame) -> set[int]:
    return {int(r) for r in flags.columns[flags.to_numpy().any(axis=0)]}


# --- reference implementation, written from the textual definitions with loops ---------------


def reference_nelson(x: list[float], c: float, s: float) -> dict[int, list[bool]]:
    n = len(x)
    out = {r: [False] * n for r in range(1, 9)}
    for i in range(n):
        out[1][i] = abs(x[i] - c) > 3 * s
        if i >= 8:
            w = x[i - 8 : i + 1]
            out[2][i] = all(v > c for v in w) or all(v < c for v in w)
        if i >= 5:
            w = x[i - 5 : i + 1]
            out[3][i] = all(a < b for a, b in pairwise(w)) or all(a > b for a, b in pairwise(w))
        if i >= 13:
            w = x[i - 13 : i + 1]
            steps = [b - a for a, b in pairwise(w)]
            out[4][i] = all(steps[j] * steps[j + 1] < 0 for j in range(len(steps) - 1))
        for rule, zone, m, k in ((5, 2, 3, 2), (6, 1, 5, 4)):
            w = x[max(0, i - m + 1) : i + 1]
            high = x[i] - c > zone * s and sum(v - c > zone * s for v in w) >= k
            low = x[i] - c < -zone * s and sum(v - c < -zone * s for v in w) >= k
            out[rule][i] = high or low
        if i >= 14:
            out[7][i] = all(abs(v - c) < s for v in x[i - 14 : i + 1])
        if i >= 7:
            out[8][i] = all(abs(v - c) > s for v in x[i - 7 : i + 1])
    return out


def reference_cusum(x: list[float], target: float, k: float) -> tuple[list[float], list[float]]:
    up, lo, hi_sum, lo_sum = [], [], 0.0, 0.0
    for v in x:
        hi_sum = max(0.0, hi_sum + v - (target + k))
        lo_sum = max(0.0, lo_sum + (target - k) - v)
        up.append(hi_sum)
        lo.append(lo_sum)
    return up, lo


# --- XmR limits -------------------------------------------------------------------------------


def test_xmr_limits_hand_worked() -> None:
    # mean (1+3+2+4+3)/5 = 2.6; moving ranges 2, 1, 2, 1 -> 1.5
    lim = xmr_limits([1.0, 3.0, 2.0, 4.0, 3.0])
    assert lim.centre == pytest.approx(2.6)
    assert lim.mr_bar == pytest.approx(1.5)
    assert lim.ucl == pytest.approx(2.6 + 2.66 * 1.5)
    assert lim.lcl == pytest.approx(2.6 - 2.66 * 1.5)
    assert lim.mr_ucl == pytest.approx(3.267 * 1.5)
    assert lim.centre + 3 * lim.sigma == pytest.approx(lim.ucl)


def test_rule_1_with_limits_estimated_from_the_series() -> None:
    x = [10.0, 12.0, 11.0, 13.0, 12.0, 11.0, 30.0, 12.0, 11.0]
    # mean 122/9; moving ranges 2,1,2,1,1,19,18,1 -> 45/8; UCL = 13.56 + 14.96 = 28.52 < 30
    ucl = 122 / 9 + 2.66 * 45 / 8
    assert xmr_limits(x).ucl == pytest.approx(ucl)
    flags = nelson_rules(x)
    assert fired(flags, 1) == [6]
    assert rules_that_fire(flags) == {1}


def test_xmr_needs_two_points() -> None:
    with pytest.raises(PlanningError, match="at least 2"):
        xmr_limits([5.0])


# --- Nelson rules: each fires on its own series, none on a clean one ---------------------------


@pytest.mark.parametrize("rule", sorted(MADE_FOR_RULE))
def test_each_nelson_rule_fires_on_its_series_at_the_expected_point(rule: int) -> None:
    series, positions = MADE_FOR_RULE[rule]
    flags = nelson_rules(series, centre=0.0, sigma=1.0)
    assert fired(flags, rule) == positions
    assert rules_that_fire(flags) == {rule}


@pytest.mark.parametrize("rule", sorted(MADE_FOR_RULE))
def test_constructed_series_agree_with_reference(rule: int) -> None:
    series, _ = MADE_FOR_RULE[rule]
    flags = nelson_rules(series, centre=0.0, sigma=1.0)
    expected = reference_nelson(series, 0.0, 1.0)
    for r in range(1, 9):
        assert flags[r].tolist() == expected[r]


def longest_run(flags: list[bool]) -> int:
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


def test_clean_series_is_clean_by_construction() -> None:
    x = CLEAN
    steps = [b - a for a, b in pairwise(x)]
    assert max(abs(v) for v in x) <= 1.5
    assert max(longest_run([v > 0 for v in x]), longest_run([v < 0 for v in x])) == 2
    assert max(longest_run([d > 0 for d in steps]), longest_run([d < 0 for d in steps])) == 3
    assert longest_run([a * b < 0 for a, b in pairwise(steps)]) + 2 == 8
    assert longest_run([abs(v) < 1 for v in x]) == 3
    assert longest_run([abs(v) > 1 for v in x]) == 1
    windows = [x[i : i + 5] for i in range(len(x) - 4)]
    assert max(max(sum(v > 1 for v in w), sum(v < -1 for v in w)) for w in windows) == 2


def test_no_nelson_rule_fires_on_the_clean_series() -> None:
    assert rules_that_fire(nelson_rules(CLEAN, centre=0.0, sigma=1.0)) == set()
    assert rules_that_fire(western_electric_rules(CLEAN, centre=0.0, sigma=1.0)) == set()


def test_no_rule_fires_on_the_clean_series_with_estimated_limits() -> None:
    assert rules_that_fire(nelson_rules(CLEAN)) == set()
    assert rules_that_fire(western_electric_rules(CLEAN)) == set()


def test_rules_are_numbered_and_described() -> None:
    assert list(nelson_rules(CLEAN).columns) == list(range(1, 9)) == sorted(NELSON_RULES)
    assert list(western_electric_rules(CLEAN).columns) == [1, 2, 3, 4]
    assert sorted(WESTERN_ELECTRIC_RULES) == [1, 2, 3, 4]
    assert "nine" in NELSON_RULES[2] and "fourteen" in NELSON_RULES[4]


# --- exact boundaries and run breakers ---------------------------------------------------------


def test_point_exactly_on_a_limit_does_not_fire() -> None:
    flags = nelson_rules([0.0, 3.0, -3.0, 0.5], centre=0.0, sigma=1.0)
    assert fired(flags, 1) == []
    # 3.0 is beyond 2 sigma; two of three beyond 2 sigma needs the same side: -3.0 is not.
    assert fired(flags, 5) == []
    flags = nelson_rules([0.0, 2.0, 2.0, 2.5, 2.5], centre=0.0, sigma=1.0)
    assert fired(flags, 5) == [4]  # exactly 2 sigma is not beyond 2 sigma


def test_point_on_the_centre_breaks_a_same_side_run() -> None:
    above = [0.5, 0.3, 0.6, 0.2, 0.7, 0.4, 0.8, 0.3]
    assert fired(nelson_rules([*above, 0.5], centre=0.0, sigma=1.0), 2) == [8]
    assert fired(nelson_rules([*above, 0.0, 0.5], centre=0.0, sigma=1.0), 2) == []


def test_equal_points_break_a_trend() -> None:
    assert fired(nelson_rules([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], centre=0.0, sigma=1.0), 3) == [5]
    assert fired(nelson_rules([0.1, 0.2, 0.3, 0.3, 0.5, 0.6], centre=0.0, sigma=1.0), 3) == []


def test_decreasing_trend_fires_rule_3() -> None:
    series, positions = MADE_FOR_RULE[3]
    assert fired(nelson_rules([-v for v in series], centre=0.0, sigma=1.0), 3) == positions


def test_exactly_one_sigma_is_neither_within_nor_beyond() -> None:
    within = [0.5, -0.5] * 7 + [0.5]  # fifteen points alternating, within 1 sigma
    assert fired(nelson_rules(within, centre=0.0, sigma=1.0), 7) == [14]
    assert fired(nelson_rules([*within[:7], 1.0, *within[8:]], centre=0.0, sigma=1.0), 7) == []
    beyond = [1.5, -1.5] * 4
    assert fired(nelson_rules(beyond, centre=0.0, sigma=1.0), 8) == [7]
    assert fired(nelson_rules([*beyond[:3], 1.0, *beyond[4:]], centre=0.0, sigma=1.0), 8) == []


def test_two_of_three_on_opposite_sides_does_not_fire_but_three_of_three_does() -> None:
    assert fired(nelson_rules([2.5, -2.5, 2.5], centre=0.0, sigma=1.0), 5) == [2]
    assert fired(nelson_rules([2.5, -2.5, 0.0], centre=0.0, sigma=1.0), 5) == []
    assert fired(nelson_rules([-2.5, -2.1, -2.9], centre=0.0, sigma=1.0), 5) == [1, 2]


def test_below_the_centre_fires_rule_2_too() -> None:
    series = [0.5] + [-0.4, -0.6] * 5
    assert fired(nelson_rules(series, centre=0.0, sigma=1.0), 2) == [9, 10]


def test_constant_series_fires_nothing() -> None:
    assert rules_that_fire(nelson_rules([0.1] * 20)) == set()
    assert rules_that_fire(western_electric_rules([0.1] * 20)) == set()


# --- Western Electric -----------------------------------------------------------------------


def test_western_electric_rule_4_is_eight_in_a_row_same_side() -> None:
    series = [-0.5, 0.4, 0.2, 0.6, 0.3, 0.5, 0.1, 0.7, 0.4, -0.2]
    flags = western_electric_rules(series, centre=0.0, sigma=1.0)
    assert fired(flags, 4) == [8]
    assert rules_that_fire(flags) == {4}
    assert fired(nelson_rules(series, centre=0.0, sigma=1.0), 2) == []  # Nelson needs nine


@pytest.mark.parametrize("rule", sorted(MADE_FOR_RULE))
def test_western_electric_zone_rules_match_nelson_1_5_6(rule: int) -> None:
    series, _ = MADE_FOR_RULE[rule]
    we = western_electric_rules(series, centre=0.0, sigma=1.0)
    ne = nelson_rules(series, centre=0.0, sigma=1.0)
    for we_rule, nelson_rule in ((1, 1), (2, 5), (3, 6)):
        assert we[we_rule].tolist() == ne[nelson_rule].tolist()


# --- output shapes ----------------------------------------------------------------------------


def test_firing_points_is_tidy_and_keeps_the_index() -> None:
    months = pd.Index(["Jan", "Feb", "Mar", "Apr"])
    flags = nelson_rules(pd.Series([0.1, 3.5, -3.2, -3.4], index=months), centre=0.0, sigma=1.0)
    assert list(flags.index) == list(months)
    table = firing_points(flags)
    assert list(table.columns) == ["position", "point", "rule"]
    assert table.to_records(index=False).tolist() == [
        (1, "Feb", 1),
        (2, "Mar", 1),
        (3, "Apr", 1),
        (3, "Apr", 5),
    ]


def test_firing_points_of_a_quiet_series_is_empty() -> None:
    assert firing_points(nelson_rules(CLEAN)).empty


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (lambda: nelson_rules([1.0, None, 2.0]), "blank", "position 1"),
        (lambda: nelson_rules([1.0, "x"]), "not_a_number", "position 1"),
        (lambda: nelson_rules([]), "too_short", "at least 1"),
        (lambda: nelson_rules([4.0]), "too_short", "give sigma"),
        (lambda: nelson_rules([[1.0, 2.0], [3.0, 4.0]]), "bad_shape", "(2, 2)"),
        (lambda: nelson_rules([1.0, 2.0], sigma=0.0), "bad_sigma", "positive"),
        (lambda: nelson_rules([1.0, 2.0], centre=float("nan")), "not_finite", "centre"),
        (lambda: western_electric_rules([1.0, float("inf")]), "not_finite", "position 1"),
        (lambda: cusum([1.0, 2.0], 1.0, -0.5, 2.0), "bad_k", "-0.5"),
        (lambda: cusum([1.0, 2.0], 1.0, 0.5, 0.0), "bad_h", "positive"),
        (lambda: cusum([1.0, 2.0], None, 0.5, 1.0), "not_a_number", "target"),
        (lambda: firing_points([[True]]), "bad_type", "flags"),
    ],
)
def test_bad_input_gives_a_planning_error(call, code: str, words: str) -> None:
    with pytest.raises(PlanningError) as info:
        call()
    assert info.value.code == code
    assert words in str(info.value)


def test_single_point_with_given_sigma_is_fine() -> None:
    assert fired(nelson_rules([5.0], centre=0.0, sigma=1.0), 1) == [0]


# --- CUSUM ------------------------------------------------------------------------------------


def test_cusum_hand_worked_with_alarm_boundary() -> None:
    # target 10, k 0.5: upper steps x - 10.5 = -0.5, 0.5, 1.5, -1.5, 2.5
    #   -> 0, 0.5, 2.0, 0.5, 3.0; lower steps 9.5 - x = -0.5, -1.5, -2.5, 0.5, -3.5
    #   -> 0, 0, 0, 0.5, 0. With h = 2 the upper sum equals h at position 2 (no alarm)
    #   and exceeds it at position 4.
    out = cusum([10.0, 11.0, 12.0, 9.0, 13.0], target=10.0, k=0.5, h=2.0)
    assert out["upper"].tolist() == [0.0, 0.5, 2.0, 0.5, 3.0]
    assert out["lower"].tolist() == [0.0, 0.0, 0.0, 0.5, 0.0]
    assert out["upper_alarm"].tolist() == [False, False, False, False, True]
    assert not out["lower_alarm"].any()
    assert out["upper_run"].tolist() == [0, 1, 2, 3, 4]
    assert out["lower_run"].tolist() == [0, 0, 0, 1, 0]


def test_cusum_detects_a_downward_drift_and_dates_it() -> None:
    x = [100.0, 101.0, 99.0, 100.0, 98.0, 97.0, 97.0, 96.0, 97.0, 96.0]
    out = cusum(x, target=100.0, k=1.0, h=5.0)
    # lower steps 99 - x: -1, -2, 0, -1, 1, 2, 2, 3, 2, 3 -> sums 0,0,0,0,1,3,5,8,10,13
    assert out["lower"].tolist() == [0, 0, 0, 0, 1, 3, 5, 8, 10, 13]
    assert np.flatnonzero(out["lower_alarm"]).tolist() == [7, 8, 9]
    assert out["lower_run"].iloc[7] == 4  # the drift started 4 points before the alarm: at 4


@given(
    st.lists(st.floats(-1000, 1000, allow_nan=False), min_size=1, max_size=60),
    st.floats(-100, 100),
    st.floats(0, 50),
)
def test_cusum_matches_the_recursion(x: list[float], target: float, k: float) -> None:
    up, lo = reference_cusum(x, target, k)
    out = cusum(x, target, k, 1.0)
    scale = 1e-9 * (1 + sum(abs(v) for v in x) + len(x) * (abs(target) + k))
    assert np.allclose(out["upper"], up, rtol=0, atol=scale)
    assert np.allclose(out["lower"], lo, rtol=0, atol=scale)
    assert (out["upper"] >= 0).all() and (out["lower"] >= 0).all()


# --- properties -------------------------------------------------------------------------------

small_series = st.lists(st.integers(-4, 4), min_size=1, max_size=40).map(
    lambda v: [float(i) for i in v]
)


@given(small_series)
def test_vectorised_rules_match_reference_with_given_limits(x: list[float]) -> None:
    flags = nelson_rules(x, centre=0.0, sigma=1.0)
    expected = reference_nelson(x, 0.0, 1.0)
    for r in range(1, 9):
        assert flags[r].tolist() == expected[r], r


@given(small_series.filter(lambda v: len(v) >= 2 and len(set(v)) > 1))
def test_vectorised_rules_match_reference_with_estimated_limits(x: list[float]) -> None:
    # integer points: the sums below are exact, so the reference limits equal the module's
    centre = sum(x) / len(x)
    mr_bar = sum(abs(b - a) for a, b in pairwise(x)) / (len(x) - 1)
    sigma = 2.66 * mr_bar / 3
    flags = nelson_rules(x)
    expected = reference_nelson(x, centre, sigma)
    for r in range(1, 9):
        assert flags[r].tolist() == expected[r], r


@given(small_series)
def test_mirroring_the_series_keeps_every_flag(x: list[float]) -> None:
    flags = nelson_rules(x, centre=0.0, sigma=1.0)
    mirrored = nelson_rules([-v for v in x], centre=0.0, sigma=1.0)
    assert flags.equals(mirrored)

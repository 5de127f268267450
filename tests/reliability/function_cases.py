"""Calls of every Excel function at the sizes its stated limits allow (docs/functions.md),
and inputs that once ended in "please report".

Each case builds the arguments as xlwings passes them (lists of rows of Python values).
:mod:`reliability.function_fuzz` runs them, one CPU-time limit per call, in a child process.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Args = tuple[object, ...]


def _col(values: np.ndarray | list[float]) -> list[list[object]]:
    return [[v] for v in np.asarray(values, dtype=float).tolist()]


def _row(values: np.ndarray | list[float]) -> list[list[object]]:
    return [np.asarray(values, dtype=float).tolist()]


def _cell(value: object) -> list[list[object]]:
    return [[value]]


def _rng() -> np.random.Generator:
    return np.random.default_rng(2026)


def _curves(n: int, s_shaped: bool) -> list[list[object]]:
    rng = _rng()
    rows: list[list[object]] = [["channel", "kind", "p1", "p2", "p3"]]
    for i in range(n):
        top, half = float(rng.uniform(1e5, 1e6)), float(rng.uniform(1e4, 1e5))
        slope = float(rng.uniform(1.5, 3.0)) if s_shaped else 1.0
        rows.append([f"channel {i + 1}", "hill", top, half, slope])
    return rows


def split_target() -> Args:
    # One total over a column of 1,000,000 reps, caps on 30% of them, a unit.
    rng = _rng()
    weights = rng.uniform(50, 150, 1_000_000)
    total = float(np.round(weights.sum() * 100, -3))
    caps = np.where(rng.random(weights.size) < 0.3, np.round(total / weights.size * 0.9, -3), None)
    return (
        _cell(total),
        _col(weights),
        None,
        None,
        None,
        [[c] for c in caps.tolist()],
        _cell(1000.0),
    )


def split_matrix() -> Args:
    # 50,000 cells: 250 rows x 200 columns with a seed and a unit.
    rng = _rng()
    rows = np.round(rng.uniform(1e5, 2e6, 250), -3)
    share = rng.uniform(0.8, 1.3, 200)
    cols = np.round(rows.sum() * share / share.sum(), -3)
    cols[-1] += rows.sum() - cols.sum()
    seed = rng.uniform(0.5, 1.5, (250, 200))
    seed[rng.random(seed.shape) < 0.1] = 0.0
    return _col(rows), _row(cols), seed.tolist(), _cell(1000.0)


def _history() -> list[list[object]]:
    # 200 years of monthly history, one row per year.
    rng = _rng()
    season = 1 + 0.3 * np.sin(np.arange(12) / 12 * 2 * np.pi)
    years = np.linspace(1.0, 3.0, 200)[:, None] * season[None, :] * 1e5
    return (years * rng.lognormal(0, 0.05, years.shape)).tolist()


def seasonality() -> Args:
    return (_history(),)


def baseline() -> Args:
    return (_history(), None, _cell("compound"))


def rep_capacity() -> Args:
    # 1,000 reps x 1,000 periods: the largest result allowed (1,000,000 cells).
    rng = _rng()
    starts = rng.integers(-24, 900, 1_000).astype(float)
    ramp = [0.0, 0.25, 0.5, 0.75, 1.0]
    return _col(starts), _cell(100_000.0), _row(ramp), _cell(1_000.0)


def headcount_plan() -> Args:
    # 10,000 plan periods (the limit) with attrition and a lead time.
    rng = _rng()
    target = rng.uniform(1e6, 2e6, 10_000)
    ramp = [0.0, 0.25, 0.5, 0.75, 1.0]
    return (
        _row(target),
        _cell(100_000.0),
        _row(ramp),
        _cell(0.9),
        _cell(0.1),
        None,
        _cell(0.2),
        _cell(2.0),
    )


def funnel_needed() -> Args:
    rng = _rng()
    return (
        _row(rng.uniform(1e6, 2e6, 10_000)),
        _cell(50_000.0),
        _row([0.2, 0.25, 0.3]),
        _row([1.0, 2.0, 1.0]),
    )


def quota_risk() -> Args:
    # 2,000 reps x 10,000 simulated years = 20,000,000 draws (the limit).
    rng = _rng()
    return (
        _col(rng.uniform(5e5, 1.5e6, 2_000)),
        _cell(1.5e9),
        None,
        _cell("lognormal"),
        _cell(0.95),
        _cell(0.3),
        _cell(10_000.0),
    )


def _kpi_table(rows: int, cols: int) -> list[list[object]]:
    return (_rng().uniform(50, 150, (rows, cols))).tolist()


def kpi_variance() -> Args:
    # 1,000,000 cells in, one result of the same size (result = delta).
    return _kpi_table(1_000, 1_000), _kpi_table(1_000, 1_000), None, _cell("delta")


def kpi_pace() -> Args:
    return _kpi_table(10_000, 12), _kpi_table(10_000, 12), None, None, _cell(0.1)


def kpi_status() -> Args:
    return _kpi_table(1_000, 1_000), _kpi_table(1_000, 1_000)


def kpi_signals() -> Args:
    return (_col(_rng().normal(100, 5, 1_000_000)),)


def response() -> Args:
    # 10,000 S-shaped curves (the limit), each at one spend.
    return _curves(10_000, True), _row(_rng().uniform(1e4, 1e5, 10_000))


def fit_response() -> Args:
    # The most points allowed.
    from xl_salesplan_udfs.budget_functions import MAX_FIT_POINTS

    rng = _rng()
    x = rng.uniform(1_000, 200_000, MAX_FIT_POINTS)
    y = 5e6 * x**1.7 / (60_000**1.7 + x**1.7) * rng.lognormal(0, 0.1, x.size)
    return _col(x), _col(y)


def score_allocation() -> Args:
    return _curves(10_000, True), _col(_rng().uniform(1e4, 1e5, 10_000))


def optimal_allocation() -> Args:
    return _curves(10_000, True), _cell(5e8)


def budget_frontier_s_shaped() -> Args:
    # The most budgets allowed with S-shaped curves, over as many channels as then allowed.
    from xl_salesplan_udfs.budget_functions import MAX_BUDGETS_S_SHAPED, MAX_S_SHAPED_PAIRS

    budgets = np.linspace(1e7, 6e7, MAX_BUDGETS_S_SHAPED)
    return _curves(MAX_S_SHAPED_PAIRS // MAX_BUDGETS_S_SHAPED, True), _col(budgets)


def budget_frontier_concave() -> Args:
    # 10,000 channels: 98 budgets fill the 1,000,000-cell result (budget, outcome,
    # multiplier and one column per channel).
    return _curves(10_000, False), _col(np.linspace(1e8, 6e8, 98))


def fit_response_tiny_spend() -> Args:
    # Used to end in "SVD did not converge ... please report".
    return _col([1e-308, 2e-308, 5e-308]), _col([1e308, 1.5e308, 1.7e308]), _cell("power")


def fit_response_huge_outcome() -> Args:
    return _col([1.0, 10.0, 100.0]), _col([1.0, 2.0, 1e308])


def quota_risk_tiny_mean() -> Args:
    # Used to end in "OverflowError ... please report".
    return _col([100.0, 200.0]), _cell(250.0), None, _cell("lognormal"), _cell(1e-308), _cell(0.2)


#: Function name -> cases (a name and a builder of the arguments).
HEAVY_CASES: dict[str, list[tuple[str, Callable[[], Args]]]] = {
    "SPLIT_TARGET": [("1,000,000 reps, caps, unit", split_target)],
    "SPLIT_MATRIX": [("250 x 200 with a seed and a unit", split_matrix)],
    "SEASONALITY": [("200 years x 12 months", seasonality)],
    "BASELINE": [("200 years x 12 months", baseline)],
    "REP_CAPACITY": [("1,000 reps x 1,000 periods", rep_capacity)],
    "HEADCOUNT_PLAN": [("10,000 periods", headcount_plan)],
    "FUNNEL_NEEDED": [("10,000 periods", funnel_needed)],
    "QUOTA_RISK": [
        ("20,000,000 draws", quota_risk),
        ("lognormal with a mean of 1e-308", quota_risk_tiny_mean),
    ],
    "KPI_VARIANCE": [("1,000 x 1,000 KPIs x periods", kpi_variance)],
    "KPI_PACE": [("10,000 KPIs x 12 periods", kpi_pace)],
    "KPI_STATUS": [("1,000 x 1,000", kpi_status)],
    "KPI_SIGNALS": [("1,000,000 points", kpi_signals)],
    "RESPONSE": [("10,000 S-shaped curves", response)],
    "FIT_RESPONSE": [
        ("200,000 points", fit_response),
        ("spends of 1e-308, outcomes of 1e308", fit_response_tiny_spend),
        ("an outcome of 1e308", fit_response_huge_outcome),
    ],
    "SCORE_ALLOCATION": [("10,000 S-shaped curves", score_allocation)],
    "OPTIMAL_ALLOCATION": [("10,000 S-shaped curves", optimal_allocation)],
    "BUDGET_FRONTIER": [
        ("50 budgets x 200 S-shaped curves", budget_frontier_s_shaped),
        ("98 budgets x 10,000 concave curves", budget_frontier_concave),
    ],
}

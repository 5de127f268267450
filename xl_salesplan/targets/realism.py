"""Is a target achievable? The realism check (SMART's "A").

:func:`target_check` puts a target next to four references and gives one verdict line per
check, with the figure behind it:

=============  ==========================================  ===================================
check          figure                                      verdict
=============  ==========================================  ===================================
growth         target / last year - 1                      realistic up to the history's best
                                                           growth; stretch up to that + margin
share          share gain implied: (1 + growth) /          realistic up to the first limit
               (1 + market growth) - 1 (relative)          (5%), stretch up to the second (15%)
productivity   target / reps                               realistic up to the history's best
                                                           revenue per rep; stretch up to
                                                           that x (1 + margin)
probability    chance of reaching the target (quota-risk   realistic from 50%, stretch from
               simulation)                                 20%, unrealistic below
=============  ==========================================  ===================================

Checks whose inputs are not given are left out. The probability comes from
:func:`xl_salesplan.people.quota_risk.quota_risk`, computed by the caller (this module stays free of
the simulation). The overall verdict is the worst line.

Examples
--------
>>> check = target_check(1_200_000, history_totals=[900_000, 1_000_000, 1_100_000])
>>> check.lines[0].verdict, round(check.lines[0].figure, 4), round(check.lines[0].reference, 4)
('realistic', 0.0909, 0.1111)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan.validation import as_finite_scalar, as_float_array, reject_negative

__all__ = ["VERDICTS", "CheckLine", "TargetCheck", "target_check"]

#: Verdicts from best to worst.
VERDICTS = ("realistic", "stretch", "unrealistic")


@dataclass(frozen=True)
class CheckLine:
    """One check of :func:`target_check`.

    Attributes
    ----------
    check : str
        ``growth``, ``share``, ``productivity`` or ``probability``.
    figure : float
        What the target implies (a growth rate, a relative share gain, revenue per rep, a
        probability).
    reference : float
        What it is compared with (best historical growth, the first share limit, best
        historical revenue per rep, the 50% probability line).
    verdict : str
        ``realistic``, ``stretch`` or ``unrealistic``.
    """

    check: str
    figure: float
    reference: float
    verdict: str


@dataclass(frozen=True)
class TargetCheck:
    """Result of :func:`target_check`: the lines and the overall verdict."""

    target: float
    lines: tuple[CheckLine, ...]

    @property
    def verdict(self) -> str:
        """The worst verdict of the lines (``realistic`` when nothing was checked)."""
        worst = max((VERDICTS.index(line.verdict) for line in self.lines), default=0)
        return VERDICTS[worst]

    def table(self) -> pd.DataFrame:
        """One row per check: check, figure, reference, verdict."""
        return pd.DataFrame(
            [(x.check, x.figure, x.reference, x.verdict) for x in self.lines],
            columns=["check", "figure", "reference", "verdict"],
        )


def target_check(
    target: float,
    *,
    history_totals: ArrayLike | None = None,
    market_growth: float | None = None,
    reps: float | None = None,
    history_revenue_per_rep: ArrayLike | None = None,
    probability: float | None = None,
    growth_margin: float = 0.10,
    share_limits: Sequence[float] = (0.05, 0.15),
    productivity_margin: float = 0.10,
    probability_limits: Sequence[float] = (0.5, 0.2),
) -> TargetCheck:
    """Check a target against history, the market, productivity and the quota risk.

    Parameters
    ----------
    target : float
        The annual target (> 0).
    history_totals : array_like, optional
        Annual totals of past years, oldest first (at least 2 for the growth check; the
        last one is last year, also used by the share check).
    market_growth : float, optional
        Market growth expected in the plan year (0.06 = +6%), at least -100%.
    reps : float, optional
        Reps (or capacity in full-rep equivalents) carrying the target.
    history_revenue_per_rep : array_like, optional
        Revenue per rep in past years.
    probability : float, optional
        Probability of reaching the target from the quota-risk simulation (0 to 1).
    growth_margin, share_limits, productivity_margin, probability_limits
        Where ``realistic`` ends and ``stretch`` ends (see the module table).

    Returns
    -------
    TargetCheck

    Examples
    --------
    >>> c = target_check(1_500_000, history_totals=[1_000_000, 1_100_000, 1_200_000],
    ...                  market_growth=0.05, reps=10, history_revenue_per_rep=[110_000, 120_000],
    ...                  probability=0.3)
    >>> [(x.check, x.verdict) for x in c.lines], c.verdict
    ([('growth', 'unrealistic'), ('share', 'unrealistic'), ('productivity', 'unrealistic'),
      ('probability', 'stretch')], 'unrealistic')
    """
    goal = as_finite_scalar(target, "target")
    if goal <= 0:
        raise PlanningError.of(
            "targets.realism.target_not_positive",
            code="target_not_positive",
            amount=goal,
            goal=goal,
        )
    lines: list[CheckLine] = []
    last_year = None
    if history_totals is not None:
        totals = _positive_series(history_totals, "history_totals")
        last_year = float(totals[-1])
        growth = goal / last_year - 1.0
        if totals.size >= 2:
            best = float(np.max(totals[1:] / totals[:-1] - 1.0))
            lines.append(_line("growth", growth, best, best + growth_margin))
    if market_growth is not None and last_year is not None:
        market = as_finite_scalar(market_growth, "market_growth")
        if market <= -1:
            raise PlanningError.of(
                "targets.realism.growth_below_minus_100",
                code="growth_below_minus_100",
                amount=market,
                market=market,
            )
        gain = (goal / last_year) / (1.0 + market) - 1.0
        low, high = _limits(share_limits, "share_limits", increasing=True)
        lines.append(_line("share", gain, low, high))
    if reps is not None and history_revenue_per_rep is not None:
        people = as_finite_scalar(reps, "reps")
        if people <= 0:
            raise PlanningError.of(
                "targets.realism.out_of_range", code="out_of_range", amount=people, people=people
            )
        best = float(np.max(_positive_series(history_revenue_per_rep, "history_revenue_per_rep")))
        lines.append(_line("productivity", goal / people, best, best * (1.0 + productivity_margin)))
    if probability is not None:
        chance = as_finite_scalar(probability, "probability")
        if not 0 <= chance <= 1:
            raise PlanningError.of(
                "targets.realism.out_of_range_2", code="out_of_range", amount=chance, chance=chance
            )
        high, low = _limits(probability_limits, "probability_limits", increasing=False)
        verdict = "realistic" if chance >= high else "stretch" if chance >= low else "unrealistic"
        lines.append(CheckLine("probability", chance, high, verdict))
    return TargetCheck(goal, tuple(lines))


def _line(check: str, figure: float, realistic_up_to: float, stretch_up_to: float) -> CheckLine:
    slack = 1e-12 * max(1.0, abs(realistic_up_to))
    if figure <= realistic_up_to + slack:
        verdict = "realistic"
    elif figure <= stretch_up_to + slack:
        verdict = "stretch"
    else:
        verdict = "unrealistic"
    return CheckLine(check, figure, realistic_up_to, verdict)


def _positive_series(values: ArrayLike, name: str) -> np.ndarray:
    arr = np.atleast_1d(as_float_array(values, name)).reshape(-1)
    arr = arr[~np.isnan(arr)]
    reject_negative(arr, name)
    if arr.size == 0 or (arr <= 0).any():
        raise PlanningError.of("targets.realism.not_positive", code="not_positive", name=name)
    return arr


def _limits(values: Sequence[float], name: str, *, increasing: bool) -> tuple[float, float]:
    arr = as_float_array(values, name, allow_nan=False).reshape(-1)
    if arr.size != 2 or (arr[1] < arr[0] if increasing else arr[1] > arr[0]):
        order = Text(f"targets.realism.order_{'increasing' if increasing else 'decreasing'}")
        raise PlanningError.of(
            "targets.realism.invalid_option", code="invalid_option", name=name, order=order
        )
    return float(arr[0]), float(arr[1])

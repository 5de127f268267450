"""Re-plan the remaining months once actuals are in (及时调整).

After the actuals of the first ``closed`` months, :func:`replan` writes a new plan for the
rest of the year:

1. **Landing.** The year's projected landing on the seasonal pace:
   ``actual to date + remaining original plan x (actual to date / original plan to date)``
   (with no plan to date: actual to date + remaining plan).
2. **Annual total.** ``landing + catch_up x (target - landing)``: ``catch_up = 1`` keeps the
   annual target, ``0`` re-bases the year on the landing, ``0.5`` catches up half the gap.
3. **Spread.** What the year still needs (the annual total minus the actuals) is spread over
   the open cells (rows = regions or reps, columns = months) in proportion to the original
   plan's open cells (its seasonal shape and its mix of rows; any other weights can be
   given), through the spreading engine: held cells keep their value, every cell stays
   within its cap (a rep's remaining capacity), and with ``unit`` the cells are rounded
   keeping the total exact.

Closed months never change: they hold the actuals. A re-plan that cannot be met (what the
year needs is above the capacity left) is still computed, every open cell at its cap, and
the shortfall is reported; one already beaten (actuals and holds above the total) keeps
the free cells at 0 and reports the excess.

Examples
--------
>>> result = replan(1200, [100.0] * 12, [80.0, 80.0, 80.0] + [None] * 9, 3)
>>> result.plan[0, 3:].round(2).tolist() == [106.67] * 9, round(result.landing)
(True, 960)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import message
from xl_salesplan.targets.rounding import check_unit
from xl_salesplan.targets.spreading import spread_proportional
from xl_salesplan.validation import (
    amount_text,
    as_bounds,
    as_finite_scalar,
    as_float_array,
    mask_positions,
)

__all__ = ["Replan", "catch_up_share", "replan", "shortfall_text"]

_TOL = 1e-9
_MODES = {"keep": 1.0, "rebase": 0.0}


@dataclass(frozen=True)
class Replan:
    """A re-plan of the open months (returned by :func:`replan`).

    Attributes
    ----------
    plan : ndarray, shape (rows, periods)
        The re-plan: actuals in the closed months, the new plan in the open ones.
    original : ndarray, shape (rows, periods)
        The original plan, as it was.
    closed : int
        Number of closed months (the actuals run through month ``closed``).
    target, landing, annual_total : float
        The original annual target, the projected landing, and the total the re-plan aims
        at (between landing and target by ``catch_up``).
    actual_to_date : float
    shortfall : float
        What the open cells cannot take because they are at their caps (0 when feasible).
    excess : float
        By how much actuals and held cells already pass the annual total (0 usually).
    """

    plan: NDArray[np.float64]
    original: NDArray[np.float64]
    closed: int
    target: float
    landing: float
    annual_total: float
    actual_to_date: float
    shortfall: float
    excess: float

    @property
    def feasible(self) -> bool:
        """True when the re-plan reaches ``annual_total`` exactly."""
        return self.shortfall == 0 and self.excess == 0

    def comparison(self) -> pd.DataFrame:
        """Original vs re-plan by month (all rows added): original, re-plan, change, closed.

        Examples
        --------
        >>> r = replan(40, [10.0, 10.0, 10.0, 10.0], [5.0, None, None, None], 1)
        >>> r.comparison()["replan"].round(2).tolist()
        [5.0, 11.67, 11.67, 11.67]
        """
        original = self.original.sum(axis=0)
        new = self.plan.sum(axis=0)
        return pd.DataFrame(
            {
                "period": np.arange(1, original.size + 1),
                "original": original,
                "replan": new,
                "change": new - original,
                "closed": np.arange(original.size) < self.closed,
            }
        )


def catch_up_share(mode: str | float) -> float:
    """The catch-up share of a mode: ``"keep"`` = 1, ``"rebase"`` = 0, or a share 0 to 1.

    Examples
    --------
    >>> catch_up_share("keep"), catch_up_share("rebase"), catch_up_share(0.5)
    (1.0, 0.0, 0.5)
    """
    if isinstance(mode, str):
        key = "".join(ch for ch in mode.lower() if ch not in " -_")
        if key in _MODES:
            return _MODES[key]
        raise PlanningError.of("targets.replan.invalid_option", code="invalid_option", mode=mode)
    share = as_finite_scalar(mode, "catch_up")
    if not 0 <= share <= 1:
        raise PlanningError.of(
            "targets.replan.out_of_range", code="out_of_range", amount=share, share=share
        )
    return share


def replan(
    target: float | None,
    original: ArrayLike,
    actuals: ArrayLike,
    closed: int,
    *,
    catch_up: str | float = "keep",
    weights: ArrayLike | None = None,
    holds: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    unit: float | None = None,
) -> Replan:
    """Re-plan the open months after the actuals of the first ``closed`` months.

    Parameters
    ----------
    target : float or None
        The annual target (None: the original plan's total).
    original : array_like, shape (periods,) or (rows, periods)
        The original plan (rows = regions or reps, columns = months).
    actuals : array_like, same shape
        Actuals; only the closed months are read (they must be numbers there).
    closed : int
        Number of closed months, 1 to ``periods``.
    catch_up : "keep", "rebase" or float, default "keep"
        Share of the gap between landing and target the re-plan catches up (see
        :func:`catch_up_share`).
    weights : array_like, optional
        Weights of the open cells (default: the original plan's open cells).
    holds : array_like, optional
        Open cells that keep a given value (NaN = free); ignored in closed months.
    caps : array_like, optional
        Most each open cell may take (NaN = no cap), e.g. rep capacity by month.
    unit : float, optional
        Round the open cells to multiples of ``unit`` keeping the total exact.

    Returns
    -------
    Replan

    Raises
    ------
    PlanningError
        ``month_outside_year`` (``closed`` not from 1 to the number of periods), ``blank``
        (an actual missing in a closed month), ``shape_mismatch``, ``negative``, and the
        spreading engine's ``hold_outside_bounds``.

    Examples
    --------
    >>> r = replan(None, [[50.0, 50.0], [50.0, 50.0]], [[70.0, None], [20.0, None]], 1,
    ...            caps=[[None, 60.0], [None, 60.0]])
    >>> r.plan.tolist(), r.shortfall
    ([[70.0, 55.0], [20.0, 55.0]], 0.0)
    >>> replan(100, [10.0] * 12, [10.0] * 12, 13)
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: the re-plan month must be from 1 to 12 (the months with
    actuals); got 13
    """
    plan0 = _matrix(original, "original")
    rows, periods = plan0.shape
    month = _closed(closed, periods)
    actual = _matrix(actuals, "actuals", shape=plan0.shape)
    closed_actuals = actual[:, :month]
    if np.isnan(closed_actuals).any():
        where = mask_positions(np.isnan(closed_actuals))[0]
        raise PlanningError.of(
            "targets.replan.blank", code="blank", positions=(where,), where_text=where, month=month
        )
    total0 = float(plan0.sum()) if target is None else as_finite_scalar(target, "target")
    to_date = float(closed_actuals.sum())
    plan_to_date = float(plan0[:, :month].sum())
    remaining_plan = float(plan0[:, month:].sum())
    pace = to_date / plan_to_date if plan_to_date > 0 else 1.0
    with np.errstate(over="ignore"):
        landing = to_date + remaining_plan * pace
    if not np.isfinite(landing):
        raise PlanningError.of(
            "targets.replan.too_large",
            code="too_large",
            plan_to_date=amount_text(plan_to_date),
            to_date=amount_text(to_date),
        )
    annual = landing + catch_up_share(catch_up) * (total0 - landing)

    open_shape = (rows, periods - month)
    held = as_bounds(holds, "holds", plan0.shape, np.nan)[:, month:]
    cap = as_bounds(caps, "caps", plan0.shape, np.inf)[:, month:]
    cap = np.where(np.isnan(held), cap, np.inf)
    weight = (
        plan0[:, month:] if weights is None else _matrix(weights, "weights", plan0.shape)[:, month:]
    )
    free = np.isnan(held)
    free_total = annual - to_date - float(np.nansum(held))
    room = float(cap[free].sum())
    shortfall = max(free_total - room, 0.0)
    excess = max(-free_total, 0.0)
    if shortfall > _TOL * max(1.0, abs(annual)) or not free.any():
        fill = np.where(free, cap, held)
    elif excess > 0:
        fill = np.where(free, 0.0, held)
    else:
        shortfall = 0.0
        fill = _spread_open(
            annual - to_date, weight.reshape(-1), held.reshape(-1), cap.reshape(-1), unit
        ).reshape(open_shape)
    plan = np.concatenate([closed_actuals, fill], axis=1)
    return Replan(
        plan=plan,
        original=plan0,
        closed=month,
        target=total0,
        landing=landing,
        annual_total=annual,
        actual_to_date=to_date,
        shortfall=shortfall,
        excess=excess,
    )


def shortfall_text(result: Replan, language: str = "en") -> str:
    """One line for the planner about a re-plan that cannot be met, or ``""``.

    Examples
    --------
    >>> shortfall_text(replan(100, [10.0, 10.0], [10.0, None], 1, caps=[None, 50]))
    'the remaining months need 90 but their capacity is 50: short by 40'
    >>> shortfall_text(replan(100, [10.0, 10.0], [10.0, None], 1, caps=[None, 50]), "zh-CN")
    '剩余月份需要 90,但其产能只有 50:缺口 40'
    """
    if result.shortfall > 0:
        need = result.annual_total - result.actual_to_date
        return message(
            "replan.shortfall",
            language,
            need=amount_text(round(need)),
            capacity=amount_text(round(need - result.shortfall)),
            short=amount_text(round(result.shortfall)),
        )
    if result.excess > 0:
        return message(
            "replan.excess",
            language,
            total=amount_text(round(result.annual_total)),
            excess=amount_text(round(result.excess)),
        )
    return ""


def _spread_open(
    amount: float,
    weight: NDArray[np.float64],
    held: NDArray[np.float64],
    cap: NDArray[np.float64],
    unit: float | None,
) -> NDArray[np.float64]:
    """Spread ``amount`` over the open cells within their caps, rounded to ``unit``.

    With a unit, the whole units of the free amount are spread on the unit grid under caps
    rounded down to the grid; the rest (less than a unit, or what the rounded-down caps
    cannot take) goes to the free cells with the most room left under their real caps. So
    every free cell stays within its cap and is a multiple of ``unit``, except one cell
    that absorbs the remainder and cells filled to a cap that is not a multiple.
    """
    if unit is None:
        return spread_proportional(amount, weight, holds=held, caps=cap)
    step = check_unit(unit)
    free = np.isnan(held)
    held_total = float(np.nansum(held))
    grid_cap = np.where(np.isfinite(cap), np.floor(cap / step + 1e-9) * step, np.inf)
    grid_amount = np.floor((amount - held_total) / step + 1e-9) * step
    grid_amount = min(max(grid_amount, 0.0), float(grid_cap[free].sum()))
    out = spread_proportional(
        grid_amount + held_total, weight, holds=held, caps=grid_cap, unit=step
    )
    rest = amount - held_total - grid_amount
    if rest > 0:
        room = np.minimum(np.where(free, cap - out, 0.0), rest)
        order = np.argsort(-room, kind="stable")
        before = np.cumsum(room[order]) - room[order]
        out[order] += np.clip(rest - before, 0.0, room[order])
    return out


def _closed(value: object, periods: int) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = np.nan
    whole = not isinstance(value, bool) and np.isfinite(number) and number.is_integer()
    if not (whole and 1 <= number <= periods):
        shown = f"{number:g}" if np.isfinite(number) else repr(value)
        raise PlanningError.of(
            "targets.replan.month_outside_year",
            amount=number if np.isfinite(number) else None,
            periods=periods,
            got=shown,
        )
    return int(number)


def _matrix(
    values: ArrayLike, name: str, shape: tuple[int, int] | None = None
) -> NDArray[np.float64]:
    arr = as_float_array(values, name)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise PlanningError.of("targets.replan.shape_mismatch", code="shape_mismatch", name=name)
    if shape is not None and arr.shape != shape:
        raise PlanningError.of(
            "targets.replan.shape_mismatch_2",
            code="shape_mismatch",
            name=name,
            arr_shape_0=arr.shape[0],
            arr_shape_1=arr.shape[1],
            shape_0=shape[0],
            shape_1=shape[1],
        )
    if name != "actuals" and np.isnan(arr).any():
        arr = np.nan_to_num(arr, nan=0.0)
    negative = arr < 0
    if negative.any():
        where = mask_positions(negative)[0]
        raise PlanningError.of(
            "targets.replan.negative",
            code="negative",
            positions=(where,),
            name=name,
            arr_negative_0=amount_text(arr[negative][0]),
            where_text=where,
        )
    return arr

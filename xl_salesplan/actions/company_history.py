"""The company's revenue by year and month, and the seasonal profile the plan is phased by.

Build plan and Validate inputs both go through :func:`plan_profile`, so Validate inputs
reports exactly the history Build plan would refuse. :func:`plan_phasing` gives the shares
the plan year is phased by: by default holiday-adjusted (Chinese New Year's effect measured
from the history and put where the holiday falls in the plan year,
:mod:`~xl_salesplan.history.moving_holidays`), by calendar month when the planner turns it
off or the history cannot tell the holiday from the season.

Examples
--------
>>> history = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=24, freq="MS"),
...                         "revenue": [0.0] * 12 + [10.0, 20.0, 30.0, 40.0] * 3})
>>> by_year_month = revenue_by_year_month(history)
>>> profile = plan_profile(by_year_month, 2026)
>>> round(float(profile.shares[3]), 4), profile.warnings[0][:37]
(0.1333, '2024 of the history had no sales and ')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from xl_salesplan.errors import PlanningError
from xl_salesplan.history.moving_holidays import holiday_moves, holiday_profile
from xl_salesplan.history.seasonality import SeasonalProfile, seasonal_profile
from xl_salesplan.messages import message

__all__ = [
    "HOLIDAY_CHOICES",
    "HOLIDAY_MIN_YEARS",
    "PlanPhasing",
    "plan_phasing",
    "plan_profile",
    "revenue_by_year_month",
]

#: The ``HolidayPhasing`` choices: code -> the holidays phased (``off``: calendar months).
HOLIDAY_CHOICES: dict[str, tuple[str, ...]] = {
    "spring_festival": ("spring_festival",),
    "lunar": ("spring_festival", "dragon_boat", "mid_autumn"),
    "off": (),
}
#: Full years of history (12 months with sales) the holiday adjustment needs: with fewer,
#: a holiday's effect and the year's level cannot be told apart reliably.
HOLIDAY_MIN_YEARS = 3


def revenue_by_year_month(history: pd.DataFrame) -> pd.DataFrame:
    """Company revenue as years x 12 months (NaN where a month has no rows).

    Parameters
    ----------
    history : DataFrame
        Columns ``month`` (dates) and ``revenue`` (numbers); one row per region,
        product line and rep, summed here.

    Raises
    ------
    PlanningError
        When ``history`` has no rows.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": ["2025-01-01", "2025-01-01"], "revenue": [1.0, 2.0]})
    >>> revenue_by_year_month(frame).loc[2025, 1]
    np.float64(3.0)
    """
    if history.empty:
        raise PlanningError.of("action.company_history.empty", code="empty", positions=("history",))
    months = pd.to_datetime(history["month"])
    revenue = pd.to_numeric(history["revenue"], errors="coerce")
    return (
        pd.DataFrame({"year": months.dt.year, "m": months.dt.month, "revenue": revenue})
        .groupby(["year", "m"])["revenue"]
        .sum(min_count=1)
        .unstack("m")
        .reindex(columns=range(1, 13))
    )


def plan_profile(by_year_month: pd.DataFrame, plan_year: int) -> SeasonalProfile:
    """The monthly seasonal profile of the years before ``plan_year``.

    Raises
    ------
    PlanningError
        Worded for the planner with the calendar years (e.g. years without sales that
        leave too little history), for the ``history`` input.

    Examples
    --------
    >>> table = pd.DataFrame([[0.0] * 12, [5.0] * 6 + [float("nan")] * 6], index=[2024, 2025],
    ...                      columns=range(1, 13))
    >>> plan_profile(table, 2026)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: seasonality of the sales history: ... (2024: no sales, ...
    """
    past = by_year_month.loc[by_year_month.index < plan_year]
    values = past.to_numpy(dtype=float)
    key = (int(plan_year), tuple(past.index.tolist()), tuple(past.columns.tolist()),
           values.tobytes())  # fmt: skip
    known = _PROFILES.get(key)
    if known is not None:
        return known
    try:
        profile = seasonal_profile(values, 12, year_labels=[str(int(y)) for y in past.index])
    except PlanningError as exc:
        raise PlanningError.of(
            "action.company_history.seasonality_of_the_sales_histo",
            code=exc.code,
            positions=("history",),
            exc_message=exc,
        ) from None
    _PROFILES.clear()  # the last history only: Validate inputs' check, then Build plan
    _PROFILES[key] = profile
    return profile


# The last profile made, by its history: the plan's own check of the inputs and the plan
# itself profile the same history (a robust fit of every year; about 15 ms at 500 reps).
_PROFILES: dict[tuple[object, ...], SeasonalProfile] = {}


@dataclass(frozen=True)
class PlanPhasing:
    """The shares the plan year is phased by, and how they were found.

    Attributes
    ----------
    shares : ndarray, shape (12,)
        The plan year's monthly shares (add up to 1).
    profile : SeasonalProfile
        The calendar-month profile of the history (what :func:`plan_profile` gives).
    method : str
        ``"holidays"`` (holiday-adjusted) or ``"calendar"``.
    reason : str
        Why calendar months: ``"off"``, ``"too_short"``, ``"not_moving"``; ``""`` otherwise.
    effects : dict of str to float
        Change of sales on a day inside each holiday's window (-0.4 = 40% less).
    full_years : int
        Years of the history with sales in all 12 months.
    plan_year : int
    """

    shares: NDArray[np.float64]
    profile: SeasonalProfile
    method: str
    reason: str
    effects: dict[str, float]
    full_years: int
    plan_year: int

    def shift(self) -> NDArray[np.float64]:
        """Change of each month's share against calendar-month phasing (0.1 = 10% more).

        Examples
        --------
        >>> table = pd.DataFrame([[1.0] * 12] * 3, index=[2023, 2024, 2025],
        ...                      columns=range(1, 13))
        >>> plan_phasing(table, 2026).shift()[:2].round(12).tolist()
        [0.0, 0.0]
        """
        return self.shares / self.profile.shares - 1.0

    def line(self, language: str = "en") -> str:
        """The one line the plan summary shows: which phasing, and the effect.

        Examples
        --------
        >>> table = pd.DataFrame([[1.0] * 12] * 2, index=[2024, 2025], columns=range(1, 13))
        >>> plan_phasing(table, 2026).line()
        'Calendar months: 2 full year(s) of history, the holiday adjustment needs 3'
        """
        if self.method == "calendar":
            return message(
                f"phasing.{self.reason}",
                language,
                years=self.full_years,
                needed=HOLIDAY_MIN_YEARS,
            )
        effects = message("holiday.list_separator", language).join(
            message(
                "holiday.effect",
                language,
                holiday=message(f"holiday.{name}", language),
                effect=f"{effect:+.0%}",
            )
            for name, effect in self.effects.items()
        )
        january, february = self.shift()[:2]
        return message(
            "phasing.holidays",
            language,
            effects=effects,
            years=self.full_years,
            year=self.plan_year,
            january=f"{january:+.0%}",
            february=f"{february:+.0%}",
        )


def plan_phasing(
    by_year_month: pd.DataFrame, plan_year: int, holidays: str = "spring_festival"
) -> PlanPhasing:
    """The monthly shares of ``plan_year``: holiday-adjusted when the history allows.

    The holidays of ``holidays`` (a :data:`HOLIDAY_CHOICES` code) are measured on the years
    before ``plan_year`` (:func:`~xl_salesplan.history.moving_holidays.holiday_profile`)
    and put back where they fall in ``plan_year``. Calendar-month shares
    (:func:`plan_profile`) are used when ``holidays`` is ``"off"``, when the history has
    fewer than :data:`HOLIDAY_MIN_YEARS` full years, or when no holiday moves between
    months in the history's years.

    Raises
    ------
    PlanningError
        As :func:`plan_profile`; for an unknown ``holidays`` code.

    Examples
    --------
    >>> from xl_salesplan.history.moving_holidays import synthetic_history_example
    >>> table = pd.DataFrame(synthetic_history_example(), index=range(2019, 2026),
    ...                      columns=range(1, 13))
    >>> phasing = plan_phasing(table, 2026)
    >>> phasing.method, round(phasing.effects["spring_festival"], 2)
    ('holidays', -0.45)
    >>> phasing.line()  # doctest: +ELLIPSIS
    'Holiday-adjusted: sales on a day around the holiday Chinese New Year -45% (from 7 years ...'
    >>> plan_phasing(table, 2026, "off").method
    'calendar'
    """
    profile = plan_profile(by_year_month, plan_year)
    code = str(holidays).strip().lower()
    if code not in HOLIDAY_CHOICES:
        raise PlanningError.of(
            "action.company_history.holiday_phasing",
            code="invalid_value",
            positions=("holiday_phasing",),
            choices=", ".join(HOLIDAY_CHOICES),
            holidays=holidays,
        )
    names = HOLIDAY_CHOICES[code]
    past = by_year_month.loc[by_year_month.index < plan_year]
    full = past.index[(past > 0).all(axis=1)] if not past.empty else past.index
    calendar = {"shares": profile.shares, "profile": profile, "method": "calendar",
                "effects": {}, "full_years": len(full), "plan_year": int(plan_year)}  # fmt: skip
    if not names:
        return PlanPhasing(reason="off", **calendar)
    if len(full) < HOLIDAY_MIN_YEARS:
        return PlanPhasing(reason="too_short", **calendar)
    years = list(range(int(full.min()), int(full.max()) + 1))
    moving = holiday_moves(years, names)
    if not moving.any():
        return PlanPhasing(reason="not_moving", **calendar)
    used = tuple(n for n, m in zip(names, moving, strict=True) if m)
    table = past.reindex(years).to_numpy(dtype=float, copy=True)
    table[~(table > 0)] = np.nan  # a month without sales is left out of the fit
    fitted = holiday_profile(table, years[0], holidays_used=used)
    return PlanPhasing(
        shares=fitted.phasing(int(plan_year)),
        profile=profile,
        method="holidays",
        reason="",
        effects={n: float(np.expm1(e)) for n, e in zip(used, fitted.effects, strict=True)},
        full_years=len(full),
        plan_year=int(plan_year),
    )

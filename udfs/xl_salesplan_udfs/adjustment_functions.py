"""Excel functions for adjusting the plan (及时调整): REPLAN and HOLIDAY_SEASONALITY.

Thin adapters over :mod:`xl_salesplan.targets.replan` and
:mod:`xl_salesplan.history.moving_holidays`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.history.moving_holidays import holiday_phasing, holiday_profile
from xl_salesplan.messages import Text
from xl_salesplan.targets.replan import replan
from xl_salesplan_udfs.cells import (
    MAX_CELLS,
    CellError,
    Cells,
    Spill,
    check_size,
    choice,
    is_omitted,
    number_or_text,
    numbers,
    one_cell,
    single_number,
    split_header,
    whole_number,
)
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.spills import measure_table, spill, table, vector_spill

__all__ = ["HOLIDAY_SEASONALITY", "REPLAN"]

_REPLAN_RESULTS = {"plan": "plan", "summary": "summary", "comparison": "comparison"}
_HOLIDAY_RESULTS = {"shares": "shares", "base": "base", "effects": "effects"}
_HOLIDAYS = {
    "spring_festival": "spring_festival",
    "chinese_new_year": "spring_festival",
    "cny": "spring_festival",
    "春节": "spring_festival",
    "dragon_boat": "dragon_boat",
    "端午": "dragon_boat",
    "端午节": "dragon_boat",
    "mid_autumn": "mid_autumn",
    "中秋": "mid_autumn",
    "中秋节": "mid_autumn",
    "national_day": "national_day",
    "国庆": "national_day",
    "国庆节": "national_day",
}


def _table(value: Cells, argument: str) -> NDArray[np.float64]:
    """A rows x months table of numbers; a header row and a label column are set aside."""
    _, _, body = split_header(value, argument)
    values = numbers(body, argument)
    check_size(argument, values.size, MAX_CELLS, Text("function.counted.cells"))
    return values


def _catch_up(value: Cells) -> str | float:
    if is_omitted(value):
        return "keep"
    item = one_cell(value, "catch_up")[0, 0]
    if isinstance(item, str) and not item.strip().rstrip("%").replace(".", "", 1).isdigit():
        return item
    return float(numbers(value, "catch_up")[0, 0])


# ---------------------------------------------------------------------------- REPLAN


@excel_function(
    docs={
        "target": "The annual target (blank = the original plan's total).",
        "original": "The original plan: one row of months, or a table of regions or reps x "
        "months (a header row and a name column are allowed).",
        "actuals": "Actuals in the same layout; only the closed months are read.",
        "closed_months": "Number of closed months (the actuals run through this month), 1 to 12.",
        "catch_up": "Optional. keep (default): keep the annual target; rebase: the landing on "
        "the pace to date; or a share, e.g. 50% of the gap.",
        "holds": "Optional. Open cells that keep a given value (same layout; blank = free).",
        "caps": "Optional. Most each open cell may take, e.g. REP_CAPACITY (same layout; blank "
        "= no cap).",
        "unit": "Optional. Round the open cells to a multiple of this (1, 100, 1000 ...), "
        "keeping the total exact.",
        "result": "Optional. plan (default): the re-plan table; comparison: original vs "
        "re-plan by month; summary: landing, annual total, shortfall.",
    },
    codes={"month_outside_year": "closed_months"},
)
def REPLAN(
    target: Cells,
    original: Cells,
    actuals: Cells,
    closed_months: Cells,
    catch_up: Cells = None,
    holds: Cells = None,
    caps: Cells = None,
    unit: Cells = None,
    result: Cells = None,
) -> Spill:
    """Re-plan the open months after the actuals through a month: closed months keep their
    actuals, the rest of the annual total (kept, re-based or part caught up) is spread by the
    original plan within holds and caps."""
    plan = _table(original, "original")
    closed = whole_number(closed_months, "closed_months")
    if closed is None:
        raise CellError.of("closed_months", "function.adjustment_functions.is_needed_the_number_of")
    settings = {
        "holds": None if is_omitted(holds) else _table(holds, "holds"),
        "caps": None if is_omitted(caps) else _table(caps, "caps"),
    }
    out = replan(
        single_number(target, "target"),
        plan,
        _table(actuals, "actuals"),
        closed,
        catch_up=_catch_up(catch_up),
        unit=single_number(unit, "unit"),
        **settings,  # type: ignore[arg-type]
    )
    show = choice(result, "result", _REPLAN_RESULTS, "plan")
    if show == "plan":
        return spill(out.plan)
    if show == "comparison":
        frame = out.comparison()
        return table(
            ["month", "original", "replan", "change", "closed"],
            [frame[c].to_numpy() for c in ("period", "original", "replan", "change", "closed")],
        )
    return measure_table(
        [
            ("target", out.target),
            ("actual_to_date", out.actual_to_date),
            ("landing", out.landing),
            ("annual_total", out.annual_total),
            ("replan_total", float(out.plan.sum())),
            ("shortfall", out.shortfall),
            ("excess", out.excess),
        ]
    )


# ---------------------------------------------------------------------------- HOLIDAY_SEASONALITY


@excel_function(
    docs={
        "history": "Monthly history: one row per calendar year (oldest first), 12 months "
        "across; a header row is allowed; values above 0.",
        "first_year": "The calendar year of the first history row, e.g. 2019.",
        "plan_year": "The year to phase: its shares put each holiday where it falls that year.",
        "holidays": "Optional. spring_festival (default; 春节), or a row of: spring_festival, "
        "dragon_boat, mid_autumn, national_day.",
        "before": "Optional. Days of the holiday window before the holiday (default 10).",
        "after": "Optional. Days of the holiday window after the holiday (default 10).",
        "result": "Optional. shares (default): the plan year's shares; base: the holiday-free "
        "shares; effects: each holiday's effect on a day in its window.",
    },
)
def HOLIDAY_SEASONALITY(
    history: Cells,
    first_year: Cells,
    plan_year: Cells,
    holidays: Cells = None,
    before: Cells = None,
    after: Cells = None,
    result: Cells = None,
) -> Spill:
    """Monthly seasonal shares adjusted for moving holidays (Chinese New Year ...): the effect
    is measured from history and put back where the holiday falls in the plan year."""
    values = _table(history, "history")
    start = whole_number(first_year, "first_year")
    year = whole_number(plan_year, "plan_year")
    if start is None or year is None:
        missing = "first_year" if start is None else "plan_year"
        raise CellError.of(missing, "function.adjustment_functions.is_needed_a_calendar_year")
    names = ["spring_festival"]
    if not is_omitted(holidays):
        items, _ = number_or_text(holidays, "holidays")
        names = list(
            dict.fromkeys(
                _HOLIDAYS.get("_".join(str(i).lower().replace("-", " ").split()), str(i))
                for i in items
                if i is not None
            )
        )
        if len(names) > len(set(_HOLIDAYS.values())):
            raise CellError.of(
                "holidays",
                "function.adjustment_functions.names_holidays_give_at_most",
                len_names=len(names),
            )
    window = {
        "before": whole_number(before, "before", 10),
        "after": whole_number(after, "after", 10),
    }
    profile = holiday_profile(values, start, holidays_used=names, **window)  # type: ignore[arg-type]
    show = choice(result, "result", _HOLIDAY_RESULTS, "shares")
    if show == "effects":
        return measure_table(
            [
                (name, float(np.expm1(e)))
                for name, e in zip(profile.holidays, profile.effects, strict=True)
            ]
        )
    shares = (
        profile.shares
        if show == "base"
        else holiday_phasing(
            profile.shares, profile.effects, year, profile.holidays, profile.before, profile.after
        )
    )
    return vector_spill(shares, "row")

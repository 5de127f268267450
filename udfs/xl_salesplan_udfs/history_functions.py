"""Excel functions for history (季节性): SEASONALITY, BASELINE.

Thin adapters: read the cells (:mod:`xl_salesplan_udfs.cells`), call the engine
(:mod:`xl_salesplan.history.seasonality`, :mod:`xl_salesplan.history.forecast`), lay the result
out like the input. ``docs/functions.md`` is the planner's reference.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.history.calendars import get_calendar
from xl_salesplan.history.forecast import baseline_forecast
from xl_salesplan.history.seasonality import SeasonalProfile, seasonal_profile
from xl_salesplan.messages import Text
from xl_salesplan_udfs.cells import (
    CellError,
    Cells,
    Layout,
    Spill,
    check_size,
    choice,
    given,
    is_omitted,
    layout_of,
    numbers,
    one_cell,
    single_number,
    split_header,
    whole_number,
)
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.spills import measure_table, table, vector_spill

__all__ = ["BASELINE", "SEASONALITY"]

_DETREND = {"smooth": "smooth", "yearly": "yearly"}
_TRENDS = {"compound": "compound", "linear": "linear", "flat": "flat"}
_SEASON_RESULTS = {k: k for k in ("shares", "indices", "table", "outliers", "summary")}
_BASELINE_RESULTS = {"values": "values", "summary": "summary"}

#: Most years of history SEASONALITY and BASELINE take.
MAX_YEARS = 200


# ---------------------------------------------------------------------------- seasonality


def _calendar(value: Cells) -> dict[str, int | str]:
    """``periods_per_year``: 12, 4, 52 or a fiscal pattern such as 4-4-5 (text, or 445)."""
    if is_omitted(value):
        return {}
    grid = one_cell(value, "periods_per_year")
    item = grid[0, 0]
    if isinstance(item, dt.datetime | dt.date):
        raise CellError.of("periods_per_year", "function.history_functions.is_a_date_excel_reads")
    if isinstance(item, str) and not item.strip().replace(".", "").isdigit():
        return {"periods_per_year": item.strip()}
    count = whole_number(grid, "periods_per_year")
    assert count is not None
    return {"periods_per_year": count}


def _history(value: Cells, calendar: dict[str, int | str]) -> tuple[NDArray[np.float64], Layout]:
    """History as the engine takes it: a years x periods table or a 1-D series."""
    _, _, body = split_header(value, "history")
    values = numbers(body, "history")
    per_year = get_calendar(calendar.get("periods_per_year", 12)).periods_per_year
    series = values.shape[0] == 1 or values.shape[1] == 1
    years = -(-values.size // per_year) if series else values.shape[0]
    check_size("history", years, MAX_YEARS, Text("function.counted.years_of_history"))
    if series:
        return values.reshape(-1), layout_of(values)
    return values, "row"


@excel_function(
    docs={
        "history": "Past sales: a table with one row per year (oldest first) and one column "
        "per period, or one long row or column of consecutive periods. A header row of period "
        "names is allowed; blanks are allowed.",
        "periods_per_year": "Optional. 12 (default, months), 4 (quarters), 52 (weeks) or a "
        "fiscal pattern such as 4-4-5 (type it as text or as 445).",
        "result": "Optional. shares (default): share of the year per period; indices: 1.00 = "
        "average period; table; outliers: what was damped; summary: quality and noise.",
        "detrend": "Optional. smooth (default): growth builds up through the year; yearly: "
        "growth comes in steps each new year.",
        "outlier_threshold": "Optional. Values further than this many robust standard "
        "deviations from the pattern are damped (default 2.5).",
    },
    aliases={"calendar": "periods_per_year"},
)
def SEASONALITY(
    history: Cells,
    periods_per_year: Cells = None,
    result: Cells = None,
    detrend: Cells = None,
    outlier_threshold: Cells = None,
) -> Spill:
    """Seasonal profile from multi-year history, robust to trend and one-off outliers: the
    share of the year in each period (or indices, a table, the damped outliers, a summary)."""
    calendar = _calendar(periods_per_year)
    values, layout = _history(history, calendar)
    show = choice(result, "result", _SEASON_RESULTS, "shares")
    options = given(
        **calendar,
        detrend=choice(detrend, "detrend", _DETREND, None),
        outlier_threshold=single_number(outlier_threshold, "outlier_threshold"),
    )
    profile = seasonal_profile(values, **options)  # type: ignore[arg-type]
    if show == "shares":
        return vector_spill(profile.shares, layout)
    if show == "indices":
        return vector_spill(profile.indices, layout)
    if show == "table":
        return table(
            ["period", "share", "index", "years", "std_error"],
            [
                list(profile.calendar.labels),
                profile.shares,
                profile.indices,
                profile.observations,
                profile.share_std_error,
            ],
        )
    if show == "outliers":
        found = profile.outlier_table()
        return table(
            ["year", "period", "value", "expected", "damped_value", "damped_by", "weight"],
            [
                found["year_index"].to_numpy() + 1,
                found["period_label"].to_numpy(),
                found["value"].to_numpy(),
                found["expected"].to_numpy(),
                found["damped_value"].to_numpy(),
                found["damped_by"].to_numpy(),
                found["weight"].to_numpy(),
            ],
        )
    return _summary(profile, [])


def _summary(profile: SeasonalProfile, extra: list[tuple[str, object]]) -> Spill:
    rows: list[tuple[str, object]] = [
        *extra,
        ("quality", profile.quality),
        ("years_used", profile.years_used),
        ("noise", profile.residual_cv),
        ("seasonal_strength", profile.seasonal_strength),
        ("warnings", "; ".join(profile.warnings)),
    ]
    return measure_table(rows)


@excel_function(
    docs={
        "history": "Past sales, as for SEASONALITY: one row per year (oldest first) and one "
        "column per period, or one long row or column; header row and blanks allowed.",
        "periods_per_year": "Optional. 12 (default), 4, 52 or a fiscal pattern such as 4-4-5.",
        "trend": "Optional. compound (default), linear, or flat (repeat the last year's level).",
        "unit": "Optional. Round to multiples of this unit keeping the total exact.",
        "result": "Optional. values (default): next year's periods; summary: total, growth, "
        "trend and quality.",
        "detrend": "Optional. smooth (default) or yearly, as for SEASONALITY.",
    },
    aliases={"calendar": "periods_per_year"},
)
def BASELINE(
    history: Cells,
    periods_per_year: Cells = None,
    trend: Cells = None,
    unit: Cells = None,
    result: Cells = None,
    detrend: Cells = None,
) -> Spill:
    """Baseline forecast for the year after the history: a robust trend through the years
    times the seasonal profile. Spills next year's periods (or a summary)."""
    calendar = _calendar(periods_per_year)
    values, layout = _history(history, calendar)
    show = choice(result, "result", _BASELINE_RESULTS, "values")
    options = given(
        **calendar,
        trend=choice(trend, "trend", _TRENDS, None),
        unit=single_number(unit, "unit"),
        detrend=choice(detrend, "detrend", _DETREND, None),
    )
    forecast = baseline_forecast(values, **options)  # type: ignore[arg-type]
    if show == "values":
        return vector_spill(forecast.values, layout)
    extra = [("total", forecast.total), ("growth", forecast.growth), ("trend", forecast.trend)]
    summary = _summary(forecast.profile, extra)
    summary[-1][1] = "; ".join(forecast.warnings)
    return summary

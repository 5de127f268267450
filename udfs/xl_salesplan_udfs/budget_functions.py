"""Excel functions for money (预算分配): RESPONSE, FIT_RESPONSE, SCORE_ALLOCATION,
OPTIMAL_ALLOCATION, BUDGET_FRONTIER.

Thin adapters over :mod:`xl_salesplan.budget.curves`, :mod:`xl_salesplan.budget.fitting`,
:mod:`xl_salesplan.budget.scoring` and :mod:`xl_salesplan.budget.allocation`.

Response curves live in a **curves table** on the sheet, one row per channel: an optional
channel name, the curve kind, then its parameters ``p1, p2[, p3]`` in the order of
:data:`xl_salesplan.budget.curves.PARAMETER_NAMES` (hill: top, half_saturation, slope;
michaelis_menten: top, half_saturation; logarithmic: scale, reference_spend; power: scale,
exponent; linear_cap: rate, saturation). A header row is allowed. FIT_RESPONSE returns a
row in the same layout.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xl_salesplan.budget.allocation import budget_frontier, optimise_budget
from xl_salesplan.budget.curves import PARAMETER_NAMES, CurveSet, normalise_kind
from xl_salesplan.budget.fitting import fit_response
from xl_salesplan.budget.scoring import score_allocation
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text
from xl_salesplan_udfs.cells import (
    CellError,
    Cells,
    Spill,
    check_size,
    choice,
    given,
    is_omitted,
    needed_number,
    numbers,
    one_cell,
    single_number,
    split_header,
    text_cells,
    vector,
)
from xl_salesplan_udfs.messages import cell_positions
from xl_salesplan_udfs.registration import excel_function
from xl_salesplan_udfs.result_size import check_result_size
from xl_salesplan_udfs.spills import frame_table, measure_table, spill, table

__all__ = [
    "BUDGET_FRONTIER",
    "FIT_RESPONSE",
    "OPTIMAL_ALLOCATION",
    "RESPONSE",
    "SCORE_ALLOCATION",
]

#: Most channels a curves table may hold.
MAX_CHANNELS = 10_000
#: Most budgets one BUDGET_FRONTIER formula solves: concave curves only, and with S-shaped
#: curves (each budget then needs its own search over which channels to switch on).
MAX_BUDGETS = 1_000
MAX_BUDGETS_S_SHAPED = 50
#: With S-shaped curves, most budgets x channels one BUDGET_FRONTIER formula solves (each
#: pair costs up to about 0.2 ms: 10,000 pairs keep one call near 2 s).
MAX_S_SHAPED_PAIRS = 10_000
#: Most (spend, outcome) points FIT_RESPONSE fits (about 1 s at this size).
MAX_FIT_POINTS = 200_000

_RESPONSE_RESULTS = {"outcome": "outcome", "marginal": "marginal", "roi": "roi"}
_SCORE_RESULTS = {"table": "table", "summary": "summary", "sentence": "sentence"}
_ALLOCATION_RESULTS = {"table": "table", "summary": "summary"}
_CURVE_ALIASES = {"curve": "curves", "channel": "curves", "channels": "curves"}
_CURVE_CODES = {
    "bad_curve_parameter": "curves",
    "unknown_curve_kind": "curves",
    "not_a_curve": "curves",
}
_BOUND_ALIASES = {"floor": "floors", "cap": "caps"}


def _is_kind(item: object) -> bool:
    if not isinstance(item, str):
        return False
    try:
        normalise_kind(item)
    except PlanningError:
        return False
    return True


def curve_table(value: Cells) -> CurveSet:
    """The channels of a curves table: [name,] kind, p1, p2[, p3]; a header row is allowed.

    Examples
    --------
    >>> curves = curve_table([["channel", "kind", "p1", "p2", "p3"],
    ...                       ["Events", "log", 100.0, 10.0, None],
    ...                       [None, "hill", 50.0, 5.0, 2.0]])
    >>> curves.names, len(curves)
    (('Events', 'channel 2'), 2)
    """
    _, _, body = split_header(value, "curves", labels=False)
    grid = text_cells(body, "curves")
    rows, cols = grid.shape
    check_size("curves", rows, MAX_CHANNELS, Text("function.counted.channels"))
    first = [item for item in grid[:, 0] if item is not None]
    named = not (first and all(_is_kind(item) for item in first))
    start = 1 if named else 0
    if cols - start < 3:
        raise CellError.of(
            "curves", "function.budget_functions.needs_one_row_per_channel", cols=cols
        )
    kinds = list(grid[:, start])
    blank = [i for i, kind in enumerate(kinds) if kind is None]
    if blank:
        raise CellError.of(
            "curves", "function.budget_functions.row_has_no_curve_kind", blank_0_1=blank[0] + 1
        )
    params = numbers(body[:, start + 1 : start + 4], "curves")
    p3 = params[:, 2] if params.shape[1] > 2 else None
    names = [
        f"channel {i + 1}" if not named or grid[i, 0] is None else str(grid[i, 0])
        for i in range(rows)
    ]
    return CurveSet(kinds, params[:, 0], params[:, 1], p3, names=names)


def _per_channel(value: Cells, argument: str, n: int) -> NDArray[np.float64] | None:
    """Floors, caps or a proposal: one per channel (a row or column; blanks allowed)."""
    if is_omitted(value):
        return None
    values, _ = vector(value, argument, header=True)
    if values.size != n:
        raise CellError.of(
            argument,
            "function.budget_functions.has_cells_but_the_curves",
            values_size=values.size,
            n=n,
        )
    return values


def _text(value: Cells, argument: str) -> str | None:
    """One cell of text (a word the engine reads), or None when left out."""
    if is_omitted(value):
        return None
    return str(text_cells(one_cell(value, argument), argument)[0, 0])


# ---------------------------------------------------------------------------- RESPONSE


@excel_function(
    docs={
        "curves": "The curves table: one row per channel with [channel,] kind, p1, p2 [, p3] "
        "(kinds: hill, michaelis_menten, logarithmic, power, linear_cap); header row allowed.",
        "spend": "Spend: one curve at many spends (any range), one spend per channel (a row or "
        "column), or a table of scenarios with one column (or row) per channel.",
        "result": "Optional. outcome (default), marginal (return of the next unit of spend) or "
        "roi (outcome per unit spent).",
    },
    aliases=_CURVE_ALIASES,
    codes=_CURVE_CODES,
)
def RESPONSE(curves: Cells, spend: Cells, result: Cells = None) -> Spill:
    """The outcome (or marginal return, or ROI) of response curves at given spends, shaped
    like spend: e.g. one curve at a column of spends to draw it."""
    channels = curve_table(curves)
    n = len(channels)
    x = numbers(spend, "spend", blanks=False)
    show = choice(result, "result", _RESPONSE_RESULTS, "outcome")
    if n == 1:
        engine_x, back = x.reshape(-1, 1), (lambda v: v.reshape(x.shape))
    elif x.shape[1] == n:
        engine_x, back = x, (lambda v: v)
    elif x.shape[0] == n:
        engine_x, back = x.T, (lambda v: v.T)
    else:
        raise CellError.of(
            "spend",
            "function.budget_functions.has_rows_x_columns_but",
            x_shape_0=x.shape[0],
            x_shape_1=x.shape[1],
            n=n,
        )
    if show == "marginal":
        values = channels.marginal(engine_x)
    else:
        values = channels.value(engine_x)
        if show == "roi":
            with np.errstate(all="ignore"):
                values = np.where(
                    engine_x > 0, values / np.where(engine_x > 0, engine_x, 1), np.nan
                )
    return spill(back(np.asarray(values, dtype=np.float64)))


# ---------------------------------------------------------------------------- FIT_RESPONSE


@excel_function(
    docs={
        "spend": "Observed spends (a row or column, 0 or more; a title on top is allowed).",
        "outcome": "Observed outcomes, one per spend; rows blank in both are skipped.",
        "kind": "Optional. hill (default; needs 3 different spends unless slope is given), "
        "michaelis_menten, logarithmic, power or linear_cap.",
        "slope": "Optional. For hill: fix the slope (1 = concave, above 1 = S-shaped); two "
        "points then suffice.",
    },
    codes={"unknown_curve_kind": "kind", "bad_argument": "slope"},
)
def FIT_RESPONSE(spend: Cells, outcome: Cells, kind: Cells = None, slope: Cells = None) -> Spill:
    """Fit a response curve to observed (spend, outcome) points. A row of kind, p1, p2, p3
    (ready for a curves table) with R^2, RMSE and the number of points, under a header."""
    x, _ = vector(spend, "spend", header=True)
    y, _ = vector(outcome, "outcome", header=True)
    check_size("spend", x.size, MAX_FIT_POINTS, Text("function.counted.points"))
    options = given(kind=_text(kind, "kind"), slope=single_number(slope, "slope"))
    fit = fit_response(x, y, **options)  # type: ignore[arg-type]
    params = [*fit.curve.params, None, None][:3]
    return table(
        ["kind", "p1", "p2", "p3", "r_squared", "rmse", "n_points", "exact", "note"],
        [
            [fit.curve.kind],
            [params[0]],
            [params[1]],
            [params[2]],
            [fit.r_squared],
            [fit.rmse],
            [fit.n_points],
            [fit.exact],
            [fit.note],
        ],
    )


# ---------------------------------------------------------------------------- SCORE_ALLOCATION


@excel_function(
    docs={
        "curves": "The curves table: one row per channel with [channel,] kind, p1, p2 [, p3]; "
        "header row allowed.",
        "proposal": "The planned spend per channel, in the order of the curves table (blank = 0).",
        "floors": "Optional. Lowest spend per channel (blank = 0).",
        "caps": "Optional. Highest spend per channel (blank = no cap).",
        "result": "Optional. table (default): per channel and total; summary: totals, the gap "
        "to the best plan and the best single move; sentence: one cell of text.",
    },
    aliases={**_CURVE_ALIASES, **_BOUND_ALIASES},
    codes=_CURVE_CODES,
)
def SCORE_ALLOCATION(
    curves: Cells,
    proposal: Cells,
    floors: Cells = None,
    caps: Cells = None,
    result: Cells = None,
) -> Spill:
    """Score a proposed budget split: outcome, ROI and marginal ROI per channel, the gap to
    the best split of the same budget, and the best single move of money between channels."""
    channels = curve_table(curves)
    n = len(channels)
    spend = _per_channel(proposal, "proposal", n)
    if spend is None:
        raise CellError.of("proposal", "function.budget_functions.is_needed_the_planned_spend")
    show = choice(result, "result", _SCORE_RESULTS, "table")
    score = score_allocation(
        channels,
        spend,
        floors=_per_channel(floors, "floors", n),
        caps=_per_channel(caps, "caps", n),
    )
    if show == "sentence":
        return [[cell_positions(score.summary())]]
    if show == "summary":
        move = score.best_move
        rows = [
            ("total_spend", score.total_spend),
            ("total_outcome", score.total_outcome),
            ("total_roi", score.total_roi),
            ("optimal_outcome", score.optimal_outcome),
            ("gap", score.gap),
            ("gap_pct", score.gap_pct / 100.0),
            ("uplift_pct", score.uplift_pct / 100.0),
            ("best_move", move.sentence),
            ("move_from", move.source_name or None),
            ("move_to", move.target_name or None),
            ("move_amount", move.amount),
            ("move_gain", move.gain),
            ("breaks", cell_positions("; ".join(score.violations))),
        ]
        return measure_table(rows)
    totals = [
        "total",
        score.total_spend,
        score.total_outcome,
        score.total_roi,
        None,
        float(np.sum(score.optimal_spend)),
        float(score.below_floor.sum()),
        float(score.above_cap.sum()),
    ]
    return [*frame_table(score.to_frame()), *spill([totals])]


# ---------------------------------------------------------------------------- OPTIMAL_ALLOCATION


@excel_function(
    docs={
        "curves": "The curves table: one row per channel with [channel,] kind, p1, p2 [, p3]; "
        "header row allowed.",
        "budget": "The budget to spend, exactly.",
        "floors": "Optional. Lowest spend per channel (blank = 0), in the order of the curves.",
        "caps": "Optional. Highest spend per channel (blank = no cap).",
        "result": "Optional. table (default): spend, outcome, ROI, marginal ROI, status and "
        "what a binding bound costs per channel; summary: outcome, multiplier, bound.",
    },
    aliases={**_CURVE_ALIASES, **_BOUND_ALIASES},
    codes=_CURVE_CODES,
)
def OPTIMAL_ALLOCATION(
    curves: Cells, budget: Cells, floors: Cells = None, caps: Cells = None, result: Cells = None
) -> Spill:
    """The best split of a budget across channels under floors and caps (marginal returns
    equalised), with the value of one more unit of budget and what each binding bound costs."""
    channels = curve_table(curves)
    n = len(channels)
    amount = needed_number(budget, "budget")
    show = choice(result, "result", _ALLOCATION_RESULTS, "table")
    plan = optimise_budget(
        channels,
        amount,
        floors=_per_channel(floors, "floors", n),
        caps=_per_channel(caps, "caps", n),
    )
    if show == "summary":
        rows = [
            ("budget", plan.budget),
            ("total_outcome", plan.total_outcome),
            ("multiplier", plan.multiplier),
            ("upper_bound", plan.upper_bound),
            ("proven_optimal", plan.proven_optimal),
            ("summary", plan.summary()),
        ]
        return measure_table(rows)
    with np.errstate(all="ignore"):
        roi = plan.total_outcome / plan.budget if plan.budget > 0 else None
    totals = ["total", plan.budget, plan.total_outcome, roi, plan.multiplier, None, None]
    return [*frame_table(plan.to_frame()), *spill([totals])]


# ---------------------------------------------------------------------------- BUDGET_FRONTIER


@excel_function(
    docs={
        "curves": "The curves table: one row per channel with [channel,] kind, p1, p2 [, p3]; "
        "header row allowed.",
        "budgets": "The budgets to try (a row or column), e.g. 60% to 140% of this year's.",
        "floors": "Optional. Lowest spend per channel (blank = 0).",
        "caps": "Optional. Highest spend per channel (blank = no cap).",
    },
    aliases={**_CURVE_ALIASES, **_BOUND_ALIASES, "budget": "budgets"},
    codes=_CURVE_CODES,
    call_in_wizard=False,
)
def BUDGET_FRONTIER(
    curves: Cells, budgets: Cells, floors: Cells = None, caps: Cells = None
) -> Spill:
    """The best outcome for each of several budgets, and the spend per channel that reaches
    it, in one pass: budget, total_outcome, multiplier, then one column per channel."""
    channels = curve_table(curves)
    n = len(channels)
    amounts, _ = vector(budgets, "budgets", blanks=False, header=True)
    if channels.is_concave.all():
        check_size("budgets", amounts.size, MAX_BUDGETS, Text("function.counted.budgets"))
    else:
        check_size(
            "budgets", amounts.size, MAX_BUDGETS_S_SHAPED, Text("function.counted.budgets_s_shaped")
        )
        check_size(
            "budgets",
            amounts.size * n,
            MAX_S_SHAPED_PAIRS,
            Text("function.counted.budget_channel_pairs", {"budgets": amounts.size, "channels": n}),
        )
    check_result_size(amounts.size + 1, n + 3)  # budget, total_outcome, multiplier, channels
    frontier = budget_frontier(
        channels,
        amounts,
        floors=_per_channel(floors, "floors", n),
        caps=_per_channel(caps, "caps", n),
    )
    return frame_table(frontier.to_frame())


def parameter_names() -> dict[str, tuple[str, ...]]:
    """What p1, p2 and p3 mean for each curve kind (for documentation).

    Examples
    --------
    >>> parameter_names()["hill"]
    ('top', 'half_saturation', 'slope')
    """
    return dict(PARAMETER_NAMES)

"""Optimise budget: response curves per channel, the proposal's score, the optimum.

:func:`compute_budget` glues the budget engine together:

1. one response curve per channel: the parameters entered on the channel row
   (judgement), or, when they are blank, a curve of the row's kind (Hill by
   default) fitted to the channel history, every channel at once
   (:func:`~xl_salesplan.budget.fitting.fit_responses`). History kept per
   quarter is annualised first (spend and outcome x 4), so every curve maps an
   annual spend to an annual outcome, like the budget;
2. the planner's proposed spend scored on those curves
   (:func:`~xl_salesplan.budget.scoring.score_allocation`): outcome, ROI, marginal
   ROI per channel, the best single move of money, broken floors or caps, and the
   gap to the optimum;
3. the optimal allocation of the budget within floors and caps
   (:func:`~xl_salesplan.budget.allocation.optimise_budget`), its multiplier
   (the value of one more unit of budget) and what each binding bound costs;
4. the optimal outcome for a range of budgets (the frontier, for the chart).

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> budget = compute_budget(inputs_from_company())
>>> round(budget["budget_optimal"]["spend"].sum())
10000000
>>> bool(budget["budget_summary"].loc["gain", "value"] >= 0)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from xl_salesplan.actions.inputs import PlanInputs, proposed_from_last_year
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.validate import check_inputs
from xl_salesplan.actions.workbook_inputs import plan_inputs, read_workbook_inputs
from xl_salesplan.actions.writing import write_blocks
from xl_salesplan.budget.allocation import budget_frontier, format_amount
from xl_salesplan.budget.allocation import optimise_budget as optimal_allocation
from xl_salesplan.budget.curves import PARAMETER_NAMES, CurveSet, normalise_kind
from xl_salesplan.budget.fitting import fit_responses
from xl_salesplan.budget.scoring import score_allocation
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import Text, choice_word, in_language, message
from xl_salesplan.workbook.book import Book

__all__ = [
    "BUDGET_BLOCKS",
    "FRONTIER_POINTS",
    "compute_budget",
    "fit_channel_curves",
    "optimise_budget",
]

#: The frames :func:`compute_budget` returns.
BUDGET_BLOCKS = (
    "channel_curves",
    "budget_score",
    "budget_optimal",
    "budget_summary",
    "budget_frontier",
)
#: Number of budgets on the frontier (from the sum of floors to the sum of caps).
FRONTIER_POINTS = 21


def fit_channel_curves(inputs: PlanInputs) -> tuple[CurveSet, pd.DataFrame]:
    """One annual response curve per channel row, entered or fitted from history.

    Returns
    -------
    (CurveSet, DataFrame)
        The curves, and a frame with ``channel``, ``kind``, ``p1``, ``p2``, ``p3``,
        ``source`` (``entered`` or ``fitted``), ``r_squared``, ``n_points``, ``note``.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> curves, table = fit_channel_curves(inputs_from_company())
    >>> len(curves), table["source"].unique().tolist()
    (6, ['fitted'])
    """
    channels = inputs.channels
    if channels.empty:
        raise PlanningError.of("action.budget.empty", code="empty", positions=("channels",))
    history = inputs.channel_history
    # Each channel's history rows, found in one pass (not one scan of the history per channel).
    rows_of = history.groupby(history["channel"].astype(str), sort=False).indices
    no_rows = np.zeros(0, dtype=np.intp)
    # History kept per quarter is annualised (x 4); columns converted once, not per channel.
    factor = np.where(pd.to_numeric(history["quarter"], errors="coerce").notna(), 4.0, 1.0)
    all_spend = pd.to_numeric(history["spend"], errors="coerce").to_numpy(dtype=float) * factor
    all_outcome = (
        pd.to_numeric(history["attributed_revenue"], errors="coerce").to_numpy(dtype=float) * factor
    )
    names = [str(c) for c in channels["channel"]]
    kind_texts = channels["curve_kind"].tolist()
    entered = channels[["p1", "p2", "p3"]].to_numpy(dtype=object)
    rows: list[tuple | None] = []
    to_fit: list[tuple[int, str, NDArray, NDArray]] = []  # (row, kind, spend, outcome)
    for i, name in enumerate(names):
        kind_text = kind_texts[i]
        try:
            kind = normalise_kind(kind_text if _filled(kind_text) else "hill")
        except PlanningError as exc:
            raise PlanningError.of(
                "action.budget.channel_row",
                code=exc.code,
                positions=(("channels", i, "curve_kind"),),
                name=name,
                i_1=i + 1,
                exc_message=exc,
            ) from None
        params = [float(v) if _filled(v) else np.nan for v in entered[i]]
        needed = len(PARAMETER_NAMES[kind])
        given = [not np.isnan(p) for p in params[:needed]]
        if kind == "hill" and not given[2]:
            given[2] = all(given[:2])  # a blank Hill slope means 1
            params[2] = 1.0 if given[2] else params[2]
        if all(given):
            rows.append((name, kind, *params[:3], "entered", np.nan, 0, ""))
            continue
        own = rows_of.get(name, no_rows)
        rows.append(None)  # filled below, once every channel's curve is fitted at once
        to_fit.append((i, kind, all_spend[own], all_outcome[own]))
    fits = fit_responses(
        [spend for _, _, spend, _ in to_fit],
        [outcome for _, _, _, outcome in to_fit],
        [kind for _, kind, _, _ in to_fit],
        names=[names[i] for i, _, _, _ in to_fit],
    )
    for (i, kind, spend, _), fit in zip(to_fit, fits, strict=True):
        if isinstance(fit, PlanningError):
            raise PlanningError.of(
                "action.budget.channel_no_response_curve_ente",
                code=fit.code,
                positions=(("channels", i, "p1"),),
                name=names[i],
                len_own=len(spend),
                exc_message=fit,
            )
        p = [*fit.curve.params, np.nan, np.nan][:3]
        rows[i] = (names[i], kind, *p, "fitted", fit.r_squared, fit.n_points, fit.note)
    table = pd.DataFrame(
        rows,
        columns=["channel", "kind", "p1", "p2", "p3", "source", "r_squared", "n_points", "note"],
    )
    curves = CurveSet(
        table["kind"].tolist(),
        table["p1"].to_numpy(),
        table["p2"].to_numpy(),
        table["p3"].to_numpy(),
        names=names,
    )
    return curves, table


def compute_budget(inputs: PlanInputs) -> dict[str, pd.DataFrame]:
    """Score the proposed channel spend and find the optimal allocation of the budget.

    Parameters
    ----------
    inputs : PlanInputs
        Uses the channels (floors, caps, proposed spend, curves), the channel history
        and the assumptions ``marketing_budget_total`` and ``rounding_unit``. A blank
        proposed spend on every row means "last year's split" (see
        :func:`~xl_salesplan.actions.inputs.proposed_from_last_year`).

    Returns
    -------
    dict of str to DataFrame
        Keys of :data:`BUDGET_BLOCKS`:

        - ``channel_curves``: see :func:`fit_channel_curves`;
        - ``budget_score``: per channel ``channel``, ``proposed_spend``, ``outcome``,
          ``roi``, ``marginal_roi``, ``optimal_spend``, ``change``;
        - ``budget_optimal``: per channel ``channel``, ``spend``, ``outcome``, ``roi``,
          ``marginal_roi``, ``status``, ``bound_value``;
        - ``budget_summary``: column ``value`` indexed by ``budget``,
          ``proposed_total``, ``proposed_outcome``, ``proposed_roi``,
          ``optimal_outcome``, ``optimal_roi``, ``gain``, ``gain_pct``, ``multiplier``,
          ``upper_bound``, ``best_move`` (a sentence), ``summary`` (a sentence);
        - ``budget_frontier``: ``budget``, ``outcome``, ``multiplier`` for
          :data:`FRONTIER_POINTS` budgets from the sum of floors to the sum of caps.

    Examples
    --------
    >>> from xl_salesplan.actions.company_inputs import inputs_from_company
    >>> frames = compute_budget(inputs_from_company())
    >>> frames["budget_frontier"]["outcome"].is_monotonic_increasing
    True
    """
    curves, curve_table = fit_channel_curves(inputs)
    channels = inputs.channels
    names = [str(c) for c in channels["channel"]]
    budget = inputs.assumption("marketing_budget_total")
    unit = inputs.assumption("rounding_unit", 1.0)
    floors = pd.to_numeric(channels["budget_floor"], errors="coerce").to_numpy(dtype=float)
    caps = pd.to_numeric(channels["budget_cap"], errors="coerce").to_numpy(dtype=float)
    proposed = pd.to_numeric(channels["proposed_spend"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(proposed).all():
        proposed = proposed_from_last_year(channels, inputs.channel_history, budget, unit)
    proposed = np.nan_to_num(proposed, nan=0.0)

    best = optimal_allocation(curves, budget, floors=floors, caps=caps, names=names)
    labels = [
        str(label) if _filled(label) else name
        for label, name in zip(channels.get("channel_name", names), names, strict=True)
    ]  # the sentences name channels as the planner does ("Paid search")
    scored = score_allocation(curves, proposed, floors=floors, caps=caps, names=labels)
    proposed_outcome = scored.total_outcome
    gain = best.total_outcome - proposed_outcome
    score = pd.DataFrame(
        {
            "channel": names,
            "proposed_spend": scored.spend,
            "outcome": scored.outcome,
            "roi": scored.roi,
            "marginal_roi": scored.marginal_roi,
            "optimal_spend": best.spend,
            "change": best.spend - scored.spend,
        }
    )
    language = inputs.language
    move = scored.best_move
    best_move = (
        message("budget.best_move", language, amount=format_amount(move.amount),
                source=move.source_name, target=move.target_name, gain=format_amount(move.gain))
        if move.source >= 0
        else message("budget.best_move.none", language)
    )  # fmt: skip
    breaches = " ".join(in_language(v, language) for v in scored.violations)
    summary_text = message(
        "budget.summary",
        language,
        proposed=format_amount(proposed_outcome),
        budget=format_amount(budget),
        optimal=format_amount(best.total_outcome),
        gain=format_amount(gain),
    )
    frontier_budgets = _frontier_budgets(floors, caps, budget)
    frontier = budget_frontier(curves, frontier_budgets, floors=floors, caps=caps, names=names)
    proposed_total = float(proposed.sum())
    summary = pd.DataFrame(
        {
            "value": [
                budget,
                proposed_total,
                proposed_outcome,
                proposed_outcome / proposed_total if proposed_total else np.nan,
                best.total_outcome,
                best.total_outcome / budget if budget else np.nan,
                gain,
                gain / proposed_outcome if proposed_outcome else np.nan,
                best.multiplier,
                best.upper_bound,
                best_move,
                summary_text + (f" {breaches}" if breaches else ""),
            ]
        },
        index=[
            "budget",
            "proposed_total",
            "proposed_outcome",
            "proposed_roi",
            "optimal_outcome",
            "optimal_roi",
            "gain",
            "gain_pct",
            "multiplier",
            "upper_bound",
            "best_move",
            "summary",
        ],
    )
    return {
        "channel_curves": _shown_curve_table(curve_table, language),
        "budget_score": score,
        "budget_optimal": _shown_status(best.to_frame(), language),
        "budget_summary": summary,
        "budget_frontier": pd.DataFrame(
            {
                "budget": frontier.budgets,
                "outcome": frontier.total_outcome,
                "multiplier": frontier.multiplier,
            }
        ),
    }


def _shown_curve_table(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The curve kinds and sources as the workbook shows them in ``language``."""
    shown = table.copy()
    shown["kind"] = [choice_word("curve_kind", str(k), language) for k in table["kind"]]
    shown["source"] = [message(f"budget.source.{s}", language) for s in table["source"]]
    return shown


def _shown_status(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The channels' bound status (``free``, ``at floor`` ...) in ``language``."""
    shown = frame.copy()
    shown["status"] = [
        message(f"budget.bound.{str(s).replace(' ', '_')}", language) for s in frame["status"]
    ]
    return shown


def _frontier_budgets(floors: np.ndarray, caps: np.ndarray, budget: float) -> np.ndarray:
    low = float(np.nansum(floors))
    finite_caps = np.isfinite(caps) & ~np.isnan(caps)
    high = float(caps.sum()) if finite_caps.all() else max(2.0 * budget, low)
    if high <= low:
        return np.array([low])
    return np.linspace(low, high, FRONTIER_POINTS)


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    try:
        return not np.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def optimise_budget(
    book: Book, *, save: bool = True, progress: Progress = no_progress
) -> ActionResult:
    """Optimise budget: score the proposed channel spend and write the optimal allocation.

    Returns
    -------
    ActionResult
        Details: ``budget``, ``proposed_outcome``, ``optimal_outcome``, ``gain``,
        ``gain_pct``, ``multiplier``, ``optimal_spend`` (channel -> spend), ``blocks``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> print(optimise_budget(FileBook.open(path)).lines[-1])
      Move 414,798 from Partners to Trade shows to gain 451,235.
    """
    progress(0.05, Text("cli.progress.reading"))
    raw = read_workbook_inputs(
        book, "optimise_budget", progress=lambda f, label: progress(0.05 + 0.2 * f, label)
    )
    progress(0.25, Text("progress.checking"))
    check_inputs(raw, "optimise_budget")
    progress(0.3, Text("progress.fitting"))
    frames = compute_budget(plan_inputs(raw))
    progress(0.6, Text("progress.writing_budget"))
    written = write_blocks(
        book, "optimise_budget", frames, progress=lambda f, label: progress(0.6 + 0.4 * f, label)
    )
    if save:
        book.save()
    progress(1.0, Text("progress.done"))
    summary = frames["budget_summary"]["value"]
    optimal = frames["budget_optimal"].set_index("channel")["spend"]
    figures = {k: float(summary[k]) for k in ("budget", "proposed_outcome", "optimal_outcome",
                                              "gain", "gain_pct", "multiplier")}  # fmt: skip
    said = {
        "proposed": f"{figures['proposed_outcome']:,.0f}",
        "optimal": f"{figures['optimal_outcome']:,.0f}",
        "gain_pct": f"{figures['gain_pct']:+.1%}",
        "multiplier": f"{figures['multiplier']:.2f}",
    }
    return ActionResult.of(
        "optimise_budget",
        "action.budget.done",
        said,
        {
            **figures,
            "best_move": str(summary["best_move"]),
            "optimal_spend": {str(k): float(v) for k, v in optimal.items()},
            "blocks": [name for name, _, _ in written],
        },
        lines=[
            *(f"  {channel:<16} {spend:>14,.0f}" for channel, spend in optimal.items()),
            f"  {summary['best_move']}",
        ],
    )

"""Re-plan, the action: a new plan for the open months once actuals are in (及时调整).

:func:`compute_replan` takes the current plan (the quotas by rep and month Build plan wrote,
``RepTargets``), the actuals of the closed months (``tblActuals``, summed by rep and month),
the reps' capacity (``RepCapacity``: a rep's capacity over the open months times the quota
cushion, 1 + ``OverAssignment``, laid along the rep's plan, caps the rep's open months; a
month may always keep its original plan), the annual target
(``AnnualTarget``) and the catch-up choice (``ReplanCatchUp`` on the Re-plan sheet:
100% keeps the annual target, 0% re-bases the year on the landing at the pace to date), and
re-spreads what the year still needs with :func:`xl_salesplan.targets.replan.replan`, rounded to
``RoundingUnit`` with the total exact.

:func:`replan_plan` first snapshots the current plan as a version (so the original is never
lost), then writes three blocks on the Re-plan sheet: the summary, original vs re-plan by
month side by side, and the re-plan by rep. Build plan's blocks are left as they were.

Actuals of a rep who is not in the plan are kept in a row of their own; the closed months
of every row hold the actuals, the open months the re-plan.

Examples
--------
>>> from xl_salesplan.actions.company_inputs import inputs_from_company
>>> from xl_salesplan.actions.plan import compute_plan
>>> inputs = inputs_from_company()
>>> plan = compute_plan(inputs)
>>> frames = compute_replan(inputs, plan["rep_targets"], plan["rep_capacity"],
...                         float(plan["plan_summary"].loc["target", "value"]))
>>> summary = frames["replan_summary"]["value"]
>>> int(summary["closed_months"]), round(summary["shortfall"])  # keep 78.48m: above capacity
(9, 1038462)
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.validate import check_inputs
from xl_salesplan.actions.versions import snapshot_version
from xl_salesplan.actions.workbook_inputs import plan_inputs, read_workbook_inputs
from xl_salesplan.actions.writing import write_blocks
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import NAMED_INPUTS, SHEETS, block
from xl_salesplan.layout.model import MONTH_KEYS
from xl_salesplan.messages import Text
from xl_salesplan.ooxml.references import first_cell, quote_sheet
from xl_salesplan.targets.replan import catch_up_share, replan, shortfall_text
from xl_salesplan.validation import amount_text
from xl_salesplan.workbook.book import Book

__all__ = ["REPLAN_BLOCKS", "UNPLANNED_REP", "compute_replan", "read_plan_block", "replan_plan"]

#: The frames :func:`compute_replan` returns.
REPLAN_BLOCKS = ("replan_summary", "replan_by_month", "replan_reps")
#: Rep id of the row that holds actuals of reps who are not in the plan.
UNPLANNED_REP = "(not in plan)"
_LABELS = ("rep_id", "rep_name", "region")


def compute_replan(
    inputs: PlanInputs,
    rep_targets: pd.DataFrame,
    rep_capacity: pd.DataFrame | None,
    annual_target: float | None,
    *,
    catch_up: str | float | None = None,
    snapshot: str = "",
) -> dict[str, pd.DataFrame]:
    """The re-plan frames from the current plan and the actuals.

    Parameters
    ----------
    inputs : PlanInputs
        Uses ``actuals``, ``actuals_through_month``, ``rounding_unit`` and
        ``replan_catch_up``.
    rep_targets : DataFrame
        The current plan: ``rep_id``, ``rep_name``, ``region`` and one column per month
        (``YYYY-MM`` or ``m01`` .. ``m12``).
    rep_capacity : DataFrame, optional
        The same layout: each rep's capacity by month (the caps of the open months).
    annual_target : float, optional
        The annual target (default: the plan's total).
    catch_up : "keep", "rebase" or float, optional
        Overrides ``replan_catch_up`` (default 100%: keep the target).
    snapshot : str
        Where the original was saved, shown in the summary.

    Returns
    -------
    dict of str to DataFrame
        ``replan_summary`` (one ``value`` per row: ``target``, ``actual_to_date``,
        ``closed_months``, ``catch_up``, ``landing``, ``annual_total``, ``replan_total``,
        ``shortfall``, ``note``, ``snapshot``), ``replan_by_month`` (``month``,
        ``original``, ``actual``, ``replan``, ``change``) and ``replan_reps`` (the re-plan
        by rep in the layout of ``rep_targets``, with ``total``).
    """
    periods = inputs.plan_periods
    labels = [str(p) for p in periods]
    month_columns = _month_columns(rep_targets, "RepTargets")
    plan_frame = rep_targets[rep_targets["rep_id"].notna() & (rep_targets["rep_id"] != "")]
    original = _numbers(plan_frame[month_columns])
    closed_value = inputs.assumption("actuals_through_month", np.nan)
    if np.isnan(closed_value):
        raise PlanningError.of(
            "action.replan.blank", code="blank", positions=("ActualsThroughMonth",)
        )
    reps = plan_frame["rep_id"].astype(str).str.strip().tolist()
    actual, extra = _actuals_by_rep(inputs, reps, periods)
    rows = plan_frame[list(_LABELS)].astype(object).reset_index(drop=True)
    if extra is not None:
        original = np.vstack([original, np.zeros((1, original.shape[1]))])
        actual = np.vstack([actual, extra])
        rows.loc[len(rows)] = [UNPLANNED_REP, "", ""]
    caps = None
    if rep_capacity is not None and 0 < closed_value < original.shape[1]:
        cushion = 1.0 + inputs.assumption("over_assignment", 0.0)
        caps = _caps(rep_capacity, reps, original, int(closed_value), cushion)
    share = catch_up_share(
        catch_up if catch_up is not None else inputs.assumption("replan_catch_up", 1.0)
    )
    unit = inputs.assumption("rounding_unit", 0.0)
    try:
        result = replan(
            annual_target,
            original,
            actual,
            int(closed_value) if float(closed_value).is_integer() else closed_value,
            catch_up=share,
            caps=caps,
            unit=unit if unit > 0 else None,
        )
    except PlanningError as error:
        if error.code == "month_outside_year":
            spec = NAMED_INPUTS["ActualsThroughMonth"]
            cell = f"{quote_sheet(SHEETS[spec.sheet].name(inputs.language))}!{spec.cell}"
            raise PlanningError.of(
                "action.replan.month_outside_year",
                code=error.code,
                positions=("ActualsThroughMonth",),
                amount=error.amount,
                cell=cell,
                periods=len(labels),
                got=error.params.get("got", closed_value),
            ) from None
        raise
    by_month = pd.DataFrame(
        {
            "month": labels,
            "original": result.original.sum(axis=0),
            "actual": np.where(np.arange(len(labels)) < result.closed, actual.sum(axis=0), np.nan),
            "replan": result.plan.sum(axis=0),
        }
    )
    by_month["change"] = by_month["replan"] - by_month["original"]
    reps_frame = rows.copy()
    for key, column in zip(MONTH_KEYS, result.plan.T, strict=True):
        reps_frame[key] = column
    reps_frame["total"] = result.plan.sum(axis=1)
    summary = pd.DataFrame(
        {
            "value": [
                result.target,
                result.actual_to_date,
                float(result.closed),
                share,
                result.landing,
                result.annual_total,
                float(result.plan.sum()),
                result.shortfall,
                shortfall_text(result, inputs.language),
                snapshot,
            ]
        },
        index=[
            "target",
            "actual_to_date",
            "closed_months",
            "catch_up",
            "landing",
            "annual_total",
            "replan_total",
            "shortfall",
            "note",
            "snapshot",
        ],
        dtype=object,
    )
    return {"replan_summary": summary, "replan_by_month": by_month, "replan_reps": reps_frame}


def read_plan_block(book: Book, name: str) -> pd.DataFrame:
    """A block of the workbook as a frame keyed like its compute frame (rows with a label).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> book = FileBook.open(sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm"))
    >>> read_plan_block(book, "RepTargets").columns[:4].tolist()
    ['rep_id', 'rep_name', 'region', 'm01']
    """
    spec = block(name)
    sheet, ref = book.name_range(name)
    grid = book.read_range(sheet, ref)
    frame = pd.DataFrame(grid, columns=list(spec.column_keys()))
    first = frame.columns[0]
    return frame[frame[first].notna() & (frame[first].astype(str).str.strip() != "")].reset_index(
        drop=True
    )


def replan_plan(
    book: Book,
    *,
    snapshot_path: str | os.PathLike[str] | None = None,
    catch_up: str | float | None = None,
    workbook_path: str | os.PathLike[str] | None = None,
    save: bool = True,
    progress: Progress = no_progress,
) -> ActionResult:
    """Re-plan: snapshot the current plan, then write the re-plan of the open months.

    Parameters
    ----------
    book : Book
        A plan workbook on which Build plan has run (file or live Excel).
    snapshot_path : path-like, optional
        Where to save the current plan first (an ``.xlsx`` version); None: no snapshot
        (the command line and the ribbon always give one).
    catch_up : "keep", "rebase" or float, optional
        Overrides the workbook's ``ReplanCatchUp``.
    workbook_path : path-like, optional
        The workbook's own file (the snapshot must not overwrite it).
    save : bool
        Save the workbook at the end.
    progress : callable

    Returns
    -------
    ActionResult
        Details: ``annual_total``, ``landing``, ``shortfall``, ``actual_to_date``,
        ``closed_months``,
        ``snapshot``, ``months`` (month -> (original, re-plan)), ``blocks``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> result = replan_plan(FileBook.open(path), snapshot_path=path.with_name("v.xlsx"))
    >>> result.details["snapshot"].endswith("v.xlsx"), result.details["closed_months"]
    (True, 9)
    """
    progress(0.05, Text("progress.reading_replan"))
    raw = read_workbook_inputs(book, progress=lambda f, label: progress(0.05 + 0.1 * f, label))
    progress(0.15, Text("progress.checking"))
    check_inputs(raw, "replan")
    inputs = plan_inputs(raw)
    targets = read_plan_block(book, "RepTargets")
    if targets.empty:
        raise PlanningError.of("action.replan.no_plan", code="no_plan")
    capacity = read_plan_block(book, "RepCapacity")
    sheet, ref = book.name_range("AnnualTarget")
    target_value = book.read_value(sheet, first_cell(ref))
    target = float(target_value) if isinstance(target_value, int | float) else None
    snapshot = ""
    if snapshot_path is not None:
        progress(0.2, Text("progress.saving_version"))
        snapshot = snapshot_version(
            book,
            snapshot_path,
            label="before re-plan",
            workbook_path=workbook_path,
            progress=lambda f, label, **params: progress(
                0.2 + 0.2 * f, Text(label, params) if params else label
            ),
        ).details["path"]
    progress(0.4, Text("progress.replanning"))
    frames = compute_replan(
        inputs, targets, capacity if not capacity.empty else None, target,
        catch_up=catch_up, snapshot=os.path.basename(snapshot),
    )  # fmt: skip
    progress(0.7, Text("progress.writing_replan"))
    written = write_blocks(
        book, "replan", frames, progress=lambda f, label: progress(0.7 + 0.3 * f, label)
    )
    if save:
        book.save()
    progress(1.0, Text("progress.done"))
    summary = frames["replan_summary"]["value"]
    months = frames["replan_by_month"]
    annual, landing = float(summary["annual_total"]), float(summary["landing"])
    shortfall, closed = float(summary["shortfall"]), int(summary["closed_months"])
    said: dict[str, object] = {"total": f"{annual:,.0f}", "closed": closed,
                               "landing": f"{landing:,.0f}"}  # fmt: skip
    if snapshot:
        said["snapshot"] = os.path.basename(snapshot)
    if shortfall > 0:
        need = annual - float(summary["actual_to_date"])
        said.update(need=amount_text(round(need)), capacity=amount_text(round(need - shortfall)),
                    short=amount_text(round(shortfall)))  # fmt: skip
    saved, short = "_saved" if snapshot else "", "_short" if shortfall > 0 else ""
    columns = ("month", "original", "replan", "change")
    header = Text(
        "action.replan.month_header", {k: Text(f"action.replan.column_{k}") for k in columns}
    )
    return ActionResult.of(
        "replan",
        f"action.replan.done{saved}{short}",
        said,
        {
            "annual_total": annual,
            "landing": landing,
            "shortfall": shortfall,
            "actual_to_date": float(summary["actual_to_date"]),
            "closed_months": closed,
            "snapshot": snapshot,
            "months": {
                str(m): (float(o), float(r))
                for m, o, r in zip(
                    months["month"], months["original"], months["replan"], strict=True
                )
            },
            "blocks": [name for name, _, _ in written],
        },
        lines=[header]
        + [
            f"  {m:<8} {o:>14,.0f} {r:>14,.0f} {r - o:>+12,.0f}"
            for m, o, r in zip(months["month"], months["original"], months["replan"], strict=True)
        ],
    )


# ---------------------------------------------------------------- internals


def _month_columns(frame: pd.DataFrame, name: str) -> list[str]:
    keyed = {key: column for column in frame.columns if (key := _month_of(column)) is not None}
    missing = [k for k in MONTH_KEYS if k not in keyed]
    if missing:
        raise PlanningError.of(
            "action.replan.layout_mismatch",
            code="layout_mismatch",
            name=name,
            missing_0_1=missing[0][1:],
        )
    return [keyed[k] for k in MONTH_KEYS]


def _month_of(column: object) -> str | None:
    text = str(column)
    if text in MONTH_KEYS:
        return text
    if len(text) == 7 and text[4] == "-" and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return f"m{text[5:]}"
    return None


def _numbers(frame: pd.DataFrame) -> np.ndarray:
    return frame.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)


def _actuals_by_rep(
    inputs: PlanInputs, reps: list[str], periods: pd.PeriodIndex
) -> tuple[np.ndarray, np.ndarray | None]:
    rows = inputs.actuals
    months = pd.to_datetime(rows["month"], errors="coerce").dt.to_period("M")
    frame = pd.DataFrame(
        {
            "rep_id": rows["rep_id"].astype(str).str.strip().to_numpy(),
            "month": months.to_numpy(),
            "revenue": pd.to_numeric(rows["revenue"], errors="coerce").to_numpy(),
        }
    )
    frame = frame[frame["month"].isin(periods)]
    grid = frame.pivot_table(index="rep_id", columns="month", values="revenue", aggfunc="sum")
    grid = grid.reindex(columns=periods)
    planned = grid.reindex(index=reps).to_numpy(dtype=float)
    others = grid.loc[[r for r in grid.index if r not in set(reps)]]
    extra = None if others.empty else others.sum(axis=0, min_count=1).to_numpy(dtype=float)
    return np.nan_to_num(planned), (None if extra is None else np.nan_to_num(extra))


def _caps(
    capacity: pd.DataFrame, reps: list[str], original: np.ndarray, closed: int, cushion: float
) -> np.ndarray:
    """Caps of the open cells: a rep's capacity, shaped like the plan, never below it.

    Capacity is flat across the months while the plan follows the season, so each rep's
    capacity over the open months, times the quota cushion (1 + over-assignment), is laid
    along the rep's plan for those months; a cell may always keep its original plan.
    """
    columns = _month_columns(capacity, "RepCapacity")
    keyed = capacity.assign(rep_id=capacity["rep_id"].astype(str).str.strip())
    values = keyed.set_index("rep_id")[columns].apply(pd.to_numeric, errors="coerce")
    values = values[~values.index.duplicated()]
    room = np.nan_to_num(values.reindex(reps).to_numpy(dtype=float))[:, closed:].sum(axis=1)
    plan = original[: len(reps), closed:]
    planned = plan.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shape = np.where(planned > 0, plan / planned, 1.0 / plan.shape[1])
    caps = np.full(original.shape, np.nan)
    caps[: len(reps), closed:] = np.maximum(room[:, None] * cushion * shape, plan)
    return caps

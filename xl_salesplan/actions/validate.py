"""Validate inputs: every problem of the plan's inputs, with its sheet and cell.

The checks follow the layout's column declarations (kind, minimum, maximum,
allowed values, key lists) and add what a planner would check by hand: required
cells, duplicate keys, leave dates before start dates, a ramp that must rise to
100 %, floors above caps, a budget the floors and caps cannot meet, last year's
history complete, KPI thresholds in order.

Each problem names the cell as the planner sees it (``Reps!F9``, in the
workbook's own sheet names, so also in the zh-CN workbook). The other actions
run the checks of the inputs they read first and stop on the first problem with
that cell in the message.

The checks live by scope: :mod:`~xl_salesplan.actions.cell_checks` (what is wrong with a
cell, a column at a time), :mod:`~xl_salesplan.actions.table_checks` (a table's cells and
rows), and here the named inputs and what reads across the inputs (last year's history,
the budget against floors and caps, the room of the output blocks). Each column is
factorised once (:meth:`~xl_salesplan.actions.workbook_inputs.WorkbookInputs.distinct`)
and every check of it, and Build plan's conversion after them, reuse its codes.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_salesplan.actions.cell_checks import (
    as_number,
    blank_cells,
    bounds,
    cell_dates,
    chosen,
    key_lists,
    shown,
)
from xl_salesplan.actions.company_history import plan_profile, revenue_by_year_month
from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.actions.table_checks import REQUIRED_COLUMNS, Problem, table_problems
from xl_salesplan.actions.workbook_inputs import (
    ASSUMPTION_OF_NAME,
    WorkbookInputs,
    cell_numbers,
    read_workbook_inputs,
)
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import BLOCKS, INPUT_TABLES, NAMED_INPUTS
from xl_salesplan.messages import Named, Text
from xl_salesplan.ooxml.references import cell_name
from xl_salesplan.validation import amount_text
from xl_salesplan.workbook.book import Book

__all__ = [
    "REQUIRED_COLUMNS",
    "SCOPES",
    "Problem",
    "check_inputs",
    "problems_of",
    "validate_inputs",
]

#: What each action reads: (defined names, tables). ``None`` = everything.
SCOPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "build_plan": (
        ("PlanYear", "GrowthTarget", "QuotaPerRep", "ExpectedAttainment", "OverAssignment",
         "AttritionRate", "HiringLeadTime", "AvgDealSize", "LeadToOpportunity",
         "OpportunityToWin", "SalesCycleMonths", "RoundingUnit", "HiringCoverage",
         "HolidayPhasing", "ShareGoalYears", "ExistingCustomerRevenue", "Retention", "Expansion",
         "FirstYearRevenue", "LeadToCustomer"),
        ("tblHistory", "tblReps", "tblRamp", "tblRegions", "tblAttainment", "tblMarkets"),
    ),
    "optimise_budget": (
        ("MarketingBudget", "RoundingUnit"),
        ("tblChannels", "tblChannelHistory"),
    ),
    "flag_kpis": (
        ("PlanYear", "ActualsThroughMonth", "Language", "TargetIncentive", "PayoutCap",
         "TierRateChange", "OverAssignment"),
        ("tblKpis", "tblKpiActuals", "tblActuals", "tblAttainment", "tblPayoutTiers"),
    ),
    "import_actuals": (("PlanYear",), ("tblKpis", "tblKpiActuals")),
    "replan": (
        ("PlanYear", "ActualsThroughMonth", "RoundingUnit", "ReplanCatchUp", "OverAssignment"),
        ("tblActuals",),
    ),
}  # fmt: skip
#: Named inputs that must be above 0 (a plan divides by them).
ABOVE_ZERO = ("QuotaPerRep", "AvgDealSize", "LeadToOpportunity", "OpportunityToWin")
#: No plan figure reaches this: Excel keeps 15 significant digits.
LARGEST_AMOUNT = 1e15
#: Named inputs that may be blank (a default applies).
OPTIONAL_NAMES = (
    "ActualsThroughMonth", "RoundingUnit", "Language", "AttritionRate", "HiringCoverage",
    "HolidayPhasing",
    "ReplanCatchUp",
)  # fmt: skip
_NUMERIC = ("integer", "year", "number", "index", "money", "ratio", "share", "count")
_WHOLE = ("integer", "year")
_MAX_LISTED = 20


def problems_of(raw: WorkbookInputs, *, scope: str | None = None) -> list[Problem]:
    """Every problem of the typed inputs (only those ``scope``'s action reads).

    Examples
    --------
    >>> found = problems_of(WorkbookInputs({}, {"PlanYear": ("Assumptions", "B6", "x")}))
    >>> [str(p) for p in found]
    ["Assumptions!B6: Plan year: 'x' is not a number"]
    """
    names, tables = SCOPES.get(scope, (None, None)) if scope else (None, None)
    problems: list[Problem] = []
    for name, (sheet, cell, value) in raw.named.items():
        if names is None or name in names:
            problems += _named_problems(name, sheet, cell, value)
    keys_of = key_lists(raw)
    for name, frame in raw.tables.items():
        if tables is None or name in tables:
            problems += table_problems(INPUT_TABLES[name], frame, raw, keys_of)
    if tables is None or "tblHistory" in tables:
        problems += _history_problems(raw)
    if tables is None or "tblChannels" in tables:
        problems += _budget_problems(raw)
    problems += _room_problems(raw, scope)
    return problems


def check_inputs(raw: WorkbookInputs, scope: str) -> None:
    """Raise a :class:`PlanningError` naming the first problem of ``scope``'s inputs.

    Examples
    --------
    >>> raw = WorkbookInputs({}, {"PlanYear": ("Assumptions", "B6", None)})
    >>> check_inputs(raw, "build_plan")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: Assumptions!B6: Plan year: is blank; enter a value
    """
    problems = problems_of(raw, scope=scope)
    if problems:
        more = (
            Text("validate.more_problems", {"count": len(problems) - 1})
            if len(problems) > 1
            else ""
        )
        first = problems[0]
        raise PlanningError.of(
            "action.validate.invalid_input",
            code="invalid_input",
            positions=((first.sheet, first.cell),),
            first=first.text,
            more=more,
        )


def validate_inputs(book: Book, *, progress: Progress = no_progress) -> ActionResult:
    """Check every input of the workbook; the result lists the problems with their cells.

    Nothing is written to the workbook. ``progress(fraction, label)`` is told which
    table is being read, then that the inputs are being checked.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> validate_inputs(FileBook.open(path)).message
    'Inputs are valid: no problems found.'
    """
    raw = read_workbook_inputs(book, progress=lambda f, label: progress(0.8 * f, label))
    progress(0.8, Text("progress.checking"))
    problems = problems_of(raw)
    if not problems:
        return ActionResult.of("validate_inputs", "action.validate.ok", {}, {"problems": []})
    lines: list[str] = [Text("validate.line", {"problem": p.text}) for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        lines.append(Text("action.validate.more_line", {"count": len(problems) - _MAX_LISTED}))
    return ActionResult.of(
        "validate_inputs",
        "action.validate.problems",
        {"count": len(problems)},
        {"problems": [p.to_dict() for p in problems]},
        lines=lines,
        ok=False,
    )


# --------------------------------------------------------------------------- named inputs


def _named_problems(name: str, sheet: str, cell: str, value: object) -> list[Problem]:
    spec = NAMED_INPUTS[name]
    label = Named(spec.label("en"), spec.label("zh-CN"))

    def problem(text: str) -> list[Problem]:
        return [Problem(sheet, cell, Text("validate.labelled", {"label": label, "text": text}),
                        name)]  # fmt: skip

    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank:
        return [] if name in OPTIONAL_NAMES else problem(Text("validate.blank_enter"))
    if spec.kind == "text":
        if spec.choices and chosen(spec.coded, value) not in spec.choices:
            listed = ", ".join(spec.choices)
            return problem(Text("validate.not_one_of", {"value": repr(value), "choices": listed}))
        return []
    number = as_number(value)
    if number is None:
        return problem(Text("validate.not_a_number", {"value": shown(value)}))
    out = bounds(number, spec.minimum, spec.maximum, spec.kind)
    if (ASSUMPTION_OF_NAME[name] == "rounding_unit" or name in ABOVE_ZERO) and number <= 0:
        out = out or [Text("validate.above_zero")]
    return problem(out[0]) if out else []


# --------------------------------------------------------------------------- whole inputs


def _history_problems(raw: WorkbookInputs) -> list[Problem]:
    frame = raw.tables.get("tblHistory")
    year_entry = raw.named.get("PlanYear")
    if frame is None or year_entry is None:
        return []
    plan_year = as_number(year_entry[2])
    if plan_year is None:
        return []
    months = cell_dates(frame["month"], raw.distinct("tblHistory", "month"))
    last = int(plan_year) - 1
    seen = set(months[months.dt.year == last].dt.month.dropna().astype(int))
    missing = [m for m in range(1, 13) if m not in seen]
    sheet = str(frame.attrs.get("sheet", ""))
    row0, col0 = int(frame.attrs.get("first_row", 1)), int(frame.attrs.get("first_column", 1))
    if not missing:
        revenue = frame["revenue"]
        numbers = cell_numbers(revenue, None if revenue.dtype == np.float64 else
                               raw.distinct("tblHistory", "revenue"))  # fmt: skip
        return _seasonality_problems(months, numbers, int(plan_year), sheet, row0, col0)
    cell = cell_name(row0, col0)
    listed = Named(", ".join(dt.date(last, m, 1).strftime("%b") for m in missing) + f" {last}",
                  "、".join(f"{last}-{m:02d}" for m in missing))  # fmt: skip
    label = Named(INPUT_TABLES["tblHistory"].column("month").en,
                  INPUT_TABLES["tblHistory"].column("month").zh)  # fmt: skip
    text = Text("validate.history_months", {"months": listed})
    return [Problem(sheet, cell, Text("validate.labelled", {"label": label, "text": text}),
                    "tblHistory")]  # fmt: skip


def _seasonality_problems(
    months: pd.Series, numbers: np.ndarray, plan_year: int, sheet: str, row0: int, col0: int
) -> list[Problem]:
    """What Build plan's seasonal profile would refuse (e.g. only years without sales)."""
    revenue = pd.Series(numbers, index=months.index)
    usable = months.notna() & revenue.notna()
    typed = pd.DataFrame({"month": months[usable], "revenue": revenue[usable]})
    if typed.empty:
        return []
    try:
        plan_profile(revenue_by_year_month(typed), plan_year)
    except PlanningError as exc:
        spec = INPUT_TABLES["tblHistory"]
        cell = cell_name(row0, col0 + spec.column_index("revenue"))
        label = Named(spec.column("revenue").en, spec.column("revenue").zh)
        text = Text("validate.labelled", {"label": label, "text": exc})
        return [Problem(sheet, cell, text, spec.name)]
    return []


def _budget_problems(raw: WorkbookInputs) -> list[Problem]:
    frame = raw.tables.get("tblChannels")
    entry = raw.named.get("MarketingBudget")
    if frame is None or entry is None or frame.empty:
        return []
    budget = as_number(entry[2])
    if budget is None:
        return []
    floors = frame["budget_floor"].map(as_number).astype(float).fillna(0.0).sum()
    caps = frame["budget_cap"].map(as_number).astype(float)
    sheet, cell, _ = entry
    if floors > budget:
        amounts = {"budget": amount_text(budget), "floors": amount_text(floors)}
        return [
            Problem(sheet, cell, Text("validate.budget_below_floors", amounts), "MarketingBudget")
        ]
    if caps.notna().all() and caps.sum() < budget:
        amounts = {"budget": amount_text(budget), "caps": amount_text(caps.sum())}
        return [
            Problem(sheet, cell, Text("validate.budget_above_caps", amounts), "MarketingBudget")
        ]
    return []


def _room_problems(raw: WorkbookInputs, scope: str | None) -> list[Problem]:
    """Inputs that need more rows than an output block that does not grow holds.

    Examples
    --------
    >>> kpis = pd.DataFrame({"kpi_id": [f"k{i}" for i in range(21)]})
    >>> kpis.attrs.update(sheet="KPI tracker", first_row=6, first_column=1)
    >>> [str(p) for p in _room_problems(WorkbookInputs({"tblKpis": kpis}, {}), None)]
    ["'KPI tracker'!A6: 21 KPIs: the block KpiTracker (KPI tracker (year to date)) holds at \
most 20 rows; Flag KPIs would refuse them: remove 1"]
    """
    problems: list[Problem] = []
    for spec in BLOCKS.values():
        if spec.follows is None or (scope is not None and spec.action != scope):
            continue
        table_name, column = spec.follows
        frame = raw.tables.get(table_name)
        if frame is None:
            continue
        if column is None:
            first_key = frame.columns[0]
            count = int((~blank_cells(frame[first_key], raw.distinct(table_name, first_key))).sum())
            what = f"validate.rows_of.{table_name if table_name in _ROWS_OF else 'rows'}"
        else:
            years = cell_dates(frame[column], raw.distinct(table_name, column)).dt.year
            count, what = int(years.dropna().nunique()), "validate.rows_of.history_years"
        if count <= spec.capacity:
            continue
        sheet = str(frame.attrs.get("sheet", ""))
        first = cell_name(int(frame.attrs.get("first_row", 1)),
                          int(frame.attrs.get("first_column", 1)))  # fmt: skip
        room = {"count": count, "what": Text(what), "block": spec.name, "capacity": spec.capacity,
                "title": Named(spec.title_en, spec.title_zh), "extra": count - spec.capacity,
                "action": Text(f"validate.action.{spec.action}")}  # fmt: skip
        problems.append(Problem(sheet, first, Text("validate.block_too_small", room), table_name))
    return problems


_ROWS_OF = ("tblKpis", "tblReps", "tblRegions", "tblChannels", "tblMarkets", "tblPayoutTiers")

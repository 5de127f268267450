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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_salesplan.actions.company_history import plan_profile, revenue_by_year_month
from xl_salesplan.actions.result import ActionResult
from xl_salesplan.actions.table_rules import market_name_problems, tier_problems
from xl_salesplan.actions.workbook_inputs import (
    ASSUMPTION_OF_NAME,
    WorkbookInputs,
    date_of,
    map_distinct,
    number_of,
    read_workbook_inputs,
)
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import (
    BLOCKS,
    INPUT_TABLES,
    LIST_NAMES,
    NAMED_INPUTS,
    Column,
    InputTable,
)
from xl_salesplan.messages import Named, Text, choice_code
from xl_salesplan.ooxml.cell_values import CellError
from xl_salesplan.ooxml.references import cell_name, parse_cell, quote_sheet
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

#: Columns that must be filled on every non-blank row.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "tblRamp": ("month_in_seat", "ramp"),
    "tblRegions": ("region",),
    "tblProducts": ("product_line",),
    "tblHistory": ("month", "region", "revenue"),
    "tblChannelHistory": ("year", "channel", "spend", "attributed_revenue"),
    "tblReps": ("rep_id", "region", "start_date"),
    "tblAttainment": ("attainment",),
    "tblChannels": ("channel",),
    "tblActuals": ("month", "revenue"),
    "tblKpiActuals": ("month", "kpi_id", "target"),
    "tblKpis": ("kpi_id", "direction", "aggregation"),
    "tblMarkets": ("market", "market_size", "market_growth", "current_share", "share_goal"),
    "tblPayoutTiers": ("attainment_from", "rate"),
}
#: Keys that must not repeat within a table.
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "tblRamp": ("month_in_seat",),
    "tblRegions": ("region",),
    "tblProducts": ("product_line",),
    "tblReps": ("rep_id",),
    "tblChannels": ("channel",),
    "tblKpis": ("kpi_id",),
    "tblKpiActuals": ("month", "kpi_id"),
    "tblChannelHistory": ("year", "quarter", "channel"),
    "tblMarkets": ("market",),
}
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


@dataclass(frozen=True)
class Problem:
    """One problem of the inputs: where it is and what is wrong.

    Examples
    --------
    >>> str(Problem("Reps", "F9", "the leave date is before the start date"))
    'Reps!F9: the leave date is before the start date'
    >>> str(Problem("KPI tracker", "D7", "x"))
    "'KPI tracker'!D7: x"
    """

    sheet: str
    cell: str
    message: str  # English; a Text is shown in the workbook's language
    source: str = ""

    def __str__(self) -> str:
        return f"{quote_sheet(self.sheet)}!{self.cell}: {self.message}"

    @property
    def text(self) -> Text:
        """``sheet!cell: message``, shown in the language it is finally printed in."""
        where = f"{quote_sheet(self.sheet)}!{self.cell}"
        return Text("validate.located", {"where": where, "problem": self.message})

    def to_dict(self) -> dict[str, str]:
        """Sheet, cell, message and source (table or defined name)."""
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message,
                "source": self.source}  # fmt: skip


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
    for name, frame in raw.tables.items():
        if tables is None or name in tables:
            problems += _table_problems(INPUT_TABLES[name], frame, raw)
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


def validate_inputs(book: Book) -> ActionResult:
    """Check every input of the workbook; the result lists the problems with their cells.

    Nothing is written to the workbook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> validate_inputs(FileBook.open(path)).message
    'Inputs are valid: no problems found.'
    """
    raw = read_workbook_inputs(book)
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


def _chosen(coded: str | None, value: object) -> str:
    """The code a chosen word stands for (either language), else the word as typed."""
    return str(choice_code(coded, value) if coded else value).strip()


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
        if spec.choices and _chosen(spec.coded, value) not in spec.choices:
            listed = ", ".join(spec.choices)
            return problem(Text("validate.not_one_of", {"value": repr(value), "choices": listed}))
        return []
    number = _as_number(value)
    if number is None:
        return problem(Text("validate.not_a_number", {"value": _shown(value)}))
    out = _bounds(number, spec.minimum, spec.maximum, spec.kind)
    if (ASSUMPTION_OF_NAME[name] == "rounding_unit" or name in ABOVE_ZERO) and number <= 0:
        out = out or [Text("validate.above_zero")]
    return problem(out[0]) if out else []


# --------------------------------------------------------------------------- tables


def _table_problems(spec: InputTable, frame: pd.DataFrame, raw: WorkbookInputs) -> list[Problem]:
    if frame.empty:
        return []
    sheet = str(frame.attrs.get("sheet", ""))
    row0 = int(frame.attrs.get("first_row", 1))
    col0 = int(frame.attrs.get("first_column", 1))
    blanks = {column.key: _blank_cells(frame[column.key]) for column in spec.columns}
    filled_rows = ~np.logical_and.reduce(list(blanks.values()))
    problems: list[Problem] = []

    def at(position: int, key: str, text: str) -> Problem:
        column = spec.column(key)
        cell = cell_name(row0 + position, col0 + spec.column_index(key))
        label = Named(column.en, column.zh)
        return Problem(sheet, cell, Text("validate.labelled", {"label": label, "text": text}),
                       spec.name)  # fmt: skip

    required = REQUIRED_COLUMNS.get(spec.name, ())
    keys_of = _key_lists(raw)
    for column in spec.columns:
        blank = blanks[column.key]
        if column.key in required:
            blank_rows = np.flatnonzero(filled_rows & blank)
            problems += [at(i, column.key, Text("validate.blank")) for i in blank_rows]
        checked = filled_rows & ~blank
        texts = _column_problems(column, frame[column.key], checked, keys_of)
        problems += [at(i, column.key, texts[i]) for i in np.flatnonzero(checked) if texts[i]]
    keys = UNIQUE_KEYS.get(spec.name)
    if keys:
        normal = frame[list(keys)].map(_key)
        normal = normal[filled_rows & normal.notna().all(axis=1).to_numpy()]
        repeated = normal.duplicated(keep="first")
        for i in normal.index[repeated.to_numpy()]:
            shown = ", ".join(str(normal.loc[i, k]) for k in keys)
            problems.append(at(int(i), keys[-1], Text("validate.repeated", {"value": shown})))
    problems += _row_rules(spec, frame, at)
    if spec.name == "tblMarkets":
        problems += [at(i, key, text) for i, key, text in market_name_problems(
            frame, raw.tables.get("tblRegions"), raw.tables.get("tblProducts"))]  # fmt: skip
    if spec.name == "tblPayoutTiers":
        problems += [at(i, key, text) for i, key, text in tier_problems(frame)]
    return sorted(problems, key=lambda p: parse_cell(p.cell))


def _row_rules(spec: InputTable, frame: pd.DataFrame, at: object) -> list[Problem]:
    out: list[Problem] = []
    if spec.name == "tblReps":
        start = pd.to_datetime(frame["start_date"].map(_as_date), errors="coerce")
        leave = pd.to_datetime(frame["leave_date"].map(_as_date), errors="coerce")
        for i in np.flatnonzero((leave < start).to_numpy()):
            dates = {"leave": f"{leave.iloc[i]:%Y-%m-%d}", "start": f"{start.iloc[i]:%Y-%m-%d}"}
            out.append(at(i, "leave_date", Text("validate.leave_before_start", dates)))
    if spec.name == "tblRamp":
        ramp = frame.assign(
            m=frame["month_in_seat"].map(_as_number), r=frame["ramp"].map(_as_number)
        ).dropna(subset=["m", "r"])
        ordered = ramp.sort_values("m")
        steps = ordered["r"].to_numpy(dtype=float)
        down = np.flatnonzero(np.diff(steps) < 0)
        if down.size:
            out.append(at(int(ordered.index[down[0] + 1]), "ramp", Text("validate.ramp_down")))
        if steps.size and steps[-1] != 1.0:
            out.append(at(int(ordered.index[-1]), "ramp", Text("validate.ramp_end")))
    if spec.name == "tblChannels":
        floors = frame["budget_floor"].map(_as_number).astype(float)
        caps = frame["budget_cap"].map(_as_number).astype(float)
        for i in np.flatnonzero((floors > caps).to_numpy()):
            bounds = {"cap": amount_text(caps.iloc[i]), "floor": amount_text(floors.iloc[i])}
            out.append(at(i, "budget_cap", Text("validate.cap_below_floor", bounds)))
    if spec.name == "tblKpis":
        warn = frame["warn_threshold"].map(_as_number).astype(float)
        off = frame["off_track_threshold"].map(_as_number).astype(float)
        for i in np.flatnonzero((off < warn).to_numpy()):
            warned = {"warn": f"{warn.iloc[i]:.1%}"}
            out.append(at(i, "off_track_threshold", Text("validate.off_track_below_warn", warned)))
    return out  # type: ignore[return-value]


def _history_problems(raw: WorkbookInputs) -> list[Problem]:
    frame = raw.tables.get("tblHistory")
    year_entry = raw.named.get("PlanYear")
    if frame is None or year_entry is None:
        return []
    plan_year = _as_number(year_entry[2])
    if plan_year is None:
        return []
    months = pd.to_datetime(_by_value(frame["month"], _as_date), errors="coerce")
    last = int(plan_year) - 1
    seen = set(months[months.dt.year == last].dt.month.dropna().astype(int))
    missing = [m for m in range(1, 13) if m not in seen]
    sheet = str(frame.attrs.get("sheet", ""))
    row0, col0 = int(frame.attrs.get("first_row", 1)), int(frame.attrs.get("first_column", 1))
    if not missing:
        return _seasonality_problems(frame, months, int(plan_year), sheet, row0, col0)
    cell = cell_name(row0, col0)
    shown = Named(", ".join(dt.date(last, m, 1).strftime("%b") for m in missing) + f" {last}",
                  "、".join(f"{last}-{m:02d}" for m in missing))  # fmt: skip
    label = Named(INPUT_TABLES["tblHistory"].column("month").en,
                  INPUT_TABLES["tblHistory"].column("month").zh)  # fmt: skip
    text = Text("validate.history_months", {"months": shown})
    return [Problem(sheet, cell, Text("validate.labelled", {"label": label, "text": text}),
                    "tblHistory")]  # fmt: skip


def _seasonality_problems(
    frame: pd.DataFrame, months: pd.Series, plan_year: int, sheet: str, row0: int, col0: int
) -> list[Problem]:
    """What Build plan's seasonal profile would refuse (e.g. only years without sales)."""
    revenue = _by_value(frame["revenue"], _as_number)
    usable = months.notna() & revenue.notna()
    typed = pd.DataFrame({"month": months[usable], "revenue": revenue[usable].astype(float)})
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
    budget = _as_number(entry[2])
    if budget is None:
        return []
    floors = frame["budget_floor"].map(_as_number).astype(float).fillna(0.0).sum()
    caps = frame["budget_cap"].map(_as_number).astype(float)
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
            count = int(_by_value(frame.iloc[:, 0], _key).dropna().size)
            what = f"validate.rows_of.{table_name if table_name in _ROWS_OF else 'rows'}"
        else:
            years = pd.to_datetime(_by_value(frame[column], _as_date), errors="coerce").dt.year
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


# --------------------------------------------------------------------------- cell checks


def _blank_cells(series: pd.Series) -> np.ndarray:
    """Which cells of a column are blank (:func:`_is_blank`), a column at a time."""
    if series.dtype == np.float64 or pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.isna().to_numpy()
    return map_distinct(series, _is_blank).astype(bool)


def _column_problems(
    column: Column, series: pd.Series, checked: np.ndarray, keys_of: dict[str, set[str] | None]
) -> np.ndarray:
    """The problem of each ``checked`` cell of a column (``None``: none), by distinct value.

    A column read as numbers (float64) is checked with whole-array comparisons; the
    message of a cell out of bounds is worded by :func:`_bounds` as for any cell.
    """
    texts = np.full(len(series), None, dtype=object)
    plain = not (column.choices or column.coded or column.choices_name in keys_of)
    if plain and column.kind in _NUMERIC and series.dtype == np.float64:
        numbers = series.to_numpy()
        with np.errstate(invalid="ignore"):
            suspect = np.abs(numbers) >= LARGEST_AMOUNT
            if column.minimum is not None:
                suspect |= numbers < column.minimum
            if column.maximum is not None:
                suspect |= numbers > column.maximum
            if column.kind in _WHOLE:
                suspect |= numbers != np.round(numbers)
        for i in np.flatnonzero(suspect & checked):
            found = _bounds(float(numbers[i]), column.minimum, column.maximum, column.kind)
            texts[i] = found[0] if found else None
        return texts
    if checked.any():
        texts[checked] = map_distinct(
            series.to_numpy(dtype=object)[checked],
            lambda value: _value_problem(column, value, keys_of),
        )
    return texts


def _value_problem(
    column: Column, value: object, keys_of: dict[str, set[str] | None]
) -> str | None:
    """What is wrong with a filled cell of ``column`` holding ``value`` (``None``: nothing)."""
    text = _cell_problem(column.kind, value, column.minimum, column.maximum)
    if text is None and column.choices and _chosen(column.coded, value) not in column.choices:
        listed = ", ".join(column.choices)
        text = Text("validate.not_one_of", {"value": _shown(value), "choices": listed})
    if text is None and column.choices_name in keys_of:
        allowed = keys_of[column.choices_name]
        if allowed is not None and _key(value) not in allowed:
            list_table = LIST_NAMES[column.choices_name][0]
            text = Text("validate.not_in_table", {"value": _shown(value), "table": list_table})
    return text


def _key_lists(raw: WorkbookInputs) -> dict[str, set[str] | None]:
    out: dict[str, set[str] | None] = {}
    for list_name, (table_name, column, _) in LIST_NAMES.items():
        frame = raw.tables.get(table_name)
        out[list_name] = None if frame is None else {
            k for k in frame[column].map(_key) if k is not None
        }  # fmt: skip
    return out


def _cell_problem(kind: str, value: object, minimum: float | None,
                  maximum: float | None) -> str | None:  # fmt: skip
    if kind in _NUMERIC:
        number = _as_number(value)
        if number is None:
            return Text("validate.not_a_number", {"value": _shown(value)})
        found = _bounds(number, minimum, maximum, kind)
        return found[0] if found else None
    if kind in ("date", "month") and _as_date(value) is None:
        return Text("validate.not_a_date", {"value": _shown(value)})
    return None


def _bounds(number: float, minimum: float | None, maximum: float | None, kind: str) -> list[str]:
    shown = f"{number:.1%}" if kind in ("ratio", "share") else amount_text(number)
    if abs(number) >= LARGEST_AMOUNT:
        return [Text("validate.too_large", {"value": shown})]
    if minimum is not None and number < minimum:
        low = f"{minimum:.0%}" if kind in ("ratio", "share") else f"{minimum:,.10g}"
        return [Text("validate.below_minimum", {"value": shown, "minimum": low})]
    if maximum is not None and number > maximum:
        high = f"{maximum:.0%}" if kind in ("ratio", "share") else f"{maximum:,.10g}"
        return [Text("validate.above_maximum", {"value": shown, "maximum": high})]
    if kind in _WHOLE and not float(number).is_integer():
        return [Text("validate.not_whole", {"value": shown})]
    return []


def _by_value(series: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """``series.map(function)``, with one call per distinct value (:func:`map_distinct`)."""
    return pd.Series(map_distinct(series, function), index=series.index, dtype=object)


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_number(value: object) -> float | None:
    number = number_of(value)
    return None if np.isnan(number) else number


def _as_date(value: object) -> dt.datetime | None:
    stamp = date_of(value)
    return None if pd.isna(stamp) else stamp.to_pydatetime()


def _key(value: object) -> str | None:
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m")
    return str(value).strip()


def _shown(value: object) -> str:
    """A cell's value for a message: Excel errors as Excel shows them (``#N/A``).

    Examples
    --------
    >>> _shown(CellError("#N/A")), _shown("x" * 50)
    ('#N/A', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'")
    """
    if isinstance(value, CellError):
        return value.code
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")

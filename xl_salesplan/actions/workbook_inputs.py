"""Read the plan inputs from a workbook through the ``Book`` and the layout.

Tables are found by their stable names (``tblReps`` ...) and their columns by
position (the headers are translated in the zh-CN workbook); assumptions by their
defined names (``PlanYear`` ...). Nothing is looked up by a sheet's display name.

:func:`read_workbook_inputs` keeps the values as the planner typed them (for
:mod:`~xl_salesplan.actions.validate`, which names the cell of each problem);
:func:`plan_inputs` converts them into a :class:`~xl_salesplan.actions.inputs.PlanInputs`
(numbers, dates, text) for the compute functions; :func:`read_inputs` does both.

An action does not read the long tables it has no use for (:data:`TABLES_SKIPPED`):
Optimise budget and Flag KPIs never read the history. A table an action does
not read is absent from :attr:`WorkbookInputs.tables` (so no check runs against it)
and empty in :class:`~xl_salesplan.actions.inputs.PlanInputs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_salesplan.actions.distinct_values import DistinctValues
from xl_salesplan.actions.inputs import PlanInputs
from xl_salesplan.actions.result import Progress, no_progress
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import INPUT_TABLES, NAMED_INPUTS, InputTable, table
from xl_salesplan.messages import Text, choice_code
from xl_salesplan.ooxml.references import first_cell
from xl_salesplan.workbook.book import Book

__all__ = [
    "ASSUMPTION_OF_NAME",
    "FIELD_OF_TABLE",
    "TABLES_SKIPPED",
    "WorkbookInputs",
    "cell_numbers",
    "date_of",
    "number_of",
    "plan_inputs",
    "read_inputs",
    "read_workbook_inputs",
]

#: Input table -> field of :class:`PlanInputs`.
FIELD_OF_TABLE: dict[str, str] = {
    "tblHistory": "history",
    "tblActuals": "actuals",
    "tblReps": "reps",
    "tblRamp": "ramp",
    "tblRegions": "regions",
    "tblProducts": "products",
    "tblChannels": "channels",
    "tblChannelHistory": "channel_history",
    "tblKpis": "kpis",
    "tblKpiActuals": "kpi_actuals",
    "tblAttainment": "attainment",
    "tblMarkets": "markets",
    "tblPayoutTiers": "payout_tiers",
}
#: Input tables an action does not read (the long ones it has no use for); every other
#: table is read, so a table added to the layout is read until it is listed here.
TABLES_SKIPPED: dict[str, tuple[str, ...]] = {
    "build_plan": ("tblActuals", "tblChannelHistory", "tblPayoutTiers"),
    "optimise_budget": ("tblHistory", "tblActuals", "tblAttainment", "tblReps", "tblMarkets",
                        "tblPayoutTiers"),
    "flag_kpis": ("tblHistory", "tblChannelHistory", "tblMarkets"),
    "import_actuals": ("tblHistory", "tblChannelHistory", "tblAttainment", "tblMarkets",
                       "tblPayoutTiers"),
}  # fmt: skip
_NUMERIC_KINDS = ("integer", "year", "number", "index", "money", "ratio", "share", "count")
_DATE_KINDS = ("date", "month")


def _assumption_key(name: str) -> str:
    spec = NAMED_INPUTS[name]
    if spec.assumption:
        return spec.assumption
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


#: Defined name -> assumption key (``RoundingUnit`` -> ``rounding_unit``).
ASSUMPTION_OF_NAME: dict[str, str] = {name: _assumption_key(name) for name in NAMED_INPUTS}


@dataclass
class WorkbookInputs:
    """The inputs of a workbook as typed, with where they are.

    Attributes
    ----------
    tables : dict of str to DataFrame
        Table name -> data rows, columns renamed to the layout's column keys;
        ``frame.attrs`` holds ``sheet``, ``first_row`` and ``first_column`` so
        ``reading.cell_of(frame, position, key)`` names a cell.
    named : dict of str to (sheet, cell, value)
        Defined name of each assumption -> where it is and its value.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> raw = read_workbook_inputs(FileBook.open(path))
    >>> raw.named["GrowthTarget"], len(raw.tables["tblReps"])
    (('Assumptions', 'B8', 0.2), 24)
    """

    tables: dict[str, pd.DataFrame]
    named: dict[str, tuple[str, str, object]]
    _distinct: dict[tuple[str, str], tuple[pd.DataFrame, DistinctValues]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def distinct(self, table: str, key: str) -> DistinctValues:
        """The distinct values of a column of a table read, factorised once for every check.

        Examples
        --------
        >>> raw = WorkbookInputs({"tblRegions": pd.DataFrame({"region": ["E", "W", "E"]})}, {})
        >>> raw.distinct("tblRegions", "region").codes.tolist()
        [0, 1, 0]
        >>> raw.distinct("tblRegions", "region") is raw.distinct("tblRegions", "region")
        True
        """
        frame = self.tables[table]
        cached = self._distinct.get((table, key))
        if cached is None or cached[0] is not frame:  # a table replaced is factorised anew
            cached = (frame, DistinctValues.of(frame[key]))
            self._distinct[(table, key)] = cached
        return cached[1]


def read_workbook_inputs(
    book: Book, action: str | None = None, *, progress: Progress = no_progress
) -> WorkbookInputs:
    """The input tables ``action`` reads (default: all) and every named assumption, as typed.

    ``progress(fraction, label)`` is told which table is being read.

    Raises
    ------
    PlanningError
        If a table or name of the layout is missing or has another number of columns
        (the workbook was not made from this version of the template).

    Examples
    --------
    >>> import tempfile, pathlib, xlsxwriter
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "other.xlsx"
    >>> with xlsxwriter.Workbook(path) as wb:
    ...     _ = wb.add_worksheet("Sheet1")
    >>> read_workbook_inputs(FileBook.open(path))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: the workbook has no table tblRamp: it is not a plan ...
    """
    skipped = TABLES_SKIPPED.get(action or "", ())
    wanted = [name for name in INPUT_TABLES if name not in skipped]
    tables = {}
    for position, name in enumerate(wanted):
        progress(position / len(wanted), Text("progress.reading_table", {"name": name}))
        tables[name] = _read_table(book, INPUT_TABLES[name])
    progress(1.0, Text("progress.reading_assumptions"))
    named: dict[str, tuple[str, str, object]] = {}
    for name in NAMED_INPUTS:
        try:
            sheet, ref = book.name_range(name)
        except PlanningError:
            raise _not_this_layout(
                book, "layout_mismatch_3", "older_plan_name", name=name
            ) from None
        first = first_cell(ref)
        named[name] = (sheet, first, book.read_value(sheet, first))
    return WorkbookInputs(tables=tables, named=named)


#: Tables every release of the template had: a workbook with them is an older plan.
_FIRST_RELEASE_TABLES = frozenset({"tblRegions", "tblReps"})


def _not_this_layout(book: Book, plain: str, older: str, **params: object) -> PlanningError:
    """The refusal of a missing table or name; it points an older plan at ``upgrade``."""
    if set(book.table_names()) >= _FIRST_RELEASE_TABLES:
        path = getattr(book, "path", None) or "FILE"
        return PlanningError.of(
            f"action.workbook_inputs.{older}", code="layout_mismatch", path=str(path), **params
        )
    return PlanningError.of(f"action.workbook_inputs.{plain}", code="layout_mismatch", **params)


def _read_table(book: Book, spec: InputTable) -> pd.DataFrame:
    try:
        info = book.table_info(spec.name)
    except PlanningError:
        raise _not_this_layout(
            book, "layout_mismatch_2", "older_plan_table", spec_name=spec.name
        ) from None
    if len(info.columns) != len(spec.columns):
        raise PlanningError.of(
            "action.workbook_inputs.layout_mismatch",
            code="layout_mismatch",
            info_sheet=info.sheet,
            info_ref=info.ref,
            spec_name=spec.name,
            len_info_columns=len(info.columns),
            len_spec_columns=len(spec.columns),
            join_c_en_for_c_in_spec_column=", ".join(c.en for c in spec.columns),
        )
    frame = book.read_table(spec.name)
    attrs = dict(frame.attrs)
    frame = frame.set_axis(list(spec.column_keys()), axis=1)
    frame.attrs.update(attrs)
    return frame


def plan_inputs(raw: WorkbookInputs) -> PlanInputs:
    """Convert typed inputs into :class:`PlanInputs` (values that do not convert are blank).

    Run :func:`~xl_salesplan.actions.validate.problems_of` first to report them.

    Examples
    --------
    >>> empty = {name: pd.DataFrame(columns=list(spec.column_keys()))
    ...          for name, spec in INPUT_TABLES.items()}
    >>> raw = WorkbookInputs(empty, {"GrowthTarget": ("Assumptions", "B8", "20%")})
    >>> plan_inputs(raw).assumption("growth_target")
    0.2
    >>> plan_inputs(WorkbookInputs({}, {})).history.shape  # tables not read are empty
    (0, 6)
    """
    fields = {}
    for name, field_name in FIELD_OF_TABLE.items():
        if name in raw.tables:
            fields[field_name] = _converted(table(name), raw.tables[name],
                                            lambda key, n=name: raw.distinct(n, key))  # fmt: skip
        else:
            empty = pd.DataFrame(columns=list(table(name).column_keys()))
            fields[field_name] = _converted(table(name), empty, lambda key, f=empty: (
                DistinctValues.of(f[key])))  # fmt: skip
    assumptions: dict[str, float] = {}
    words = {  # text inputs and their defaults
        "language": "en",
        "hiring_coverage": "cumulative",
        "holiday_phasing": "spring_festival",
    }
    for name, (_, _, value) in raw.named.items():
        key = ASSUMPTION_OF_NAME[name]
        if key in words:
            if isinstance(value, str) and value.strip():
                coded = NAMED_INPUTS[name].coded
                words[key] = str(choice_code(coded, value) if coded else value).strip()
            continue
        assumptions[key] = number_of(value)
    sources = {FIELD_OF_TABLE[name]: name for name in FIELD_OF_TABLE}
    return PlanInputs(
        assumptions=assumptions,
        language=words["language"],
        hiring_coverage=words["hiring_coverage"],
        holiday_phasing=words["holiday_phasing"],
        sources=sources,
        **fields,
    )


def read_inputs(book: Book) -> PlanInputs:
    """The plan inputs of a workbook (see :func:`read_workbook_inputs`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> from xl_salesplan.workbook.book import FileBook
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> inputs = read_inputs(FileBook.open(path))
    >>> inputs.plan_year, inputs.language, inputs.channels["curve_kind"].iloc[0]
    (2026, 'en', 'hill')
    """
    return plan_inputs(read_workbook_inputs(book))


def number_of(value: object) -> float:
    """A typed value as a number (NaN when it is not one; ``"12%"`` is 0.12).

    Examples
    --------
    >>> number_of(3), number_of(" 1,200 "), number_of("12%"), number_of("x"), number_of(True)
    (3.0, 1200.0, 0.12, nan, nan)
    """
    if isinstance(value, bool) or value is None:
        return np.nan
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return number if np.isfinite(number) else np.nan
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "").rstrip("%")) / (
                100.0 if value.strip().endswith("%") else 1.0
            )
        except ValueError:
            return np.nan
    return np.nan


def date_of(value: object) -> object:
    """A typed value as a Timestamp (NaT when it is not a date; ISO text is read).

    Examples
    --------
    >>> date_of("2026-03-01"), date_of("March"), date_of(None)
    (Timestamp('2026-03-01 00:00:00'), NaT, NaT)
    """
    if value is None or value is pd.NaT:
        return pd.NaT
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp | np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, str) and value.strip():
        parsed = pd.to_datetime(value.strip(), errors="coerce", format="ISO8601")
        return parsed if not pd.isna(parsed) else pd.NaT
    return pd.NaT


def _text(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    text = str(value).strip()
    return text or None


def cell_numbers(series: pd.Series, values: DistinctValues | None = None) -> np.ndarray:
    """Each cell as a number (:func:`number_of`: NaN when it is not one), a float array.

    Examples
    --------
    >>> cell_numbers(pd.Series([1.0, np.inf, np.nan])).tolist()
    [1.0, nan, nan]
    >>> cell_numbers(pd.Series(["12%", "x", 3])).tolist()
    [0.12, nan, 3.0]
    """
    if series.dtype == np.float64:  # numbers and blanks as read: already converted
        numbers = series.to_numpy()
        return np.where(np.isfinite(numbers), numbers, np.nan)
    distinct = values or DistinctValues.of(series)
    return distinct.results(number_of).astype(float)[distinct.codes]


def _converted(
    spec: InputTable, frame: pd.DataFrame, distinct: Callable[[str], DistinctValues]
) -> pd.DataFrame:
    out = {}
    for column in spec.columns:
        series = frame[column.key]
        if column.kind in _NUMERIC_KINDS:
            numeric = series.dtype == np.float64
            out[column.key] = cell_numbers(series, None if numeric else distinct(column.key))
            continue
        values = distinct(column.key)
        if column.kind in _DATE_KINDS:
            per_value = pd.to_datetime(pd.Series(values.results(date_of), dtype=object))
            out[column.key] = per_value.to_numpy()[values.codes]
        elif column.coded is not None:  # a word of either language -> its code
            coded = column.coded
            out[column.key] = pd.Series(
                values.map(lambda v, c=coded: choice_code(c, _text(v))), dtype=object
            )
        else:
            out[column.key] = pd.Series(values.map(_text), dtype=object)
    converted = pd.DataFrame({k: pd.Series(v).reset_index(drop=True) for k, v in out.items()})
    converted.attrs.update(frame.attrs)
    return converted

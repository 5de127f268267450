"""The vocabulary of the plan workbook model: kinds of cells, sheets, columns, tables, blocks.

Frozen dataclasses only; the declarations that use them are in
:mod:`~xl_salesplan.layout.inputs` and
:mod:`~xl_salesplan.layout.outputs`, and :mod:`~xl_salesplan.layout`
is the one module the rest of the code imports.

Rows and columns are 1-based, as in Excel; positions inside a table or block are
0-based, as in the engine.

Examples
--------
>>> col = Column("ramp", "Ramp", "爬坡比例", "ratio", 0, 1)
>>> col.header("zh-CN"), NUMBER_FORMATS[col.kind]
('爬坡比例', '0.0%')
>>> month_key("2026-03"), absolute("B6")
('m03', '$B$6')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from xl_salesplan.messages import choice_word
from xl_salesplan.ooxml.references import MAX_ROW, cell_name, format_range, parse_cell

__all__ = [
    "KINDS",
    "LANGUAGES",
    "MONTH_KEYS",
    "MONTH_NAMES_EN",
    "NUMBER_FORMATS",
    "Column",
    "InputTable",
    "Kind",
    "LiveFormula",
    "NamedInput",
    "OutputBlock",
    "RowLabel",
    "SheetSpec",
    "absolute",
    "month_key",
]

#: Languages of the workbook (labels, instructions, ribbon); function names stay English.
LANGUAGES: tuple[str, ...] = ("en", "zh-CN")

Kind = Literal[
    "text",
    "integer",
    "year",
    "number",
    "index",
    "money",
    "ratio",
    "share",
    "count",
    "date",
    "month",
]
#: Number format of each kind of cell (the same in both languages).
NUMBER_FORMATS: dict[str, str] = {
    "text": "@",
    "integer": "#,##0",
    "year": "0",
    "number": "#,##0.00",
    "index": "0.000",
    "money": "#,##0",
    "ratio": "0.0%",
    "share": "0.00%",
    "count": "#,##0",
    "date": "yyyy-mm-dd",
    "month": "yyyy-mm",
}
KINDS: tuple[str, ...] = tuple(NUMBER_FORMATS)

MONTH_NAMES_EN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
#: Keys of the twelve month columns of blocks laid out with months across.
MONTH_KEYS: tuple[str, ...] = tuple(f"m{m:02d}" for m in range(1, 13))


def month_key(label: object) -> str | None:
    """The month column key (``m01`` .. ``m12``) of a ``YYYY-MM`` label, else None.

    Compute functions label month columns ``YYYY-MM``; blocks key them by month.

    Examples
    --------
    >>> month_key("2026-03"), month_key("m03"), month_key("region"), month_key("2026-13")
    ('m03', 'm03', None, None)
    """
    text = str(label)
    if text in MONTH_KEYS:
        return text
    found = re.fullmatch(r"\d{4}-(\d{2})", text)
    if found and 1 <= int(found.group(1)) <= 12:
        return f"m{found.group(1)}"
    return None


def absolute(cell: str) -> str:
    """``B6`` -> ``$B$6``.

    Examples
    --------
    >>> absolute("AA10")
    '$AA$10'
    """
    row, col = parse_cell(cell)
    letters = re.sub(r"\d+", "", cell_name(row, col))
    return f"${letters}${row}"


def _shown_choices(choices: tuple[str, ...], coded: str | None, language: str) -> tuple[str, ...]:
    if coded is None:
        return choices
    return tuple(choice_word(coded, code, language) for code in choices)


def _text(en: str, zh: str, language: str) -> str:
    return zh if language == "zh-CN" else en


@dataclass(frozen=True)
class SheetSpec:
    """A sheet: stable key, display names (en, zh-CN) and VBA code name.

    Examples
    --------
    >>> SheetSpec("kpi", "KPI tracker", "KPI跟踪", "shKpi").name("zh-CN")
    'KPI跟踪'
    """

    key: str
    name_en: str
    name_zh: str
    code_name: str

    def name(self, language: str = "en") -> str:
        """Display name in ``language`` (``"en"`` or ``"zh-CN"``)."""
        return _text(self.name_en, self.name_zh, language)


@dataclass(frozen=True)
class Column:
    """A column of an input table or an output block.

    ``kind`` gives the number format (:data:`NUMBER_FORMATS`) and, for inputs, the
    data validation: ``minimum``/``maximum`` bound numbers, ``choices`` lists the
    allowed texts and ``choices_name`` names a list range the value must come from.
    ``coded`` names the catalogue family of the ``choices`` (``"direction"`` ...): the
    workbook shows them in its language and the actions read either language.
    ``width`` is the column width in characters (``None``: the sheet's default).
    """

    key: str
    en: str
    zh: str
    kind: Kind
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    choices_name: str | None = None
    width: float | None = None
    coded: str | None = None

    def header(self, language: str = "en") -> str:
        """Header text in ``language``."""
        return _text(self.en, self.zh, language)

    def shown_choices(self, language: str = "en") -> tuple[str, ...]:
        """The ``choices`` as the workbook shows them in ``language``."""
        return _shown_choices(self.choices, self.coded, language)


@dataclass(frozen=True)
class RowLabel:
    """A fixed row of an output block: its key in the frame's index, its label and kind.

    ``kind`` (if given) overrides the columns' kind for the row's cells; ``name``
    (if given) is a defined name for the row's first value cell.
    """

    key: str
    en: str
    zh: str
    kind: Kind | None = None
    name: str | None = None

    def label(self, language: str = "en") -> str:
        """Row label in ``language``."""
        return _text(self.en, self.zh, language)


@dataclass(frozen=True)
class InputTable:
    """An Excel table (ListObject) of inputs.

    ``anchor`` is the header row's first cell; data starts one row below.
    ``reserved_rows``: data rows the table may grow to before it reaches what lies
    below it (``None``: nothing below). ``source`` is the sample company table it is
    filled from; ``written_by`` the action that rewrites it, if any.
    ``column_writers``: ``(column key, action)`` pairs for columns whose cells an action
    writes in some rows only (the action says which rows; ``docs/workbook.md`` lists
    them); every other cell of such a column stays the planner's.

    Examples
    --------
    >>> t = InputTable("tblRamp", "assumptions", "F5",
    ...                (Column("month_in_seat", "Month in seat", "在岗月数", "integer"),
    ...                 Column("ramp", "Ramp", "爬坡比例", "ratio")), "Ramp", "爬坡")
    >>> t.ref(5), t.data_ref(5), t.column_cell("ramp", 0), t.column_index("ramp")
    ('F5:G10', 'F6:G10', 'G6', 1)
    """

    name: str
    sheet: str
    anchor: str
    columns: tuple[Column, ...]
    title_en: str
    title_zh: str
    source: str | None = None
    reserved_rows: int | None = None
    written_by: str | None = None
    column_writers: tuple[tuple[str, str], ...] = ()

    def title(self, language: str = "en") -> str:
        """Title written above the table."""
        return _text(self.title_en, self.title_zh, language)

    def column_keys(self) -> tuple[str, ...]:
        """Column keys in table order."""
        return tuple(c.key for c in self.columns)

    def column_index(self, key: str) -> int:
        """0-based position of column ``key``."""
        return self.column_keys().index(key)

    def column(self, key: str) -> Column:
        """The column with ``key``."""
        return self.columns[self.column_index(key)]

    def ref(self, n_rows: int) -> str:
        """Range of the table: the header and ``n_rows`` data rows (at least one)."""
        row, col = parse_cell(self.anchor)
        return format_range(row, col, row + max(n_rows, 1), col + len(self.columns) - 1)

    def data_ref(self, n_rows: int) -> str:
        """Range of the data rows."""
        row, col = parse_cell(self.anchor)
        return format_range(row + 1, col, row + max(n_rows, 1), col + len(self.columns) - 1)

    def column_cell(self, key: str, position: int) -> str:
        """Cell of column ``key`` in data row ``position`` (0-based)."""
        row, col = parse_cell(self.anchor)
        return cell_name(row + 1 + position, col + self.column_index(key))

    def columns_written_by(self, action: str) -> tuple[str, ...]:
        """Keys of the columns ``action`` writes some cells of (see ``column_writers``)."""
        return tuple(key for key, writer in self.column_writers if writer == action)


@dataclass(frozen=True)
class NamedInput:
    """One assumption in one cell, found through its defined name.

    The label is written in the column left of the cell, the unit and the description
    to its right. ``assumption`` is the key in the sample company's ``assumptions``
    table (``None``: not in the sample company; ``default`` is used).
    """

    name: str
    sheet: str
    cell: str
    kind: Kind
    label_en: str
    label_zh: str
    assumption: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: float | str | None = None
    choices: tuple[str, ...] = ()
    coded: str | None = None

    def label(self, language: str = "en") -> str:
        """Label in ``language``."""
        return _text(self.label_en, self.label_zh, language)

    def shown_choices(self, language: str = "en") -> tuple[str, ...]:
        """The ``choices`` as the workbook shows them in ``language``."""
        return _shown_choices(self.choices, self.coded, language)


@dataclass(frozen=True)
class LiveFormula:
    """A live Excel formula over part of an output block.

    ``target`` is a fixed row key (the formula covers that row across the block) or a
    column key (it covers that column down the filled rows). With ``per_cell`` every
    cell gets its own ordinary formula: for a column target, references ending in ``@``
    point into the same row; for a row target, each cell picks its element of the array
    result with ``INDEX(..., 1, k)``. Otherwise one dynamic array formula in the first cell
    spills over the target. Ordinary formulas are what every spreadsheet application shows
    with their cached values (LibreOffice recalculates array formulas on load, and knows
    none of our functions), so the template uses ``per_cell`` for every live formula.
    ``template`` uses the placeholders of :mod:`~xl_salesplan.layout.live_formulas`.
    ``results`` is what the function gives: ``"number"`` or ``"status"`` (a status word);
    anything else in the cell (xlwings' error text where Python cannot run) falls back to
    the value the action wrote.

    A ``native`` formula uses only Excel's own functions and defined names (no function of
    ours), so every spreadsheet application computes it from the inputs as they are: each
    cell gets its own formula (like ``per_cell``), with no fallback and no ``INDEX``. In a
    native row formula ``{^row}`` is the cell of fixed row ``row`` in the same column.
    ``column`` says that ``target`` is a column key where a fixed row has the same key
    (a "Total" row and a "Total" column).
    """

    target: str
    template: str
    per_cell: bool = False
    results: Literal["number", "status"] = "number"
    native: bool = False
    column: bool = False


@dataclass(frozen=True)
class OutputBlock:
    """A block of cells one action fills from one frame of its compute function.

    Geometry: ``anchor`` is the first body cell; the header row (when ``header``) is
    the row above it and the title is above the header. The body has
    ``len(columns)`` columns and either ``len(rows)`` fixed rows, labelled in the
    column left of ``anchor``, or up to ``max_rows`` variable rows (unused rows are
    blank). The defined name ``name`` covers the whole body.

    A block with ``grows`` has nothing below it in its columns (the layout test checks
    it): its body grows with the result down to the sheet's last row, and its defined
    name follows (never shorter than ``max_rows``, the rows the template lays out).
    Other variable-row blocks hold at most ``max_rows`` rows: ``fixed_by_design`` says
    why, where the result never has more (a year's twelve months, the four statuses);
    a block without it that does not grow is one still to be made to grow, and
    ``validate`` warns when its inputs need more rows. ``follows`` names what its rows
    come from, for ``validate``: ``(input table, None)`` (one row per table
    row at most) or ``(input table, column)`` (one row per distinct year of a month
    or date column).

    ``formulas`` are the live Excel formulas of parts of the block (see
    :class:`LiveFormula` and ``docs/workbook.md``); the rest is values.

    Examples
    --------
    >>> months = (Column("m01", "Jan", "1月", "share"), Column("m02", "Feb", "2月", "share"))
    >>> rows = (RowLabel("share", "Share", "占比"), RowLabel("index", "Index", "指数"))
    >>> b = OutputBlock("Share", "seasonality", "build_plan", "targets", "B14", months,
    ...                 "Seasonal profile", "季节性", rows=rows)
    >>> b.body_ref(), b.header_row(), b.title_cell(), b.label_cell(1), b.row_cell("index", "m02")
    ('$B$14:$C$15', 13, 'A12', 'A15', 'C15')
    """

    name: str
    frame: str
    action: str
    sheet: str
    anchor: str
    columns: tuple[Column, ...]
    title_en: str
    title_zh: str
    rows: tuple[RowLabel, ...] = ()
    max_rows: int = 0
    header: bool = True
    formulas: tuple[LiveFormula, ...] = ()
    grows: bool = False
    follows: tuple[str, str | None] | None = None
    notes: tuple[str, ...] = ()
    fixed_by_design: str = ""

    def title(self, language: str = "en") -> str:
        """Title written above the block."""
        return _text(self.title_en, self.title_zh, language)

    def note_rows(self) -> tuple[int, ...]:
        """1-based rows of the ``notes`` (catalogue keys), one each: right below the body,
        or right above the title for a block that ``grows`` (nothing may be below it)."""
        if self.grows:
            title_row = parse_cell(self.title_cell())[0]
            return tuple(title_row - len(self.notes) + i for i in range(len(self.notes)))
        row, _ = parse_cell(self.anchor)
        return tuple(row + self.n_rows + i for i in range(len(self.notes)))

    @property
    def capacity(self) -> int:
        """Most rows the body may hold: to the sheet's end for a growing block.

        Examples
        --------
        >>> col = (Column("kpi_id", "KPI", "KPI", "text"),)
        >>> OutputBlock("K", "k", "flag_kpis", "kpi", "A29", col, "K", "K", max_rows=20).capacity
        20
        >>> OutputBlock("K", "k", "flag_kpis", "kpi", "A29", col, "K", "K", max_rows=20,
        ...             grows=True).capacity
        1048548
        """
        if self.grows and not self.rows:
            return MAX_ROW - parse_cell(self.anchor)[0] + 1
        return self.n_rows

    def rows_for(self, filled: int) -> int:
        """Rows the body covers holding ``filled`` result rows (at least ``n_rows``).

        Examples
        --------
        >>> col = (Column("kpi_id", "KPI", "KPI", "text"),)
        >>> b = OutputBlock("K", "k", "flag_kpis", "kpi", "A29", col, "K", "K", max_rows=20)
        >>> b.rows_for(3), b.rows_for(500)
        (20, 500)
        """
        return max(self.n_rows, filled)

    @property
    def n_rows(self) -> int:
        """Rows of the body: the fixed rows, or ``max_rows``."""
        return len(self.rows) if self.rows else self.max_rows

    @property
    def fixed_rows(self) -> bool:
        """True when the block has labelled fixed rows."""
        return bool(self.rows)

    def column_keys(self) -> tuple[str, ...]:
        """Column keys in order."""
        return tuple(c.key for c in self.columns)

    def row_keys(self) -> tuple[str, ...]:
        """Keys of the fixed rows (empty for variable rows)."""
        return tuple(r.key for r in self.rows)

    def column_index(self, key: str) -> int:
        """0-based position of column ``key``."""
        return self.column_keys().index(key)

    def body_ref(self, n_rows: int | None = None) -> str:
        """Absolute range of the body (``n_rows`` rows, default all)."""
        row, col = parse_cell(self.anchor)
        rows = self.n_rows if n_rows is None else max(n_rows, 1)
        last = cell_name(row + rows - 1, col + len(self.columns) - 1)
        return absolute(self.anchor) + ":" + absolute(last)

    def column_ref(self, key: str, n_rows: int | None = None) -> str:
        """Absolute range of one column of the body."""
        rows = self.n_rows if n_rows is None else max(n_rows, 1)
        first, last = self.column_cell(key, 0), self.column_cell(key, rows - 1)
        return absolute(first) + ":" + absolute(last)

    def column_cell(self, key: str, position: int) -> str:
        """Cell of column ``key`` in body row ``position`` (0-based)."""
        row, col = parse_cell(self.anchor)
        return cell_name(row + position, col + self.column_index(key))

    def row_cell(self, key: str, column: str | None = None) -> str:
        """Cell of fixed row ``key`` in ``column`` (default: the first column)."""
        return self.column_cell(column or self.columns[0].key, self.row_keys().index(key))

    def header_row(self) -> int | None:
        """1-based row of the header (``None`` without a header)."""
        return parse_cell(self.anchor)[0] - 1 if self.header else None

    def label_cell(self, position: int) -> str:
        """Cell of the label of fixed row ``position`` (left of the body)."""
        row, col = parse_cell(self.anchor)
        return cell_name(row + position, col - 1)

    def title_cell(self) -> str:
        """Cell of the block's title (above the labels' column when there is one)."""
        row, col = parse_cell(self.anchor)
        return cell_name(row - (2 if self.header else 1), col - 1 if self.rows else col)

    def formula(self, target: str) -> LiveFormula | None:
        """The live formula of row or column ``target``, if it has one."""
        return next((f for f in self.formulas if f.target == target), None)

"""Live Excel formulas of output blocks: from a template to the formulas to write.

An output block may compute part of itself live with one of our Excel functions
(:class:`~xl_salesplan.layout.model.LiveFormula`). Its template names other
blocks and tables by their stable names, never by cell or sheet, so one template
serves both languages and any block size. Placeholders:

- ``{Name.col}`` / ``{Name.first:last}``: the range of a column (or of the columns
  from ``first`` to ``last``) of block or table ``Name`` over its filled rows
  (``sizes[Name]``); absolute, and qualified with the sheet's display name when it
  is on another sheet than the formula;
- ``{Name.col@}``: in a per-cell formula, the cell of that column in the same
  position (the same body row of a block, the same data row of a table); ``{Name.col@-1}``
  the one in the row above (the header above the first row);
- ``{language}``: ``en`` or ``zh``, the language argument of our functions.

:func:`formula_writes` returns what to write: the cell, the formula text and the part
of the block's grid (:func:`~xl_salesplan.layout.blocks.block_grid`) whose values the
formula caches. The template build and the actions both write from it.

Where our Python cannot run (macros blocked, Excel for Mac, LibreOffice, WPS, a
colleague without Python) a live formula shows the value its action wrote: given the
block's grid, every per-cell formula carries that value as its fallback
(:func:`fallback_formula`). The function's result is kept when it is a result of the
expected kind (a number, a status word) or one of our own ``#FUNCTION: ...`` messages
about bad input; anything else falls back: an Excel error (``#NAME?`` where the function
is unknown) and also the text of the VBA wrapper that xlwings' "Import Functions"
writes, which returns ``Err.Description`` (e.g. "Could not activate Python COM server")
as the cell's value when Python cannot be reached. The wrappers stay exactly as xlwings
generates them, so re-importing the functions changes nothing.

Examples
--------
>>> from xl_salesplan.layout import block
>>> [(w.cell, w.formula, w.height, w.width, w.array)
...  for w in formula_writes(block("SeasonalProfile"), 2, "en", {"RevenueHistory": 3})][:1]
[('B14', '=INDEX(SEASONALITY($B$24:$M$26),1,1)', 1, 1, False)]
>>> writes = formula_writes(block("KpiTracker"), 8, "zh-CN", {})
>>> len(writes), writes[1].cell, writes[1].formula
(8, 'K30', '=KPI_STATUS(E30,D30,D7,-G7,-H7,,,"zh")')
>>> grid = [[0.0603468917841381] * 12, [0.72] * 12]
>>> formula_writes(block("SeasonalProfile"), 2, "en", {"RevenueHistory": 3}, grid)[0].formula
... # doctest: +ELLIPSIS
'=IFERROR(INDEX(SEASONALITY($B$24:$M$26),1,1)+0,...,0.0603468917841381),0.0603468917841381))'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import BLOCKS, INPUT_TABLES, SHEETS, InputTable, OutputBlock
from xl_salesplan.layout.labels import check_language, status_words
from xl_salesplan.layout.model import LiveFormula, absolute
from xl_salesplan.ooxml.cell_values import excel_number
from xl_salesplan.ooxml.references import quote_sheet

__all__ = ["FormulaWrite", "fallback_formula", "formula_writes", "render_formula"]

_PLACEHOLDER = re.compile(r"\{(\w+)(?:\.(\w+)(?::(\w+))?(@-1|@)?)?\}")
_SAME_COLUMN = re.compile(r"\{\^(\w+)\}")


@dataclass(frozen=True)
class FormulaWrite:
    """One formula to write: at ``cell``, caching ``grid[row:row+height][col:col+width]``.

    ``array``: a dynamic array formula spilling over ``height`` x ``width`` cells;
    otherwise an ordinary formula in one cell.
    """

    cell: str
    formula: str
    row: int
    col: int
    height: int
    width: int
    array: bool


def _target(name: str) -> OutputBlock | InputTable:
    if name in BLOCKS:
        return BLOCKS[name]
    if name in INPUT_TABLES:
        return INPUT_TABLES[name]
    raise PlanningError.of(
        "layout.live_formulas.a_live_formula_names_which", code="invalid_input", name=name
    )


def _cell(target: OutputBlock | InputTable, column: str, position: int) -> str:
    return target.column_cell(column, position)


def render_formula(
    template: str,
    home: OutputBlock,
    *,
    language: str,
    sizes: Mapping[str, int],
    position: int | None = None,
    column: str | None = None,
) -> str:
    """Replace the placeholders of ``template`` for a formula on ``home``'s sheet.

    ``position`` is the body row of the formula's cell (needed by ``@`` references);
    ``column`` its column key (needed by ``{^row}``, a fixed row's cell in that column).

    Examples
    --------
    >>> from xl_salesplan.layout import block
    >>> render_formula("=SUM({RegionTargets.total})", block("RevenueByMonth"), language="en",
    ...                sizes={"RegionTargets": 4})
    '=SUM(Targets!$N$33:$N$36)'
    >>> render_formula("={^base}-{^churn}", block("CustomerBridge"), language="en", sizes={},
    ...                column="m02")
    '=C53-C54'
    """
    code = "zh" if check_language(language) == "zh-CN" else "en"

    def same_column(found: re.Match[str]) -> str:
        if column is None:
            raise PlanningError.of(
                "layout.live_formulas.needs_a_per_cell_row_formula",
                code="invalid_input",
                name=found.group(1),
            )
        return home.row_cell(found.group(1), column)

    template = _SAME_COLUMN.sub(same_column, template)

    def replace(found: re.Match[str]) -> str:
        name, first, last, relative = found.groups()
        if first is None:
            if name != "language":
                raise PlanningError.of(
                    "layout.live_formulas.unknown_placeholder_in_a_live",
                    code="invalid_input",
                    name=name,
                )
            return code
        target = _target(name)
        if relative:
            if position is None:
                raise PlanningError.of(
                    "layout.live_formulas.needs_a_per_cell_formula",
                    code="invalid_input",
                    name=name,
                    first=first,
                )
            return _cell(target, first, position - (relative == "@-1"))
        if name not in sizes:
            raise PlanningError.of(
                "layout.live_formulas.a_live_formula_needs_the", code="invalid_input", name=name
            )
        rows = max(int(sizes[name]), 1)
        ref = (
            absolute(_cell(target, first, 0))
            + ":"
            + absolute(_cell(target, last or first, rows - 1))
        )
        if target.sheet != home.sheet:
            ref = quote_sheet(SHEETS[target.sheet].name(language)) + "!" + ref
        return ref

    return _PLACEHOLDER.sub(replace, template)


def _pick(formula: str, row: int, col: int) -> str:
    """``=F(...)`` -> ``=INDEX(F(...),row,col)``: one element of an array result.

    Examples
    --------
    >>> _pick("=SEASONALITY($B$24:$M$26)", 1, 3)
    '=INDEX(SEASONALITY($B$24:$M$26),1,3)'
    """
    return f"=INDEX({formula[1:]},{row},{col})"


def _literal(value: object) -> str:
    """``value`` as a constant in a formula (blank: an empty text)."""
    if value is None or (isinstance(value, float) and value != value):
        return '""'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"{excel_number(float(value)):.15g}"
    return '"' + str(value).replace('"', '""') + '"'


def fallback_formula(formula: str, cached: object, words: Sequence[str] = ()) -> str:
    """``formula`` showing ``cached`` wherever it cannot give a result of its kind.

    The result is kept when it is a number (``words`` empty) or one of ``words``, and when
    it is one of our ``#FUNCTION: ...`` messages; otherwise (an Excel error, xlwings'
    wrapper text) the cell shows ``cached``.

    Examples
    --------
    >>> fallback_formula("=F(A1)", 0.25)
    '=IFERROR(F(A1)+0,IFERROR(IF(LEFT(F(A1))="#",F(A1),0.25),0.25))'
    >>> fallback_formula("=S(A1)", "At risk", ("On track", "At risk"))  # doctest: +ELLIPSIS
    '=IFERROR(INDEX({"On track","At risk"},MATCH(S(A1),{"On track","At risk"},0)),...,"At risk"))'
    """
    body, fallback = formula.removeprefix("="), _literal(cached)
    if words:
        listed = "{" + ",".join(_literal(w) for w in words) + "}"
        kept = f"INDEX({listed},MATCH({body},{listed},0))"
    else:
        kept = f"{body}+0"
    message = f'IF(LEFT({body})="#",{body},{fallback})'
    return f"=IFERROR({kept},IFERROR({message},{fallback}))"


def formula_writes(
    spec: OutputBlock,
    filled: int,
    language: str,
    sizes: Mapping[str, int],
    grid: Sequence[Sequence[object]] | None = None,
) -> list[FormulaWrite]:
    """The formulas to write for ``spec`` holding ``filled`` rows (none when empty).

    ``sizes`` gives the filled rows of the blocks and tables the templates name. With
    ``grid`` (the block's values, :func:`~xl_salesplan.layout.blocks.block_grid`) every
    per-cell formula falls back to its cell's value (:func:`fallback_formula`).

    Examples
    --------
    >>> from xl_salesplan.layout import block
    >>> formula_writes(block("SeasonalProfile"), 0, "en", {})  # an empty block has no formula
    []
    """
    writes: list[FormulaWrite] = []
    if filled <= 0:
        return writes

    def fallback(formula: str, row: int, col: int, live: LiveFormula) -> str:
        if grid is None:
            return formula
        words = status_words(language) if live.results == "status" else ()
        return fallback_formula(formula, grid[row][col], words)

    for live in spec.formulas:
        if live.native:
            writes.extend(_native_writes(spec, live, filled, language, sizes, grid))
            continue
        if live.target in spec.row_keys():
            row = spec.row_keys().index(live.target)
            text = render_formula(live.template, spec, language=language, sizes=sizes)
            if live.per_cell:
                writes.extend(
                    FormulaWrite(
                        spec.column_cell(column.key, row),
                        fallback(_pick(text, 1, k + 1), row, k, live),
                        row,
                        k,
                        1,
                        1,
                        False,
                    )
                    for k, column in enumerate(spec.columns)
                )
                continue
            first = spec.columns[0].key
            writes.append(
                FormulaWrite(spec.column_cell(first, row), text, row, 0, 1, len(spec.columns), True)
            )
            continue
        col = spec.column_index(live.target)
        if not live.per_cell:
            text = render_formula(live.template, spec, language=language, sizes=sizes)
            writes.append(
                FormulaWrite(spec.column_cell(live.target, 0), text, 0, col, filled, 1, True)
            )
            continue
        for position in range(filled):
            text = render_formula(
                live.template, spec, language=language, sizes=sizes, position=position
            )
            writes.append(
                FormulaWrite(
                    spec.column_cell(live.target, position),
                    fallback(text, position, col, live),
                    position,
                    col,
                    1,
                    1,
                    False,
                )
            )
    seen: set[str] = set()
    return [w for w in writes if not (w.cell in seen or seen.add(w.cell))]


def _native_writes(
    spec: OutputBlock,
    live: LiveFormula,
    filled: int,
    language: str,
    sizes: Mapping[str, int],
    grid: Sequence[Sequence[object]] | None,
) -> list[FormulaWrite]:
    """One ordinary formula per cell of a native live formula's row or column.

    A variable-row block's row whose first cell is blank (a blank input row) gets none.
    """

    def write(position: int, column: str) -> FormulaWrite:
        text = render_formula(
            live.template, spec, language=language, sizes=sizes, position=position, column=column
        )
        cell = spec.column_cell(column, position)
        return FormulaWrite(cell, text, position, spec.column_index(column), 1, 1, False)

    if live.target in spec.row_keys() and not live.column:
        row = spec.row_keys().index(live.target)
        return [write(row, column.key) for column in spec.columns]
    return [
        write(position, live.target)
        for position in range(filled)
        if spec.fixed_rows or grid is None or grid[position][0] not in (None, "")
    ]

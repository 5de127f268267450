"""Upgrade: the inputs of a plan workbook made with an older release, in the current template.

A release may add input tables and assumptions (``tblMarkets``, ``HolidayPhasing`` ...);
the actions then refuse a workbook without them. :func:`upgrade_workbook` writes a new
workbook from the current template (built by the caller, in the old workbook's
language) and carries over every input the two have in common, the ones the layout
declares (:data:`~xl_salesplan.layout.INPUT_TABLES`,
:data:`~xl_salesplan.layout.NAMED_INPUTS`): table rows through ``write_table`` (which
grows the table), single cells through their defined names. New inputs keep the
template's defaults. What the new workbook does not carry (the planner's own sheets,
tables and names, inputs a release dropped, the results) is listed by name, and the
old file is never written.

Examples
--------
>>> default_upgrade_path("plans/plan.xlsm").as_posix()
'plans/plan.upgraded.xlsm'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from xl_salesplan.actions.result import ActionResult, Progress, no_progress
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import INPUT_TABLES, NAMED_INPUTS, SHEETS, InputTable
from xl_salesplan.messages import Text, choice_word, message
from xl_salesplan.ooxml.references import first_cell
from xl_salesplan.workbook.book import FileBook

__all__ = ["carry_inputs", "default_upgrade_path", "upgrade_target", "upgrade_workbook"]

#: Tables every release of the template had: without them a file is no plan workbook.
_PLAN_TABLES = ("tblRegions", "tblReps")


def default_upgrade_path(old: str | os.PathLike[str]) -> Path:
    """Where the upgraded copy of ``old`` goes by default: ``.upgraded`` before the suffix.

    Examples
    --------
    >>> default_upgrade_path("计划.xlsm").name
    '计划.upgraded.xlsm'
    """
    path = Path(old)
    return path.with_name(f"{path.stem}.upgraded.xlsm")


def upgrade_target(
    old: str | os.PathLike[str], output: str | os.PathLike[str] | None, *, force: bool
) -> Path:
    """The file the upgrade writes: ``output`` or the default, never ``old``.

    An existing file is replaced only with ``force``.

    Raises
    ------
    PlanningError
        If the target is the old file, exists (without ``force``) or is not ``.xlsm``.

    Examples
    --------
    >>> upgrade_target("plan.xlsm", "plan.xlsm", force=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: plan.xlsm: the upgraded workbook must be a new file, ...
    """
    target = Path(output) if output else default_upgrade_path(old)
    if target.resolve() == Path(old).resolve():
        raise PlanningError.of("upgrade.same_file", code="exists", path=str(target))
    if target.suffix.lower() != ".xlsm":
        raise PlanningError.of("cli.not_xlsm", code="wrong_file_type", path=str(target))
    if target.exists() and not force:
        raise PlanningError.of("cli.file_exists", code="exists", path=str(target))
    return target


def upgrade_workbook(
    old: str | os.PathLike[str],
    target: str | os.PathLike[str],
    build_template: Callable[[Path, str], object],
    *,
    language: str,
    progress: Progress = no_progress,
) -> ActionResult:
    """Write ``target`` from the current template with the inputs of the plan workbook ``old``.

    ``build_template(path, language)`` writes the current template to ``path``. The
    new workbook is built next to ``target`` and saved atomically; ``old`` is only read.

    Raises
    ------
    PlanningError
        If ``old`` is not a plan workbook (no ``tblRegions``/``tblReps``).
    """
    target = Path(target)
    progress(0.0, Text("progress.reading_workbook"))
    with FileBook.open(old) as before:
        if not set(_PLAN_TABLES) <= set(before.table_names()):
            raise PlanningError.of("upgrade.not_a_plan", code="layout_mismatch", path=str(old))
        handle, scratch = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=".xlsm", dir=target.parent
        )
        os.close(handle)
        try:
            progress(0.0, Text("upgrade.progress.template"))
            build_template(Path(scratch), language)
            with FileBook.open(scratch) as after:
                result = carry_inputs(before, after, old_name=Path(old).name,
                                      new_name=str(target), language=language,
                                      progress=progress)  # fmt: skip
                progress(0.9, Text("upgrade.progress.saving"))
                after.save(target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(scratch)
    return result


def carry_inputs(
    old: FileBook,
    new: FileBook,
    *,
    old_name: str,
    new_name: str,
    language: str = "en",
    progress: Progress = no_progress,
) -> ActionResult:
    """Copy every input ``old`` and ``new`` both have into ``new``; say what was not carried.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> old, new = sample_plan(folder / "a.xlsm"), sample_plan(folder / "b.xlsm")
    >>> with FileBook.open(old) as a, FileBook.open(new) as b:
    ...     result = carry_inputs(a, b, old_name="a.xlsm", new_name="b.xlsm")
    >>> result.details["tables"] == len(INPUT_TABLES), result.details["new_inputs"]
    (True, [])
    """
    old_tables, new_tables = set(old.table_names()), set(new.table_names())
    carried_tables, new_inputs, not_carried = 0, [], []
    for position, (name, spec) in enumerate(INPUT_TABLES.items()):
        progress(0.1 + 0.7 * position / len(INPUT_TABLES),
                 Text("upgrade.progress.carrying", {"name": name}))  # fmt: skip
        if name not in new_tables:
            continue
        if name not in old_tables:
            new_inputs.append(message("upgrade.new_table", language, name=name))
            continue
        frame, dropped = _rows_for(old.read_table(name), new.table_info(name).columns, spec)
        new.write_table(name, frame)
        carried_tables += 1
        if dropped:
            not_carried.append(message("upgrade.dropped_columns", language, name=name,
                                       columns=", ".join(dropped)))  # fmt: skip
    old_names, new_names = _single_names(old), _single_names(new)
    carried_names = 0
    for name in NAMED_INPUTS:
        if name not in new_names:
            continue
        sheet, cell = new_names[name]
        if name in old_names:
            new.write_value(sheet, cell, old.read_value(*old_names[name]))
            carried_names += 1
        else:
            value = _shown(new.read_value(sheet, cell), name, language)
            new_inputs.append(message("upgrade.new_name", language, name=name, value=value))
    not_carried += [
        message("upgrade.extra_sheet", language, name=sheet)
        for sheet in old.sheet_names()
        if sheet not in set(new.sheet_names())
    ]
    not_carried += [
        message("upgrade.extra_table", language, name=table)
        for table in sorted(old_tables - new_tables)
    ]
    not_carried += [
        message("upgrade.old_name", language, name=name,
                value=_shown(old.read_value(*old_names[name]), name, language))
        for name in sorted(set(old_names) - set(new_names))
    ]  # fmt: skip
    results = _result_sheets(language)
    separator = message("upgrade.separator", language)
    lines = []
    if new_inputs:
        items = separator.join(new_inputs)
        lines.append(f"  {message('upgrade.new_inputs', language, items=items)}")
    if not_carried:
        items = separator.join(not_carried)
        lines.append(f"  {message('upgrade.not_carried', language, old=old_name, items=items)}")
    lines.append(f"  {message('upgrade.results', language, sheets=separator.join(results))}")
    lines.append(f"  {message('upgrade.next_step', language, path=new_name)}")
    details = {"path": new_name, "tables": carried_tables, "names": carried_names,
               "new_inputs": new_inputs, "not_carried": not_carried}  # fmt: skip
    params = {"old": old_name, "path": new_name, "tables": carried_tables, "names": carried_names}
    return ActionResult.of("upgrade", "upgrade.written", params, details, lines=lines)


def _rows_for(
    rows: pd.DataFrame, columns: list[str], spec: InputTable
) -> tuple[pd.DataFrame, list[str]]:
    """The old table's rows under the new table's headers, and the old columns left out.

    Columns are matched by header (either language) when every old header is one of the
    table's, or the counts differ; else (headers the planner retyped) by position.

    Examples
    --------
    >>> new = ["Region", "Chinese name", "Provinces"]
    >>> old = pd.DataFrame({"区域": ["East"], "Notes": ["mine"], "Chinese name": ["华东"],
    ...                     "Cities": ["Shanghai"]})
    >>> frame, dropped = _rows_for(old, new, INPUT_TABLES["tblRegions"])
    >>> frame.to_dict("records"), dropped
    ([{'Region': 'East', 'Chinese name': '华东', 'Provinces': None}], ['Notes', 'Cities'])
    >>> _rows_for(old.iloc[:, [2, 0]], new, INPUT_TABLES["tblRegions"])[0].iloc[0].tolist()
    ['East', '华东', None]
    """
    key_of_header = {}
    for column in spec.columns:
        key_of_header[column.en.casefold()] = column.key
        key_of_header[column.zh.casefold()] = column.key
    known = all(str(h).casefold() in key_of_header for h in rows.columns)
    if len(rows.columns) == len(columns) and not known:
        return rows.set_axis(columns, axis=1), []
    old_by_key = {key_of_header.get(str(h).casefold()): h for h in rows.columns}
    frame = pd.DataFrame(index=rows.index)
    for header, column in zip(columns, spec.columns, strict=False):
        source = old_by_key.get(column.key)
        frame[header] = rows[source] if source is not None else None
    used = {old_by_key.get(c.key) for c in spec.columns}
    return frame, [str(h) for h in rows.columns if h not in used]


def _single_names(book: FileBook) -> dict[str, tuple[str, str]]:
    """Workbook-level defined names of one range -> (sheet, first cell)."""
    out = {}
    for defined in book.structure.names:
        if defined.name.startswith("_xlnm.") or defined.local_sheet is not None:
            continue
        with contextlib.suppress(PlanningError, ValueError):
            sheet, ref = book.name_range(defined.name)
            out[defined.name] = (sheet, first_cell(ref))
    return out


def _shown(value: object, name: str, language: str) -> str:
    """A value as the planner reads it (a coded choice in the workbook's words)."""
    if value is None or value == "":
        return message("upgrade.blank_value", language)
    spec = NAMED_INPUTS.get(name)
    if spec is not None and spec.coded and isinstance(value, str):
        with contextlib.suppress(KeyError, ValueError):
            return choice_word(spec.coded, value, language)
    return f"{value:,.12g}" if isinstance(value, float) else str(value)


def _result_sheets(language: str) -> list[str]:
    """The sheets that hold results only (no input table, no assumption)."""
    inputs = {t.sheet for t in INPUT_TABLES.values()} | {n.sheet for n in NAMED_INPUTS.values()}
    skip = inputs | {"instructions", "config"}
    return [spec.name(language) for key, spec in SHEETS.items() if key not in skip]

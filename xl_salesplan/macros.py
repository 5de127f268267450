"""The ribbon's Python macros: ``RunPython "import xl_salesplan.macros as m; m.build_plan()"``.

Each ribbon button of the "Sales Plan / 销售计划" tab calls one function here with
no arguments. It finds the calling workbook (:meth:`ExcelBook.caller`), runs the
same action as the command line, and shows the outcome in one message box. A
problem is shown as one readable message (which cell, what is wrong), never as a
Python traceback.

Besides the workbook layer, the xlwings calls used here are ``book.app.alert``
(the message box), ``book.fullname`` and ``book.save()`` (the share copy is made
from the saved file), and, on Windows, Excel's own file dialog
(``book.app.api.GetOpenFilename``) for Import actuals when the workbook has no
``ActualsFile`` cell.

Import actuals reads the export's path from a cell named ``ActualsFile`` and an
optional column mapping from a cell named ``ActualsMapping``
(``month=Close Date; revenue=Amount``), when the workbook has them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from xl_salesplan.actions.actuals import import_actuals as _import_actuals
from xl_salesplan.actions.actuals_records import RefusedRows
from xl_salesplan.actions.budget import optimise_budget as _optimise_budget
from xl_salesplan.actions.help import show_help as _show_help
from xl_salesplan.actions.kpi import flag_kpis as _flag_kpis
from xl_salesplan.actions.plan import build_plan as _build_plan
from xl_salesplan.actions.replan import replan_plan as _replan_plan
from xl_salesplan.actions.result import ActionResult
from xl_salesplan.actions.share import share_copy as _share_copy
from xl_salesplan.actions.validate import validate_inputs as _validate_inputs
from xl_salesplan.actions.versions import default_snapshot_path
from xl_salesplan.actions.versions import snapshot_version as _snapshot_version
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import language_code, localized
from xl_salesplan.ooxml.references import first_cell
from xl_salesplan.workbook.book import ExcelBook

__all__ = [
    "build_plan",
    "flag_kpis",
    "import_actuals",
    "optimise_budget",
    "replan",
    "share_copy",
    "show_help",
    "snapshot_version",
    "validate_inputs",
]

TITLE = "Sales Plan"
ACTUALS_FILE_NAME = "ActualsFile"
ACTUALS_MAPPING_NAME = "ActualsMapping"
_FILE_FILTER = "CRM export (*.csv;*.xlsx),*.csv;*.xlsx"


def build_plan() -> str:
    """Ribbon: Build plan.

    Examples
    --------
    >>> build_plan()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """
    return _run(_build_plan)


def optimise_budget() -> str:
    """Ribbon: Optimise budget.

    Examples
    --------
    >>> optimise_budget()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """
    return _run(_optimise_budget)


def validate_inputs() -> str:
    """Ribbon: Validate inputs.

    Examples
    --------
    >>> validate_inputs()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """
    return _run(_validate_inputs)


def flag_kpis() -> str:
    """Ribbon: Flag KPIs.

    Examples
    --------
    >>> flag_kpis()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """
    return _run(_flag_kpis)


def import_actuals() -> str:
    """Ribbon: Import actuals (the file from the ``ActualsFile`` cell or a file dialog).

    Examples
    --------
    >>> import_actuals()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """

    def work(book: ExcelBook) -> ActionResult:
        path = _named_text(book, ACTUALS_FILE_NAME)
        if path and not os.path.isabs(path):
            folder = os.path.dirname(str(getattr(book.book, "fullname", "") or ""))
            path = os.path.join(folder, path) if folder else path
        path = path or _ask_for_file(book.book)
        if not path:
            raise PlanningError.of(
                "action.macros.cancelled", code="cancelled", ACTUALS_FILE_NAME=ACTUALS_FILE_NAME
            )
        mapping_text = _named_text(book, ACTUALS_MAPPING_NAME)
        mapping = [p for p in mapping_text.replace("\n", ";").split(";") if p.strip()]
        return _import_actuals(book, path, mapping or None)

    return _run(work)


def share_copy() -> str:
    """Ribbon: Share copy (saves the workbook, then writes ``<name> (share).xlsx`` beside it).

    Examples
    --------
    >>> share_copy()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """

    def work(book: ExcelBook) -> ActionResult:
        path = _saved_path(book.book)
        book.book.save()
        return _share_copy(path)

    return _run(work)


def snapshot_version() -> str:
    """Ribbon: Snapshot version (``<name> versions/<name> <date time>.xlsx`` beside it).

    Examples
    --------
    >>> snapshot_version()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """

    def work(book: ExcelBook) -> ActionResult:
        path = _saved_path(book.book)
        target = default_snapshot_path(path, dt.datetime.now())
        return _snapshot_version(book, target, source=os.path.basename(path), workbook_path=path)

    return _run(work)


def replan() -> str:
    """Ribbon: Re-plan (the current plan is saved as a version beside the workbook first).

    Examples
    --------
    >>> replan()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """

    def work(book: ExcelBook) -> ActionResult:
        path = _saved_path(book.book)
        target = default_snapshot_path(path, dt.datetime.now())
        return _replan_plan(book, snapshot_path=target, workbook_path=path)

    return _run(work)


def show_help() -> str:
    """Ribbon: Help.

    Examples
    --------
    >>> show_help()  # outside Excel  # doctest: +ELLIPSIS
    'Sales Plan: this macro runs from the Excel ribbon (...)'
    """
    return _run(lambda book: _show_help(_named_text(book, "Language") or "en"))


# --------------------------------------------------------------------------- plumbing


def _run(work: Callable[[ExcelBook], ActionResult]) -> str:
    """Run ``work`` on the calling workbook; show and return its one message."""
    try:
        book = ExcelBook.caller()
    except Exception as exc:  # not started from Excel
        return _fail(None, f"this macro runs from the Excel ribbon ({type(exc).__name__})")
    try:
        language = language_code(_named_text(book, "Language")) or "en"
    except Exception:  # an unreadable Language cell: the action reports its own problem
        language = "en"
    try:
        result = work(book)
    except RefusedRows as exc:  # the summary and one line per problem
        return _fail(book, "\n".join([localized(exc, language), *exc.in_language(language).lines]))
    except PlanningError as exc:
        return _fail(book, localized(exc, language))
    except Exception as exc:  # never a traceback in Excel
        return _fail(book, f"unexpected error ({type(exc).__name__}: {exc})")
    text = result.text(language)
    _alert(book, text, critical=not result.ok)
    return text


def _fail(book: ExcelBook | None, message: str) -> str:
    text = f"{TITLE}: {message}"
    if book is not None:
        _alert(book, text, critical=True)
    return text


def _alert(book: ExcelBook, text: str, *, critical: bool) -> None:
    """Show ``text`` in Excel's message box (quietly skipped where there is none)."""
    try:
        app = book.book.app
        app.alert(text, title=TITLE, mode="critical" if critical else "info")
    except Exception:  # no message box (e.g. a stand-in): the text is returned instead
        pass


def _named_text(book: ExcelBook, name: str) -> str:
    """Text of the cell a defined name points to; ``""`` when there is no such name."""
    try:
        sheet, ref = book.name_range(name)
    except PlanningError:
        return ""
    value = book.read_value(sheet, first_cell(ref))
    return "" if value is None else str(value).strip()


def _saved_path(xw_book: Any) -> str:
    path = str(getattr(xw_book, "fullname", "") or "")
    if not os.path.dirname(path):
        raise PlanningError.of("action.macros.not_saved", code="not_saved")
    return path


def _ask_for_file(xw_book: Any) -> str:
    """Excel's Open dialog (Windows); ``""`` when cancelled or not available."""
    try:
        chosen = xw_book.app.api.GetOpenFilename(_FILE_FILTER)
    except Exception:
        return ""
    return chosen if isinstance(chosen, str) else ""

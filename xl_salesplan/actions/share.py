"""Share copy: a values-only ``.xlsx`` of a plan workbook for colleagues without Python.

The copy has no VBA project, no ribbon, no ``xlwings.conf`` sheet, no hidden sheets
and no formulas (each formula is replaced by its value), nothing that names people or
paths; formatting, tables and charts are kept (:mod:`xl_salesplan.workbook.share_copy`).
Its instructions sheet becomes a note for a reader (:func:`share_cover`). The workbook
itself is not changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from xl_salesplan.actions.result import ActionResult
from xl_salesplan.actions.writing import sheets_language
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import SHEETS
from xl_salesplan.messages import message
from xl_salesplan.messages.share import COVER_LINES
from xl_salesplan.progress import Reporter, silent
from xl_salesplan.workbook.share_copy import make_share_copy
from xl_salesplan.workbook.share_cover import ShareCover

__all__ = ["default_share_path", "share_copy"]


def default_share_path(book_path: str | os.PathLike[str]) -> Path:
    """``<name> (share).xlsx`` next to the workbook.

    Examples
    --------
    >>> default_share_path("plans/plan 2026.xlsm").as_posix()
    'plans/plan 2026 (share).xlsx'
    """
    path = Path(book_path)
    return path.with_name(f"{path.stem} (share).xlsx")


def share_cover(sheet_names: list[str]) -> ShareCover:
    """The cover that replaces the plan's instructions in its share copy, in the
    language of the workbook's sheet names.

    Examples
    --------
    >>> cover = share_cover(["使用说明", "假设", "目标分解"])
    >>> cover.sheet, cover.title
    ('使用说明', '销售计划(数值副本)')
    """
    language = sheets_language(sheet_names)
    return ShareCover(
        sheet=SHEETS["instructions"].name(language),
        title=message("share.cover.title", language),
        lines=tuple(message(key, language) for key in COVER_LINES),
        description=message("share.description", language),
    )


def share_copy(
    book_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str] | None = None,
    *,
    keep_hidden: bool = False,
    progress: Reporter = silent,
) -> ActionResult:
    """Write the share copy of the workbook file ``book_path`` to ``out_path``.

    Parameters
    ----------
    book_path : path-like
        The plan workbook (``.xlsm`` or ``.xlsx``), as saved on disk.
    out_path : path-like, optional
        Where to write the copy (default :func:`default_share_path`); must end in
        ``.xlsx`` (a copy without macros is not an ``.xlsm``).
    keep_hidden : bool
        Keep hidden sheets (default: removed, and the result says which).
    progress : callable, optional
        Told which sheet is being read and written (:mod:`xl_salesplan.progress`).

    Returns
    -------
    ActionResult
        Details: ``path``, ``formulas_replaced``, ``removed_sheets``, ``removed_parts``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> share_copy(path).details["removed_sheets"]
    ['xlwings.conf']
    """
    target = Path(out_path) if out_path is not None else default_share_path(book_path)
    if target.suffix.lower() != ".xlsx":
        raise PlanningError.of(
            "action.share.wrong_file_type", code="wrong_file_type", target=target
        )
    report = make_share_copy(
        book_path, target, keep_hidden=keep_hidden, cover_for=share_cover, progress=progress
    )
    hidden = ", ".join(report.hidden_sheets)
    lines = [message("share.hidden_removed", "en", sheets=hidden)] if hidden else []
    return ActionResult.of(
        "share_copy",
        "action.share.done",
        {"path": str(target), "formulas": report.formulas_replaced},
        {
            "path": str(target),
            "formulas_replaced": report.formulas_replaced,
            "removed_sheets": list(report.removed_sheets),
            "removed_parts": list(report.removed_parts),
            "hidden_sheets_removed": list(report.hidden_sheets),
        },
        lines=lines,
    )

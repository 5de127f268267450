"""The error the workbook layer raises: a :class:`PlanningError` that names the sheet and cell.

Examples
--------
>>> err = WorkbookError("expected a number", sheet="targets", cell="C4", code="not_a_number")
>>> str(err)
'targets!C4: expected a number'
>>> err.sheet, err.cell, err.code
('targets', 'C4', 'not_a_number')
>>> isinstance(err, PlanningError)
True
"""

from __future__ import annotations

import re

from xl_salesplan.errors import PlanningError

__all__ = ["PlanningError", "WorkbookError"]


class WorkbookError(PlanningError):
    """A workbook that cannot be read or written as asked, explained for a planner.

    The message is prefixed with ``sheet!cell`` (or the sheet, or the package
    part) so a planner knows where to look.

    Parameters
    ----------
    message : str
        What is wrong, in words.
    code : str, optional
        Short stable identifier (``"unknown_sheet"``, ``"illegal_xml_character"``...).
    sheet : str, optional
        The sheet name, if the problem is on a sheet.
    cell : str, optional
        The A1 reference of the cell or range, if known.
    part : str, optional
        The package part (zip entry) involved, for problems with the file itself.

    Examples
    --------
    >>> str(WorkbookError("part is too large", part="xl/worksheets/sheet1.xml", code="zip_bomb"))
    'xl/worksheets/sheet1.xml: part is too large'
    >>> str(WorkbookError("no such table"))
    'no such table'
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "workbook",
        sheet: str | None = None,
        cell: str | None = None,
        part: str | None = None,
    ) -> None:
        if sheet is not None and cell is not None:
            where = f"{_quote_sheet(sheet)}!{cell}"
        elif sheet is not None:
            where = _quote_sheet(sheet)
        elif cell is not None:
            where = cell
        else:
            where = part
        full = f"{where}: {message}" if where else message
        super().__init__(full, code=code, positions=(where,) if where else ())
        self.sheet = sheet
        self.cell = cell
        self.part = part

    @classmethod
    def of(  # type: ignore[override]
        cls,
        key: str,
        *,
        code: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        part: str | None = None,
        **params: object,
    ) -> WorkbookError:
        """The error whose text is the catalogue's ``key``, after where it happened.

        Its key and parameters (with ``where``) let each face render it in the
        workbook's language; the catalogue's text starts with ``{where}: ``.

        Examples
        --------
        >>> from xl_salesplan.messages import localized
        >>> err = WorkbookError.of("file.read_only", part="plan.xlsm")
        >>> str(err) == localized(err, "en"), err.code
        (True, 'read_only')
        >>> localized(err, "zh-CN")[:10]
        'plan.xlsm:'
        """
        from xl_salesplan.messages import message

        probe = cls("", sheet=sheet, cell=cell, part=part)
        where = probe.positions[0] if probe.positions else ""
        text = message(key, "en", where=where, **params)
        error = cls(text.split(": ", 1)[1] if where else text, code=code or key.rsplit(".", 1)[-1],
                    sheet=sheet, cell=cell, part=part)  # fmt: skip
        error.key = key
        error.params = {"where": where, **params}
        return error


def _quote_sheet(sheet: str) -> str:
    """Quote a sheet name as in a reference (see ``references.quote_sheet``).

    Examples
    --------
    >>> _quote_sheet("targets"), _quote_sheet("KPI tracker"), _quote_sheet("it's")
    ('targets', "'KPI tracker'", "'it''s'")
    """
    if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", sheet) and not re.match(
        r"^[A-Za-z]{1,3}[0-9]+$", sheet
    ):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"

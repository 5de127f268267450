"""VBA modules from their sources: standard (``.bas``), class (``.cls``) and document modules.

A :class:`VbaModule` holds the text stored for a module (attribute lines, then code);
:func:`stored_source` is that text with every line ending turned into CRLF, as the
project stores it (:mod:`xl_salesplan.vba.vba_project`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xl_salesplan.errors import PlanningError

__all__ = [
    "VB_NAME_LINE",
    "ModuleKind",
    "VbaModule",
    "class_module",
    "document_module",
    "excel_document_modules",
    "read_bas_module",
    "standard_module",
    "stored_source",
]

ModuleKind = Literal["standard", "document", "class"]

#: The first line of every module source: its name.
VB_NAME_LINE = re.compile(r'Attribute VB_Name = "([^"]*)"')

# What Excel writes for document modules; VB_Base names the Excel class a module extends.
_DOCUMENT_ATTRIBUTES = (
    "VB_GlobalNameSpace = False",
    "VB_Creatable = False",
    "VB_PredeclaredId = True",
    "VB_Exposed = True",
    "VB_TemplateDerived = False",
    "VB_Customizable = True",
)
_DOCUMENT_BASES = {
    "workbook": "0{00020819-0000-0000-C000-000000000046}",
    "worksheet": "0{00020820-0000-0000-C000-000000000046}",
}
# What the VBA editor adds when it imports a class module (.cls) export.
_CLASS_BASE = 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'
_CLASS_AFTER_EXPOSED = ("Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False")
_CLASS_HEADER = re.compile(r"VERSION 1\.0 CLASS\r?\nBEGIN\r?\n(?:.*\r?\n)*?END\r?\n")


@dataclass(frozen=True)
class VbaModule:
    """One VBA module: its name, its full source text and its kind.

    ``source`` is the text stored for the module: attribute lines, then code.
    ``kind`` is ``"standard"`` (a ``.bas`` module), ``"document"`` (the code
    behind the workbook or a sheet) or ``"class"`` (a class module).
    """

    name: str
    source: str
    kind: ModuleKind = "standard"
    docstring: str = ""
    help_context: int = 0


def stored_source(text: str) -> str:
    """The exact text stored for a module source: every line ending becomes CRLF.

    Examples
    --------
    >>> stored_source('Attribute VB_Name = "A"\\nSub X()\\r\\nEnd Sub\\n')
    'Attribute VB_Name = "A"\\r\\nSub X()\\r\\nEnd Sub\\r\\n'
    >>> stored_source("a\\rb")
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: module source: a lone carriage return at position 1
    """
    unified = text.replace("\r\n", "\n")
    lone = unified.find("\r")
    if lone >= 0:
        raise PlanningError(
            f"module source: a lone carriage return at position {lone}",
            code="invalid_module_source",
            positions=(lone,),
        )
    return unified.replace("\n", "\r\n")


def standard_module(source: str) -> VbaModule:
    """A standard module from the text of a ``.bas`` file.

    The first line must be ``Attribute VB_Name = "<name>"``; it gives the module name.

    Examples
    --------
    >>> standard_module('Attribute VB_Name = "Tools"\\nSub A()\\nEnd Sub\\n').name
    'Tools'
    >>> standard_module("Sub A()\\nEnd Sub\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: module source: the first line must be ..., found 'Sub A()'
    """
    first_line = source.split("\n", 1)[0].rstrip("\r")
    match = VB_NAME_LINE.fullmatch(first_line)
    if match is None:
        raise PlanningError(
            'module source: the first line must be Attribute VB_Name = "<name>", '
            f"found {first_line[:60]!r}",
            code="invalid_module_source",
        )
    return VbaModule(match.group(1), source, "standard")


def class_module(export_text: str) -> VbaModule:
    """A class module from the text of a ``.cls`` export, stored as the VBA editor imports it.

    The ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` header is dropped; the
    class base ``VB_Base`` follows ``VB_Name``, and ``VB_TemplateDerived = False``
    and ``VB_Customizable = False`` follow ``VB_Exposed`` (the attributes the editor
    adds on import, as in the class modules of xlwings' standalone workbook).

    Examples
    --------
    >>> text = 'VERSION 1.0 CLASS\\nBEGIN\\n  MultiUse = -1\\nEND\\nAttribute VB_Name = "Bag"\\n'
    >>> module = class_module(text + "Attribute VB_Exposed = True\\nPublic Size As Long\\n")
    >>> module.kind, module.source.splitlines()[1:5]  # doctest: +NORMALIZE_WHITESPACE
    ('class', ['Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
               'Attribute VB_Exposed = True', 'Attribute VB_TemplateDerived = False',
               'Attribute VB_Customizable = False'])
    """
    header = _CLASS_HEADER.match(export_text)
    body = export_text[header.end() :] if header else export_text
    name_line, _, rest = body.partition("\n")
    lines = rest.split("\n")
    exposed = next(
        (i for i, line in enumerate(lines) if line.rstrip("\r").startswith("Attribute VB_Exposed")),
        None,
    )
    if exposed is not None:
        lines[exposed + 1 : exposed + 1] = list(_CLASS_AFTER_EXPOSED)
    module = standard_module("\n".join([name_line, _CLASS_BASE, *lines]))
    return VbaModule(module.name, module.source, "class")


def read_bas_module(path: str | Path) -> VbaModule:
    """Read a ``.bas`` file (UTF-8 text) as a standard module.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "Tools.bas").write_text('Attribute VB_Name = "Tools"\\n', encoding="utf-8")
    >>> read_bas_module(folder / "Tools.bas").name
    'Tools'
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlanningError(
            f"{path.name}: cannot read the module source ({error})", code="unreadable_module"
        ) from None
    return standard_module(text)


def document_module(
    name: str, *, base: Literal["workbook", "worksheet"], code: str = ""
) -> VbaModule:
    """A document module (the code behind the workbook or a worksheet) with Excel's attributes.

    ``name`` is the code name the workbook part declares (``codeName`` of
    ``workbookPr`` or ``sheetPr``); ``code`` follows the attribute lines.

    Examples
    --------
    >>> document_module("Sheet1", base="worksheet").source.splitlines()[1]
    'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"'
    """
    if base not in _DOCUMENT_BASES:
        raise PlanningError(
            f"base: expected 'workbook' or 'worksheet', got {base!r}", code="invalid_module_kind"
        )
    attributes = [f'VB_Name = "{name}"', f'VB_Base = "{_DOCUMENT_BASES[base]}"']
    header = "".join(f"Attribute {line}\n" for line in [*attributes, *_DOCUMENT_ATTRIBUTES])
    return VbaModule(name, header + code, "document")


def excel_document_modules(
    sheet_code_names: Sequence[str], *, workbook_code_name: str = "ThisWorkbook"
) -> tuple[VbaModule, ...]:
    """The workbook's document module followed by one per worksheet.

    Examples
    --------
    >>> [m.name for m in excel_document_modules(["Sheet1", "Sheet2"])]
    ['ThisWorkbook', 'Sheet1', 'Sheet2']
    """
    workbook = document_module(workbook_code_name, base="workbook")
    sheets = [document_module(name, base="worksheet") for name in sheet_code_names]
    return (workbook, *sheets)

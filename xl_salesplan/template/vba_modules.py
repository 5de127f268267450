"""The modules of the template's VBA project, from the ``.bas`` sources in ``vba/``.

- ``ThisWorkbook`` and one document module per sheet, named as the sheets' code
  names (:data:`xl_salesplan.layout.SHEETS`), so each sheet part's
  ``codeName`` matches a module;
- ``RibbonCallbacks`` (``vba/RibbonCallbacks.bas``): the ribbon's ``onAction`` procedures;
- every other ``vba/*.bas`` file in name order: the Excel functions' wrappers
  generated from ``udfs/`` (the module name is the file's ``Attribute VB_Name``);
- in a *standalone* workbook, xlwings' own modules from the installed xlwings package
  (:mod:`~xl_salesplan.vba.xlwings_modules`) instead of a reference to the add-in.

Examples
--------
>>> names = [m.name for m in template_modules()]
>>> names[:3], "RibbonCallbacks" in names, len(names) > 13
(['ThisWorkbook', 'shInstructions', 'shAssumptions'], True, True)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from xl_salesplan.layout import SHEETS, WORKBOOK_CODE_NAME
from xl_salesplan.vba.module_sources import VbaModule, excel_document_modules, read_bas_module
from xl_salesplan.vba.ribbon import CALLBACK_MODULE, ribbon_callbacks_module
from xl_salesplan.vba.vba_project import build_vba_project
from xl_salesplan.vba.vba_references import DEFAULT_REFERENCES, STANDALONE_REFERENCES
from xl_salesplan.vba.xlwings_modules import standalone_modules

__all__ = ["module_sources", "template_modules", "template_vba_project", "vba_folder"]


def vba_folder() -> Path:
    """The folder of the ``.bas`` sources (package data).

    Examples
    --------
    >>> (vba_folder() / "RibbonCallbacks.bas").exists()
    True
    """
    return Path(str(resources.files("xl_salesplan.vba.modules")))


def module_sources() -> list[Path]:
    """The standard modules' ``.bas`` files other than the ribbon callbacks, by name.

    Examples
    --------
    >>> all(p.suffix == ".bas" and p.stem != "RibbonCallbacks" for p in module_sources())
    True
    """
    return sorted(
        (p for p in vba_folder().glob("*.bas") if p.stem != CALLBACK_MODULE),
        key=lambda p: p.name,
    )


def template_modules(*, standalone: bool = False) -> list[VbaModule]:
    """Every module of the template's VBA project, in project order.

    With ``standalone``, xlwings' own modules (``xlwings``, ``Dictionary``) follow.

    Examples
    --------
    >>> [m.kind for m in template_modules()][:2], template_modules()[-1].kind
    (['document', 'document'], 'standard')
    >>> [m.name for m in template_modules(standalone=True)][-2:]
    ['xlwings', 'Dictionary']
    """
    documents = excel_document_modules(
        [s.code_name for s in SHEETS.values()], workbook_code_name=WORKBOOK_CODE_NAME
    )
    modules = [
        *documents,
        ribbon_callbacks_module(),
        *(read_bas_module(p) for p in module_sources()),
    ]
    return [*modules, *standalone_modules()] if standalone else modules


def template_vba_project(*, standalone: bool = False) -> bytes:
    """``vbaProject.bin`` of the template (the same bytes for the same sources).

    By default the project references the xlwings add-in; a ``standalone`` project
    carries xlwings' modules from the installed xlwings package and no such reference.

    Examples
    --------
    >>> project = template_vba_project()
    >>> project[:8].hex(), project == template_vba_project()
    ('d0cf11e0a1b11ae1', True)
    """
    references = STANDALONE_REFERENCES if standalone else DEFAULT_REFERENCES
    return build_vba_project(template_modules(standalone=standalone), references=references)

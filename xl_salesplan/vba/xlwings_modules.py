"""xlwings' own VBA modules, taken from the installed xlwings package (standalone workbooks).

A *standalone* workbook carries the VBA code of xlwings itself instead of a reference
to the xlwings add-in, so it runs ``RunPython`` and the Excel functions on a machine
where the add-in is not installed. xlwings' ``quickstart --standalone`` workbook is the
model: besides its sample module it holds the standard module ``xlwings`` (the file
``xlwings.bas`` of the package) and the class module ``Dictionary``
(``addin/Dictionary.cls``, a dictionary that also works on macOS), and it has no
reference to the add-in. Taking both from the installed package keeps the VBA code
and the Python package at the same version (the VBA code names its version, e.g. in
the DLL it loads on Windows, ``xlwings64-<version>.dll``).

Examples
--------
>>> [m.name for m in standalone_modules()], [m.kind for m in standalone_modules()]
(['xlwings', 'Dictionary'], ['standard', 'class'])
>>> module_version(standalone_modules()[0].source) == installed_xlwings_version()
True
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from pathlib import Path

from xl_salesplan.errors import PlanningError
from xl_salesplan.vba.module_sources import VbaModule, class_module, standard_module

__all__ = [
    "STANDALONE_MODULE_FILES",
    "installed_xlwings_version",
    "module_version",
    "standalone_modules",
    "xlwings_package_folder",
]

#: The files of the xlwings package that its standalone workbook carries, in project order.
STANDALONE_MODULE_FILES = ("xlwings.bas", "addin/Dictionary.cls")

_VERSION_CONSTANT = re.compile(
    r'^\s*Public\s+Const\s+XLWINGS_VERSION\s+As\s+String\s*=\s*"([^"]*)"',
    re.IGNORECASE | re.MULTILINE,
)


def xlwings_package_folder() -> Path | None:
    """The folder of the installed xlwings package, or None when it is not installed.

    Examples
    --------
    >>> (xlwings_package_folder() / "xlwings.bas").exists()
    True
    """
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def installed_xlwings_version() -> str | None:
    """The version of the installed xlwings package, or None when it is not installed.

    Examples
    --------
    >>> installed_xlwings_version().count(".") >= 1
    True
    """
    try:
        return importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        return None


def module_version(source: str) -> str | None:
    """The xlwings version a VBA source declares (``Public Const XLWINGS_VERSION``), if any.

    Examples
    --------
    >>> module_version('Public Const XLWINGS_VERSION As String = "0.37.8"\\r\\n')
    '0.37.8'
    >>> module_version("Sub A()\\nEnd Sub") is None
    True
    """
    match = _VERSION_CONSTANT.search(source)
    return match.group(1) if match else None


def standalone_modules(folder: str | Path | None = None) -> list[VbaModule]:
    """xlwings' VBA modules for a standalone workbook, read from the xlwings package.

    Parameters
    ----------
    folder : path-like, optional
        The xlwings package folder (default: the installed package).

    Raises
    ------
    PlanningError
        When xlwings is not installed or its package lacks one of the files.

    Examples
    --------
    >>> standalone_modules("/nowhere")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xl_salesplan.errors.PlanningError: a standalone workbook needs xlwings' VBA module ...
    """
    root = Path(folder) if folder is not None else xlwings_package_folder()
    modules = []
    for name in STANDALONE_MODULE_FILES:
        path = None if root is None else root / name
        try:
            text = path.read_bytes().decode("cp1252") if path is not None else None
        except OSError:
            text = None
        if text is None:
            where = "xlwings is not installed" if root is None else f"it is not in {root}"
            raise PlanningError(
                f"a standalone workbook needs xlwings' VBA module {name}, but {where}; "
                "install xlwings again (pip install --force-reinstall xlwings) or build "
                "the workbook without --standalone",
                code="missing_xlwings_module",
            )
        reader = class_module if name.endswith(".cls") else standard_module
        modules.append(reader(text))
    return modules

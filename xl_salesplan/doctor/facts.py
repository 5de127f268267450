"""What ``xl-salesplan doctor`` knows about a machine and a workbook: plain data, no I/O.

:mod:`~xl_salesplan.doctor.gather` collects these facts from the file system, the
environment and the workbook; :mod:`~xl_salesplan.doctor.checks` judges them. Tests
build facts directly (fake start-up folders, versions, configurations).

Examples
--------
>>> facts = MachineFacts(system="windows", python="C:/venv/Scripts/python.exe",
...                      xlwings_version="0.37.8")
>>> facts.addins, facts.workbook is None
((), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["AddinFile", "InterpreterFacts", "MachineFacts", "System", "WorkbookFacts"]

System = Literal["windows", "macos", "other"]


@dataclass(frozen=True)
class AddinFile:
    """An ``xlwings.xlam`` found in a start-up folder; ``version`` None when unreadable."""

    path: str
    version: str | None


@dataclass(frozen=True)
class InterpreterFacts:
    """The Python that Excel would start, following xlwings' configuration order.

    ``setting`` is the configured value (empty: none), ``source`` where it was found
    (``"sheet"``, ``"directory"``, ``"user"`` or ``"default"``), ``path`` the file it
    resolves to (None: not found), ``imports_udfs`` whether that Python imports the
    Excel functions' module (None: not tried) and ``error`` its one-line error.
    """

    setting: str
    source: str
    path: str | None
    imports_udfs: bool | None = None
    error: str = ""


@dataclass(frozen=True)
class WorkbookFacts:
    """The parts of a plan workbook that decide whether Excel can run its Python.

    ``config`` holds the ``xlwings.conf`` sheet's settings (keys upper case), None
    when the workbook has no such sheet; ``misnamed_config_sheets`` the sheets whose
    name only resembles it (``_xlwings.conf``). ``modules`` are (name, kind) pairs of
    the VBA project, ``project_references`` (name, absolute libid) of its references
    to other VBA projects, ``xlwings_module_version`` the version the embedded
    ``xlwings`` module declares (standalone workbooks).
    """

    path: str
    error: str = ""
    has_vba_project: bool = True
    modules: tuple[tuple[str, str], ...] = ()
    project_references: tuple[tuple[str, str], ...] = ()
    xlwings_module_version: str | None = None
    workbook_code_name: str | None = None
    sheet_code_names: tuple[tuple[str, str | None], ...] = ()
    config: dict[str, str] | None = None
    misnamed_config_sheets: tuple[str, ...] = ()


@dataclass(frozen=True)
class MachineFacts:
    """Everything the checks look at.

    ``startup_folders`` are where Excel loads add-ins from on this system (existing or
    not); ``addins`` the ``xlwings.xlam`` files found there; ``runpython_scripts`` the
    ``xlwings-<version>.applescript`` names in Excel's script folder (macOS);
    ``dll_versions`` the versions of the ``xlwings64/32-<version>.dll`` files next to
    the interpreter (Windows); ``udf_module`` the Excel functions' module and
    ``udf_import_error`` why this Python cannot import it (empty: it can).
    """

    system: System
    python: str
    xlwings_version: str | None
    startup_folders: tuple[str, ...] = ()
    addins: tuple[AddinFile, ...] = ()
    runpython_scripts: tuple[str, ...] = ()
    dll_versions: tuple[str, ...] = ()
    udf_module: str = "xl_salesplan_udfs"
    udf_import_error: str = ""
    interpreter: InterpreterFacts | None = None
    workbook: WorkbookFacts | None = None

"""Collect :class:`~xl_salesplan.doctor.facts.MachineFacts`: the shell of ``doctor``.

It reads what Python can see without Excel: the installed xlwings package, Excel's
start-up folder (where ``xlwings addin install`` copies ``xlwings.xlam``), the add-in's
version, the RunPython AppleScript (macOS), the xlwings DLLs next to the interpreter
(Windows), xlwings' configuration (the workbook's ``xlwings.conf`` sheet, an
``xlwings.conf`` file next to the workbook, the user's file) and the workbook's VBA
project. The start-up folders are those Excel reports as ``Application.StartupPath``
(which ``xlwings addin install`` uses): ``%APPDATA%\\Microsoft\\Excel\\XLSTART`` on
Windows and ``~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel``
on macOS (``User Content.localized/Startup.localized`` on disk).

Examples
--------
>>> import sys
>>> facts = gather_facts(None, system="other")
>>> facts.python == sys.executable, facts.workbook is None
(True, True)
"""

from __future__ import annotations

import csv
import importlib
import io
import ntpath
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from xl_salesplan.doctor.facts import (
    AddinFile,
    InterpreterFacts,
    MachineFacts,
    System,
    WorkbookFacts,
)
from xl_salesplan.errors import PlanningError
from xl_salesplan.layout import UDF_MODULE
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.reading import load_values
from xl_salesplan.ooxml.structure import WorkbookStructure
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import scan
from xl_salesplan.vba.vba_reader import read_vba_project
from xl_salesplan.vba.vba_references import XLWINGS_ADDIN_FILE, ProjectReference
from xl_salesplan.vba.xlwings_modules import installed_xlwings_version, module_version

__all__ = ["current_system", "gather_facts", "startup_folders", "user_config_file"]

_MAC_OFFICE = Path("Library/Group Containers/UBF8T346G9.Office")
_MAC_STARTUP = (
    _MAC_OFFICE / "User Content.localized/Startup.localized/Excel",
    _MAC_OFFICE / "User Content/Startup/Excel",
)
_MAC_SCRIPTS = Path("Library/Application Scripts/com.microsoft.Excel")
_MAC_EXCEL_DATA = Path("Library/Containers/com.microsoft.Excel/Data")
_CONFIG_SHEET = "xlwings.conf"
_PROBE_SECONDS = 60


def current_system() -> System:
    """``"windows"``, ``"macos"`` or ``"other"`` for this computer."""
    if sys.platform.startswith("win"):
        return "windows"
    return "macos" if sys.platform == "darwin" else "other"


def startup_folders(system: System) -> tuple[Path, ...]:
    """Excel's start-up folders for add-ins on ``system`` (from HOME / APPDATA).

    Examples
    --------
    >>> startup_folders("other")
    ()
    """
    if system == "windows":
        appdata = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return (Path(appdata) / "Microsoft" / "Excel" / "XLSTART",)
    if system == "macos":
        return tuple(Path.home() / folder for folder in _MAC_STARTUP)
    return ()


def user_config_file(system: System) -> Path:
    """xlwings' user configuration file (what ``xlwings config create`` writes)."""
    if system == "macos":
        return Path.home() / _MAC_EXCEL_DATA / "xlwings.conf"
    return Path.home() / ".xlwings" / "xlwings.conf"


def gather_facts(
    workbook: str | os.PathLike[str] | None,
    *,
    system: System | None = None,
    probe_interpreter: bool = True,
) -> MachineFacts:
    """The facts the checks judge, for this computer and (optionally) a workbook."""
    system = system or current_system()
    version = installed_xlwings_version()
    folders = startup_folders(system)
    book = _workbook_facts(Path(workbook)) if workbook is not None else None
    interpreter = None
    if system != "other":
        interpreter = _interpreter(system, book, probe_interpreter)
    return MachineFacts(
        system=system,
        python=sys.executable,
        xlwings_version=version,
        startup_folders=tuple(str(f) for f in folders),
        addins=_addins(folders),
        runpython_scripts=_names(Path.home() / _MAC_SCRIPTS, "xlwings-*.applescript")
        if system == "macos"
        else (),
        dll_versions=_dll_versions(interpreter) if system == "windows" else (),
        udf_module=UDF_MODULE,
        udf_import_error=_import_error(UDF_MODULE),
        interpreter=interpreter,
        workbook=book,
    )


def _addins(folders: tuple[Path, ...]) -> tuple[AddinFile, ...]:
    paths = [folder / XLWINGS_ADDIN_FILE for folder in folders]
    return tuple(_addin(path) for path in paths if path.is_file())


def _names(folder: Path, pattern: str) -> tuple[str, ...]:
    return tuple(sorted(p.name for p in folder.glob(pattern))) if folder.is_dir() else ()


def _addin(path: Path) -> AddinFile:
    try:
        project = Package.open(path).read("xl/vbaProject.bin")
        contents = read_vba_project(project, source=path.name)
    except (PlanningError, WorkbookError, KeyError, OSError):
        return AddinFile(str(path), None)
    versions = [module_version(m.source) for m in contents.modules]
    return AddinFile(str(path), next((v for v in versions if v), None))


def _dll_versions(interpreter: InterpreterFacts | None) -> tuple[str, ...]:
    if interpreter is None or interpreter.path is None:
        return ()
    folder = Path(interpreter.path).parent
    names = [*_names(folder, "xlwings*-*.dll"), *_names(folder.parent, "xlwings*-*.dll")]
    return tuple(sorted({name.rsplit("-", 1)[1].removesuffix(".dll") for name in names}))


def _import_error(module: str) -> str:
    try:
        importlib.import_module(module)
    except Exception as error:  # any failure to import is what the planner must fix
        return f"{type(error).__name__}: {error}"
    return ""


# ------------------------------------------------------------------ configuration


def _read_config_file(path: Path) -> dict[str, str]:
    """xlwings' ``"KEY","VALUE"`` lines (keys upper case); empty when absent."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return {
        row[0].strip().upper(): row[1] for row in csv.reader(io.StringIO(text)) if len(row) >= 2
    }


def _interpreter(system: System, book: WorkbookFacts | None, probe: bool) -> InterpreterFacts:
    """The interpreter xlwings' VBA would start (sheet, directory file, user file, default)."""
    layers = [
        ("sheet", (book.config or {}) if book is not None else {}),
        ("directory", _read_config_file(Path(book.path).parent / "xlwings.conf") if book else {}),
        ("user", _read_config_file(user_config_file(system))),
    ]
    platform_key = "INTERPRETER_WIN" if system == "windows" else "INTERPRETER_MAC"
    conda = _conda_interpreter(system, layers)
    if conda is not None:
        return _probed(conda, probe)
    setting, source = "", "default"
    for key in (platform_key, "INTERPRETER"):
        found = next(((name, c[key]) for name, c in layers if c.get(key, "").strip()), None)
        if found:
            source, setting = found
            break
    setting = _expand(setting.strip(), system) or ("pythonw" if system == "windows" else "python")
    if any(sep in setting for sep in "/\\"):
        path = setting if Path(setting).is_file() else None
    else:
        path = shutil.which(setting)
    return _probed(InterpreterFacts(setting, source, path, None), probe)


def _conda_interpreter(
    system: System, layers: list[tuple[str, dict[str, str]]]
) -> InterpreterFacts | None:
    """On Windows, a configured ``Conda Path`` (and ``Conda Env``) replaces the interpreter."""
    found = next(((name, c) for name, c in layers if c.get("CONDA PATH", "").strip()), None)
    if system != "windows" or found is None:
        return None
    source, config = found
    base = Path(_expand(config["CONDA PATH"].strip(), system))
    env = config.get("CONDA ENV", "").strip() or "base"
    python = base / "python.exe" if env == "base" else base / "envs" / env / "python.exe"
    setting = f"{config['CONDA PATH'].strip()} (conda env {env})"
    return InterpreterFacts(setting, source, str(python) if python.is_file() else None)


def _probed(found: InterpreterFacts, probe: bool) -> InterpreterFacts:
    """``found`` with whether its Python imports the Excel functions' module."""
    if found.path is None or not probe:
        return found
    if _same_file(found.path, sys.executable):
        return replace(found, imports_udfs=not _import_error(UDF_MODULE))
    ok, error = _probe(found.path)
    return replace(found, imports_udfs=ok, error=error)


def _expand(value: str, system: System) -> str:
    if system == "windows":
        return ntpath.expandvars(value)
    return value.replace("$HOME", str(Path.home()))


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _probe(path: str) -> tuple[bool, str]:
    """Whether the interpreter at ``path`` imports the Excel functions' module."""
    runner = Path(path)
    if runner.name.lower() == "pythonw.exe" and (runner.parent / "python.exe").exists():
        runner = runner.parent / "python.exe"  # pythonw has no stderr to report with
    try:
        done = subprocess.run(
            [str(runner), "-c", f"import {UDF_MODULE}"],
            capture_output=True,
            text=True,
            timeout=_PROBE_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    lines = done.stderr.strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""


# ------------------------------------------------------------------ the workbook


def _workbook_facts(path: Path) -> WorkbookFacts:
    try:
        package = Package.open(path)
        structure = WorkbookStructure.from_package(package)
    except (WorkbookError, OSError) as error:
        return WorkbookFacts(str(path), error=str(error))
    sheets = [s for s in structure.sheets if s.kind == "worksheet" and s.part]
    code_names = tuple((s.name, _code_name(package, s.part, "sheetPr")) for s in sheets)
    workbook_code = _code_name(package, structure.workbook_part, "workbookPr")
    config, misnamed = _config_sheet(path, [s.name for s in structure.sheets])
    vba_parts = package.related(structure.workbook_part, "vbaProject")
    if not vba_parts:
        return WorkbookFacts(str(path), has_vba_project=False, config=config)
    try:
        contents = read_vba_project(package.read(vba_parts[0]), source=path.name)
    except PlanningError as error:
        return WorkbookFacts(str(path), error=str(error))
    embedded = contents.module("xlwings")
    return WorkbookFacts(
        str(path),
        modules=tuple((m.name, m.kind) for m in contents.modules),
        project_references=tuple(
            (r.name, r.libid_absolute)
            for r in contents.references
            if isinstance(r, ProjectReference)
        ),
        xlwings_module_version=module_version(embedded.source) if embedded else None,
        workbook_code_name=workbook_code,
        sheet_code_names=code_names,
        config=config,
        misnamed_config_sheets=misnamed,
    )


def _code_name(package: Package, part: str | None, element: str) -> str | None:
    if part is None:
        return None
    for span in scan(package.read(part), max_depth=1, only=(element,), text_of=(), part=part):
        if span.local == element:
            return span.attrs.get("codeName")
    return None


def _config_sheet(path: Path, sheets: list[str]) -> tuple[dict[str, str] | None, tuple[str, ...]]:
    misnamed = tuple(
        s for s in sheets if s != _CONFIG_SHEET and s.lower().strip(" _") == _CONFIG_SHEET
    )
    if _CONFIG_SHEET not in sheets:
        return None, misnamed
    workbook = load_values(path)
    try:
        config: dict[str, str] = {}
        for key, value in workbook[_CONFIG_SHEET].iter_rows(max_col=2, values_only=True):
            if key is None or str(key).strip() == "":
                break
            config[str(key).strip().upper()] = "" if value is None else str(value)
    finally:
        workbook.close()
    return config, misnamed

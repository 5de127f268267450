"""The checks of ``xl-salesplan doctor``: pure judgements over :class:`MachineFacts`.

Each finding is ``ok`` (a check that passed, shown so the planner sees what was
looked at), a ``note`` (worth knowing, nothing to do) or a ``problem`` with what to
do. The texts are in the message catalogue (``doctor.*`` keys, English and Chinese).

Examples
--------
>>> facts = MachineFacts(system="other", python="/venv/bin/python", xlwings_version="0.37.8")
>>> [(f.level, f.key) for f in diagnose(facts)]  # doctest: +NORMALIZE_WHITESPACE
[('ok', 'doctor.xlwings_ok'), ('note', 'doctor.no_excel'), ('ok', 'doctor.udf_ok')]
>>> problems(diagnose(MachineFacts(system="other", python="py", xlwings_version=None)))
['doctor.xlwings_missing']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

from xl_salesplan.doctor.facts import MachineFacts, WorkbookFacts

__all__ = ["Finding", "diagnose", "problems", "workbook_mode"]

Level = Literal["ok", "note", "problem"]
Mode = Literal["addin", "standalone", "both", "none"]

_APPLESCRIPT_FOLDER = "~/Library/Application Scripts/com.microsoft.Excel"


@dataclass(frozen=True)
class Finding:
    """One result: its level, its message key and the values the message names.

    A problem's fix is the message ``<key>.fix`` with the same values.
    """

    level: Level
    key: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def fix_key(self) -> str | None:
        """The message key of what to do (problems only)."""
        return f"{self.key}.fix" if self.level == "problem" else None


def problems(findings: list[Finding]) -> list[str]:
    """The keys of the problems among ``findings``.

    Examples
    --------
    >>> problems([Finding("ok", "a"), Finding("problem", "b")])
    ['b']
    """
    return [f.key for f in findings if f.level == "problem"]


def workbook_mode(workbook: WorkbookFacts) -> Mode:
    """Where a workbook's ``RunPython`` comes from: the add-in, its own module, both, none.

    Examples
    --------
    >>> workbook_mode(WorkbookFacts("p.xlsm", modules=(("xlwings", "standard"),)))
    'standalone'
    >>> workbook_mode(WorkbookFacts("p.xlsm", project_references=(("xlwings", "*\\\\Cx"),)))
    'addin'
    """
    references = any(name.lower() == "xlwings" for name, _ in workbook.project_references)
    module = any(name.lower() == "xlwings" for name, _ in workbook.modules)
    if references and module:
        return "both"
    return "addin" if references else "standalone" if module else "none"


def diagnose(facts: MachineFacts) -> list[Finding]:
    """Every finding about ``facts``, in the order a planner would fix them.

    Examples
    --------
    >>> facts = MachineFacts(system="windows", python="C:/py/python.exe",
    ...                      xlwings_version="0.37.8", startup_folders=("C:/XLSTART",))
    >>> problems(diagnose(facts))
    ['doctor.addin_missing']
    """
    out = [_package(facts)]
    book = facts.workbook
    usable = book is not None and not book.error and book.has_vba_project
    mode = workbook_mode(book) if usable and book is not None else None
    if facts.system == "other":
        out.append(Finding("note", "doctor.no_excel"))
    else:
        out += _addin(facts, mode)
        out += _excel_bridge(facts, _vba_version(facts, mode))
        out += _interpreter(facts)
    out.append(_udf_module(facts))
    if book is not None:
        out += _workbook(book, facts, mode)
    return out


def _package(facts: MachineFacts) -> Finding:
    if facts.xlwings_version is None:
        return Finding("problem", "doctor.xlwings_missing", {"python": facts.python})
    return Finding(
        "ok", "doctor.xlwings_ok", {"version": facts.xlwings_version, "python": facts.python}
    )


def _addin(facts: MachineFacts, mode: Mode | None) -> list[Finding]:
    if mode == "standalone":
        return [Finding("note", "doctor.addin_not_needed")]
    if not facts.addins:
        folders = "; ".join(facts.startup_folders) or "?"
        return [Finding("problem", "doctor.addin_missing", {"folders": folders})]
    out = []
    for addin in facts.addins:
        if addin.version is None:
            out.append(Finding("problem", "doctor.addin_unreadable", {"path": addin.path}))
        elif facts.xlwings_version is not None and addin.version != facts.xlwings_version:
            out.append(
                Finding(
                    "problem",
                    "doctor.addin_version",
                    {"path": addin.path, "addin": addin.version, "package": facts.xlwings_version},
                )
            )
        else:
            out.append(
                Finding("ok", "doctor.addin_ok", {"path": addin.path, "version": addin.version})
            )
    return out


def _vba_version(facts: MachineFacts, mode: Mode | None) -> str | None:
    """The xlwings version the VBA code Excel runs asks for (DLL, AppleScript names)."""
    if mode == "standalone" and facts.workbook is not None:
        return facts.workbook.xlwings_module_version
    versions = [a.version for a in facts.addins if a.version]
    return versions[0] if versions else facts.xlwings_version


def _excel_bridge(facts: MachineFacts, version: str | None) -> list[Finding]:
    if version is None:
        return []
    if facts.system == "macos":
        script = f"xlwings-{version}.applescript"
        if script not in facts.runpython_scripts:
            params = {"script": script, "folder": _APPLESCRIPT_FOLDER}
            return [Finding("problem", "doctor.runpython_missing", params)]
        return [Finding("ok", "doctor.runpython_ok", {"script": script})]
    interpreter = facts.interpreter
    if facts.system != "windows" or interpreter is None or interpreter.path is None:
        return []
    folder = str(PurePath(interpreter.path).parent)
    if version not in facts.dll_versions:
        return [Finding("problem", "doctor.dll_missing", {"version": version, "folder": folder})]
    return [Finding("ok", "doctor.dll_ok", {"version": version, "folder": folder})]


def _interpreter(facts: MachineFacts) -> list[Finding]:
    found = facts.interpreter
    if found is None:
        return []
    params: dict[str, object] = {
        "setting": found.setting,
        "source": found.source,
        "path": found.path or "",
        "python": facts.python,
        "module": facts.udf_module,
        "error": found.error,
    }
    if found.path is None:
        if found.source == "default":
            return [Finding("problem", "doctor.interpreter_default_missing", params)]
        return [Finding("problem", "doctor.interpreter_missing", params)]
    if found.imports_udfs is False:
        return [Finding("problem", "doctor.interpreter_cannot_import", params)]
    return [Finding("ok", "doctor.interpreter_ok", params)]


def _udf_module(facts: MachineFacts) -> Finding:
    params = {"module": facts.udf_module, "error": facts.udf_import_error, "python": facts.python}
    if facts.udf_import_error:
        return Finding("problem", "doctor.udf_import", params)
    return Finding("ok", "doctor.udf_ok", params)


def _workbook(book: WorkbookFacts, facts: MachineFacts, mode: Mode | None) -> list[Finding]:
    where = {"path": book.path}
    if book.error:
        return [Finding("problem", "doctor.workbook_unreadable", {**where, "error": book.error})]
    if not book.has_vba_project or mode is None:
        return [Finding("problem", "doctor.no_vba", where)]
    out = [_mode_finding(book, facts, mode)]
    out += _code_names(book)
    out += _config_sheet(book, facts)
    return out


def _mode_finding(book: WorkbookFacts, facts: MachineFacts, mode: Mode) -> Finding:
    where = {"path": book.path}
    if mode == "none":
        return Finding("problem", "doctor.no_runpython", where)
    if mode == "both":
        return Finding("problem", "doctor.both_modes", where)
    if mode == "addin":
        libid = next(libid for name, libid in book.project_references if name.lower() == "xlwings")
        return Finding("ok", "doctor.uses_addin", {**where, "libid": libid})
    version = book.xlwings_module_version or "?"
    if facts.xlwings_version is not None and version != facts.xlwings_version:
        params = {**where, "module": version, "package": facts.xlwings_version}
        return Finding("problem", "doctor.module_version", params)
    return Finding("ok", "doctor.standalone", {**where, "version": version})


def _code_names(book: WorkbookFacts) -> list[Finding]:
    documents = {name.lower() for name, kind in book.modules if kind == "document"}
    out = []
    code = book.workbook_code_name
    if not code or code.lower() not in documents:
        out.append(Finding("problem", "doctor.workbook_code_name", {"code": code or ""}))
    for sheet, code in book.sheet_code_names:
        if not code or code.lower() not in documents:
            out.append(
                Finding("problem", "doctor.sheet_code_name", {"sheet": sheet, "code": code or ""})
            )
    if not out:
        return [Finding("ok", "doctor.code_names_ok", {"count": len(book.sheet_code_names)})]
    return out


def _config_sheet(book: WorkbookFacts, facts: MachineFacts) -> list[Finding]:
    out = [
        Finding("problem", "doctor.config_misnamed", {"sheet": sheet})
        for sheet in book.misnamed_config_sheets
    ]
    if book.config is None:
        return [*out, Finding("problem", "doctor.config_missing", {"module": facts.udf_module})]
    value = book.config.get("UDF MODULES", "")
    modules = [m.strip() for m in value.split(";") if m.strip()]
    if facts.udf_module not in modules:
        params = {"value": value, "module": facts.udf_module}
        return [*out, Finding("problem", "doctor.config_udf", params)]
    return [*out, Finding("ok", "doctor.config_ok", {"module": facts.udf_module})]

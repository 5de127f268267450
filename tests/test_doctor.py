"""xl-salesplan doctor: every problem it reports, with fake start-up folders and versions.

The machine side runs with HOME and APPDATA in a temporary folder (fake start-up
folders, add-ins, AppleScripts, DLLs and configuration files); the workbook side
with workbooks written here with the project's own VBA writer.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from xl_salesplan import cli
from xl_salesplan.doctor import checks, diagnose, doctor_report, problems
from xl_salesplan.doctor import gather as gather_module
from xl_salesplan.doctor.facts import AddinFile, InterpreterFacts, MachineFacts, WorkbookFacts
from xl_salesplan.doctor.gather import gather_facts, startup_folders
from xl_salesplan.layout import SHEETS
from xl_salesplan.messages import message
from xl_salesplan.vba.module_sources import excel_document_modules, standard_module
from xl_salesplan.vba.vba_project import build_vba_project
from xl_salesplan.vba.vba_references import DEFAULT_REFERENCES, STANDALONE_REFERENCES
from xl_salesplan.vba.xlwings_modules import installed_xlwings_version

VERSION = installed_xlwings_version()
OTHER = "0.30.1"


def _version_module(name: str, version: str):
    return standard_module(
        f'Attribute VB_Name = "{name}"\nPublic Const XLWINGS_VERSION As String = "{version}"\n'
    )


def _fake_addin(folder: Path, version: str) -> Path:
    """An xlwings.xlam whose VBA project declares ``version`` (as the add-in's Main does)."""
    folder.mkdir(parents=True, exist_ok=True)
    project = build_vba_project(
        [*excel_document_modules(["Sheet1"]), _version_module("Main", version)],
        references=STANDALONE_REFERENCES,
    )
    path = folder / "xlwings.xlam"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/vbaProject.bin", project)
    return path


def _workbook(path: Path, *, modules=None, references=DEFAULT_REFERENCES, sheets=None,
              config=(("UDF Modules", "xl_salesplan_udfs"),), config_name="xlwings.conf",
              vba=True) -> Path:  # fmt: skip
    """A small plan-like workbook: sheets with code names, a config sheet, a VBA project."""
    sheets = sheets or {"Plan": "shPlan"}
    workbook = xlsxwriter.Workbook(str(path))
    if vba:
        workbook.set_vba_name("ThisWorkbook")
    for name, code_name in sheets.items():
        sheet = workbook.add_worksheet(name)
        if vba:
            sheet.set_vba_name(code_name)
    if config is not None:
        sheet = workbook.add_worksheet(config_name)
        if vba:
            sheet.set_vba_name("shConfig")
        for row, (key, value) in enumerate(config):
            sheet.write(row, 0, key)
            sheet.write(row, 1, value)
    if vba:
        if modules is None:
            modules = [
                *excel_document_modules([*sheets.values(), "shConfig"]),
                standard_module('Attribute VB_Name = "Buttons"\n'),
            ]
        project = build_vba_project(modules, references=references)
        workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    workbook.close()
    return path


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """HOME and APPDATA in tmp_path; the user's xlwings.conf names this Python."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    return home


def _user_config(home: Path, system: str, **settings: str) -> None:
    folder = (
        home / "Library/Containers/com.microsoft.Excel/Data"
        if system == "macos"
        else home / ".xlwings"
    )
    folder.mkdir(parents=True, exist_ok=True)
    lines = "".join(f'"{key}","{value}"\n' for key, value in settings.items())
    (folder / "xlwings.conf").write_text(lines, encoding="utf-8")


def _keys(facts: MachineFacts) -> list[str]:
    """The problems found; rendering them in both languages checks every text exists."""
    findings = diagnose(facts)
    for language in ("en", "zh-CN"):
        assert len(doctor_report(findings, language)) == len(findings) + len(problems(findings))
    return problems(findings)


def _fake_python(folder: Path, *, imports: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "python.exe"
    failure = "echo \"ModuleNotFoundError: No module named 'xl_salesplan_udfs'\" >&2; exit 1"
    path.write_text("#!/bin/sh\n" + ("exit 0\n" if imports else failure + "\n"))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


# ------------------------------------------------------------------ the machine


def test_startup_folders_follow_appdata_and_home(machine):
    assert startup_folders("windows") == (
        machine / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART",
    )
    mac = startup_folders("macos")
    assert mac[0] == machine / (
        "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
    )


@pytest.mark.parametrize("system", ["windows", "macos"])
def test_no_add_in_in_the_startup_folder(machine, system):
    _user_config(machine, system, **{f"INTERPRETER_{system[:3].upper()}": sys.executable})
    facts = gather_facts(None, system=system)
    assert "doctor.addin_missing" in _keys(facts)
    finding = next(f for f in diagnose(facts) if f.key == "doctor.addin_missing")
    assert str(startup_folders(system)[0]) in str(finding.params["folders"])


@pytest.mark.parametrize("system", ["windows", "macos"])
def test_add_in_of_another_version_than_the_package(machine, system):
    _fake_addin(startup_folders(system)[0], OTHER)
    facts = gather_facts(None, system=system)
    assert facts.addins[0].version == OTHER
    assert "doctor.addin_version" in _keys(facts)
    assert "doctor.addin_missing" not in _keys(facts)


def test_add_in_of_the_package_version_passes(machine):
    _fake_addin(startup_folders("windows")[0], VERSION)
    _user_config(machine, "windows", INTERPRETER_WIN=sys.executable)
    facts = gather_facts(None, system="windows")
    levels = {f.key: f.level for f in diagnose(facts)}
    assert levels["doctor.addin_ok"] == "ok"
    assert levels["doctor.interpreter_ok"] == "ok"


def test_unreadable_add_in(machine):
    folder = startup_folders("windows")[0]
    folder.mkdir(parents=True)
    (folder / "xlwings.xlam").write_bytes(b"not an add-in")
    assert "doctor.addin_unreadable" in _keys(gather_facts(None, system="windows"))


def test_mac_runpython_applescript_of_the_add_ins_version(machine):
    _fake_addin(startup_folders("macos")[1], VERSION)
    assert "doctor.runpython_missing" in _keys(gather_facts(None, system="macos"))
    scripts = machine / "Library/Application Scripts/com.microsoft.Excel"
    scripts.mkdir(parents=True)
    (scripts / f"xlwings-{OTHER}.applescript").write_text("")
    assert "doctor.runpython_missing" in _keys(gather_facts(None, system="macos"))
    (scripts / f"xlwings-{VERSION}.applescript").write_text("")
    facts = gather_facts(None, system="macos")
    assert "doctor.runpython_missing" not in _keys(facts)
    assert "doctor.runpython_ok" in [f.key for f in diagnose(facts)]


def test_windows_dll_next_to_the_interpreter(machine, tmp_path):
    _fake_addin(startup_folders("windows")[0], VERSION)
    python = _fake_python(tmp_path / "venv" / "Scripts", imports=True)
    _user_config(machine, "windows", INTERPRETER_WIN=str(python))
    assert "doctor.dll_missing" in _keys(gather_facts(None, system="windows"))
    (tmp_path / "venv" / f"xlwings64-{VERSION}.dll").write_bytes(b"")  # the parent folder
    facts = gather_facts(None, system="windows")
    assert facts.dll_versions == (VERSION,)
    assert not _keys(facts)


def test_configured_interpreter_that_does_not_exist(machine, tmp_path):
    _user_config(machine, "windows", INTERPRETER_WIN=str(tmp_path / "gone" / "python.exe"))
    facts = gather_facts(None, system="windows")
    assert facts.interpreter.source == "user"
    assert "doctor.interpreter_missing" in _keys(facts)


def test_the_workbook_sheet_setting_wins_over_the_user_file(machine, tmp_path):
    _user_config(machine, "macos", INTERPRETER_MAC=sys.executable)
    book = _workbook(
        tmp_path / "plan.xlsm",
        config=(("UDF Modules", "xl_salesplan_udfs"), ("Interpreter_Mac", "/no/python")),
    )
    facts = gather_facts(book, system="macos")
    assert (facts.interpreter.source, facts.interpreter.setting) == ("sheet", "/no/python")
    assert "doctor.interpreter_missing" in _keys(facts)


def test_conda_settings_replace_the_interpreter_on_windows(machine, tmp_path):
    conda = tmp_path / "miniconda3"
    _user_config(machine, "windows", **{"CONDA PATH": str(conda), "CONDA ENV": "plan"})
    facts = gather_facts(None, system="windows")
    assert facts.interpreter.setting == f"{conda} (conda env plan)"
    assert "doctor.interpreter_missing" in _keys(facts)
    _fake_python(conda / "envs" / "plan", imports=True)
    facts = gather_facts(None, system="windows")
    assert facts.interpreter.path == str(conda / "envs" / "plan" / "python.exe")
    assert facts.interpreter.imports_udfs is True


def test_no_interpreter_configured_and_none_on_the_path(machine, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    facts = gather_facts(None, system="windows")
    assert (facts.interpreter.source, facts.interpreter.setting) == ("default", "pythonw")
    assert "doctor.interpreter_default_missing" in _keys(facts)


def test_interpreter_that_cannot_import_the_functions(machine, tmp_path):
    python = _fake_python(tmp_path / "other", imports=False)
    _user_config(machine, "macos", INTERPRETER_MAC=str(python))
    facts = gather_facts(None, system="macos")
    assert facts.interpreter.imports_udfs is False
    assert "xl_salesplan_udfs" in facts.interpreter.error
    assert "doctor.interpreter_cannot_import" in _keys(facts)


def test_this_python_cannot_import_the_functions_module(monkeypatch):
    monkeypatch.setattr(gather_module, "UDF_MODULE", "no_such_udf_module_here")
    facts = gather_facts(None, system="other")
    assert "ModuleNotFoundError" in facts.udf_import_error
    assert _keys(facts) == ["doctor.udf_import"]


def test_xlwings_not_installed():
    facts = MachineFacts(system="other", python="/venv/bin/python", xlwings_version=None)
    assert _keys(facts) == ["doctor.xlwings_missing"]


def test_on_a_computer_without_excel_only_a_note():
    facts = MachineFacts(system="other", python="p", xlwings_version=VERSION)
    assert [(f.level, f.key) for f in diagnose(facts)][1] == ("note", "doctor.no_excel")
    assert not _keys(facts)


# ------------------------------------------------------------------ the workbook


def _book_keys(path: Path) -> list[str]:
    return _keys(gather_facts(path, system="other"))


def test_a_new_plan_workbook_has_no_problem(tmp_path):
    path = tmp_path / "plan.xlsm"
    assert cli.main(["-q", "new", str(path)]) == 0
    facts = gather_facts(path, system="other")
    assert not _keys(facts)
    assert facts.workbook.project_references == (("xlwings", "*\\Cxlwings.xlam"),)
    code_names = {code for _, code in facts.workbook.sheet_code_names}
    assert code_names == {spec.code_name for spec in SHEETS.values()}


def test_unreadable_workbook(tmp_path):
    (tmp_path / "plan.xlsm").write_bytes(b"not a zip")
    assert _book_keys(tmp_path / "plan.xlsm") == ["doctor.workbook_unreadable"]
    assert _book_keys(tmp_path / "missing.xlsm") == ["doctor.workbook_unreadable"]


def test_workbook_without_vba_project(tmp_path):
    assert _book_keys(_workbook(tmp_path / "plan.xlsx", vba=False)) == ["doctor.no_vba"]


def test_workbook_without_the_add_in_reference_or_xlwings_module(tmp_path):
    path = _workbook(tmp_path / "plan.xlsm", references=STANDALONE_REFERENCES)
    assert _book_keys(path) == ["doctor.no_runpython"]


def test_workbook_with_both_the_reference_and_the_module(tmp_path):
    modules = [*excel_document_modules(["shPlan", "shConfig"]), _version_module("xlwings", VERSION)]
    assert _book_keys(_workbook(tmp_path / "p.xlsm", modules=modules)) == ["doctor.both_modes"]


def test_standalone_workbook_of_another_xlwings_version(tmp_path):
    modules = [*excel_document_modules(["shPlan", "shConfig"]), _version_module("xlwings", OTHER)]
    path = _workbook(tmp_path / "p.xlsm", modules=modules, references=STANDALONE_REFERENCES)
    assert _book_keys(path) == ["doctor.module_version"]
    same = [*modules[:-1], _version_module("xlwings", VERSION)]
    path = _workbook(tmp_path / "q.xlsm", modules=same, references=STANDALONE_REFERENCES)
    assert _book_keys(path) == []


def test_standalone_workbook_needs_no_add_in(machine, tmp_path):
    path = tmp_path / "plan.xlsm"
    assert cli.main(["-q", "new", str(path), "--standalone"]) == 0
    _user_config(machine, "windows", INTERPRETER_WIN=sys.executable)
    findings = diagnose(gather_facts(path, system="windows"))
    assert "doctor.addin_missing" not in problems(findings)
    assert ("note", "doctor.addin_not_needed") in [(f.level, f.key) for f in findings]


def test_code_names_without_document_modules(tmp_path):
    modules = [*excel_document_modules(["shOther", "shConfig"], workbook_code_name="Book")]
    path = _workbook(tmp_path / "p.xlsm", modules=[*modules, _version_module("M", VERSION)])
    keys = _book_keys(path)
    assert keys == ["doctor.workbook_code_name", "doctor.sheet_code_name"]
    finding = next(f for f in diagnose(gather_facts(path, system="other")) if "sheet_" in f.key)
    assert finding.params == {"sheet": "Plan", "code": "shPlan"}


def test_configuration_sheet_missing_misnamed_or_without_the_module(tmp_path):
    assert _book_keys(_workbook(tmp_path / "a.xlsm", config=None)) == ["doctor.config_missing"]
    misnamed = _workbook(tmp_path / "b.xlsm", config_name="_xlwings.conf")
    assert _book_keys(misnamed) == ["doctor.config_misnamed", "doctor.config_missing"]
    other = _workbook(tmp_path / "c.xlsm", config=(("UDF Modules", "my_udfs"),))
    assert _book_keys(other) == ["doctor.config_udf"]
    both = _workbook(tmp_path / "d.xlsm", config=(("UDF Modules", "my_udfs;xl_salesplan_udfs"),))
    assert _book_keys(both) == []


# ------------------------------------------------------------------ report and command line


def test_every_problem_has_what_to_do_in_both_languages():
    catalogue = message.__globals__["CATALOGUE"]
    source = Path(checks.__file__).read_text(encoding="utf-8")
    reported = {key for key in catalogue if key.startswith("doctor.") and f'"{key}"' in source}
    for key in reported:
        fix = catalogue.get(f"{key}.fix")
        if f'"problem", "{key}"' in source:
            assert fix is not None, f"{key}: a problem without what to do"
        en, zh = catalogue[key]
        assert en and zh
    assert len([k for k in reported if f"{k}.fix" in catalogue]) == len(
        [k for k in catalogue if k.startswith("doctor.") and k.endswith(".fix")]
    ), "a fix text that no problem uses"


def test_report_lines_put_the_fix_under_each_problem():
    facts = MachineFacts(
        system="windows",
        python="C:/py/python.exe",
        xlwings_version=VERSION,
        addins=(AddinFile("C:/XLSTART/xlwings.xlam", OTHER),),
        interpreter=InterpreterFacts("C:/py/python.exe", "user", "C:/py/python.exe", True),
        dll_versions=(VERSION,),
        workbook=WorkbookFacts("p.xlsm", has_vba_project=False),
    )
    lines = doctor_report(diagnose(facts), "zh-CN")
    at = next(i for i, line in enumerate(lines) if f"版本为 {OTHER}" in line)
    assert lines[at].startswith("问题") and "xlwings addin install" in lines[at + 1]


def test_command_exit_code_and_json(tmp_path, capsys):
    good = tmp_path / "plan.xlsm"
    assert cli.main(["-q", "new", str(good)]) == 0
    capsys.readouterr()
    if gather_module.current_system() == "other":
        assert cli.main(["doctor", str(good)]) == cli.EXIT_OK
        assert "No problems found" in capsys.readouterr().out
    bad = _workbook(tmp_path / "bad.xlsm", config=None)
    assert cli.main(["doctor", "--json", str(bad)]) == cli.EXIT_INVALID_INPUT
    payload = json.loads(capsys.readouterr().out)
    missing = [f for f in payload["details"]["findings"] if f["code"] == "config_missing"]
    assert missing and "A1" in missing[0]["fix"] and payload["ok"] is False


def test_command_without_a_workbook_checks_the_machine(capsys):
    code = cli.main(["doctor", "--lang", "zh-CN"])
    out = capsys.readouterr().out
    assert code in (cli.EXIT_OK, cli.EXIT_INVALID_INPUT)
    assert "xlwings" in out and os.path.basename(sys.executable) in out

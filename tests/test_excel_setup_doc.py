"""docs/excel_setup.md, checked against the commands it names.

Every ``xl-salesplan ...`` command quoted in the guide (and in the README's "Use it in
Excel" section) parses with the command line's own parser; the walkthrough's
``xl-salesplan`` steps run in order on fresh files and succeed; every ``xlwings ...``
command it names exists in the installed xlwings command line (``runpython`` exists
only on macOS, so it is parsed as macOS would).
"""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xl_salesplan import cli
from xl_salesplan.doctor.gather import startup_folders, user_config_file
from xl_salesplan.template.build import template_bytes

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "excel_setup.md"
README = ROOT / "README.md"


def _commands(text: str, program: str) -> list[list[str]]:
    """Command lines of ``program`` in code spans and code blocks (comments dropped)."""
    found = []
    spans = re.findall(r"`([^`\n]+)`", text)
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    for line in [*spans, *lines]:
        line = line.split("#", 1)[0].strip()
        if line.startswith(program + " "):
            found.append(shlex.split(line, posix=True)[1:])
    return found


def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Use it in Excel", 1)[1].split("\n## ", 1)[0]


def _walkthroughs() -> dict[str, list[list[str]]]:
    """The ``xl-salesplan`` lines of each platform's walkthrough block, in order."""
    part = GUIDE.read_text(encoding="utf-8").split("## The walkthrough in short", 1)[1]
    blocks = re.findall(r"(Windows|macOS):\n\n```[a-z]*\n(.*?)```", part, flags=re.S)
    return {name: _commands(f"```\n{body}```", "xl-salesplan") for name, body in blocks}


def test_the_guide_quotes_the_commands_a_planner_needs():
    commands = [" ".join(c) for c in _commands(GUIDE.read_text(encoding="utf-8"), "xl-salesplan")]
    for needed in ("new my_plan.xlsm", "new my_plan.xlsm --standalone", "doctor my_plan.xlsm"):
        assert needed in commands
    assert set(_walkthroughs()) == {"Windows", "macOS"}


@pytest.mark.parametrize("source", ["guide", "readme"])
def test_every_quoted_command_parses(source):
    text = GUIDE.read_text(encoding="utf-8") if source == "guide" else _readme_section()
    commands = _commands(text, "xl-salesplan")
    assert commands
    parser = cli.build_parser()
    for argv in commands:
        if argv == ["--help"]:
            continue
        try:
            parser.parse_args(argv)
        except SystemExit as stop:  # pragma: no cover - the failure message names the line
            pytest.fail(f"xl-salesplan {' '.join(argv)}: does not parse ({stop.code})")


@pytest.mark.parametrize("platform", ["Windows", "macOS"])
def test_the_walkthrough_runs_step_by_step(platform, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    steps = _walkthroughs()[platform]
    assert [argv[0] for argv in steps] == ["new", "doctor"]
    for argv in steps:
        assert cli.main(["-q", *argv]) == cli.EXIT_OK, (argv, capsys.readouterr())
    assert (tmp_path / "my_plan.xlsm").exists()


def test_every_named_xlwings_command_exists():
    text = GUIDE.read_text(encoding="utf-8") + _readme_section()
    commands = {tuple(argv) for argv in _commands(text, "xlwings")}
    assert ("addin", "install") in commands and ("runpython", "install") in commands
    for argv in sorted(commands):
        platform = "darwin" if argv[0] == "runpython" else sys.platform  # macOS-only command
        code = (
            "import sys, xlwings.cli as c; "
            f"sys.platform = {platform!r}; sys.argv = ['xlwings', *{list(argv)!r}, '--help']; "
            "c.main()"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (argv, done.stderr[-300:])
        assert "usage: xlwings" in done.stdout


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_instructions_sheet_says_how_to_install(language):
    data = (
        (ROOT / "workbook_template.xlsm").read_bytes()
        if language == "en"
        else template_bytes(lang=language)
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        sheet = workbook.worksheets[0]  # Instructions / 使用说明
        text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    finally:
        workbook.close()
    assert "pip install xl-salesplan" not in text
    for needed in ("python -m pip install", ".whl", "xlwings addin install", "xl-salesplan doctor"):
        assert needed in text, needed
    assert "docs/excel_setup.md" in text


def test_the_guide_names_the_folders_doctor_looks_in(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData" / "Roaming"))
    text = GUIDE.read_text(encoding="utf-8")
    windows = startup_folders("windows")[0].relative_to(tmp_path / "AppData" / "Roaming")
    assert "%APPDATA%\\" + str(windows).replace("/", "\\") in text
    mac = {str(folder.relative_to(tmp_path)) for folder in startup_folders("macos")}
    assert any(f"~/{folder}" in text for folder in mac)
    assert f"~/{user_config_file('macos').relative_to(tmp_path)}" in text
    assert "%USERPROFILE%\\.xlwings\\xlwings.conf" in text
    assert user_config_file("windows") == tmp_path / ".xlwings" / "xlwings.conf"

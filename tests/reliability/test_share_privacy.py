"""The share copy leaves the company: nothing in it names a person or a path, hidden
sheets go unless asked for, and it reads as a finished report."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from plan_files import plan_copy

from reliability.limits import run_limited
from reliability.planted_workbook import SECRETS, build_planted_workbook
from xl_salesplan.actions.share import share_copy
from xl_salesplan.messages.instructions import MESSAGES as INSTRUCTIONS
from xl_salesplan.workbook.share_copy import make_share_copy


def _all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(name).decode("utf-8", "replace") + name for name in zf.namelist())


def test_the_planted_workbook_does_hold_every_secret(tmp_path: Path) -> None:
    planted = _all_text(build_planted_workbook(tmp_path))
    for secret in SECRETS:
        assert secret in planted, secret


def test_no_secret_survives_the_share_copy(tmp_path: Path) -> None:
    source = build_planted_workbook(tmp_path)
    target = tmp_path / "share.xlsx"
    report = make_share_copy(source, target)
    text = _all_text(target)
    for secret in SECRETS:
        assert secret not in text, secret
    assert sorted(report.hidden_sheets) == ["bonus", "payroll"]
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["plan"]
    plan = book["plan"]
    assert [plan["A2"].value, plan["B2"].value, plan["C2"].value] == ["North", 120, 240]
    assert plan["C1"].value is None  # the cached CELL("filename") path
    assert plan["A2"].comment is not None and "check with finance" in plan["A2"].comment.text
    assert set(book.defined_names) == {"Targets"}


def test_hidden_sheets_are_kept_only_when_asked(tmp_path: Path) -> None:
    source = build_planted_workbook(tmp_path)
    target = tmp_path / "share.xlsx"
    report = make_share_copy(source, target, keep_hidden=True)
    assert report.hidden_sheets == []
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["plan", "payroll", "bonus"]
    assert book["payroll"].sheet_state == "hidden"


def test_the_command_says_which_hidden_sheets_it_removed(tmp_path: Path) -> None:
    source = build_planted_workbook(tmp_path)
    outcome = run_limited(["share", str(source), "-o", str(tmp_path / "s.xlsx")])
    assert outcome.returncode == 0, outcome.stderr
    assert "Hidden sheets removed: payroll, bonus" in outcome.stdout


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_share_copy_reads_as_a_finished_report(tmp_path: Path, language: str) -> None:
    path = plan_copy(tmp_path, language=language)
    target = Path(share_copy(path).details["path"])
    book = openpyxl.load_workbook(target)
    cover = book.worksheets[0]
    words = " ".join(str(c.value) for row in cover.iter_rows() for c in row if c.value)
    for stale in ("ribbon", "功能区", "xl-salesplan", "live", "yellow", "黄色"):
        assert stale not in words.lower(), stale
    column = 0 if language == "en" else 1
    for texts in INSTRUCTIONS.values():
        assert texts[column] not in words
    assert ("values-only copy" in words) if language == "en" else ("数值副本" in words)
    with zipfile.ZipFile(target) as zf:
        core = zf.read("docProps/core.xml").decode()
    assert "creator>" not in core and "lastModifiedBy>" not in core
    assert "python" not in core.lower()
    assert book.properties.title == cover["A1"].value
    assert book.properties.contentStatus.startswith("xl-salesplan share copy")


def test_every_command_refuses_a_share_copy(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    target = Path(share_copy(path).details["path"])
    before = target.read_bytes()
    for command in ("plan", "budget", "kpi", "validate", "share", "snapshot"):
        outcome = run_limited([command, str(target)])
        assert outcome.returncode == 1, (command, outcome.stderr)
        assert "is a share copy" in outcome.message, (command, outcome.message)
        assert len(outcome.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == before

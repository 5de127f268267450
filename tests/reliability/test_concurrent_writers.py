"""Lost work: two commands on one workbook, a workbook open in Excel, a file changed
under a command, a read-only file. Real processes; no sleeps: the test holds the
writer lock itself, so who waits for whom is decided, not timed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from plan_files import plan_copy

from reliability.limits import REPO, run_limited
from xl_salesplan.ooxml.file_guard import writer_lock
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.book import FileBook

BLOCK_OF = {"plan": "CompanyTarget", "budget": "BudgetOptimal", "kpi": "KpiTracker"}


def _blanked(folder: Path, blocks: list[str]) -> Path:
    """A plan whose output ``blocks`` are blank, so a lost update shows as blanks."""
    path = plan_copy(folder)
    with FileBook.open(path) as book:
        for name in blocks:
            book.write_name(name, [[None]])
        book.save()
    return path


def _filled(path: Path, block: str) -> int:
    with FileBook.open(path) as book:
        return sum(v is not None for row in book.read_range(*book.name_range(block)) for v in row)


def _start(command: str, path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "udfs"), env.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", "xl_salesplan.cli", "--quiet", command, str(path), "--wait", "600"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("first, second", [("plan", "budget"), ("budget", "kpi")])
def test_two_writers_on_one_workbook_lose_nothing(tmp_path: Path, first: str, second: str) -> None:
    path = _blanked(tmp_path, [BLOCK_OF[first], BLOCK_OF[second]])
    with writer_lock(path):  # both commands start while the lock is held: both must wait
        runs = [_start(first, path), _start(second, path)]
    outcomes = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outcomes
    assert _filled(path, BLOCK_OF[first]) > 0, f"{first}'s output was lost"
    assert _filled(path, BLOCK_OF[second]) > 0, f"{second}'s output was lost"


def test_a_second_writer_gets_the_lock_message(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    before = path.read_bytes()
    with writer_lock(path):
        outcome = run_limited(["plan", str(path), "--wait", "0"])
    assert outcome.returncode == 1
    assert "another command is changing this workbook" in outcome.message
    assert len(outcome.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_a_workbook_open_in_excel_is_refused(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    before = path.read_bytes()
    (tmp_path / f"~${path.name}").write_bytes(b"\x05planner")
    for command in ("plan", "validate", "share"):
        outcome = run_limited([command, str(path)])
        assert outcome.returncode == 1, outcome.stderr
        assert "is open in Excel" in outcome.message
    assert path.read_bytes() == before


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    book = FileBook.open(path)
    book.write_value("Assumptions", "B8", 0.5)
    other = FileBook.open(path)  # another program saves a different version meanwhile
    other.write_value("Assumptions", "B8", 0.3)
    other.save()
    saved_by_other = path.read_bytes()
    with pytest.raises(WorkbookError, match="changed on disk while this command was running"):
        book.save()
    assert path.read_bytes() == saved_by_other


def test_a_read_only_workbook_is_refused(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    outcome = run_limited(["plan", str(path)])
    assert outcome.returncode == 1
    assert "is read-only" in outcome.message
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444

"""Atomic writes: a process killed mid-write leaves the original file byte-identical."""

from __future__ import annotations

import os
import re
import sys
import textwrap
from pathlib import Path

import pytest
from fakes.rich_workbook import build_rich_workbook
from killed_child import kill_at_marker
from test_cli_language import english

from xl_salesplan.messages import localized
from xl_salesplan.ooxml import atomic
from xl_salesplan.ooxml.atomic import (
    TEMP_SUFFIX,
    atomic_write,
    remove_stale_temp_files,
    temp_file_pattern,
)
from xl_salesplan.ooxml.workbook_errors import WorkbookError

# The child writes, reports through its stdout pipe once part of the new content is
# in the temporary file, then waits on its stdin until it is killed: no sleeps, no races.
CHILD_RAW = textwrap.dedent(
    """
    import sys
    from xl_salesplan.ooxml.atomic import atomic_write

    def pause(written, total):
        print("PAUSED", written, total, flush=True)
        sys.stdin.readline()
        raise SystemExit("the parent should have killed this process")

    atomic_write(sys.argv[1], b"N" * 50_000, chunk_size=4096, on_progress=pause)
    """
)
CHILD_BOOK = textwrap.dedent(
    """
    import sys
    from xl_salesplan.workbook.book import FileBook, Formula

    def pause(written, total):
        print("PAUSED", written, total, flush=True)
        sys.stdin.readline()
        raise SystemExit("the parent should have killed this process")

    book = FileBook.open(sys.argv[1])
    book.write_range("targets", "B2", [[999.0], [Formula("=B2+1", 1000.0)]])
    book.save(on_progress=pause)
    """
)


def run_and_kill(script: str, target: Path) -> tuple[int, int]:
    """Bytes written and in all when the child, writing ``target``, was killed."""
    _, written, total = kill_at_marker(script, [str(target)], "PAUSED").split()
    return int(written), int(total)


def leftovers(target: Path) -> list[Path]:
    return sorted(target.parent.glob(temp_file_pattern(target)))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_during_a_raw_write_leaves_the_original_and_a_named_leftover(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"ORIGINAL" * 1000)
    written, total = run_and_kill(CHILD_RAW, target)
    assert (written, total) == (4096, 50_000)
    assert target.read_bytes() == b"ORIGINAL" * 1000
    [temp] = leftovers(target)
    assert temp.name.startswith(".~plan.xlsx.") and temp.name.endswith(TEMP_SUFFIX)
    assert temp.read_bytes() == b"N" * 4096  # the half-written new content, never the target
    atomic_write(target, b"next run")  # the next write cleans the dead writer's leftover
    assert target.read_bytes() == b"next run"
    assert leftovers(target) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_during_a_workbook_save_leaves_the_workbook_byte_identical(tmp_path: Path) -> None:
    target = build_rich_workbook(tmp_path)
    original = target.read_bytes()
    run_and_kill(CHILD_BOOK, target)
    assert target.read_bytes() == original
    [temp] = leftovers(target)
    assert remove_stale_temp_files(target) == [temp]  # its writer is gone
    assert leftovers(target) == []


def test_an_error_midway_leaves_the_original_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsm"
    target.write_bytes(b"old")

    def fail(written: int, total: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(target, b"x" * 10_000, chunk_size=100, on_progress=fail)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsm"]


def test_progress_is_reported_per_chunk(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    atomic_write(
        tmp_path / "a.xlsx",
        b"x" * 250,
        chunk_size=100,
        on_progress=lambda w, t: seen.append((w, t)),
    )
    assert seen == [(100, 250), (200, 250), (250, 250)]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_permissions_and_symlinks_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert (target.stat().st_mode & 0o777) == 0o640


def test_stale_files_of_live_processes_are_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    mine = tmp_path / f".~plan.xlsx.{os.getpid()}.abc{TEMP_SUFFIX}"
    alive = tmp_path / f".~plan.xlsx.{os.getppid()}.def{TEMP_SUFFIX}"
    dead = tmp_path / f".~plan.xlsx.999999999.ghi{TEMP_SUFFIX}"
    other = tmp_path / f".~budget.xlsx.999999999.jkl{TEMP_SUFFIX}"
    for path in (mine, alive, dead, other):
        path.write_bytes(b"x")
    removed = remove_stale_temp_files(target)
    expected = [dead] if sys.platform != "win32" else [alive, dead]
    assert sorted(removed) == sorted(expected)
    assert mine.exists() and other.exists()


def test_missing_folder_and_locked_target_give_clear_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(WorkbookError, match="the folder does not exist") as missing:
        atomic_write(tmp_path / "no" / "plan.xlsx", b"x")
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(WorkbookError, match="close it in Excel") as locked_error:
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(target) == []
    for caught in (missing, locked_error):  # in a zh-CN workbook: Chinese but for the path
        error = caught.value
        chinese = localized(error, "zh-CN").replace(error.params["where"], "")
        assert re.search(r"[\u4e00-\u9fff]", chinese) and not english(chinese), chinese


def test_a_folder_is_no_file_to_write_in_either_language(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="is a folder, not a file to write") as caught:
        atomic_write(tmp_path, b"x")
    assert localized(caught.value, "zh-CN").endswith("是文件夹,不是可写入的文件")

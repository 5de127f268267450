"""Files that used to stall a command or exhaust the machine: each command ends, within
a CPU-time and memory limit, with a result or one clear line."""

from __future__ import annotations

import os
from pathlib import Path

from reliability.limits import run_limited
from reliability.workbooks import ASSUMPTIONS, plan_with, replace_in


def test_a_huge_xml_comment_in_a_sheet_does_not_stall_validate(tmp_path: Path) -> None:
    # 24 MB of comment in the sheet every named input is read from: read once per
    # sheet and parsed in one pass, it costs seconds; parsed per read, hours.
    comment = b"<!--" + os.urandom(12 * 1024 * 1024).hex().encode() + b"-->"
    path = plan_with(tmp_path, replace_in(ASSUMPTIONS, b"<sheetData>", comment + b"<sheetData>"))
    outcome = run_limited(["validate", str(path)], cpu_seconds=90, memory_bytes=3 << 30)
    assert not outcome.hit_a_limit, outcome.stderr[-500:]
    assert outcome.returncode == 0, outcome.stderr
    assert "Inputs are valid" in outcome.stdout

"""A command killed while it writes the workbook leaves the original file unchanged.

The child process runs the real command line. Its progress callback, which the atomic
writer calls once bytes of the new workbook have reached the temporary file, reports
through a pipe and then waits; the parent kills the child with SIGKILL at that moment.
A handshake, not a sleep: the kill always lands in the middle of the write.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from killed_child import kill_at_marker
from plan_files import plan_copy

from xl_salesplan.cli import main
from xl_salesplan.ooxml.atomic import temp_file_pattern
from xl_salesplan.sample_company import load_sample_company

CHILD = textwrap.dedent(
    """
    import sys
    from xl_salesplan import cli

    def pause_while_saving(self, fraction, label):
        if label == "saving":
            print("SAVING", flush=True)
            sys.stdin.readline()
            raise SystemExit("the parent should have killed this process")

    cli.ProgressBar.__call__ = pause_while_saving
    sys.exit(cli.main(sys.argv[1:]))
    """
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.mark.parametrize("command", ["plan", "budget", "kpi", "actuals"])
def test_a_command_killed_mid_write_leaves_the_workbook_intact(tmp_path: Path, command: str):
    plan = plan_copy(tmp_path)
    book = plan.read_bytes()
    argv = [command, str(plan)]
    if command == "actuals":
        actuals = load_sample_company().ytd_actuals
        actuals[actuals["month"].dt.month <= 4].to_csv(tmp_path / "crm.csv", index=False)
        argv.append(str(tmp_path / "crm.csv"))
    kill_at_marker(CHILD, argv, "SAVING")
    assert plan.read_bytes() == book
    leftovers = list(tmp_path.glob(temp_file_pattern(plan)))
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0
    assert main(argv) == 0  # the next run works and removes the dead writer's leftover
    assert list(tmp_path.glob(temp_file_pattern(plan))) == []

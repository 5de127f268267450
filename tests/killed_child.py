"""Kill a child Python in the middle of its work, at a moment it reports (crash tests).

The child prints a line starting with a marker once it has reached the moment to test (for
example part of a new file written to its temporary file) and then waits on its stdin; the
parent kills it with SIGKILL right then. A handshake, not a sleep: the kill always lands at
that moment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def kill_at_marker(script: str, argv: list[str], marker: str) -> str:
    """Run ``script`` with ``argv``; SIGKILL it once it prints ``marker``; return that line."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", script, *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline()
        while line and not line.startswith(marker):
            line = child.stdout.readline()
        assert line.startswith(marker), f"the child never printed {marker}: {child.stderr.read()}"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL
    return line

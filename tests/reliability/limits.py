"""Run the command line in a child process under CPU-time and memory limits.

The limits are set with ``resource.setrlimit`` in the child before it starts, so a
command that would stall or exhaust the machine is stopped by the kernel (CPU time
is counted, not wall time: a loaded machine does not make a test fail). The result
says how the child ended: its exit code, its output, and whether a limit killed it.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    """How one limited run of the command line ended."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def hit_a_limit(self) -> bool:
        """Killed for using too much CPU time (SIGXCPU/SIGKILL) or memory (MemoryError)."""
        killed = self.returncode in (-signal.SIGXCPU, -signal.SIGKILL)
        return killed or "MemoryError" in self.stderr

    @property
    def message(self) -> str:
        """The last line the command printed on stderr."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def run_limited(
    args: list[str],
    *,
    cpu_seconds: int = 60,
    memory_bytes: int = 3 << 30,
    stdin: int | None = subprocess.DEVNULL,
    wall_seconds: float = 600,
    file_bytes: int | None = None,
) -> Outcome:
    """``xl-salesplan ARGS`` in a child process limited to ``cpu_seconds`` and ``memory_bytes``.

    ``wall_seconds`` is only a safety net so that a blocked child cannot hang the test
    run; tests assert on the outcome, never on how long it took. ``file_bytes`` limits
    the size of any file the child writes (a full disk, as the child sees it).
    """
    return run_python_limited(
        ["-m", "xl_salesplan.cli", "--quiet", *args],
        cpu_seconds=cpu_seconds,
        memory_bytes=memory_bytes,
        stdin=stdin,
        wall_seconds=wall_seconds,
        file_bytes=file_bytes,
    )


def run_python_limited(
    python_args: list[str],
    *,
    cpu_seconds: int = 60,
    memory_bytes: int = 3 << 30,
    stdin: int | None = subprocess.DEVNULL,
    wall_seconds: float = 600,
    cwd: Path | None = None,
    file_bytes: int | None = None,
) -> Outcome:
    """``python PYTHON_ARGS`` (the repository and its ``udfs`` on the path) under limits.

    As :func:`run_limited`; used directly to call the Excel functions in a child, from
    the folder ``cwd`` (which then is on the child's path too).
    """

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        if file_bytes is not None:  # Python ignores SIGXFSZ: a larger write fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))

    env = dict(os.environ)
    folders = [str(REPO), str(REPO / "udfs"), *([str(cwd)] if cwd else [])]
    env["PYTHONPATH"] = os.pathsep.join([*folders, env.get("PYTHONPATH", "")])
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    try:
        done = subprocess.run(
            [sys.executable, *python_args],
            cwd=cwd,
            stdin=stdin,
            capture_output=True,
            text=True,
            env=env,
            preexec_fn=limit,  # the limits are set in the child, before the command starts
            timeout=wall_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return Outcome(-signal.SIGKILL, str(exc.stdout or ""), "hang: " + str(exc.stderr or ""))
    return Outcome(done.returncode, done.stdout, done.stderr)

"""Excel functions at the sizes their limits allow: each call ends within a CPU-time and
memory limit (in a child process), with a result or one clear line."""

from __future__ import annotations

import json
from pathlib import Path

from reliability.limits import run_python_limited

TESTS = Path(__file__).resolve().parents[1]

#: CPU seconds a call may use here: the stated 2 s on a laptop, with room for slow CI.
CALL_CPU_SECONDS = 20
#: Address space of the child: the stated 1 GB of work plus the interpreter and libraries.
CALL_MEMORY = (1 << 30) + (256 << 20)


def call_in_child(code: str) -> str:
    """Run ``code`` (which prints one line) in a limited child; return that line."""
    outcome = run_python_limited(
        ["-c", code], cpu_seconds=CALL_CPU_SECONDS, memory_bytes=CALL_MEMORY
    )
    assert not outcome.hit_a_limit, outcome.stderr[-800:]
    assert outcome.returncode == 0, outcome.stderr[-800:]
    return outcome.stdout.strip().splitlines()[-1]


def test_fit_response_of_200_000_points_stays_within_limits() -> None:
    # Was 60 s and 17.6 GB: the grid start held one row per grid point per data point.
    line = call_in_child(
        "import json, numpy as np, xl_salesplan_udfs as u\n"
        "rng = np.random.default_rng(5)\n"
        "x = rng.uniform(1_000, 200_000, 200_000)\n"
        "y = 5e6 * x**1.7 / (60_000**1.7 + x**1.7) * rng.lognormal(0, 0.1, x.size)\n"
        "out = u.FIT_RESPONSE([[v] for v in x], [[v] for v in y])\n"
        "print(json.dumps(out))\n"
    )
    header, row = json.loads(line)
    fit = dict(zip(header, row, strict=True))
    assert fit["kind"] == "hill" and fit["n_points"] == 200_000
    assert abs(fit["p2"] / 60_000 - 1) < 0.02 and abs(fit["p3"] / 1.7 - 1) < 0.02


#: Address space of the fuzz child: 1 GB for a call, plus the arguments as Excel hands them
#: over (up to a few ranges of 1,000,000 cells as Python lists) and the interpreter.
FUZZ_MEMORY = 2 << 30


def test_every_function_survives_what_excel_may_pass_within_its_limits() -> None:
    # Each function at its stated limits, then hypothesis examples of blanks, text, Excel
    # errors, NaN, infinities, 1e308, -0.0, ragged and huge ranges; every call is held to
    # CALL_CPU_SECONDS of CPU by the kernel (see reliability.function_fuzz).
    outcome = run_python_limited(
        [
            "-m",
            "reliability.function_fuzz",
            "--examples",
            "25",
            "--call-seconds",
            str(CALL_CPU_SECONDS),
        ],
        cpu_seconds=3_600,  # the per-call limits are set inside; this is a backstop
        memory_bytes=FUZZ_MEMORY,
        wall_seconds=3_600,
        cwd=TESTS,
    )
    last_call = next(
        (line for line in reversed(outcome.stderr.splitlines()) if line.startswith("calling")),
        "",
    )
    assert not outcome.hit_a_limit, f"over its limits: {last_call}"
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    assert outcome.stdout.splitlines()[-1] == "ok"

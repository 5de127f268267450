"""Python-side cost of one Excel function call: reading the cells, the engine, the result.

Run ``python benchmarks/bench_udfs.py``. Each call is made exactly as xlwings makes it
after reading the ranges (``ndim=2``: lists of rows of floats and None), so the time is
what Python adds to a recalculation, on top of Excel and the COM transfer (which classic
xlwings needs a few milliseconds for). Problems:

1. ``SPLIT_TARGET`` of one total over 12 monthly weights, rounded to 1,000;
2. ``SPLIT_TARGET`` of 1,000 totals (a column) over 1,000 x 12 weights with holds on about
   a tenth of the cells and caps on a fifth, rounded to 1,000;
3. for comparison, 1,000 single-row formulas (one per rep), the design the array-first
   functions avoid.

For each, the script prints the median time of the whole call, of reading the cells alone,
and of the engine alone (on arrays already converted). It is not a test: nothing asserts on
time.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
try:
    import xl_salesplan  # noqa: F401 - installed package, if any
except ModuleNotFoundError:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))
try:
    import xl_salesplan_udfs  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(ROOT / "udfs"))

from xl_salesplan.targets.spreading import spread_proportional  # noqa: E402

udfs = importlib.import_module("xl_salesplan_udfs")
cells = importlib.import_module("xl_salesplan_udfs.cells")

UNIT = 1000.0


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def as_excel(values: np.ndarray) -> list[list[object]]:
    """A 2-D array as xlwings hands a range over: rows of floats, None for blanks."""
    return [[None if np.isnan(v) else float(v) for v in row] for row in values]


def small_problem() -> tuple[list, list, list]:
    weights = [[80.0, 75, 95, 100, 105, 110, 98, 92, 118, 125, 140, 170]]
    return [[1_500_000.0]], weights, [[UNIT]]


def large_problem(rows: int, seed: int = 1) -> tuple[list, list, list, list, list]:
    rng = np.random.default_rng(seed)
    totals = np.round(rng.uniform(100_000, 2_000_000, rows), -3)
    weights = rng.uniform(50, 150, (rows, 12)) * np.linspace(0.8, 1.3, 12)
    holds = np.where(rng.random((rows, 12)) < 0.1, np.round(totals[:, None] / 20, -3), np.nan)
    caps = np.where(rng.random((rows, 12)) < 0.2, np.round(totals[:, None] / 12 * 1.2, -3), np.nan)
    return (
        as_excel(totals[:, None]),
        as_excel(weights),
        as_excel(holds),
        as_excel(caps),
        [[UNIT]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    total, weights, unit = small_problem()
    out = udfs.SPLIT_TARGET(total, weights, None, None, None, None, unit)
    assert sum(out[0]) == 1_500_000.0
    w = np.array(weights[0])
    small = {
        "whole call": median_ms(
            lambda: udfs.SPLIT_TARGET(total, weights, None, None, None, None, unit),
            args.repeat * 10,
        ),
        "reading the cells": median_ms(
            lambda: (cells.numbers(total, "total"), cells.numbers(weights, "weights")),
            args.repeat * 10,
        ),
        "engine alone": median_ms(
            lambda: spread_proportional(1_500_000.0, w, unit=UNIT), args.repeat * 10
        ),
    }

    totals, big_w, holds, caps, unit = large_problem(args.rows)
    out = udfs.SPLIT_TARGET(totals, big_w, None, holds, None, caps, unit)
    assert isinstance(out[0][0], float), out[0][0]
    assert [sum(r) for r in out] == [r[0] for r in totals]
    t, wa = np.array(totals, dtype=float)[:, 0], np.array(big_w, dtype=float)
    ha = np.array(holds, dtype=float)
    ca = np.array(caps, dtype=float)
    large = {
        "whole call": median_ms(
            lambda: udfs.SPLIT_TARGET(totals, big_w, None, holds, None, caps, unit), args.repeat
        ),
        "reading the cells": median_ms(
            lambda: [cells.numbers(a, "x") for a in (totals, big_w, holds, caps)], args.repeat
        ),
        "engine alone": median_ms(
            lambda: spread_proportional(t, wa, holds=ha, caps=ca, unit=UNIT), args.repeat
        ),
    }
    one_per_row = median_ms(
        lambda: [
            udfs.SPLIT_TARGET([totals[i]], [big_w[i]], None, [holds[i]], None, [caps[i]], unit)
            for i in range(len(totals))
        ],
        max(3, args.repeat // 10),
    )

    print(f"SPLIT_TARGET, Python side per call (median; {args.repeat} repeats)")
    print(f"{'':28}{'12 cells':>12}{f'{args.rows:,} x 12':>14}")
    for key in small:
        print(f"{key:28}{small[key]:>10.3f} ms{large[key]:>12.2f} ms")
    print(
        f"{args.rows:,} one-row formulas instead of one array formula: {one_per_row:.1f} ms "
        f"({one_per_row / large['whole call']:.0f}x the array formula, before Excel's own "
        "per-call overhead)"
    )


if __name__ == "__main__":
    main()

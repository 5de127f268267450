"""Speed of the spreading engine against straightforward pure-Python loops.

Run ``python benchmarks/bench_spreading.py``. Two problems of 10,000 x 12
(10,000 reps or products by 12 months), both rounded to a unit of 1,000:

1. batched 1-D: 10,000 row totals spread over 12 monthly weights each, with caps
   on about a fifth of the cells (water-filling), then largest-remainder rounding;
2. 2-D: ``spread_matrix`` of 10,000 row totals x 12 column totals from a seed
   with zeros (iterative proportional fitting), then controlled rounding that
   keeps both margins exact.

The pure-Python versions below implement the same rules cell by cell with
lists and loops (the 2-D one repairs the columns one shortest chain at a time, as
the engine does for matrices of up to 32 columns: identical rows); the script checks
that both give the same totals, then prints the times and the ratio.

3. matrices: ``spread_matrix`` (the fit) then ``round_matrix`` (the controlled
   rounding) of square matrices of 100 to 5,000 sides and of the tall shapes
   100,000 x 12 and 10,000 x 100 (``--matrices`` to change), each in a fresh child
   process that reports the CPU time of the fit and of the rounding and its peak
   memory; the growth exponent of the rounding's time against the cells (1 = linear)
   is printed between successive square sides.

4. one column: ONE total spread over n cells (one column of reps) with caps on
   30% of the cells, without and with a unit of 1,000, for n = 10,000, 100,000 and
   1,000,000 (``--columns`` to change). Each case runs in a fresh child process that
   reports its time and peak memory (resource usage); the time of sorting n random
   numbers in the same child is printed beside it as the machine's yardstick, and
   the growth exponent between sizes shows the scaling (1 = linear).

It is not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import numpy as np

try:
    import xl_salesplan  # noqa: F401 - installed package, if any
except ModuleNotFoundError:  # run from a source checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import best_time

from xl_salesplan.targets.matrix_spread import spread_matrix
from xl_salesplan.targets.rounding import round_matrix
from xl_salesplan.targets.spreading import spread_proportional

UNIT = 1000.0


# ---------------------------------------------------------------- problems


def make_1d(rows: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    totals = np.round(rng.uniform(100_000, 2_000_000, rows), -3)
    weights = rng.uniform(50, 150, (rows, 12)) * np.linspace(0.8, 1.3, 12)
    capped = rng.random((rows, 12)) < 0.2
    caps = np.where(capped, np.round(totals[:, None] / 12 * 0.95, -3), np.nan)
    return totals, weights, caps


def make_2d(rows: int, seed: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    row_totals = np.round(rng.uniform(100_000, 2_000_000, rows), -3)
    share = np.linspace(0.8, 1.3, 12)
    col_totals = np.round(row_totals.sum() * share / share.sum(), -3)
    col_totals[-1] += row_totals.sum() - col_totals.sum()
    seed_matrix = rng.uniform(0.5, 1.5, (rows, 12))
    seed_matrix[rng.random((rows, 12)) < 0.1] = 0.0  # some reps do not sell in some months
    return row_totals, col_totals, seed_matrix


# ---------------------------------------------------------------- pure-Python versions


def loop_spread_row(total: float, weights: list[float], caps: list[float]) -> list[float]:
    """Proportional spread with caps (re-spread until nothing overflows), then rounding."""
    n = len(weights)
    x = [0.0] * n
    free = list(range(n))
    left = total
    while free:
        weight_sum = sum(weights[i] for i in free)
        for i in free:
            x[i] = left * weights[i] / weight_sum
        over = [i for i in free if x[i] > caps[i]]
        if not over:
            break
        for i in over:
            x[i] = caps[i]
            left -= caps[i]
            free.remove(i)
    return loop_largest_remainder(x, total)


def loop_largest_remainder(x: list[float], total: float) -> list[float]:
    scaled = [v / UNIT for v in x]
    scaled = [round(q) if abs(q - round(q)) <= 1e-9 * max(1.0, abs(q)) else q for q in scaled]
    base = [math.floor(q) for q in scaled]
    need = round(total / UNIT) - sum(base)
    order = sorted(range(len(x)), key=lambda i: (-round(scaled[i] - base[i], 9), -x[i], i))
    for i in order[:need]:
        base[i] += 1
    return [b * UNIT for b in base]


def loop_spread_1d(totals: np.ndarray, weights: np.ndarray, caps: np.ndarray) -> np.ndarray:
    cap_lists = np.where(np.isnan(caps), np.inf, caps).tolist()
    out = [
        loop_spread_row(t, w, c)
        for t, w, c in zip(totals.tolist(), weights.tolist(), cap_lists, strict=True)
    ]
    return np.array(out)


def loop_ipf(rows: list[float], cols: list[float], seed: list[list[float]]) -> list[list[float]]:
    x = [list(r) for r in seed]
    m, n = len(rows), len(cols)
    for _ in range(1000):
        for i in range(m):
            s = sum(x[i])
            f = rows[i] / s if s > 0 else 0.0
            x[i] = [v * f for v in x[i]]
        for j in range(n):
            s = sum(x[i][j] for i in range(m))
            f = cols[j] / s if s > 0 else 0.0
            for i in range(m):
                x[i][j] *= f
        worst = max(abs(sum(x[i]) - rows[i]) / rows[i] for i in range(m) if rows[i] > 0)
        if worst <= 1e-10:
            break
    return x


def loop_controlled_round(x: list[list[float]], cols: list[float]) -> list[list[float]]:
    """Each row takes its largest remainders; round-ups then move between columns along
    shortest paths in the column graph until every column total is met (the engine's
    repair of narrow matrices)."""
    m, n = len(x), len(cols)
    base = [[0] * n for _ in range(m)]
    frac = [[0.0] * n for _ in range(m)]
    up = [[False] * n for _ in range(m)]
    for i in range(m):
        scaled = [v / UNIT for v in x[i]]
        scaled = [round(q) if abs(q - round(q)) <= 1e-9 * max(1.0, q) else q for q in scaled]
        base[i] = [math.floor(q) for q in scaled]
        frac[i] = [round(q - b, 9) for q, b in zip(scaled, base[i], strict=True)]
        need = round(sum(scaled)) - sum(base[i])
        order = sorted(range(n), key=lambda j, i=i: (-frac[i][j], -x[i][j], j))
        for j in order[:need]:
            up[i][j] = True
    for _ in range(m * n):
        excess = [
            sum(base[i][j] + up[i][j] for i in range(m)) - round(cols[j] / UNIT) for j in range(n)
        ]
        if not any(excess):
            break
        movable = [[0] * n for _ in range(n)]
        for i in range(m):
            for a in range(n):
                if up[i][a]:
                    for b in range(n):
                        if not up[i][b] and frac[i][b] > 0:
                            movable[a][b] += 1
        parent = {a: None for a in range(n) if excess[a] > 0}
        queue = list(parent)
        end = None
        while queue and end is None:
            a = queue.pop(0)
            for b in range(n):
                if b not in parent and movable[a][b] > 0:
                    parent[b] = a
                    if excess[b] < 0:
                        end = b
                        break
                    queue.append(b)
        path = [end]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])
        path.reverse()
        k = min(excess[path[0]], -excess[path[-1]])
        k = min([k] + [movable[a][b] for a, b in pairwise(path)])
        for a, b in pairwise(path):
            rows = [i for i in range(m) if up[i][a] and not up[i][b] and frac[i][b] > 0]
            rows.sort(key=lambda i, a=a, b=b: frac[i][a] - frac[i][b])
            for i in rows[:k]:
                up[i][a], up[i][b] = False, True
    return [[(base[i][j] + up[i][j]) * UNIT for j in range(n)] for i in range(m)]


def loop_spread_2d(rows: np.ndarray, cols: np.ndarray, seed: np.ndarray) -> np.ndarray:
    fitted = loop_ipf(rows.tolist(), cols.tolist(), seed.tolist())
    return np.array(loop_controlled_round(fitted, cols.tolist()))


def make_square(side: int, seed: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A square 2-D problem (e.g. products x reps): many columns to repair after rounding."""
    return make_matrix(side, side, seed)


MATRIX_SHAPES = [(100, 100), (200, 200), (400, 400), (1000, 1000), (2000, 2000), (5000, 5000)]
MATRIX_SHAPES += [(100_000, 12), (10_000, 100)]


def make_matrix(rows: int, cols: int, seed: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 2-D problem of any shape: random row totals, column totals of the same sum, a
    seed with 10% zero cells."""
    rng = np.random.default_rng(seed)
    row_totals = np.round(rng.uniform(100_000, 2_000_000, rows), -3)
    share = rng.uniform(0.8, 1.3, cols)
    col_totals = np.round(row_totals.sum() * share / share.sum(), -3)
    col_totals[-1] += row_totals.sum() - col_totals.sum()
    seed_matrix = rng.uniform(0.5, 1.5, (rows, cols))
    seed_matrix[rng.random((rows, cols)) < 0.1] = 0.0
    return row_totals, col_totals, seed_matrix


def matrix_case(rows: int, cols: int) -> dict[str, float]:
    """Fit then round one matrix (in this process) and measure both: for the child process."""
    row_totals, col_totals, seed_matrix = make_matrix(rows, cols)
    start = time.process_time()
    fitted = spread_matrix(row_totals, col_totals, seed_matrix)
    fit_seconds = time.process_time() - start
    start = time.process_time()
    out = round_matrix(fitted, UNIT, row_totals=row_totals, col_totals=col_totals)
    round_seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert np.array_equal(out.sum(axis=1), row_totals)
    assert np.array_equal(out.sum(axis=0), col_totals)
    assert np.all(np.abs(out - fitted) < UNIT) and np.all(out[seed_matrix == 0] == 0)
    return {"fit_seconds": fit_seconds, "round_seconds": round_seconds, "peak_mb": peak / 1024}


def run_matrix_cases(shapes: list[tuple[int, int]]) -> None:
    print(f"2-D spread_matrix then round_matrix (unit {UNIT:,.0f}), each in a fresh process")
    print("  (CPU seconds; peak = the child's peak resident memory; growth = exponent of the")
    print("   rounding's time against the cells, between successive square sides)")
    print(f"  {'shape':>14} {'cells':>12} {'fit':>9} {'rounding':>10} {'peak':>9} {'growth':>7}")
    previous: tuple[int, float] | None = None
    for rows, cols in shapes:
        args = [sys.executable, __file__, "--matrix-case", f"{rows}x{cols}"]
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        m = json.loads(done.stdout.strip().splitlines()[-1])
        cells = rows * cols
        growth = ""
        if rows == cols:
            if previous is not None:
                ratio = max(m["round_seconds"], 1e-3) / max(previous[1], 1e-3)
                growth = f"{math.log(ratio) / math.log(cells / previous[0]):.2f}"
            previous = (cells, m["round_seconds"])
        print(
            f"  {f'{rows:,} x {cols:,}':>14} {cells:>12,} {m['fit_seconds']:>8.2f}s "
            f"{m['round_seconds']:>9.2f}s {m['peak_mb']:>6.0f} MB {growth:>7}"
        )


def make_column(n: int, seed: int = 3) -> tuple[float, np.ndarray, np.ndarray]:
    """One total over ``n`` cells, caps on 30% of them (binding: 90% of an even share)."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(50, 150, n)
    total = float(np.round(weights.sum() * 100, -3))
    caps = np.where(rng.random(n) < 0.3, np.round(total / n * 0.9, -3), np.nan)
    return total, weights, caps


def column_case(n: int, unit: float | None) -> dict[str, float]:
    """Run one column spread (in this process) and measure it: for the child process."""
    total, weights, caps = make_column(n)
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    out = spread_proportional(total, weights, caps=caps, unit=unit)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert abs(out.sum() - total) <= 1e-9 * total
    assert np.all(out <= np.where(np.isnan(caps), np.inf, caps) + 1e-6)
    yardstick, _ = best_time(lambda: np.sort(weights), 3)
    return {
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "start_mb": start_rss / 1024,
        "sort_seconds": yardstick,
    }


def run_column_cases(sizes: list[int]) -> None:
    print("1-D spread of one total over one column of n cells, caps on 30% of cells")
    print("  (each case in a fresh process; peak = the child's peak resident memory)")
    header = (
        f"  {'n cells':>10} {'unit':>6} {'time':>10} {'peak':>9} {'x sort(n)':>10} {'growth':>7}"
    )
    print(header)
    for unit in (None, UNIT):
        previous: tuple[int, float] | None = None
        for n in sizes:
            args = [sys.executable, __file__, "--column-case", str(n)]
            if unit is not None:
                args += ["--unit", str(unit)]
            done = subprocess.run(args, capture_output=True, text=True, check=True)
            m = json.loads(done.stdout.strip().splitlines()[-1])
            growth = ""
            if previous is not None:
                growth = f"{math.log(m['seconds'] / previous[1]) / math.log(n / previous[0]):.2f}"
            previous = (n, m["seconds"])
            print(
                f"  {n:>10,} {'-' if unit is None else f'{unit:,.0f}':>6} "
                f"{m['seconds'] * 1000:>8.0f} ms {m['peak_mb']:>6.0f} MB "
                f"{m['seconds'] / m['sort_seconds']:>9.1f}x {growth:>7}"
            )


# ---------------------------------------------------------------- timing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="number of rows (default 10,000)")
    parser.add_argument(
        "--columns",
        type=lambda text: [int(v) for v in text.split(",")],
        default=[10_000, 100_000, 1_000_000],
        help="cells of the one-column cases, comma-separated (default 10000,100000,1000000)",
    )
    parser.add_argument(
        "--matrices",
        type=lambda text: [tuple(int(v) for v in shape.split("x")) for shape in text.split(",")],
        default=MATRIX_SHAPES,
        help="shapes of the matrix cases, e.g. 1000x1000,100000x12 (default: 100 to 5,000 "
        "square, 100000x12, 10000x100)",
    )
    parser.add_argument("--matrix-case", help=argparse.SUPPRESS)
    parser.add_argument("--column-case", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--unit", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.matrix_case is not None:
        rows, cols = (int(v) for v in args.matrix_case.split("x"))
        print(json.dumps(matrix_case(rows, cols)))
        return
    if args.column_case is not None:
        print(json.dumps(column_case(args.column_case, args.unit)))
        return
    rows = args.rows

    totals, weights, caps = make_1d(rows)
    fast_t, fast = best_time(lambda: spread_proportional(totals, weights, caps=caps, unit=UNIT), 5)
    slow_t, slow = best_time(lambda: loop_spread_1d(totals, weights, caps), 1)
    cap_values = np.where(np.isnan(caps), np.inf, caps)
    assert np.array_equal(fast.sum(axis=1), totals) and np.array_equal(slow.sum(axis=1), totals)
    assert np.all(fast <= cap_values) and np.all(fast % UNIT == 0)
    same = np.all(fast == slow, axis=1).mean()
    print(
        f"1-D batched spread, {rows:,} x 12, caps on {np.isfinite(caps).mean():.0%} of cells, "
        f"unit {UNIT:,.0f}"
    )
    print(f"  numpy engine      {fast_t * 1000:9.1f} ms")
    print(f"  pure-Python loop  {slow_t * 1000:9.1f} ms")
    print(f"  ratio             {slow_t / fast_t:9.1f} x   (identical rows: {same:.1%})")

    row_totals, col_totals, seed = make_2d(rows)
    fast_t, fast = best_time(lambda: spread_matrix(row_totals, col_totals, seed, unit=UNIT), 3)
    slow_t, slow = best_time(lambda: loop_spread_2d(row_totals, col_totals, seed), 1)
    for name, out in (("engine", fast), ("loop", slow)):
        assert np.array_equal(out.sum(axis=1), row_totals), name
        assert np.array_equal(out.sum(axis=0), col_totals), name
        assert np.all(out[seed == 0] == 0), name
    same = np.all(fast == slow, axis=1).mean()
    print(f"2-D spread_matrix (fit + controlled rounding), {rows:,} x 12, unit {UNIT:,.0f}")
    print(f"  numpy engine      {fast_t * 1000:9.1f} ms")
    print(f"  pure-Python loop  {slow_t * 1000:9.1f} ms")
    print(f"  ratio             {slow_t / fast_t:9.1f} x   (identical rows: {same:.1%})")

    run_matrix_cases(args.matrices)
    run_column_cases(args.columns)


if __name__ == "__main__":
    main()

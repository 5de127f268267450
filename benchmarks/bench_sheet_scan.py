"""Reading a history table from its worksheet part: the scan against the full parser.

Run ``python benchmarks/bench_sheet_scan.py`` (``--rows 10000,100000,1000000`` to
change the sizes). For each size a worksheet part is made in the plain form our writer
uses (a month with a date format, three inline texts, two numbers per row: the shape of
``tblHistory``), then a fresh child process reads it into a typed DataFrame the way
``FileBook.read_table`` does and reports its CPU and wall time and peak memory (resource
usage; the scan reads slices on two threads where it may, so its wall time is the shorter):

- ``scan``: :func:`~xl_salesplan.ooxml.sheet_scan.scan_cells` (cells located with numpy,
  values converted a column at a time), then the typed frame;
- ``full parser``: :func:`~xl_salesplan.ooxml.worksheet_reader.read_cells` (expat, a
  Python call per element), then the same frame (``--full-up-to`` rows at most).

The growth exponent of the time against the rows between successive sizes shows the
scaling (1 = linear). It is not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

try:
    import xl_salesplan  # noqa: F401 - installed package, if any
except ModuleNotFoundError:  # run from a source checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xl_salesplan.ooxml.reading import frame_from_columns
from xl_salesplan.ooxml.references import format_range
from xl_salesplan.ooxml.sheet_scan import scan_cells
from xl_salesplan.ooxml.worksheet_reader import block, read_cells

DATE_STYLE = 1
FIRST_ROW = 6


def history_part(rows: int) -> bytes:
    """A worksheet part of ``rows`` history rows (A: month, B-D: texts, E-F: numbers)."""
    out = [b"<worksheet><sheetData>"]
    for i in range(rows):
        r = FIRST_ROW + i
        out.append(
            b'<row r="%d"><c r="A%d" s="1"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Region '
            b'%02d</t></is></c><c r="C%d" t="inlineStr"><is><t>Line %02d</t></is></c><c r="D%d" '
            b't="inlineStr"><is><t>R%05d</t></is></c><c r="E%d"><v>%d</v></c><c r="F%d"><v>%d.5'
            b"</v></c></row>"
            % (r, r, 44927 + (i % 36) * 30, r, i % 20, r, i % 5, r, i % 5000, r,
               1000 + (i * 7919) % 29000, r, i % 3)
        )  # fmt: skip
    out.append(b"</sheetData></worksheet>")
    return b"".join(out)


def _child(path: str, rows: int, how: str) -> None:
    data = Path(path).read_bytes()
    dates = frozenset({DATE_STYLE})
    last = FIRST_ROW + rows - 1
    start, wall = time.process_time(), time.perf_counter()
    if how == "scan":
        cells = scan_cells(data, dates=dates, last_row=last)
        assert cells is not None, "the part is in the plain form"
        columns = [cells.typed_column(c, FIRST_ROW, last) for c in range(1, 7)]
        frame = frame_from_columns([v for v, _ in columns], list("ABCDEF"),
                                   kinds=[k for _, k in columns])  # fmt: skip
    else:
        grid = block(read_cells(data, dates=dates, last_row=last),
                     format_range(FIRST_ROW, 1, last, 6))  # fmt: skip
        import numpy as np

        values = np.empty((len(grid), 6), dtype=object)
        values[:] = grid
        frame = frame_from_columns([values[:, j] for j in range(6)], list("ABCDEF"))
    seconds, wall = time.process_time() - start, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "wall": wall, "peak_mb": peak, "rows": len(frame)}))


def _run(path: Path, rows: int, how: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(rows), how],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000", help="comma-separated row counts")
    parser.add_argument("--full-up-to", type=int, default=100_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.child[2])
        return
    sizes = [int(n) for n in args.rows.split(",")]
    results: dict[str, list[tuple[int, float]]] = {"scan": [], "full parser": []}
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"history_{rows}.xml"
            path.write_bytes(history_part(rows))
            megabytes = path.stat().st_size / 1e6
            for how in ("scan", "full parser"):
                if how == "full parser" and rows > args.full_up_to:
                    continue
                got = _run(path, rows, "scan" if how == "scan" else "full")
                results[how].append((rows, got["seconds"]))
                print(f"{rows:>10,} rows ({megabytes:6.1f} MB)  {how:12s} {got['seconds']:7.2f} s "
                      f"CPU {got['wall']:7.2f} s wall {got['peak_mb']:7.0f} MB peak")  # fmt: skip
    for how, points in results.items():
        for (n1, t1), (n2, t2) in pairwise(points):
            exponent = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else math.nan
            print(f"{how}: time grows as rows^{exponent:.2f} from {n1:,} to {n2:,} rows")


if __name__ == "__main__":
    main()

"""Import actuals' reading of a CRM export alone: read, check, match names, add up.

The exports are those of a 500-rep company (``tests/scaled_plan.py``: six months, 20
regions, 5 product lines; several rows per rep and month), of 100,000 and 1,000,000
rows, in the shapes CRMs write them:

- ``plain``: a UTF-8 CSV with the actuals table's own headers, ``13525.0`` amounts
  (read by pandas' C parser, :mod:`xl_salesplan.actions.csv_columns`);
- ``quoted``: every value in quotes (read by the csv module, one record per line);
- ``comma``: semicolons and decimal commas (``13525,0``), as a European CRM writes;
- ``chinese``: GB18030, Chinese headers, regions, product lines and reps' names,
  dates as ``2026/03/01``.

Each is read by ``read_actuals_file`` with the company's names (as Import actuals
matches them) in a process of its own; printed are the reading's CPU time (user +
system) and wall time, and the process's peak resident memory (``ru_maxrss``) at the
end and before the reading (Python, pandas and the names: what the reading adds is the
difference). No workbook is read or written: ``bench_scale.py --commands actuals``
measures the whole command.

Run: ``python benchmarks/bench_actuals_import.py`` (``--rows 100000`` for one size,
``--shapes plain,quoted`` for some shapes).

Figures (CPU s / peak MB of the process; before the reading it holds 101 MB), on a
2-core machine; "by row" is the code before the reading by column, measured beside it:

| export | by row | by column |
| --- | --- | --- |
| plain, 100,000 rows | 3.4 / 204 | 0.44 / 137 |
| quoted, 100,000 rows | 3.4 / 204 | 0.71 / 201 |
| decimal commas, 100,000 rows | 7.6 / 204 | 0.45 / 137 |
| Chinese, GB18030, 100,000 rows | 3.4 / 214 | 0.48 / 144 |
| plain, 1,000,000 rows | 34.1 / 1,150 | 2.8 / 387 |
| quoted, 1,000,000 rows | 33.7 / 1,150 | 6.3 / 696 |
| decimal commas, 1,000,000 rows | | 2.9 / 385 |
| Chinese, GB18030, 1,000,000 rows | | 3.0 / 430 |

The whole command (``xl-salesplan actuals``, reading the plan and writing tblActuals) on
the 500-rep plan, with and without the reading by column (the rest of the code the same):
100,000 rows 6.7 s / 212 MB -> 3.7 s / 192 MB; 1,000,000 rows 36.6 s / 1,158 MB -> 6.2 s /
402 MB. What is left at 1,000,000 rows: the C parser and factorising the columns (1.5 s),
finding the lines (0.4 s), the numbers' distinct texts (0.3 s), adding up (0.5 s).

Since the simple amounts of a column (``1200``, ``1234.56``, ``1234,56``) are read as arrays
of characters all at once and a CSV file's columns of texts are checked at once (line
breaks, blank rows), CPU s / peak MB measured beside the code before: plain 100,000 rows
0.44 / 123 -> 0.28 / 124, quoted 0.73 / 188 -> 0.61 / 188, decimal commas 0.45 / 123 ->
0.28 / 123, Chinese 0.50 / 131 -> 0.29 / 131; plain 1,000,000 rows 2.8 / 374 -> 2.0 / 365,
quoted 6.3 / 684 -> 5.7 / 685, decimal commas 2.8 / 375 -> 2.4 / 372, Chinese 3.0 / 416 ->
2.7 / 417. The whole command on the 500-rep plan (100,000 rows) took 2.6 s of CPU before and
2.1 s after, the merge of the months 0.2 s before and 0.03 s after.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ("plain", "quoted", "comma", "chinese")
_COMPANY = {"reps": 500, "regions": 20, "channels": 20, "products": 5, "history_rows": 1_000}
_CHINESE_HEADERS = {"month": "月份", "region": "区域", "product_line": "产品线",
                    "rep_id": "销售代表", "revenue": "销售额", "deals": "成交单数"}  # fmt: skip

_CHILD = """
import resource, sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from scaled_plan import scaled_tables
from xl_salesplan.actions.actuals import known_names
from xl_salesplan.actions.actuals_records import read_actuals_file
tables = scaled_tables(**{company!r})
for frame in tables.values():
    frame.attrs["sheet"] = "Inputs"
names = {{k: v for k, v in known_names(tables).items() if k != "kpi_id"}}
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
result = read_actuals_file({path!r}, names=names)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
print(cpu, wall, before.ru_maxrss / 1024, result.rows_read, len(result.frame),
      result.decimal_mark, result.encoding)
"""


def write_export(shape: str, rows: int, folder: Path) -> Path:
    """The export of ``rows`` rows in ``shape`` (see the module's description)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from scaled_plan import _actuals, scaled_tables

    tables = scaled_tables(**_COMPANY)
    frame = _actuals(tables, rows, seed=11)
    path = folder / f"{shape}_{rows}.csv"
    if shape == "chinese":
        zh = {t: tables[t].set_index(k)[f"{z}_zh"] for t, k, z in
              (("tblRegions", "region", "region"), ("tblProducts", "product_line", "product_line"),
               ("tblReps", "rep_id", "rep_name"))}  # fmt: skip
        frame = frame.assign(region=frame["region"].map(zh["tblRegions"]),
                             product_line=frame["product_line"].map(zh["tblProducts"]),
                             rep_id=frame["rep_id"].map(zh["tblReps"]),
                             month=frame["month"].dt.strftime("%Y/%m/%d"))  # fmt: skip
        frame.rename(columns=_CHINESE_HEADERS).to_csv(path, index=False, encoding="gb18030")
        return path
    frame["month"] = frame["month"].dt.strftime("%Y-%m-%d")
    if shape == "quoted":
        frame.to_csv(path, index=False, quoting=csv.QUOTE_ALL)
    elif shape == "comma":
        frame.to_csv(path, index=False, sep=";", decimal=",")
    else:
        frame.to_csv(path, index=False)
    return path


def run(path: Path) -> tuple[float, float, float, float, str]:
    """(CPU s, wall s of the reading, peak MB before it and at the end, what was read)."""
    code = _CHILD.format(root=str(ROOT), tests=str(ROOT / "tests"), company=_COMPANY,
                         path=str(path))  # fmt: skip
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)  # fmt: skip
    assert child.stdout is not None
    output = child.stdout.read().decode(errors="replace").strip()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(output)
    cpu, wall, before, *read = output.split()
    return float(cpu), float(wall), float(before), usage.ru_maxrss / 1024.0, " ".join(read)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100000,1000000", help="comma-separated row counts")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--write", nargs=3, help=argparse.SUPPRESS)  # the child that writes
    options = parser.parse_args()
    if options.write:
        shape, rows, folder_name = options.write
        write_export(shape, int(rows), Path(folder_name))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_import_"))
    try:
        print("| export | CPU s | wall s | peak MB (before) | rows read, summed, mark, encoding |")
        print("| --- | --- | --- | --- | --- |")
        for rows in (int(r) for r in options.rows.split(",")):
            for shape in options.shapes.split(","):
                # written by a child: a child's peak memory starts at its parent's size
                subprocess.run([sys.executable, __file__, "--write", shape, str(rows),
                                str(folder)], check=True)  # fmt: skip
                path = folder / f"{shape}_{rows}.csv"
                cpu, wall, before, peak, read = run(path)
                print(f"| {shape}, {rows:,} rows | {cpu:.2f} | {wall:.2f} | {peak:.0f} "
                      f"({before:.0f}) | {read} |", flush=True)  # fmt: skip
                path.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

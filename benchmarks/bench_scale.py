"""Every command on plans of three sizes: wall time and peak memory, and how they grow.

Sizes: the sample company (24 reps, about 1,900 history rows), 500 reps with about
100,000 history rows, 5,000 reps with about 1,000,000 history rows (close to a sheet's
row limit). Each workbook is built from the one ``xl-salesplan new`` writes, its input
tables replaced through the project's own writing path (``FileBook.write_table``: the
package is patched, never re-saved by another library); see ``tests/scaled_plan.py``.

Then the commands run one after the other on it, as a planner would, each in its own
process and three times in a row (``--runs``; the table gives the median times and the
highest peak): ``validate``, ``plan``, ``budget``, ``actuals`` (a CRM export of as many rows
as the history: 100,000 or 1,000,000), ``kpi``, ``share``, ``snapshot``. For each the
wall time, the CPU time (user + system: steadier than the wall time on a shared
machine) and the peak resident memory of that process (``ru_maxrss`` of the child,
from ``os.wait4``) are printed (the package's bytecode compiled first, as an installer
does), and for every pair of sizes the growth exponent
``log(CPU time ratio) / log(history-rows ratio)`` (1 = linear in the rows).

Goals (issue: scale): 500 reps every command under 3 s and 400 MB; 5,000 reps under 15 s
and 1.5 GB.

Run: ``python benchmarks/bench_scale.py`` (``--sizes sample,500`` for the smaller ones,
``--keep DIR`` to keep the workbooks). The 5,000-rep size needs a few GB of memory and
minutes to build.

Figures on a quiet 2-core machine (median wall s / peak MB of the command's process over
three runs; CPU s in the notes below):

| command | 500 reps, before the scale work | 500 reps | 5,000 reps |
| --- | --- | --- | --- |
| validate | 4.8 / 203 | 1.7 / 180 | 9.1 / 790 |
| plan | 8.4 / 272 | 2.5 / 218 | 11.9 / 837 |
| budget | 2.7 / 171 | 1.4 / 157 | 3.0 / 666 |
| actuals (100,000 / 1,000,000-row CSV) | 9.9 / 264 | 2.0 / 210 | 13.6 / 1,020 |
| kpi | 4.9 / 203 | 1.6 / 152 | 6.8 / 363 |
| share | 2.5 / 100 | 2.0 / 91 | 12.3 / 146 |
| snapshot | 3.4 / 102 | 2.1 / 94 | 14.2 / 153 |

"Before" is the code before the reader worked on bytes with numpy, the cell writer parsed
only the rows it writes and wrote whole runs of rows a column at a time, the checks and the
import worked once per distinct value, and parts were compressed in a background thread.
Large sheets are read on two threads (``XL_SALESPLAN_THREADS=1``: one), so a command's CPU
time can exceed its wall time (plan at 5,000 reps: 14.2 s CPU). Where the rest goes: at 500
reps about 0.5 s of each command is importing pandas and numpy; at 5,000 reps the history
read (about 8 s of CPU per million rows) is most of ``validate`` and ``plan``, the hardened
parser's check of every sheet (about 8 s for the 300 MB of XML) is most of ``share`` and
``snapshot``, and the second and third ``actuals`` replace the 150,000 rows the first added
(10.4 s for the first).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Size:
    """One company size."""

    name: str
    reps: int
    regions: int
    channels: int
    history_rows: int


SIZES = {
    "sample": Size("sample", 24, 4, 6, 1_917),
    "500": Size("500", 500, 20, 20, 100_000),
    "5000": Size("5000", 5_000, 50, 50, 1_000_000),
}
COMMANDS = ("validate", "plan", "budget", "actuals", "kpi", "share", "snapshot")
GOALS = {"500": (3.0, 400.0), "5000": (15.0, 1_500.0)}
_CLI = "import sys; from xl_salesplan.cli import main; sys.exit(main())"
# the demo's CRM export headers (xl_salesplan.demo.CRM_HEADERS; not imported here)
_CRM_HEADERS = {"month": "Close Date", "region": "Sales Territory",
                "product_line": "Product Family", "rep_id": "Opportunity Owner",
                "revenue": "Amount (CNY)", "deals": "Won Deals"}  # fmt: skip


def build(size: Size, folder: Path) -> tuple[Path, Path]:
    """The workbook and the CRM export of ``size`` in ``folder`` (run in a child process).

    The parent stays small: a child's peak memory (``ru_maxrss``) starts at the size of
    the process that started it, so the parent must not hold the company's tables.
    """
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from scaled_plan import write_actuals_csv, write_scaled_plan

    from xl_salesplan.demo import write_crm_export
    from xl_salesplan.template.build import template_bytes

    plan = folder / f"plan_{size.name}.xlsm"
    export = folder / f"actuals_{size.name}.csv"
    if size.name == "sample":
        export = folder / "crm_sample.csv"
        plan.write_bytes(template_bytes(lang="en"))
        write_crm_export(export)
        return plan, export
    tables = write_scaled_plan(plan, reps=size.reps, regions=size.regions,
                               channels=size.channels, products=5,
                               history_rows=size.history_rows,
                               on_step=lambda label: print(f"    {label}", flush=True))  # fmt: skip
    write_actuals_csv(export, tables, size.history_rows)
    return plan, export


def arguments(command: str, plan: Path, export: Path, folder: Path) -> list[str]:
    """Command-line arguments of ``command`` on ``plan``."""
    if command == "actuals" and export.name.startswith("crm"):
        mapping = [f"--map={key}={header}" for key, header in _CRM_HEADERS.items()]
        return ["actuals", str(plan), str(export), *mapping]
    if command == "actuals":
        return ["actuals", str(plan), str(export)]
    if command == "share":
        return ["share", str(plan), "-o", str(folder / "share.xlsx")]
    if command == "snapshot":
        return ["snapshot", str(plan), "-o", str(folder / "snapshot.xlsx")]
    return [command, str(plan)]


def command_environment() -> dict[str, str]:
    """The commands' environment: the project's sources, with their bytecode compiled.

    An installed package runs from the bytecode its installer compiled; a run that
    compiles every module again (``PYTHONDONTWRITEBYTECODE`` set) would add about 0.3 s to
    every command. The sources are compiled in place once, before the first run (not to
    a ``PYTHONPYCACHEPREFIX``: Python then looks for every module's bytecode there, and the
    first command to load a library would compile it).
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "udfs")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    sources = [str(ROOT / "xl_salesplan"), str(ROOT / "udfs")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *sources], check=True, env=env)
    subprocess.run([sys.executable, "-c", "import xl_salesplan.cli"], check=True, env=env)  # warm
    return env


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """(wall s, CPU s, peak MB, exit code, last output line) of one command's process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", _CLI, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env)  # fmt: skip
    assert child.stdout is not None
    output = child.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.strip()]
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024.0, child.returncode, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,500,5000", help="comma-separated sizes")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--keep", type=Path, help="folder to keep the workbooks in")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--build-only", help=argparse.SUPPRESS)  # the child that builds
    options = parser.parse_args()
    if options.build_only:
        build(SIZES[options.build_only], options.keep)
        return
    sizes = [SIZES[s] for s in options.sizes.split(",")]
    commands = options.commands.split(",")
    folder = options.keep or Path(tempfile.mkdtemp(prefix="bench_scale_"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[str, str], tuple[float, float, float]] = {}
    try:
        command_env = command_environment()
        for size in sizes:
            print(f"building {size.name}: {size.reps:,} reps, {size.history_rows:,} history rows",
                  flush=True)  # fmt: skip
            started = time.perf_counter()
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "udfs")]))
            subprocess.run([sys.executable, __file__, "--build-only", size.name, "--keep",
                            str(folder)], check=True, env=env)  # fmt: skip
            plan = folder / f"plan_{size.name}.xlsm"
            export = folder / ("crm_sample.csv" if size.name == "sample"
                               else f"actuals_{size.name}.csv")  # fmt: skip
            megabytes = plan.stat().st_size / 1e6
            print(f"  built in {time.perf_counter() - started:.1f} s ({megabytes:.1f} MB)")
            for command in commands:
                runs = []
                for _ in range(options.runs):
                    wall, cpu, peak, code, last = run(
                        arguments(command, plan, export, folder), command_env
                    )
                    runs.append((wall, cpu, peak))
                    flag = "" if code == 0 else f"  FAILED ({code}): {last[:120]}"
                    print(f"  {command:<9} {wall:7.2f} s wall {cpu:7.2f} s CPU {peak:8.0f} MB"
                          f"{flag}", flush=True)  # fmt: skip
                walls, cpus, peaks = zip(*runs, strict=True)
                results[(size.name, command)] = (median(walls), median(cpus), max(peaks))
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    _report(sizes, commands, results)


def _report(sizes: list[Size], commands: list[str],
            results: dict[tuple[str, str], tuple[float, float, float]]) -> None:  # fmt: skip
    print()
    print(
        "median wall s / median CPU s / highest peak MB per command; exponent of the CPU "
        "time against history rows"
    )
    header = "| command | " + " | ".join(f"{s.name}" for s in sizes)
    pairs = list(pairwise(sizes))
    header += "".join(f" | exponent {a.name}->{b.name}" for a, b in pairs) + " |"
    print(header)
    print("|" + " --- |" * (1 + len(sizes) + len(pairs)))
    for command in commands:
        cells = []
        for size in sizes:
            wall, cpu, peak = results.get((size.name, command), (math.nan,) * 3)
            goal = GOALS.get(size.name)
            miss = goal is not None and (wall > goal[0] or peak > goal[1])
            cells.append(f"{wall:.1f} / {cpu:.1f} / {peak:.0f}" + (" (over goal)" if miss else ""))
        for a, b in pairs:
            ta = results.get((a.name, command), (math.nan,) * 3)[1]
            tb = results.get((b.name, command), (math.nan,) * 3)[1]
            ratio = math.log(tb / ta) / math.log(b.history_rows / a.history_rows)
            cells.append(f"{ratio:.2f}")
        print(f"| {command} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

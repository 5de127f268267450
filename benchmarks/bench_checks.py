"""The input checks, Build plan's conversion and the incentive pricing at 500 and 5,000 reps.

What ``validate``, ``plan`` and ``kpi`` compute once the workbook is read, without the
reading and writing (measured by ``bench_scale.py``): the companies of
``tests/scaled_plan.py`` (500 reps with about 90,000 history rows, 5,000 reps with about
900,000), typed as the workbook reader gives them (numbers as float64, months as
dates, text as objects), with the template's named inputs and, as actuals, last year's
first half a year on (no problem found). Printed: CPU seconds of

- ``problems_of``: every check of every input (``validate``);
- ``check + plan_inputs``: Build plan's checks of its inputs, then their conversion;
- ``compute_incentives``: the payout risk and the tier sensitivity over the quota-risk
  simulation (10,000 simulated years x reps) and the rep scorecard (``kpi``);

and the growth exponent between the sizes (1 = linear in the rows).

Run: ``python benchmarks/bench_checks.py`` (``--sizes 500`` for the smaller one).

Figures (CPU s, in one process; 500 reps / 5,000 reps):

| step | before | after |
| --- | --- | --- |
| problems_of | 1.20 / 10.9 | 0.14 / 0.63 |
| check + plan_inputs | 1.7 / 15.4 | 0.16 / 0.73 |
| compute_incentives | 1.79 / 18.0 | 0.25 / 2.00 |

Growth exponents (after): 0.64, 0.66, 0.90. "Before" was measured on the 500-rep
benchmark workbook and its tables x 10 (the same sizes). Each check turned its column
into Python objects (a datetime column into one ``Timestamp`` per cell) and factorised
it again; the payout curve was evaluated over attainments x tiers and the simulated
years were drawn twice. Most of what is left of
``compute_incentives`` at 5,000 reps is drawing the 50,000,000 simulated attainments.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from scaled_plan import scaled_tables  # noqa: E402

from xl_salesplan.actions.incentives import compute_incentives  # noqa: E402
from xl_salesplan.actions.validate import check_inputs, problems_of  # noqa: E402
from xl_salesplan.actions.workbook_inputs import (  # noqa: E402
    WorkbookInputs,
    plan_inputs,
    read_workbook_inputs,
)
from xl_salesplan.layout import table  # noqa: E402
from xl_salesplan.template.build import template_bytes  # noqa: E402
from xl_salesplan.workbook.book import FileBook  # noqa: E402

SIZES = {"500": (500, 20, 20, 100_000), "5000": (5_000, 50, 50, 1_000_000)}


def company(size: str) -> tuple[WorkbookInputs, pd.DataFrame, float]:
    """The inputs as read, the reps' plan (12 months) and the annual target."""
    reps, regions, channels, history_rows = SIZES[size]
    folder = Path(tempfile.mkdtemp(prefix="bench_checks_"))
    plan = folder / "plan.xlsm"
    plan.write_bytes(template_bytes(lang="en"))
    template = read_workbook_inputs(FileBook.open(plan))
    tables = scaled_tables(reps=reps, regions=regions, channels=channels, products=5,
                           history_rows=history_rows)  # fmt: skip
    history = tables["tblHistory"]  # actuals: last year's first half, a year on
    last = history[(history["month"].dt.year == 2025) & (history["month"].dt.month <= 6)]
    tables["tblActuals"] = last.assign(month=last["month"] + pd.DateOffset(years=1))
    read = dict(template.tables)
    for name, frame in tables.items():
        keys = list(table(name).column_keys())
        typed = frame.reindex(columns=keys)
        for key in keys:  # as the reader gives them: numbers as float64, text as objects
            if pd.api.types.is_numeric_dtype(typed[key].dtype):
                typed[key] = typed[key].astype(float)
            elif not pd.api.types.is_datetime64_dtype(typed[key].dtype):
                typed[key] = typed[key].astype(object)
        typed.attrs.update(template.tables[name].attrs)
        read[name] = typed
    quotas = np.full(reps, 2_000_000.0)
    months = {f"2026-{m:02d}": quotas / 12 for m in range(1, 13)}
    rep_frame = read["tblReps"]
    rep_targets = pd.DataFrame({"rep_id": rep_frame["rep_id"], "rep_name": rep_frame["rep_name"],
                                "region": rep_frame["region"], **months})  # fmt: skip
    return WorkbookInputs(read, template.named), rep_targets, float(quotas.sum())


def cpu(func: object) -> tuple[float, object]:
    """CPU seconds of one run of ``func`` and its result."""
    start = time.process_time()
    out = func()  # type: ignore[operator]
    return time.process_time() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000")
    sizes = parser.parse_args().sizes.split(",")
    results: dict[tuple[str, str], float] = {}
    rows: dict[str, int] = {}
    for size in sizes:
        raw, rep_targets, target = company(size)
        rows[size] = len(raw.tables["tblHistory"])
        print(f"{size} reps: {rows[size]:,} history rows", flush=True)
        fresh = WorkbookInputs(raw.tables, raw.named)  # nothing factorised yet
        results[(size, "problems_of")], found = cpu(lambda r=fresh: problems_of(r))
        fresh = WorkbookInputs(raw.tables, raw.named)
        seconds, inputs = cpu(lambda r=fresh: (check_inputs(r, "build_plan"), plan_inputs(r))[1])
        results[(size, "check + plan_inputs")] = seconds
        results[(size, "compute_incentives")], _ = cpu(
            lambda i=inputs, t=rep_targets, a=target: compute_incentives(i, t, a)
        )
        for step in ("problems_of", "check + plan_inputs", "compute_incentives"):
            print(f"  {step:<22} {results[(size, step)]:7.2f} s CPU", flush=True)
        print(f"  ({len(found)} problems)")
    if len(sizes) == 2:
        small, large = sizes
        growth = math.log(rows[large] / rows[small])
        for step in ("problems_of", "check + plan_inputs", "compute_incentives"):
            exponent = math.log(results[(large, step)] / results[(small, step)]) / growth
            print(f"{step:<22} growth exponent {exponent:.2f}")


if __name__ == "__main__":
    main()

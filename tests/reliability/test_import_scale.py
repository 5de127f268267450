"""A large CRM export is read, checked and summed within CPU and memory bounds.

The bounds are set on a child process (CPU seconds, address space), so the test does not
depend on how loaded the machine is: an import that checked each cell in Python (9 s of CPU
for these 400,000 rows, twice the memory) is stopped by the kernel; one that checks each
distinct value once takes 2 to 3 s, Python and pandas starting included.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from reliability.limits import run_python_limited

_ROWS = 400_000
_READ = (
    "import sys; from xl_salesplan.actions.actuals_records import read_actuals_file; "
    "r = read_actuals_file(sys.argv[1]); "
    "print(r.rows_read, len(r.frame), r.decimal_mark, round(float(r.frame['revenue'].sum())))"
)


def _export(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    reps = rng.integers(0, 500, rows)
    return pd.DataFrame({
        "Close Date": [f"2026-0{m}-15" for m in rng.integers(1, 7, rows)],
        "Territory": [f"Region {r % 20:02d}" for r in reps],
        "Owner": [f"R{r:05d}" for r in reps],
        "Amount": np.round(rng.lognormal(10.5, 0.5, rows), 0),
    })  # fmt: skip


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
def test_a_large_export_is_imported_within_cpu_and_memory_bounds(tmp_path, quoting) -> None:
    frame = _export(_ROWS)
    path = tmp_path / "crm.csv"
    frame.to_csv(path, index=False, quoting=quoting)
    outcome = run_python_limited(["-c", _READ, str(path)], cpu_seconds=6,
                                 memory_bytes=1536 << 20)  # fmt: skip
    assert not outcome.hit_a_limit, outcome.message
    assert outcome.returncode == 0, outcome.stderr
    keys = frame.assign(month=frame["Close Date"].str[:7])[["month", "Territory", "Owner"]]
    expected = f"{_ROWS} {len(keys.drop_duplicates())} . {round(frame['Amount'].sum())}"
    assert outcome.stdout.strip() == expected

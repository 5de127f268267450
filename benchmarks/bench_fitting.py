"""Response-curve fitting of many channels: all at once (as arrays) against one at a time.

For 20, 200 and 2,000 channels with three years of quarterly history each (12 points,
spends and outcomes drawn as ``tests/scaled_plan.py`` draws them, on a logarithmic
curve with 5% noise), the CPU time of

- ``fit_responses`` (every channel of a kind fitted together: the grid start and each
  Gauss-Newton step are array operations over the channels), and
- ``fit_response`` called once per channel (a Python loop: what Optimise budget did),

per curve kind (Hill, the default, estimates two shape parameters; the others one), and
the largest relative difference between the two fits' parameters. Then the budget
engine as Optimise budget runs it (``compute_budget``: fitting, scoring, the optimum
and the frontier) on the sample company with that many channels.

Run: ``python benchmarks/bench_fitting.py`` (``--sizes 20 200`` for fewer,
``--kinds hill`` for one kind, ``--no-loop`` to skip the one-at-a-time fits).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
try:
    import xl_salesplan  # noqa: F401 - installed package, if any
except ModuleNotFoundError:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from scaled_plan import scaled_tables  # noqa: E402

from xl_salesplan.actions.budget import compute_budget  # noqa: E402
from xl_salesplan.actions.company_inputs import inputs_from_company  # noqa: E402
from xl_salesplan.budget.fitting import fit_response, fit_responses  # noqa: E402

KINDS = ("hill", "michaelis_menten", "logarithmic", "power", "linear_cap")


def cpu(func):
    """CPU seconds of one call (steadier than wall time on a shared machine), and its result."""
    start = time.process_time()
    out = func()
    return time.process_time() - start, out


def histories(channels: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Annual spends and outcomes per channel, as Optimise budget fits them."""
    tables = scaled_tables(reps=30, regions=5, channels=channels, products=4, history_rows=3_000)
    history = tables["tblChannelHistory"]
    spends, outcomes = [], []
    for _, rows in history.groupby("channel", sort=False):
        spends.append(4.0 * rows["spend"].to_numpy(float))
        outcomes.append(4.0 * rows["attributed_revenue"].to_numpy(float))
    return spends, outcomes


def largest_difference(together, alone) -> float:
    worst = 0.0
    for a, b in zip(together, alone, strict=True):
        p, q = np.asarray(a.curve.params, float), np.asarray(b.curve.params, float)
        finite = np.isfinite(q)
        worst = max(worst, float((np.abs(p - q)[finite] / np.abs(q[finite])).max()))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200, 2000])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--no-loop", action="store_true", help="skip the one-at-a-time fits")
    args = parser.parse_args()
    header = f"{'kind':<18}{'channels':>9}{'together s':>12}{'one by one s':>14}{'ratio':>8}"
    header += f"{'max rel diff':>14}"
    print(header)
    print("-" * len(header))
    for kind in args.kinds:
        for n in args.sizes:
            spends, outcomes = histories(n)
            kinds = [kind] * n
            t_all, together = cpu(lambda s=spends, o=outcomes, k=kinds: fit_responses(s, o, k))
            if args.no_loop:
                print(f"{kind:<18}{n:>9,}{t_all:>12.2f}{'-':>14}{'-':>8}{'-':>14}")
                continue
            t_one, alone = cpu(
                lambda s=spends, o=outcomes, k=kind: [
                    fit_response(x, y, kind=k) for x, y in zip(s, o, strict=True)
                ]
            )
            diff = largest_difference(together, alone)
            print(
                f"{kind:<18}{n:>9,}{t_all:>12.2f}{t_one:>14.2f}{t_one / t_all:>7.0f}x{diff:>14.1e}"
            )
    print()
    print(f"{'compute_budget (Hill fits)':<28}{'channels':>9}{'CPU s':>8}")
    company = inputs_from_company()
    for n in args.sizes:
        tables = scaled_tables(reps=30, regions=5, channels=n, products=4, history_rows=3_000)
        inputs = dataclasses.replace(
            company, channels=tables["tblChannels"], channel_history=tables["tblChannelHistory"]
        )
        seconds, _ = cpu(lambda i=inputs: compute_budget(i))
        print(f"{'':<28}{n:>9,}{seconds:>8.2f}")


if __name__ == "__main__":
    main()

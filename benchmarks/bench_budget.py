"""Budget optimiser speed against scipy's SLSQP on the same instances.

For 10, 100, 1,000 and 10,000 channels: the time of ``optimise_budget`` and, up to
1,000 channels, of ``scipy.optimize.minimize(method="SLSQP")`` given the analytic
gradient and the constraint's Jacobian, started from an even split; the time ratio and
the objective gap (ours minus SLSQP's, relative; positive means ours is better) and
SLSQP's iteration count and exit status (0 = converged). Three
families of instances: "smooth" (Michaelis-Menten and logarithmic curves only, where
SLSQP is at its best), "concave" (also Hill slope <= 1, power and linear with a cap,
whose kinks and infinite first-unit returns trouble a gradient method) and "S-mix"
(30% S-shaped Hill curves). Also the time of a 50-budget frontier.

Run: ``python benchmarks/bench_budget.py`` (``--help`` for options). Timings are the
best of ``--repeat`` runs; SLSQP runs once per instance.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

try:
    import xl_salesplan  # noqa: F401 - installed package, if any
except ModuleNotFoundError:  # run from a source checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import best_time

from xl_salesplan.budget.allocation import budget_frontier, optimise_budget
from xl_salesplan.budget.curves import CurveSet, evaluate

FAMILIES = {
    # name: (curve kinds drawn from, share of S-shaped Hill curves)
    "smooth": (["michaelis_menten", "logarithmic"], 0.0),
    "concave": (["hill", "michaelis_menten", "logarithmic", "power", "linear_cap"], 0.0),
    "S-mix": (["hill", "michaelis_menten", "logarithmic", "power", "linear_cap"], 0.3),
}


def instance(n: int, family: str, seed: int):
    kinds_from, s_share = FAMILIES[family]
    rng = np.random.default_rng(seed)
    kinds = rng.choice(kinds_from, n)
    s = rng.random(n) < s_share
    kinds = np.where(s, "hill", kinds)
    p1 = np.where(kinds == "linear_cap", rng.uniform(0.5, 3.0, n), rng.uniform(50, 500, n))
    p2 = np.where(kinds == "power", rng.uniform(0.3, 0.9, n), rng.uniform(20, 200, n))
    p3 = np.where(s, rng.uniform(1.5, 4.0, n), rng.uniform(0.5, 1.0, n))
    curves = CurveSet(kinds, p1, p2, p3)
    floors = np.where(rng.random(n) < 0.2, rng.uniform(0, 20, n), 0.0)
    caps = np.where(rng.random(n) < 0.2, floors + rng.uniform(50, 300, n), np.inf)
    budget = float(floors.sum() + 80.0 * n)
    return curves, floors, caps, budget


def slsqp(curves, floors, caps, budget):
    n = len(curves)

    def objective(x):
        return -float(evaluate(curves, 0, np.maximum(x, 0.0)).sum())

    def gradient(x):
        g = evaluate(curves, 1, np.maximum(x, 1e-12))
        return -np.minimum(np.nan_to_num(g, posinf=1e12), 1e12)

    bounds = [(lo, hi if np.isfinite(hi) else None) for lo, hi in zip(floors, caps, strict=True)]
    start = np.clip(floors + (budget - floors.sum()) / n, floors, caps)
    cons = [{"type": "eq", "fun": lambda x: x.sum() - budget, "jac": lambda x: np.ones(n)}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        res = minimize(
            objective,
            start,
            jac=gradient,
            method="SLSQP",
            bounds=bounds,
            constraints=cons,
            options={"maxiter": 1000, "ftol": 1e-10},
        )
        elapsed = time.perf_counter() - t0
    x = np.clip(res.x, floors, caps)
    short = budget - x.sum()  # make the answer exactly feasible before comparing
    room = np.where(short > 0, caps - x, x - floors)
    room = np.where(np.isfinite(room), room, 1e300)
    x = x + short * room / room.sum()
    return elapsed, -objective(x), f"{res.nit} ({res.status})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--slsqp-max", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--families", nargs="+", default=list(FAMILIES), choices=list(FAMILIES))
    args = parser.parse_args()
    header = (
        f"{'curves':<8}{'n':>7}{'ours ms':>10}{'SLSQP ms':>11}{'ratio':>9}"
        f"{'SLSQP it (status)':>19}{'gap (ours-SLSQP)/ours':>24}{'frontier(50) ms':>17}"
    )
    print(header)
    print("-" * len(header))
    for label in args.families:
        for n in args.sizes:
            curves, floors, caps, budget = instance(n, label, seed=n)
            ours_t, plan = best_time(
                lambda c=curves, f=floors, k=caps, b=budget: optimise_budget(
                    c, b, floors=f, caps=k
                ),
                args.repeat,
            )
            budgets = np.linspace(floors.sum() + 1.0, budget, 50)
            front_t, _ = best_time(
                lambda c=curves, f=floors, k=caps, b=budgets: budget_frontier(
                    c, b, floors=f, caps=k
                ),
                max(1, args.repeat // 2),
            )
            if n <= args.slsqp_max:
                s_t, s_val, s_it = slsqp(curves, floors, caps, budget)
                ratio = f"{s_t / ours_t:,.0f}x"
                gap = f"{(plan.total_outcome - s_val) / abs(plan.total_outcome):+.2e}"
                s_ms, its = f"{s_t * 1e3:,.0f}", s_it
            else:
                ratio = gap = s_ms = its = "-"
            print(
                f"{label:<8}{n:>7,}{ours_t * 1e3:>10.1f}{s_ms:>11}{ratio:>9}{its:>9}"
                f"{gap:>24}{front_t * 1e3:>17.1f}"
            )


if __name__ == "__main__":
    main()

"""The ``xl-salesplan`` command line (a thin shell over the engine)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from xl_salesplan.errors import PlanningError
from xl_salesplan.spreading import spread_proportional

__all__ = ["main"]

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_LAST_YEAR = np.array([80, 75, 95, 100, 105, 110, 98, 92, 118, 125, 140, 170], dtype=float)


def _demo(args: argparse.Namespace) -> int:
    target = 1_500_000.0
    monthly = spread_proportional(target, _LAST_YEAR, unit=1000)
    print(f"Target {target:,.0f} spread like last year's months, rounded to 1,000:")
    for month, value in zip(_MONTHS, monthly, strict=True):
        print(f"  {month}  {value:>12,.0f}")
    print(f"  Total {monthly.sum():>12,.0f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the command line."""
    parser = argparse.ArgumentParser(prog="xl-salesplan", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the demo plan on the built-in sample data")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except PlanningError as exc:
        if args.debug:
            raise
        print(f"xl-salesplan: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

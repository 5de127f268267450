"""Regenerate the sample company's CSV files in xl_salesplan/data/ from a seed.

Usage::

    python scripts/make_sample_company.py            # write the shipped files (default seed)
    python scripts/make_sample_company.py --check    # exit 1 if the shipped files are stale
    python scripts/make_sample_company.py --seed 7 --out /some/folder

The data are computed in memory by ``generate_sample_company`` and written with
the package's one CSV writer (``sample_company_csv_bytes``), so the files are
byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from xl_salesplan.ooxml.atomic import atomic_write  # noqa: E402
from xl_salesplan.sample_company import (  # noqa: E402
    DEFAULT_SEED,
    generate_sample_company,
    sample_company_csv_bytes,
)


def main(argv: list[str] | None = None) -> int:
    """Write (or check) the sample company's CSV files; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--out", type=Path, default=REPO / "xl_salesplan" / "data", help="output folder"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the files instead of writing them"
    )
    args = parser.parse_args(argv)
    files = sample_company_csv_bytes(generate_sample_company(args.seed))
    stale = []
    for name, data in files.items():
        path = args.out / f"{name}.csv"
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.name)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        print(f"wrote {path.name} ({len(data):,} bytes)")
    if stale:
        print("stale sample files: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

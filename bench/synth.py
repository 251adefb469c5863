"""Time ``incare synth``: median of several runs at each size (children in care at 31 March).

.venv/bin/python bench/synth.py [--sizes 400 20000] [--runs 5] [--years 2019-2024]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from incare.synth import generate_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 20_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", default="2019-2024")
    args = parser.parse_args()
    first, _, last = args.years.partition("-")
    years = range(int(first), int(last or first) + 1)
    print(f"incare synth, years {years[0]}-{years[-1]}, median of {args.runs} runs")
    for size in args.sizes:
        times = []
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                generate_store(Path(folder), children=size, years=years, seed=run + 1)
                times.append(time.perf_counter() - started)
        print(
            f"  {size:>6,} children in care: {statistics.median(times):6.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f})"
        )


if __name__ == "__main__":
    main()

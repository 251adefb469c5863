"""Time every registered indicator on a store: median of 5 runs after one warm-up.

    .venv/bin/python bench/indicators.py STORE_DIR [--year 2024] [--runs 5]

Speed is measured here, by hand, never in a timed test (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from incare.indicators import INDICATORS, Period
from incare.ssda903.store import read_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--year", type=int, help="collection year (default: the store's last)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    store = read_store(args.store)
    period = Period.collection_year(args.year or store.years[-1])

    def run_all() -> None:
        for indicator in INDICATORS.values():
            indicator.run(store.tables, period=period)

    run_all()  # warm-up
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        run_all()
        times.append(time.perf_counter() - started)
    episodes = store.tables["episodes"].height
    print(f"{len(INDICATORS)} indicators, {episodes} episode rows, period {period}")
    print("runs: " + ", ".join(f"{t:.3f}s" for t in times))
    print(f"median: {statistics.median(times):.3f}s")


if __name__ == "__main__":
    main()

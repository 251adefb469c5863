"""Time ``read_store`` on a multi-year 903 store, side by side with a bare CSV parse.

    .venv/bin/python bench/read_store.py STORE_DIR [--runs 5]

Make a store with ``incare synth``. Each run times ``read_store`` (identify tables by header,
parse, validate every value against the specification, stack the years) and, straight after,
the peer: Polars reading the same files as plain text with no checks. The ratio of medians is
what validation and stacking cost; the peer is the floor on this machine at this moment.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import polars as pl

from incare.ssda903.store import read_store


def bare_parse(files: list[Path]) -> int:
    return sum(pl.read_csv(f, infer_schema=False).height for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="folder with one sub-folder per year")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = sorted(args.store.glob("*/*.csv"))
    baseline_mb = _peak_mb()

    store = read_store(args.store)  # warm-up: imports, spec cache, file-system cache
    ours, peer = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        read_store(args.store)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = bare_parse(files)
        peer.append(time.perf_counter() - started)

    print(f"store {args.store}: years {store.years[0]}-{store.years[-1]}, {rows:,} rows in files")
    for name, frame in store.tables.items():
        print(f"  {name:<22}{frame.height:>10,} rows after stacking")
    print(f"  {'resolutions':<22}{len(store.resolutions):>10,}")
    med_ours, med_peer = statistics.median(ours), statistics.median(peer)
    print(f"read_store  median of {args.runs}: {med_ours:.3f}s  (runs {_fmt(ours)})")
    print(f"bare parse  median of {args.runs}: {med_peer:.3f}s  (runs {_fmt(peer)})")
    print(f"ratio read_store / bare parse: {med_ours / med_peer:.2f}")
    print(f"peak resident memory: {_peak_mb():.0f} MB (before reading: {baseline_mb:.0f} MB)")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times)


if __name__ == "__main__":
    main()

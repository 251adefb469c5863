"""All indicators, for one year and for ten years, on one large authority and on 150.

    .venv/bin/python bench/indicators_many.py STORE [STORE ...] [--authorities 150] [--runs 5]

Make the stores first, e.g. five distinct 2,000-children authorities:

    for s in 1 2 3 4 5; do .venv/bin/incare synth --out /tmp/bench/s$s --children 2000 \\
        --years 2017-2026 --seed $s --like Warrington; done

150 authorities are simulated by **cycling** the stores given (authority k uses store
k mod n): each is evaluated separately, as the tool evaluates a council, so the work is that
of 150 authorities even though only n distinct stores are generated (generating 150 ten-year
stores would take far longer than the measurement). Stores are read once, before timing:
this measures the indicators, not CSV parsing (bench/read_store.py measures that).
Each measurement is the median of ``--runs`` runs after one warm-up. Indicators go through
``incare.indicators.report.run_indicators``, as ``incare indicators`` does, with a 0-17
population given so rate indicators are computed too, and each store's own LA code and
postcode reference (from its incare-store.json; ``--postcodes`` overrides the reference)
so the placement location indicators are too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from incare.indicators import INDICATORS, Period
from incare.indicators.report import Context, build_context, run_indicators
from incare.ssda903.store import Store, read_store

POPULATION = 50_000
"""A 0-17 population for rate indicators (about that of a mid-sized authority)."""


def _store_geography(folder: Path) -> tuple[str | None, Path | None]:
    """The store's own LA code and postcode reference (a synthetic store names both in
    incare-store.json), so the placement location indicators are timed too."""
    meta_path = folder / "incare-store.json"
    if not meta_path.exists():
        return None, None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    reference = meta.get("postcodes")
    return meta.get("la_code"), (folder / reference) if reference else None


def median_seconds(work: Callable[[], None], runs: int, *, warm_up: bool = True) -> float:
    if warm_up:
        work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def evaluate(stores: Sequence[tuple[Store, Context]], years: Sequence[int]) -> None:
    for store, context in stores:
        for year in years:
            run_indicators(store.tables, period=Period.collection_year(year), context=context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--authorities", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--many-runs",
        type=int,
        default=5,
        help="runs for the 150-authority cases (each ten-year run takes minutes)",
    )
    parser.add_argument("--postcodes", type=Path, help="postcode reference, for location")
    args = parser.parse_args()

    loaded = []
    for folder in args.stores:
        store = read_store(folder)
        la_code, postcodes = _store_geography(folder)
        context = build_context(
            la_code=la_code,
            population=POPULATION,
            postcodes=args.postcodes or postcodes,
            years=store.years,
        )
        loaded.append((store, context))
    store = loaded[0][0]
    last = store.years[-1]
    ten = store.years[-10:]
    episodes = store.tables["episodes"].height
    many = [loaded[k % len(loaded)] for k in range(args.authorities)]
    print(
        f"{len(INDICATORS)} indicators; {len(loaded)} distinct stores "
        f"({episodes:,} episode rows in the first, years {store.years[0]}-{last}); "
        f"{args.authorities} authorities by cycling them; median of {args.runs} runs "
        f"({args.many_runs} for {args.authorities} authorities)"
    )
    figures = run_indicators(
        store.tables, period=Period.collection_year(last), context=loaded[0][1]
    )
    skipped = [f"{f.id} ({f.note})" for f in figures if f.note]
    if skipped:
        print("not calculated (timed all the same): " + "; ".join(skipped))
    print(f"{'measurement':<38} {'total s':>9} {'s per authority-year':>21}")
    cases = [
        ("1 authority, 1 year", loaded[:1], [last]),
        (f"1 authority, {len(ten)} years", loaded[:1], ten),
        (f"{args.authorities} authorities, 1 year", many, [last]),
        (f"{args.authorities} authorities, {len(ten)} years", many, ten),
    ]
    for name, stores, years in cases:
        single = len(stores) == 1
        runs = args.runs if single else args.many_runs
        # The single-authority cases warm every code path up; the large ones need no warm-up.
        total = median_seconds(partial(evaluate, stores, years), runs, warm_up=single)
        per = total / (len(stores) * len(years))
        print(f"{name:<38} {total:>9.3f} {per:>21.3f}", flush=True)


if __name__ == "__main__":
    main()

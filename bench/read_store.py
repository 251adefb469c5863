"""Time ``read_store`` on a multi-year 903 store: median of 5 runs after one warm-up.

    .venv/bin/incare synth --out STORE_DIR --children 20000 --years 2019-2027
    .venv/bin/python bench/read_store.py STORE_DIR
    .venv/bin/python bench/read_store.py STORE_DIR --generate --children 38000

A store from ``incare synth`` is the realistic case. ``--generate`` instead writes, in a few
seconds, a rough store of Header, Episodes, Reviews and Missing only: random histories, but
the volumes of a large authority and about 1% of placements amended by the next submission,
so the stacking has overlaps to resolve.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import polars as pl

from incare.ssda903.spec import load_spec
from incare.ssda903.store import read_store
from incare.ssda903.writer import write_return

RUNS = 5
YEARS = range(2019, 2028)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="folder with one sub-folder per year")
    parser.add_argument("--generate", action="store_true", help="write a synthetic store first")
    parser.add_argument("--children", type=int, default=20_000, help="children to generate")
    parser.add_argument("--seed", type=int, default=903)
    args = parser.parse_args(argv)
    if args.generate:
        started = time.perf_counter()
        generate(args.store, children=args.children, seed=args.seed)
        print(f"generated in {time.perf_counter() - started:.1f}s")

    store = read_store(args.store)  # warm-up: imports, spec cache, file-system cache
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        read_store(args.store)
        timings.append(time.perf_counter() - started)

    print(f"store {args.store}: years {store.years[0]}-{store.years[-1]}")
    for name, frame in store.tables.items():
        print(f"  {name:<22}{frame.height:>10,} rows")
    print(f"  {'resolutions':<22}{len(store.resolutions):>10,}")
    print(f"read_store median of {RUNS}: {statistics.median(timings):.3f}s")
    return 0


def generate(folder: Path, *, children: int, seed: int) -> None:
    """Each child gets a random history; each year's return holds what overlaps that year."""
    rng = random.Random(seed)
    spec = load_spec()
    rows: dict[int, dict[str, list[tuple[object, ...]]]] = {
        y: {"header": [], "episodes": [], "reviews": [], "missing": []} for y in YEARS
    }
    for n in range(children):
        child = f"{100000 + n}"
        dob = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(7000))
        history = _history(rng, start=max(dob, dt.date(2016, 1, 1)))
        for year in YEARS:
            _add_year(rows[year], rng, child=child, dob=dob, history=history, year=year)
    for year, tables in rows.items():
        frames = {
            name: pl.DataFrame(data, schema=spec.tables[name].schema(), orient="row")
            for name, data in tables.items()
        }
        write_return(frames, folder / str(year), year=year)


Episode = tuple[dt.date, dt.date | None, str, str | None, str]


def _history(rng: random.Random, *, start: dt.date) -> list[Episode]:
    day = start + dt.timedelta(days=rng.randrange(3000))
    episodes: list[Episode] = []
    rne = "S"
    while day < dt.date(2027, 3, 1):
        end = day + dt.timedelta(days=rng.randrange(20, 200))
        leaves = rng.random() < 0.08
        episodes.append(
            (day, end, rne, "E13" if leaves else "X1", rng.choice(["U4", "U6", "K2", "U1"]))
        )
        if leaves and rng.random() < 0.7:
            break
        rne = "S" if leaves else rng.choice("PLT")
        day = end + dt.timedelta(days=rng.randrange(30, 300)) if leaves else end
    return episodes


def _add_year(
    tables: dict[str, list[tuple[object, ...]]],
    rng: random.Random,
    *,
    child: str,
    dob: dt.date,
    history: list[Episode],
    year: int,
) -> None:
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    shown = [e for e in history if e[0] <= end and (e[1] is None or e[1] >= start)]
    if not shown:
        return
    sex = "1" if year < 2025 else "M"
    tables["header"].append((child, sex, dob, "WBRI", None, None, None))
    for decom, dec, rne, rec, place in shown:
        closed = dec is not None and dec <= end
        if rng.random() < 0.01:  # a placement the next submission amends
            place = "U5"
        tables["episodes"].append(
            (child, decom, rne, "C2", "N1", place, "PR1", dec if closed else None,
             rec if closed else None, None, "AB1 2CD", "EF3 4GH", None)
        )  # fmt: skip
    first = max(shown[0][0], start)
    for months in (1, 7):
        review = first + dt.timedelta(days=30 * months)
        if review <= end:
            tables["reviews"].append((child, dob, review, "PN1"))
    if rng.random() < 0.1:
        gone = first + dt.timedelta(days=rng.randrange(1, 300))
        if gone <= end:
            tables["missing"].append((child, dob, "M", gone, gone + dt.timedelta(days=1)))


if __name__ == "__main__":
    sys.exit(main())

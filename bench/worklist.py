"""Time the statutory worklist for an authority of 2,000 children in care (issue 9: goal 1 s).

    .venv/bin/python bench/worklist.py [--children 2000] [--years 2017-2026] [--runs 5]
                                       [--as-at 2026-03-31] [--store DIR]

Makes a synthetic store with its records (or uses ``--store``, which must hold
``__records__``), imports both into a fresh SQLite database, then times, each ``--runs``
times (median printed):

- ``worklist``: the due dates and the worklist (14 days) from the frames, the pure Polars
  part (``incare.worklists.duedates.worklist``), as the command and the pages run it;
- ``+ breaches``: obligations of the last 12 months, the worklist and the breaches per month,
  as a worklist page computes them;
- ``load``: reading the 903, the records and the caseloads back from the database into frames
  (``incare.worklists.frames.worklist_tables``);
- ``indicators``: the five timeliness indicators for the 12 months to the date (they share
  one working-out of the obligations).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path


def _median(label: str, runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    shown = ", ".join(f"{t:.3f}" for t in times)
    print(f"{label:<14} median {median:.3f} s  (runs: {shown})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--years", default="2017-2026")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-at", default="2026-03-31")
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="incare-bench-worklist-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from incare.children.services import do_save_local_authority
    from incare.indicators import INDICATORS, Period
    from incare.indicators.timeliness import TIMELINESS_IDS, measures
    from incare.records.services import do_import_records_folder
    from incare.returns.services import do_import_store, read_store_metadata
    from incare.synth import generate_store
    from incare.synth.records import RECORDS_FOLDER
    from incare.worklists.duedates import breaches_by_month, obligations, worklist
    from incare.worklists.frames import worklist_tables

    store = args.store
    if store is None:
        first, last = (int(y) for y in args.years.split("-"))
        store = work / "store"
        print(f"making a store of {args.children} in care, {args.years}, seed {args.seed} ...")
        generate_store(
            store,
            children=args.children,
            years=range(first, last + 1),
            seed=args.seed,
            like="Warrington",
        )
    call_command("migrate", verbosity=0)
    metadata = read_store_metadata(store)
    authority = do_save_local_authority(
        code=str(metadata.get("la_code") or "999"),
        name=str(metadata.get("la_name") or ""),
        acting_user=None,
    )
    do_import_store(store, local_authority=authority, acting_user=None)
    do_import_records_folder(store / RECORDS_FOLDER, local_authority=authority, acting_user=None)

    as_at = date.fromisoformat(args.as_at)
    tables = worklist_tables(authority)
    year_before = date(as_at.year - 1, as_at.month, 1)
    items = worklist(tables, as_at=as_at, due_within=14)
    in_care = (
        tables["episodes"]
        .filter(
            (tables["episodes"]["DECOM"] <= as_at)
            & (tables["episodes"]["DEC"].is_null() | (tables["episodes"]["DEC"] > as_at))
        )["CHILD"]
        .n_unique()
    )
    print(
        f"{authority}: {tables['header'].height} header rows, {tables['episodes'].height} "
        f"episodes, {tables['statutory_visits'].height} visits; {in_care} in care on {as_at}; "
        f"{items.height} items due within 14 days ({(items['days_overdue'] > 0).sum()} overdue)"
    )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    def page() -> None:
        found = obligations(tables, as_at=as_at, since=year_before)
        worklist(tables, as_at=as_at, due_within=14, due=found)
        breaches_by_month(tables, as_at=as_at, due=found)

    period = Period.ending(as_at)
    _median("worklist", args.runs, lambda: worklist(tables, as_at=as_at, due_within=14))
    _median("+ breaches", args.runs, page)
    _median("load", args.runs, lambda: worklist_tables(authority))

    def five_indicators() -> None:
        measures._LAST.clear()  # each run works the obligations out afresh, as one report does
        for indicator in TIMELINESS_IDS:
            INDICATORS[indicator].run(tables, period=period)

    _median("indicators", args.runs, five_indicators)


if __name__ == "__main__":
    main()

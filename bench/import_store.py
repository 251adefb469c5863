"""Time `do_import_store` of a store into a fresh SQLite database.

    .venv/bin/python bench/import_store.py STORE [--runs 3] [--la 877]

Each run copies an empty, migrated database and imports the store into it (the first
import of an authority); then the same store is imported again into the last run's
database, which must change nothing (the daily re-import). Prints each run's seconds and
the medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--la", default="", help="authority code if the store does not say")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="incare-bench-"))
    database = work / "bench.sqlite3"
    # Settings read DATABASE_URL once, so it is set before Django starts.
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from incare.children.services import do_save_local_authority
    from incare.returns.models import ImportRun
    from incare.returns.services import do_import_store, read_store_metadata

    call_command("migrate", verbosity=0)
    connections.close_all()
    empty = work / "empty.sqlite3"
    shutil.copy(database, empty)
    code = str(read_store_metadata(args.store).get("la_code") or args.la or "999")

    def import_once() -> tuple[float, ImportRun]:
        authority = do_save_local_authority(code=code, acting_user=None)
        started = time.perf_counter()
        run = do_import_store(args.store, local_authority=authority, acting_user=None)
        return time.perf_counter() - started, run

    first: list[float] = []
    for number in range(1, args.runs + 1):
        connections.close_all()
        shutil.copy(empty, database)
        seconds, run = import_once()
        first.append(seconds)
        print(f"first import, run {number}: {seconds:.2f} s ({run.total_added} rows added)")
    again: list[float] = []
    for number in range(1, args.runs + 1):
        seconds, run = import_once()
        again.append(seconds)
        if run.changed_anything:
            sys.exit("the re-import changed rows: it should change nothing")
        print(f"re-import (no change), run {number}: {seconds:.2f} s")
    print(
        f"{args.store}: {run.total_read} rows in "
        f"{len(run.counts)} tables, collection years {run.years[0]}-{run.years[-1]}"
    )
    print(f"median first import: {statistics.median(first):.2f} s")
    print(f"median re-import:    {statistics.median(again):.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak_mb:.0f} MB")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()

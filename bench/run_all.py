"""Run every benchmark at 400 and 20,000 children in care on ten-year stores (2017-2026).

    .venv/bin/python bench/run_all.py [--sizes 400 20000] [--runs 5]

Generates each store once under var/bench/, then times synth, read_store, the indicators and
the import (median of --runs). Benchmarks are run by hand; their figures go in issue notes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
YEARS = "2017-2026"


def run(*args: str) -> None:
    print("$ " + " ".join(args), flush=True)
    subprocess.run([sys.executable, *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 20_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = str(args.runs)
    sizes = [str(size) for size in args.sizes]
    run(str(BENCH / "synth.py"), "--sizes", *sizes, "--runs", runs, "--years", YEARS)
    for size in sizes:
        store = Path("var/bench") / f"store-{size}"
        if not store.exists():
            subprocess.run(
                [Path(sys.executable).parent / "incare", "synth", "--out", str(store),
                 "--children", size, "--years", YEARS, "--seed", "2026"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        run(str(BENCH / "read_store.py"), str(store))
        run(str(BENCH / "indicators.py"), str(store), "--runs", runs)
        run(str(BENCH / "import_store.py"), str(store), "--runs", runs)


if __name__ == "__main__":
    main()

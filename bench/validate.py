"""903 validation: incare beside the sector's validator, on the same large authority.

    .venv/bin/python bench/validate.py [--children 4400] [--runs 3] [--year 2025]

Generates (once) a synthetic store under var/bench/ with the collection year and the one
before it, then runs, alternately and ``--runs`` times each, as separate processes:

- the sector tool, csc-validator-be-903 0.1.17, in its own virtualenv (``make parity``
  makes var/parity-venv), through parity/sector_side.py ``files`` with the store's postcode
  reference in place of its bundled one, as the parity harness runs it;
- ``incare validate STORE --year YEAR --format json``, as a council would.

Each is timed from outside (wall clock, process start to exit, so interpreter start-up and
reading the CSVs count for both) and its peak resident memory is the kernel's figure for that
child process (``os.wait4``'s ru_maxrss). Prints medians, the ratios, and how many rules each
ran. Run by hand; the figures go in bench/README.md.

Both tools run from compiled bytecode, as ``pip install`` leaves a package: the sector tool's
install compiled its modules, and incare's are compiled here first (``compileall``), because
an editable install under ``PYTHONDONTWRITEBYTECODE`` (as in the development container) would
otherwise compile every incare module from source on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_SECTOR = ROOT / "var" / "parity-venv" / "bin" / "python"


def measure(command: list[str], *, stdout: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of ``command`` run as a child process."""
    with stdout.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss is in KB on Linux


def compile_incare() -> None:
    """Write incare's bytecode (``__pycache__``, ignored by git), as an install would."""
    import compileall

    import incare

    compileall.compile_dir(Path(incare.__file__).parent, quiet=1)


def ensure_store(children: int, year: int) -> Path:
    store = ROOT / "var" / "bench" / f"validate-{children}-{year}"
    if not (store / str(year)).is_dir():
        subprocess.run(
            [str(BIN / "incare"), "synth", "--out", str(store), "--children", str(children),
             "--years", f"{year - 1}-{year}", "--seed", str(year)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return store


def sector_reference(store: Path, scratch: Path) -> Path:
    """The store's postcode reference in the columns parity/sector_side.py reads."""
    from incare.geography import load_postcodes

    metadata = json.loads((store / "incare-store.json").read_text())
    out = scratch / "postcodes.csv"
    load_postcodes(store / metadata["postcodes"]).select(
        pcd_abbr="postcode", laua="la_code", oseast1m="easting", osnrth1m="northing"
    ).write_csv(out)
    return out


def describe(store: Path, year: int) -> str:
    header = pl.read_csv(store / str(year) / "header.csv", infer_schema=False)
    episodes = pl.read_csv(store / str(year) / "episodes.csv", infer_schema=False)
    # Looked after at some time in the year: an episode open on or after 1 April.
    start = pl.date(year - 1, 4, 1)
    ended = pl.col("DEC").str.to_date("%d/%m/%Y", strict=False)
    in_year = episodes.filter(ended.is_null() | (ended >= start))["CHILD"].n_unique()
    rows = sum(
        pl.read_csv(p, infer_schema=False).height
        for y in (year - 1, year)
        for p in (store / str(y)).glob("*.csv")
    )
    return (
        f"{header.height:,} children in the {year} Header ({in_year:,} looked after at some "
        f"time in the year), {episodes.height:,} episodes, {rows:,} rows in the two years' files"
    )


def incare_once(store: Path, year: int) -> None:
    """Child mode: read the return and run every rule in this process; print the seconds
    that took (no interpreter or Django start-up) and the counts, as JSON."""
    from incare.validation.files import validate_folder

    metadata = json.loads((store / "incare-store.json").read_text())
    started = time.perf_counter()
    report = validate_folder(
        store, year=year, la_code=metadata["la_code"], postcodes=store / metadata["postcodes"]
    )
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rules_run": len(report.rules_run)}))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=4400, help="in care at 31 March")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sector-python", type=Path, default=DEFAULT_SECTOR)
    parser.add_argument("--once", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.once is not None:
        incare_once(args.once, args.year)
        return
    if not args.sector_python.is_file():
        sys.exit(f"no {args.sector_python}: run `make parity` first (it installs the sector tool)")
    store = ensure_store(args.children, args.year)
    compile_incare()
    print(f"store {store}: {describe(store, args.year)}")
    print(f"load average at the start: {_load()}")
    la_code = json.loads((store / "incare-store.json").read_text())["la_code"]
    this, last = str(store / str(args.year)), str(store / str(args.year - 1))
    side = str(ROOT / "parity" / "sector_side.py")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        reference = str(sector_reference(store, scratch))
        commands = {
            # As councils run it: its own bundled ONS postcode lookup.
            "sector": [str(args.sector_python), side, "files", str(args.year), this, last,
                       str(la_code)],
            # With incare's postcode reference patched in, as the parity harness runs it.
            "sector, incare postcodes": [str(args.sector_python), side, "files",
                                         str(args.year), this, last, str(la_code), reference],
            "incare validate": [str(BIN / "incare"), "validate", str(store), "--year",
                                str(args.year), "--format", "json"],
            "incare, in process": [sys.executable, __file__, "--once", str(store), "--year",
                                   str(args.year)],
        }  # fmt: skip
        wall: dict[str, list[float]] = {name: [] for name in commands}
        inner: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[float]] = {name: [] for name in commands}
        outputs: dict[str, dict] = {}
        for run in range(args.runs):
            for name, command in commands.items():
                out = scratch / "out.json"
                seconds, peak, status = measure(command, stdout=out)
                if status != 0:
                    sys.exit(f"{name} failed (exit {status}): {' '.join(command)}")
                outputs[name] = json.loads(out.read_text())
                wall[name].append(seconds)
                peaks[name].append(peak)
                if "seconds" in outputs[name]:
                    inner[name].append(outputs[name]["seconds"])
                print(f"run {run + 1} {name:<26}{seconds:7.2f} s {peak:7.0f} MB", flush=True)
    print(f"load average at the end: {_load()}")
    report(args.runs, wall, inner, peaks, outputs)


def _load() -> str:
    """The 1, 5 and 15 minute load averages: the machine is shared, so say how busy it was."""
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def report(
    runs: int,
    wall: dict[str, list[float]],
    inner: dict[str, list[float]],
    peaks: dict[str, list[float]],
    outputs: dict[str, dict],
) -> None:
    print()
    print(f"medians of {runs} runs")
    print(f"{'':<28}{'wall':>9}{'in process':>12}{'peak RSS':>10}{'rules run':>11}")
    for name in wall:
        rules = outputs[name].get("rules_run")
        if isinstance(rules, list) or rules is None:
            rules = len(outputs[name].get("done", []))
        print(
            f"{name:<28}{median(wall[name]):>7.2f} s{median(inner[name]):>10.2f} s"
            f"{median(peaks[name]):>7.0f} MB{rules:>11}"
        )
    sector, ours = median(wall["sector"]), median(wall["incare validate"])
    sector_in, ours_in = median(inner["sector"]), median(inner["incare, in process"])
    print(
        f"ratio, wall (sector / incare validate): {sector / ours:.1f}x; "
        f"in process: {sector_in / ours_in:.1f}x; "
        f"peak memory: {median(peaks['sector']) / median(peaks['incare validate']):.1f}x"
    )
    failed = outputs["sector"].get("failed", [])
    print(f"sector rules that crashed: {', '.join(failed) or 'none'}")


if __name__ == "__main__":
    main()

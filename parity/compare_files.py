"""Run incare's rules and the sector validator on the same 903 files; compare rule by rule.

    .venv/bin/python parity/compare_files.py STORE [--year 2025] [--json OUT]
    .venv/bin/python parity/compare_files.py RETURN --year 2025 --last LAST_RETURN --la-code X

STORE is a store folder (as ``incare validate`` takes; its postcodes.csv and la_code are used)
or one return's folder with ``--last``. The sector tool runs in its own virtualenv
(``--sector-python``, default var/parity-venv/bin/python; ``parity/run`` makes it) through
``sector_side.py files``, with incare's postcode reference in place of its bundled one.

Per rule: the rows each tool flags (all tables together) and a verdict:

- ``agree``: both ran and flag exactly the same rows of the same tables;
- ``differ``: both ran and disagree, and incare's rule gives no ``differs=`` reason;
- ``differ (documented)``: they disagree where incare's rule says why (``differs=``);
- ``sector crashed``: the sector rule raised (its known faults: 231, 233, …);
- ``only sector ran`` / ``only incare ran``: the other skipped it (a table or list not
  supplied) or does not have the rule.

Exit status 1 when any rule is ``differ``, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from incare.geography import load_postcodes
from incare.validation.engine import code_order, rules_for, validate
from incare.validation.files import load_return_data, locate_return, read_providers
from incare.validation.report import ValidationReport

HERE = Path(__file__).resolve().parent
DEFAULT_SECTOR_PYTHON = HERE.parent / "var" / "parity-venv" / "bin" / "python"
Flags = dict[str, list[int]]


def run_incare(
    this: Path,
    last: Path | None,
    *,
    year: int,
    la_code: str | None,
    postcodes: pl.DataFrame | None,
    providers: Path | None = None,
) -> tuple[ValidationReport, str | None]:
    """incare's report, and the authority code as given to the rules (for the sector)."""
    data = load_return_data(
        this,
        collection_year=year,
        last_year=last,
        la_code=la_code,
        postcodes=postcodes,
        providers=read_providers(providers) if providers else None,
    )
    return validate(data), data.la_code


def run_sector(
    this: Path,
    last: Path | None,
    *,
    year: int,
    la_code: str | None,
    postcodes: pl.DataFrame | None,
    python: Path,
) -> dict[str, Any]:
    """``sector_side.py files`` in the sector tool's virtualenv; its JSON."""
    with tempfile.TemporaryDirectory() as scratch:
        reference = "-"
        if postcodes is not None:
            reference = str(Path(scratch) / "postcodes.csv")
            postcodes.select(
                pcd_abbr="postcode", laua="la_code", oseast1m="easting", osnrth1m="northing"
            ).write_csv(reference)
        command = [
            str(python),
            str(HERE / "sector_side.py"),
            "files",
            str(year),
            str(this),
            str(last) if last is not None else "-",
            la_code or "-",
            reference,
        ]
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        done = subprocess.run(  # noqa: S603 (our own script, in the sector tool's venv)
            command, capture_output=True, text=True, check=False, env=env
        )
    if done.returncode != 0:
        raise SystemExit(f"the sector validator failed on {this}:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def incare_flags(report: ValidationReport) -> dict[str, Flags]:
    out: dict[str, Flags] = {}
    for (code, table), rows in report.errors.group_by(["code", "table"]):
        out.setdefault(str(code), {})[str(table)] = sorted(rows.get_column("row").to_list())
    return out


def compare(report: ValidationReport, sector: dict[str, Any], *, year: int) -> list[dict[str, Any]]:
    """One row per rule either tool has for ``year``: rows flagged by each, and the verdict."""
    ours = {r.code: r for r in rules_for(year)}
    ran = {r.code for r in report.rules_run}
    mine = incare_flags(report)
    theirs: dict[str, Flags] = sector["flags"]
    sector_ran = set(sector["done"])
    failed = set(sector["failed"])
    rows = []
    for code in sorted(set(ours) | set(sector["rules"]), key=code_order):
        a, b = theirs.get(code, {}), mine.get(code, {})
        if code in failed:
            verdict = "sector crashed"
        elif code in sector_ran and code in ran:
            if a == b:
                verdict = "agree"
            else:
                verdict = "differ (documented)" if ours[code].differs else "differ"
        elif code in sector_ran:
            verdict = "only sector ran"
        elif code in ran:
            verdict = "only incare ran"
        else:
            verdict = "neither ran"
        rows.append(
            {
                "rule": code,
                "sector_rows": sum(len(v) for v in a.values()) if code in sector_ran else None,
                "incare_rows": sum(len(v) for v in b.values()) if code in ran else None,
                "verdict": verdict,
                "sector": a,
                "incare": b,
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]], *, verbose: bool) -> None:
    print(f"{'rule':<10}{'sector':>8}{'incare':>8}  verdict")
    for row in rows:
        if not verbose and row["verdict"] in {"agree", "neither ran"}:
            continue
        sector = "-" if row["sector_rows"] is None else row["sector_rows"]
        incare = "-" if row["incare_rows"] is None else row["incare_rows"]
        print(f"{row['rule']:<10}{sector:>8}{incare:>8}  {row['verdict']}")
        if row["verdict"].startswith("differ"):
            for table in sorted(set(row["sector"]) | set(row["incare"])):
                a, b = set(row["sector"].get(table, [])), set(row["incare"].get(table, []))
                print(
                    f"    {table}: only sector {sorted(a - b)[:12]}, "
                    f"only incare {sorted(b - a)[:12]}"
                )
    counts = Counter(row["verdict"] for row in rows)
    print(", ".join(f"{verdict}: {n}" for verdict, n in sorted(counts.items())))


def _store_metadata(folder: Path) -> dict[str, Any]:
    path = folder / "incare-store.json"
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a store, or one return's folder")
    parser.add_argument("--year", type=int, help="collection year (default: the latest)")
    parser.add_argument("--last", type=Path, help="last year's return")
    parser.add_argument("--la-code", help="the authority's DfE number or ONS code")
    parser.add_argument("--postcodes", type=Path, help="postcode reference")
    parser.add_argument("--sector-python", type=Path, default=DEFAULT_SECTOR_PYTHON)
    parser.add_argument("--json", type=Path, help="write the per-rule comparison here")
    parser.add_argument("--verbose", "-v", action="store_true", help="list agreeing rules too")
    args = parser.parse_args()
    this, last, year = locate_return(args.folder, year=args.year, last=args.last)
    metadata = _store_metadata(args.folder)
    postcodes_path = args.postcodes
    if postcodes_path is None and metadata.get("postcodes"):
        postcodes_path = args.folder / str(metadata["postcodes"])
    postcodes = load_postcodes(postcodes_path) if postcodes_path else None
    la_code = args.la_code or (str(metadata["la_code"]) if metadata.get("la_code") else None)
    report, resolved = run_incare(this, last, year=year, la_code=la_code, postcodes=postcodes)
    sector = run_sector(
        this, last, year=year, la_code=resolved, postcodes=postcodes, python=args.sector_python
    )
    rows = compare(report, sector, year=year)
    print(f"files: {this} (last year: {last or 'none'}), collection year {year}")
    print_table(rows, verbose=args.verbose)
    if args.json:
        args.json.write_text(json.dumps({"year": year, "folder": str(this), "rules": rows}))
    return 1 if any(row["verdict"] == "differ" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Replay the sector validator's own per-rule test cases against incare's rules.

    .venv/bin/python parity/replay_cases.py CASES.json --year 2026 [--code 103 ...] [--json OUT]

CASES.json comes from ``sector_side.py cases YEAR`` (run in the sector tool's virtualenv;
``parity/run`` does both). For every recorded call of a sector rule on its test data, incare
runs its rule of the same code and year on the same frames (not normalised, ROW = the pandas
index) and the flagged rows are compared table by table.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from incare.validation import validate
from incare.validation.data import ROW, build_return_data, table_columns
from incare.validation.engine import rules_for

COUNTRIES = {"E": "E92000001", "W": "W92000004", "S": "S92000003", "N": "N92000002"}
"""ONS country codes by the first letter of an authority's ONS code."""


def _date(text: Any) -> date | None:
    if not isinstance(text, str):
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _from_collection_year(meta: dict[str, Any], *, start: bool) -> date | None:
    """The sector tool's ``collectionYear`` ("2026": the year ending 31 March 2026)."""
    text = str(meta.get("collectionYear") or "")[:4]
    if not text.isdigit():
        return None
    year = int(text)
    return date(year - 1, 4, 1) if start else date(year, 3, 31)


def _frame(raw: dict[str, Any]) -> pl.DataFrame:
    """A recorded pandas frame; ROW is its index where that is integer, else the position."""
    columns = [pl.Series(name, values, dtype=pl.String) for name, values in raw["columns"].items()]
    index = raw["index"]
    rows = index if all(isinstance(i, int) and i >= 0 for i in index) else range(len(index))
    return pl.DataFrame([pl.Series(ROW, list(rows), dtype=pl.UInt32), *columns])


def replay(case: dict[str, Any], *, year: int) -> dict[str, list[int]] | str:
    tables = case["input"]["tables"]
    meta = case["input"]["metadata"]
    known = set(table_columns()) | {t + "_last" for t in table_columns()}
    frames = {name: _frame(raw) for name, raw in tables.items() if name in known}
    providers = (
        _frame(tables["metadata.provider_info"]) if "metadata.provider_info" in tables else None
    )
    episodes = tables.get("Episodes", {}).get("columns", {})
    located = any(c in episodes for c in ("PL_DISTANCE", "PL_LOCATION", "PL_LA"))
    data = build_return_data(
        frames,
        collection_year=year,
        la_code=meta.get("localAuthority"),
        providers=providers,
        normalise=False,
        start=_date(meta.get("collection_start")) or _from_collection_year(meta, start=True),
        end=_date(meta.get("collection_end")) or _from_collection_year(meta, start=False),
    )
    recorded = case["input"].get("postcodes", [])
    if located or recorded:
        # The test's own PL_* columns stand; the reference holds the postcodes the sector's
        # bundled ONS lookup knew (recorded with the case), for rules such as 392c.
        reference = pl.DataFrame(
            recorded,
            schema={
                "postcode": pl.String,
                "la_code": pl.String,
                "easting": pl.String,
                "northing": pl.String,
            },
        ).with_columns(
            pl.col("easting", "northing").cast(pl.Int64, strict=False),
            country=pl.col("la_code")
            .str.slice(0, 1)
            .replace_strict(COUNTRIES, default=None, return_dtype=pl.String),
        )
        data = type(data)(**{**data.__dict__, "postcodes": reference})
    report = validate(data, only=[case["code"]])
    if not report.rules_run:
        reasons = [s.reason for s in report.rules_skipped]
        return "skipped: " + "; ".join(reasons) if reasons else "not implemented"
    flagged: dict[str, list[int]] = defaultdict(list)
    for row in report.errors.iter_rows(named=True):
        flagged[row["table"]].append(row["row"])
    return {t: sorted(rows) for t, rows in flagged.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--code", action="append", help="only these rule codes")
    parser.add_argument("--json", type=Path, help="write the per-rule table here")
    parser.add_argument("--verbose", "-v", action="store_true", help="show differing rows")
    args = parser.parse_args()
    cases = json.loads(args.cases.read_text())
    ours = {r.code: r for r in rules_for(args.year)}
    per_rule: dict[str, str] = {}
    details: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        code = case["code"]
        if args.code and code not in args.code:
            continue
        if "crash" in case:
            per_rule.setdefault(code, "sector crashed")
            continue
        if code not in ours:
            per_rule[code] = "not implemented"
            continue
        expected = {t: rows for t, rows in case["result"].items() if rows}
        got = replay(case, year=args.year)
        if got == expected:
            per_rule.setdefault(code, "agree")
        else:
            # A difference the rule's definition explains (differs=) is reported, not failed.
            per_rule[code] = "differ (documented)" if ours[code].differs else "differ"
            details[code].append(f"case {case['case']}: sector {expected} incare {got}")
    counts: dict[str, int] = defaultdict(int)
    for code, verdict in sorted(per_rule.items()):
        counts[verdict] += 1
        if verdict.startswith("differ") or args.verbose:
            print(f"{code:10} {verdict}")
            for line in details.get(code, []):
                print(f"    {line}")
    print(", ".join(f"{v}: {n}" for v, n in sorted(counts.items())))
    if args.json:
        args.json.write_text(
            json.dumps({"year": args.year, "rules": per_rule, "details": details}, indent=1)
        )
    return 1 if counts.get("differ") else 0


if __name__ == "__main__":
    sys.exit(main())

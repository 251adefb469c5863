"""The sector validator's side of the parity harness. Runs in its own virtualenv
(csc-validator-be-903 pins pandas 1.5), never imported by incare.

    python sector_side.py cases YEAR            > cases.json
    python sector_side.py files YEAR THIS LAST LA_CODE [POSTCODES] > flags.json

``cases``: each rule's own test (``test_validate`` in its module) is run with the module's
``validate`` wrapped, so every input the test builds and every result the rule returns is
recorded: these are the sector tool's per-rule test cases, replayed later against incare.
``files``: the validator run over a folder of 903 CSVs (and last year's, or ``-``), as
councils use it. POSTCODES is incare's postcode reference, as compare_files.py writes it
(``pcd_abbr,laua,oseast1m,osnrth1m``): the validator's own ONS lookup is replaced by it, so
both tools derive PL_LA, PL_LOCATION and PL_DISTANCE from the same postcodes (synthetic
postcodes are made up and in no real directory). Output: JSON on stdout.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import importlib
import io
import json
import logging
import sys
import traceback

import pandas as pd

RULESETS = {2025: "lac2024_25", 2026: "lac2025_26", 2027: "lac2026_27"}


def _cell(value: object) -> str | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame(df: pd.DataFrame) -> dict:
    return {
        "index": [
            int(i) if isinstance(i, (int,)) or str(i).isdigit() else str(i) for i in df.index
        ],
        "columns": {str(c): [_cell(v) for v in df[c].tolist()] for c in df.columns},
    }


def _dfs(dfs: dict) -> dict:
    out: dict = {"tables": {}, "metadata": {}}
    for name, value in dfs.items():
        if name == "metadata":
            for key, meta in value.items():
                if isinstance(meta, pd.DataFrame):
                    out["tables"][f"metadata.{key}"] = _frame(meta)
                else:
                    out["metadata"][key] = (
                        _cell(meta) if not isinstance(meta, (list, dict)) else meta
                    )
        elif isinstance(value, pd.DataFrame):
            out["tables"][name] = _frame(value)
    return out


def _result(result: object) -> dict:
    if not isinstance(result, dict):
        return {"unexpected": repr(result)}
    return {table: sorted(_index(i) for i in rows) for table, rows in result.items()}


def _index(label: object) -> int | str:
    """A row label as an int: some rules return their index as floats (2.0) or strings."""
    try:
        number = float(str(label))
    except ValueError:
        return str(label)
    return int(number) if number.is_integer() else str(label)


def _postcodes_found(dfs: dict) -> list[dict]:
    """The rows of the validator's bundled ONS lookup for every postcode in the test's
    Episodes: rules such as 392c look postcodes up there, so the replay needs them too."""
    written: set[str] = set()
    for name in ("Episodes", "Episodes_last"):
        frame = dfs.get(name)
        if isinstance(frame, pd.DataFrame):
            for column in ("HOME_POST", "PL_POST"):
                if column in frame.columns:
                    written |= {str(v) for v in frame[column].dropna().tolist()}
    if not written:
        return []
    from lac_validator import datastore

    keys = {w.upper().replace(" ", "") for w in written}
    datastore.postcodes.load_postcodes(sorted({k[0] for k in keys if k}))
    lookup = datastore.postcodes.dataframe
    found = lookup[lookup["pcd_abbr"].isin(keys)]
    return [
        {
            "postcode": row["pcd_abbr"],
            "la_code": row["laua"],
            "easting": _cell(row["oseast1m"]),
            "northing": _cell(row["osnrth1m"]),
        }
        for _, row in found.iterrows()
    ]


def cases(year: int) -> list[dict]:
    registry = importlib.import_module(f"lac_validator.rules.{RULESETS[year]}").registry
    recorded: list[dict] = []
    for code, definition in registry.items():
        module = importlib.import_module(definition.func.__module__)
        test = getattr(module, "test_validate", None)
        if test is None:
            continue
        original = module.validate
        calls: list[dict] = []

        def wrapped(dfs, *args, _original=original, _calls=calls, **kwargs):
            snapshot = _dfs(copy.deepcopy(dfs))
            snapshot["postcodes"] = _postcodes_found(dfs)
            try:
                result = _original(dfs, *args, **kwargs)
            except Exception as exc:  # the rule crashed on its own test data
                _calls.append({"input": snapshot, "crash": f"{type(exc).__name__}: {exc}"})
                raise
            _calls.append({"input": snapshot, "result": _result(result)})
            return result

        module.validate = wrapped
        status = "passed"
        try:
            test()
        except AssertionError:
            status = "assertion failed"
        except Exception as exc:
            status = f"crashed: {type(exc).__name__}: {exc}"
        finally:
            module.validate = original
        for n, call in enumerate(calls):
            recorded.append({"code": code, "case": n, "test": status, **call})
    return recorded


def files(year: int, this: str, last: str, la_code: str, postcodes: str = "-") -> dict:
    from pathlib import Path

    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    if postcodes != "-":
        _use_postcodes(postcodes)

    def csvs(folder: str) -> list[str]:
        return [str(p) for p in sorted(Path(folder).glob("*.csv"))] if folder != "-" else []

    import time

    started = time.perf_counter()  # reading the files and running every rule (bench/)
    uploaded = process_uploaded_files({"This year": csvs(this), "Prev year": csvs(last)})
    registry = importlib.import_module(f"lac_validator.rules.{RULESETS[year]}").registry
    validator = lac_validator.LacValidator(
        # The validator takes the collection's year from the first four characters and counts
        # it as the year ending 31 March (datastore._process_metadata): "2025" is 2024/25.
        metadata={"collectionYear": str(year), "localAuthority": la_code},
        files=uploaded,
        registry=registry,
        selected_rules=None,
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rules": sorted(str(code) for code in registry),
        "done": sorted(str(c) for c in validator.dones),
        "skipped": sorted(str(s) for s in validator.skips),
        "failed": sorted(str(f) for f in validator.fails),
        "flags": _flags_from(validator),
    }


def _use_postcodes(path: str) -> None:
    """Replace the validator's bundled ONS postcode lookup (and its district -> upper-tier
    table) with incare's reference: ``laua`` there is already the upper-tier authority."""
    from lac_validator import datastore

    frame = pd.read_csv(path, dtype={"pcd_abbr": str, "laua": str})
    frame["pcd"] = frame["pcd_abbr"]  # rule 392c: a postcode is valid when the lookup has it

    class Reference:
        dataframe = frame

        def load_postcodes(self, letters: object) -> None:  # all are loaded already
            return None

    codes = sorted(frame["laua"].dropna().unique())
    datastore.postcodes = Reference()
    datastore.la_df = pd.DataFrame({"LTLA21CD": codes, "UTLA21CD": codes, "UTLA21NM": codes})


def _flags_from(validator: object) -> dict:
    """Per rule code, per table, the flagged rows.

    ``LacValidator.validate`` marks each failing row of ``ds_results[table]`` (a copy of the
    table, index = 0-based row of the file) with True in a column ``ERR_<code>``."""
    out: dict[str, dict[str, list[int]]] = {}
    for table, frame in validator.ds_results.items():
        if not isinstance(frame, pd.DataFrame):
            continue
        for column in frame.columns:
            if not str(column).startswith("ERR_"):
                continue
            code = str(column)[4:]
            marked = frame[column].eq(True)
            rows = frame.index[marked].tolist()
            if rows:
                out.setdefault(code, {})[table] = sorted(
                    int(r) for r in rows if str(r).lstrip("-").isdigit()
                )
    return out


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)
    mode, year = sys.argv[1], int(sys.argv[2])
    try:
        # The sector tool's tests print; keep stdout for the JSON.
        with contextlib.redirect_stdout(io.StringIO()):
            payload = cases(year) if mode == "cases" else files(year, *sys.argv[3:7])
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    json.dump(payload, sys.stdout)

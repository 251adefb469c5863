"""The sector validator's side of the parity harness. Runs in its own virtualenv
(csc-validator-be-903 pins pandas 1.5), never imported by incare.

    python sector_side.py cases YEAR            > cases.json
    python sector_side.py files YEAR THIS LAST LA_CODE > flags.json

``cases``: each rule's own test (``test_validate`` in its module) is run with the module's
``validate`` wrapped, so every input the test builds and every result the rule returns is
recorded: these are the sector tool's per-rule test cases, replayed later against incare.
``files``: the validator run over a folder of 903 CSVs (and last year's), as councils use it.
Output: JSON on stdout.
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
    return {
        table: sorted(int(i) if str(i).lstrip("-").isdigit() else str(i) for i in rows)
        for table, rows in result.items()
    }


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


def files(year: int, this: str, last: str, la_code: str) -> dict:
    from pathlib import Path

    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    def csvs(folder: str) -> list[str]:
        return [str(p) for p in sorted(Path(folder).glob("*.csv"))] if folder != "-" else []

    uploaded = process_uploaded_files({"This year": csvs(this), "Prev year": csvs(last)})
    registry = importlib.import_module(f"lac_validator.rules.{RULESETS[year]}").registry
    validator = lac_validator.LacValidator(
        metadata={"collectionYear": f"{year - 1}/{str(year)[2:]}", "localAuthority": la_code},
        files=uploaded,
        registry=registry,
        selected_rules=None,
    )
    flags: dict[str, dict] = {}
    for code, result in (
        validator.ds_results.items() if isinstance(validator.ds_results, dict) else []
    ):
        flags[code] = result
    return {
        "done": sorted(validator.dones),
        "skipped": sorted(str(s) for s in validator.skips),
        "flags": _flags_from(validator),
    }


def _flags_from(validator: object) -> dict:
    """Per rule code, per table, the flagged rows (from the validator's error frames)."""
    out: dict[str, dict[str, list[int]]] = {}
    errors = validator.ds_results
    for table, frame in errors.items():
        if not isinstance(frame, pd.DataFrame):
            continue
        for column in frame.columns:
            if not str(column).startswith("ERR_"):
                continue
            code = str(column)[4:]
            rows = frame.index[frame[column].fillna(False).astype(bool)].tolist()
            if rows:
                out.setdefault(code, {})[table] = sorted(int(r) for r in rows)
    return out


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)
    mode, year = sys.argv[1], int(sys.argv[2])
    try:
        # The sector tool's tests print; keep stdout for the JSON.
        with contextlib.redirect_stdout(io.StringIO()):
            payload = cases(year) if mode == "cases" else files(year, *sys.argv[3:6])
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    json.dump(payload, sys.stdout)

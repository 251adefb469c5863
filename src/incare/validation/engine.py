"""Running the rules: every applicable rule's flags are unioned into one lazy query.

The tables are built once as in-memory frames; each rule adds a small lazy plan over them
(a filter, a join), and Polars evaluates the union in one go, in parallel, sharing common
sub-plans. No rule copies the data, and no rule runs row by row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.report import ERROR_SCHEMA, Skipped, ValidationReport
from incare.validation.rule import RULES, Rule


def rules_for(year: int, *, rules: Iterable[Rule] | None = None) -> list[Rule]:
    """The rules of the ``year`` collection, in code order."""
    from incare.validation import rules as _register  # noqa: F401  (registers every rule)

    chosen = [r for r in (RULES if rules is None else rules) if r.applies_to(year)]
    return sorted(chosen, key=lambda r: code_order(r.code))


def code_order(code: str) -> tuple[int, str]:
    """Numeric codes in number order, then the rest (SW…, 503A…) by text."""
    digits = "".join(c for c in code if c.isdigit())
    return (int(digits) if code[:1].isdigit() else 10_000, code)


def validate(
    data: ReturnData, *, rules: Iterable[Rule] | None = None, only: Iterable[str] | None = None
) -> ValidationReport:
    """Run every rule of ``data``'s collection year (or ``only`` these codes)."""
    wanted = set(only) if only is not None else None
    chosen = [
        r
        for r in rules_for(data.collection_year, rules=rules)
        if wanted is None or r.code in wanted
    ]
    run: list[Rule] = []
    skipped: list[Skipped] = []
    plans: list[tuple[Rule, pl.LazyFrame]] = []
    for rule in chosen:
        absent = sorted(n for n in rule.needs if not data.has(n))
        if absent:
            skipped.append(Skipped(rule.code, f"needs {', '.join(absent)}, not supplied"))
            continue
        try:
            plans.append((rule, _plan(rule, data)))
        except Exception as exc:
            skipped.append(Skipped(rule.code, f"rule failed: {exc}"))
            continue
        run.append(rule)
    errors, failed = _collect(plans)
    skipped += failed
    failed_codes = {s.code for s in failed}
    return ValidationReport(
        collection_year=data.collection_year,
        rules_run=tuple(r for r in run if r.code not in failed_codes),
        rules_skipped=tuple(skipped),
        errors=errors,
    )


def _plan(rule: Rule, data: ReturnData) -> pl.LazyFrame:
    parts = [
        flagged.select(
            pl.lit(rule.code).alias("code"),
            pl.lit(table).alias("table"),
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.col("CHILD").cast(pl.String).alias("child"),
        )
        for table, flagged in rule.check(data).items()
    ]
    if not parts:
        return pl.LazyFrame(schema=ERROR_SCHEMA)
    return pl.concat(parts, how="vertical")


ENGINE: Final = "in-memory"
"""Polars' in-memory engine: on returns of a few thousand rows its streaming engine (the
default choice of Polars 2) costs more in start-up per plan than it saves, about 0.2 s of the
0.5 s the rules took on the benchmark store (bench/README.md)."""

# A Polars panic is a BaseException: caught too, so one faulty rule cannot stop a run.
_FAILURES = (pl.exceptions.PolarsError, pl.exceptions.PanicException)


def _collect(plans: list[tuple[Rule, pl.LazyFrame]]) -> tuple[pl.DataFrame, list[Skipped]]:
    if not plans:
        return pl.DataFrame(schema=ERROR_SCHEMA), []
    try:
        frames = pl.collect_all([plan for _, plan in plans], engine=ENGINE)
        return _sorted(pl.concat(frames, how="vertical")), []
    except _FAILURES:
        pass
    # One rule's plan failed (a bug): collect each alone so the others still report.
    kept: list[pl.DataFrame] = []
    failed: list[Skipped] = []
    for rule, plan in plans:
        try:
            kept.append(plan.collect(engine=ENGINE))
        except _FAILURES as exc:
            failed.append(Skipped(rule.code, f"rule failed: {str(exc).splitlines()[0]}"))
    frame = pl.concat(kept, how="vertical") if kept else pl.DataFrame(schema=ERROR_SCHEMA)
    return _sorted(frame), failed


def _sorted(errors: pl.DataFrame) -> pl.DataFrame:
    order = {code: i for i, code in enumerate(sorted(set(errors["code"]), key=code_order))}
    return (
        errors.unique(subset=["code", "table", "row"])
        .with_columns(pl.col("code").replace_strict(order, return_dtype=pl.Int32).alias("__o"))
        .sort("__o", "table", "row")
        .drop("__o")
    )

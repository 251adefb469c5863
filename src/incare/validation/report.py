"""What a validation run found, in the shapes people use: JSON, per rule, per child."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from incare.validation.rule import Rule

ERROR_SCHEMA = pl.Schema(
    {"code": pl.String(), "table": pl.String(), "row": pl.Int64(), "child": pl.String()}
)


@dataclass(frozen=True)
class Skipped:
    code: str
    reason: str


@dataclass(frozen=True)
class ValidationReport:
    collection_year: int
    rules_run: tuple[Rule, ...]
    rules_skipped: tuple[Skipped, ...]
    errors: pl.DataFrame
    """One row per flagged row: code, table (``_last`` for last year's), row, child."""

    def rule(self, code: str) -> Rule:
        for r in self.rules_run:
            if r.code == code:
                return r
        raise KeyError(code)

    def detailed_errors(self) -> pl.DataFrame:
        """Errors with each rule's fields (list) and message."""
        meta = pl.DataFrame(
            {
                "code": [r.code for r in self.rules_run],
                "fields": [list(r.fields) for r in self.rules_run],
                "message": [r.message for r in self.rules_run],
            },
            schema={"code": pl.String(), "fields": pl.List(pl.String()), "message": pl.String()},
        )
        return self.errors.join(meta, on="code", how="left", maintain_order="left")

    def summary(self) -> pl.DataFrame:
        """Per rule run: code, message, number of rows flagged, children affected."""
        counts = self.errors.group_by("code").agg(
            pl.len().alias("rows"), pl.col("child").n_unique().alias("children")
        )
        meta = pl.DataFrame(
            {
                "code": [r.code for r in self.rules_run],
                "message": [r.message for r in self.rules_run],
            },
            schema={"code": pl.String(), "message": pl.String()},
        )
        return (
            meta.join(counts, on="code", how="left", maintain_order="left")
            .with_columns(pl.col("rows", "children").fill_null(0))
            .filter(pl.col("rows") > 0)
        )

    def children_with_errors(self) -> set[str]:
        return set(self.errors.get_column("child").drop_nulls().to_list())

    def as_json(self) -> dict[str, Any]:
        """The shape of ``incare validate --format json`` (docs/validation.md)."""
        return {
            "collection_year": self.collection_year,
            "rules_run": len(self.rules_run),
            "rules_skipped": [{"code": s.code, "reason": s.reason} for s in self.rules_skipped],
            "errors": self.detailed_errors()
            .select("code", "table", "row", "child", "fields", "message")
            .to_dicts(),
        }

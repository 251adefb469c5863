"""A validation rule: one small declarative definition.

Write a rule as a function from :class:`ReturnData` to the failing rows of each table it
flags, and declare what it is with :func:`rule`::

    @rule(
        code="103",
        message="The ethnicity code is either not valid or has not been entered.",
        fields=["ETHNIC"],
        years=ALL_YEARS,
    )
    def _(d: ReturnData) -> Flags:
        header = d["Header"]
        return {"Header": header.filter(~pl.col("ETHNIC").is_in(codes("header", "ETHNIC", d)))}

Each returned frame is a filter (or join) of the table it names and so keeps its ``ROW``
column; the engine takes ``ROW`` and ``CHILD`` from it. A rule that changed between
collections is written once per version, each with its own ``years``.

``needs`` lists the tables (and ``postcodes`` / ``providers``) the rule reads; when one was
not supplied the rule is skipped and reported as such. By default it is every table named in
the returned flags plus ``tables``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from incare.validation.data import ReturnData

Flags = Mapping[str, pl.LazyFrame]
Check = Callable[[ReturnData], Flags]

FIRST_YEAR, LAST_YEAR = 2025, 2027
"""The collections whose rule sets incare implements: 2024/25 (2025) to 2026/27 (2027)."""
ALL_YEARS = frozenset(range(FIRST_YEAR, LAST_YEAR + 1))


def years(first: int, last: int = LAST_YEAR) -> frozenset[int]:
    """Collection years ``first`` to ``last`` inclusive (2025 is the 2024/25 collection)."""
    return frozenset(range(first, last + 1))


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    years: frozenset[int]
    needs: frozenset[str]
    check: Check
    differs: str | None = None
    """Where we knowingly differ from the sector validator, why (from the DfE rule text)."""

    def applies_to(self, year: int) -> bool:
        return year in self.years


RULES: list[Rule] = []


def rule(
    *,
    code: str,
    message: str,
    fields: Iterable[str],
    tables: Iterable[str] = ("Header",),
    years: frozenset[int] = ALL_YEARS,
    needs: Iterable[str] = (),
    differs: str | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated check as rule ``code`` for ``years``."""

    def register(check: Check) -> Check:
        table_tuple = tuple(tables)
        RULES.append(
            Rule(
                code=code,
                message=message,
                tables=table_tuple,
                fields=tuple(fields),
                years=years,
                needs=frozenset(needs) | frozenset(table_tuple),
                check=check,
                differs=differs,
            )
        )
        return check

    return register

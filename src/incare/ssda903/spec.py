"""The SSDA903 specification, loaded from ``spec.yaml``.

Everything that knows about 903 tables, columns, types or codes asks this module: the
reader and writer, the importer, the validator and the synthetic generator. The YAML file
is the single place a yearly change to the return is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import polars as pl
import yaml

ColumnType = Literal["id", "text", "date", "code", "flag", "integer"]

COLUMN_DTYPES: Mapping[str, pl.DataType] = {
    "id": pl.String(),
    "text": pl.String(),
    "date": pl.Date(),
    "code": pl.String(),
    "flag": pl.Int8(),
    "integer": pl.Int64(),
}

DATE_FORMAT = "%d/%m/%Y"
"""Dates in 903 files are written dd/mm/yyyy."""

COLLECTION_YEAR = "collection_year"
"""Column added to stacked (multi-year) frames: the collection a row was taken from."""


class SpecError(ValueError):
    """The specification file itself is inconsistent."""


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first_year: int | None = None
    last_year: int | None = None

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    # Code list name by the first collection year it applies to, e.g. {2019: "sex_numeric"}.
    code_lists: tuple[tuple[int, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def dtype(self) -> pl.DataType:
        return COLUMN_DTYPES[self.type]

    def code_list_name(self, year: int) -> str | None:
        chosen = None
        for first, name in self.code_lists:
            if year >= first:
                chosen = name
        return chosen


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    per_year: bool = False
    first_year: int | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.label} has no column {name}")

    def schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def applies_to(self, year: int) -> bool:
        return self.first_year is None or year >= self.first_year


@dataclass(frozen=True)
class Spec:
    first_year: int
    last_year: int
    tables: Mapping[str, Table]
    code_lists: Mapping[str, tuple[Code, ...]] = field(repr=False)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def check_year(self, year: int) -> None:
        if year not in self.years:
            raise SpecError(
                f"collection year {year} is outside the 903 specification "
                f"({self.first_year} to {self.last_year})"
            )

    def tables_for(self, year: int) -> dict[str, Table]:
        """The tables collected in ``year``, in specification order."""
        self.check_year(year)
        return {name: t for name, t in self.tables.items() if t.applies_to(year)}

    def codes(self, table: str, column: str, year: int) -> dict[str, str]:
        """Valid codes (code -> label) of a coded column in a collection year."""
        list_name = self.tables[table].column(column).code_list_name(year)
        if list_name is None:
            return {}
        return {c.code: c.label for c in self.code_lists[list_name] if c.applies_to(year)}

    def all_codes(self, table: str, column: str) -> dict[str, str]:
        """Every code the column has had in any year (for labelling stacked data)."""
        labels: dict[str, str] = {}
        for _, list_name in self.tables[table].column(column).code_lists:
            labels.update({c.code: c.label for c in self.code_lists[list_name]})
        return labels


def _parse_code_list(name: str, raw: Mapping[object, object]) -> tuple[Code, ...]:
    codes = []
    for code, value in raw.items():
        if isinstance(value, Mapping):
            codes.append(Code(str(code), str(value["label"]), value.get("from"), value.get("to")))
        elif isinstance(value, str):
            codes.append(Code(str(code), value))
        else:
            raise SpecError(f"code list {name}: code {code} has no label")
    return tuple(codes)


def _parse_column(table: str, raw: Mapping[str, object], lists: Mapping[str, object]) -> Column:
    codes = raw.get("codes")
    code_lists: tuple[tuple[int, str], ...] = ()
    if isinstance(codes, str):
        code_lists = ((0, codes),)
    elif isinstance(codes, Mapping):
        code_lists = tuple(sorted((int(y), str(n)) for y, n in codes.items()))
    for _, list_name in code_lists:
        if list_name not in lists:
            raise SpecError(f"{table}.{raw['name']}: unknown code list {list_name}")
    if raw["type"] == "code" and not code_lists:
        raise SpecError(f"{table}.{raw['name']}: a code column needs a code list")
    return Column(
        name=str(raw["name"]),
        type=raw["type"],  # type: ignore[arg-type]
        required=bool(raw.get("required", False)),
        code_lists=code_lists,
        minimum=raw.get("min"),  # type: ignore[arg-type]
        maximum=raw.get("max"),  # type: ignore[arg-type]
    )


def parse_spec(raw: Mapping[str, object]) -> Spec:
    lists_raw = raw["code_lists"]
    tables_raw = raw["tables"]
    if not isinstance(lists_raw, Mapping) or not isinstance(tables_raw, Mapping):
        raise SpecError("spec needs code_lists and tables mappings")
    code_lists = {str(n): _parse_code_list(str(n), v) for n, v in lists_raw.items()}
    tables = {}
    for name, t in tables_raw.items():
        columns = tuple(_parse_column(name, c, code_lists) for c in t["columns"])
        table = Table(
            name=name,
            label=t["label"],
            columns=columns,
            key=tuple(t["key"]),
            per_year=bool(t.get("per_year", False)),
            first_year=t.get("from"),
        )
        missing_key = set(table.key) - set(table.column_names)
        if missing_key:
            raise SpecError(f"{name}: key columns {sorted(missing_key)} are not columns")
        tables[name] = table
    return Spec(
        first_year=int(raw["first_year"]),  # type: ignore[call-overload]
        last_year=int(raw["last_year"]),  # type: ignore[call-overload]
        tables=tables,
        code_lists=code_lists,
    )


@cache
def load_spec() -> Spec:
    """The packaged 903 specification (cached: it never changes while running)."""
    text = resources.files("incare.ssda903").joinpath("spec.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader when PyYAML was built with it: the same result, read about 20 ms
    # sooner, which every `incare validate` pays at start-up.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_spec(yaml.load(text, Loader=loader))  # noqa: S506 - a safe loader

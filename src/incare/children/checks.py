"""What must hold before a store's frames can be written as rows.

The reader checks each file against the specification; these checks are the ones only the
database's shape makes necessary (a natural key given twice, a record of a child with no
header row, a value longer than its column). Finding them before the first write means a
bad store is refused with a list of reasons instead of failing half-way on a constraint.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import polars as pl
from django.db import models

from incare.children.tables import CHILD_COLUMN, TableMap, field_name, table_maps
from incare.ssda903.errors import Problem
from incare.ssda903.spec import COLLECTION_YEAR

EXAMPLES = 3
"""How many offending values one problem quotes."""


def _where(table: TableMap) -> str:
    return f"{table.spec.label} table"


def _examples(values: pl.Series) -> str:
    shown = [str(v) for v in values.head(EXAMPLES).to_list()]
    more = values.len() - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _blank_keys(table: TableMap, frame: pl.DataFrame) -> Iterator[Problem]:
    for column in table.spec.key:
        blanks = frame.filter(pl.col(column).is_null()).height
        if blanks:
            yield Problem(
                _where(table), None, column, None, "a value in every row", f"blank in {blanks} rows"
            )


def _duplicate_keys(table: TableMap, frame: pl.DataFrame) -> Iterator[Problem]:
    key = list(table.spec.key) + ([COLLECTION_YEAR] if table.spec.per_year else [])
    dupes = frame.filter(pl.struct(key).is_duplicated()).select(CHILD_COLUMN).unique()
    if dupes.height:
        yield Problem(
            _where(table),
            None,
            ", ".join(key),
            _examples(dupes[CHILD_COLUMN].sort()),
            f"one row per {' and '.join(key)}",
            f"{dupes.height} children have the same {' and '.join(key)} more than once",
        )


def _orphans(table: TableMap, frame: pl.DataFrame, header: pl.DataFrame) -> Iterator[Problem]:
    orphans = (
        frame.select(CHILD_COLUMN)
        .unique()
        .join(header.select(CHILD_COLUMN), on=CHILD_COLUMN, how="anti")
    )
    if orphans.height:
        yield Problem(
            _where(table),
            None,
            CHILD_COLUMN,
            _examples(orphans[CHILD_COLUMN].sort()),
            "every child to have a row in the Header table",
            f"{orphans.height} children have no header row",
        )


def _too_long(table: TableMap, frame: pl.DataFrame) -> Iterator[Problem]:
    for column in table.spec.columns:
        if column.dtype != pl.String:
            continue
        name = "child_id" if column.name == CHILD_COLUMN else field_name(column.name)
        limit = _max_length(table.model, name)
        too_long = frame.filter(pl.col(column.name).str.len_chars() > limit)[column.name]
        if too_long.len():
            yield Problem(
                _where(table),
                None,
                column.name,
                _examples(too_long),
                f"at most {limit} characters",
                f"too long in {too_long.len()} rows",
            )


def _max_length(model: type[models.Model], name: str) -> int:
    if model.__name__ != "Child" and name == "child_id":
        model = model._meta.get_field("child").related_model  # type: ignore[assignment]
    max_length = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(max_length, int):
        raise TypeError(f"{model.__name__}.{name} is not a text field with a max_length")
    return max_length


def check_tables(tables: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """Every reason the frames cannot be written, or an empty list."""
    maps = table_maps()
    header = tables["header"]
    problems: list[Problem] = []
    for name, table in maps.items():
        frame = tables[name]
        problems.extend(_blank_keys(table, frame))
        problems.extend(_duplicate_keys(table, frame))
        problems.extend(_too_long(table, frame))
        if name != "header":
            problems.extend(_orphans(table, frame, header))
    return problems

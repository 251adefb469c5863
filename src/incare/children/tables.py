"""How each 903 table maps onto a model: spec column ``DECOM`` is field ``decom``.

The one place the spec's column names meet the database's field names, used by the import
(frames -> rows) and, later, by anything that reads the database back into 903 frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl
from django.db import models

from incare.children.models import RECORD_MODELS, Child
from incare.ssda903.spec import COLLECTION_YEAR, Table, load_spec

CHILD_COLUMN = "CHILD"


def field_name(column: str) -> str:
    """The model field holding a 903 column: its name in snake_case."""
    return column.lower()


@dataclass(frozen=True)
class TableMap:
    """One 903 table and the model that holds its rows."""

    spec: Table
    model: type[models.Model]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def value_columns(self) -> tuple[str, ...]:
        """Spec columns other than CHILD, which becomes the foreign key (or ``child_id``)."""
        return tuple(c for c in self.spec.column_names if c != CHILD_COLUMN)

    @property
    def key_fields(self) -> tuple[str, ...]:
        """The natural key besides the child: per-year tables add the collection year."""
        key = tuple(field_name(c) for c in self.spec.key if c != CHILD_COLUMN)
        return (*key, COLLECTION_YEAR) if self.spec.per_year else key

    def to_fields(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Spec columns renamed to fields, typed as the database returns them.

        Blank text becomes "" (how Django stores blank text), so a frame compares equal to
        the rows it was saved as. CHILD stays as the column ``CHILD``.
        """
        text = {"id", "text", "code"}
        exprs = [pl.col(CHILD_COLUMN).cast(pl.String)]
        for column in self.value_columns:
            kind = self.spec.column(column).type
            expr = pl.col(column)
            if kind in text:
                expr = expr.cast(pl.String).fill_null("")
            elif kind in {"flag", "integer"}:
                expr = expr.cast(pl.Int64)
            else:
                expr = expr.cast(pl.Date)
            exprs.append(expr.alias(field_name(column)))
        exprs.append(pl.col(COLLECTION_YEAR).cast(pl.Int64))
        return frame.select(exprs)


@cache
def table_maps() -> dict[str, TableMap]:
    """Every 903 table with its model, Header first, in specification order."""
    spec = load_spec()
    by_table: dict[str, type[models.Model]] = {"header": Child}
    by_table.update({m.spec_table: m for m in RECORD_MODELS})
    return {name: TableMap(spec=table, model=by_table[name]) for name, table in spec.tables.items()}

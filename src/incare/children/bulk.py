"""Writing many rows from a frame, fast on SQLite and PostgreSQL.

Not bulk_create/bulk_update: Django prepares every value of every model instance in Python,
which took 85% of a 450,000-row import. The frames are already typed by the specification,
so the driver takes them as they are: executemany on SQLite, and COPY on PostgreSQL, where
executemany pays a round of constraint bookkeeping per row (about 10 times slower).
Only model metadata is formatted into SQL; every value is passed as a parameter or copied.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from django.db import connection, models

ROWS_PER_CALL = 10_000
DELETE_BATCH = 900
"""Ids per DELETE: under SQLite's old 999-parameter limit."""


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[models.Model], name: str) -> str:
    """The quoted column of a field, by name or attname (``child_id``)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a database column")
    return _quote(field.column)


def _columns(model: type[models.Model], names: Sequence[str]) -> str:
    return ", ".join(_column(model, name) for name in names)


def insert_rows(model: type[models.Model], rows: pl.DataFrame) -> None:
    """INSERT every row; columns are field names (or attnames)."""
    table, columns = _quote(model._meta.db_table), _columns(model, rows.columns)
    if connection.vendor == "postgresql":
        _copy(f"COPY {table} ({columns}) FROM STDIN", rows)
        return
    marks = ", ".join(["%s"] * rows.width)
    _execute_many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def update_rows(model: type[models.Model], rows: pl.DataFrame) -> None:
    """UPDATE rows by their ``id`` column to the frame's other columns."""
    table, pk = _quote(model._meta.db_table), _column(model, "id")
    names = [c for c in rows.columns if c != "id"]
    if connection.vendor == "postgresql":
        _update_by_copy(model, rows.select("id", *names))
        return
    assignments = ", ".join(f"{_column(model, n)} = %s" for n in names)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    _execute_many(sql, rows.select(*names, "id"))


def _update_by_copy(model: type[models.Model], rows: pl.DataFrame) -> None:
    """COPY the new values into a scratch table shaped like the real one, then one UPDATE."""
    table, scratch = _quote(model._meta.db_table), _quote("incare_update_rows")
    columns = _columns(model, rows.columns)
    names = [_column(model, n) for n in rows.columns if n != "id"]
    pk = _column(model, "id")
    assignments = ", ".join(f"{n} = s.{n}" for n in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        _copy(f"COPY {scratch} ({columns}) FROM STDIN", rows)
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM {scratch} AS s "  # noqa: S608
            f"WHERE t.{pk} = s.{pk}"
        )
        cursor.execute(f"DROP TABLE {scratch}")


def delete_rows(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete by id through the ORM, so cascades (a child's records) are followed."""
    for start in range(0, len(ids), DELETE_BATCH):
        model._default_manager.filter(id__in=ids[start : start + DELETE_BATCH]).delete()


def _execute_many(sql: str, rows: pl.DataFrame) -> None:
    with connection.cursor() as cursor:
        for batch in rows.iter_slices(ROWS_PER_CALL):
            cursor.executemany(sql, batch.rows())


def _copy(sql: str, rows: pl.DataFrame) -> None:
    # COPY needs the driver's own cursor; its errors are wrapped as Django's (IntegrityError).
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for batch in rows.iter_slices(ROWS_PER_CALL):
            for row in batch.iter_rows():
                copy.write_row(row)

"""Make one local authority's children and 903 records equal to a store's frames.

Called only by `incare.returns.services.do_import_store`, which holds the transaction and
writes the audit row; nothing here commits. Each table is compared with the rows already
held, by natural key, in Polars: new keys are inserted, keys that have gone are deleted and
rows whose values differ are updated in place (so their ids stay stable). Rows that are the
same are not touched, which is what makes a second import of the same store a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl
from django.db import models
from django.db.models.functions import Cast

from incare.children.bulk import delete_rows, insert_rows, update_rows
from incare.children.models import Child, LocalAuthority
from incare.children.tables import CHILD_COLUMN, TableMap, table_maps

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TableCounts:
    read: int
    added: int
    changed: int
    removed: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Diff:
    """What turns the rows held into the rows wanted."""

    added: pl.DataFrame
    changed: pl.DataFrame  # the wanted values, with the held row's ``id``
    removed_ids: list[int]


def diff_rows(held: pl.DataFrame, wanted: pl.DataFrame, *, key: Sequence[str]) -> Diff:
    """Compare by ``key``; ``held`` has an ``id`` column and otherwise ``wanted``'s columns."""
    key = list(key)
    values = [c for c in wanted.columns if c not in key]
    both = wanted.join(held, on=key, how="inner", suffix="_held")
    differs = pl.lit(False)
    for column in values:
        differs = differs | pl.col(column).ne_missing(pl.col(f"{column}_held"))
    return Diff(
        added=wanted.join(held.select(key), on=key, how="anti"),
        changed=both.filter(differs).select("id", *wanted.columns),
        removed_ids=held.join(wanted.select(key), on=key, how="anti")["id"].to_list(),
    )


def _held(queryset: models.QuerySet[Any], schema: pl.Schema) -> pl.DataFrame:
    """The rows already held, as a frame of ``schema`` plus ``id``.

    Dates are fetched as ISO text and parsed by Polars: converting a million dates one by
    one in the driver and Django took two-thirds of a re-import.
    """
    dates = [name for name, dtype in schema.items() if dtype == pl.Date]
    as_text = {f"{name}__iso": Cast(name, models.CharField()) for name in dates}
    columns = [f"{name}__iso" if name in dates else name for name in schema.names()]
    rows = list(queryset.annotate(**as_text).values_list("id", *columns))
    fetched = {name: pl.String if name in dates else dtype for name, dtype in schema.items()}
    frame = pl.DataFrame(rows, schema={"id": pl.Int64, **fetched}, orient="row")
    return frame.with_columns(pl.col(name).str.to_date("%Y-%m-%d") for name in dates)


def _apply(model: type[models.Model], diff: Diff, *, delete: bool = True) -> None:
    if delete:
        delete_rows(model, diff.removed_ids)
    if diff.changed.height:
        update_rows(model, diff.changed)
    if diff.added.height:
        insert_rows(model, diff.added)


def _counts(frame: pl.DataFrame, diff: Diff) -> TableCounts:
    return TableCounts(
        read=frame.height,
        added=diff.added.height,
        changed=diff.changed.height,
        removed=len(diff.removed_ids),
    )


def _children_frame(header: TableMap, frame: pl.DataFrame) -> pl.DataFrame:
    return header.to_fields(frame).rename({CHILD_COLUMN: "child_id"})


def _record_frame(table: TableMap, frame: pl.DataFrame, child_pks: pl.DataFrame) -> pl.DataFrame:
    """The table's rows with CHILD replaced by the ``Child`` primary key."""
    rows = table.to_fields(frame).join(child_pks, on=CHILD_COLUMN, how="left")
    return rows.select("child_id", pl.exclude(CHILD_COLUMN, "child_id"))


def sync_authority(
    local_authority: LocalAuthority,
    tables: Mapping[str, pl.DataFrame],
    *,
    progress: Progress | None = None,
) -> dict[str, TableCounts]:
    """Write the differences; the caller must hold a transaction. Tables must be checked."""
    say = progress or (lambda _: None)
    maps = table_maps()
    counts: dict[str, TableCounts] = {}

    header = maps["header"]
    wanted = _children_frame(header, tables["header"])
    held = _held(Child.objects.filter(local_authority=local_authority), wanted.schema)
    children = diff_rows(held, wanted, key=["child_id"])
    # New children are needed before their records; gone children are deleted after theirs.
    _apply(Child, _with_authority(children, local_authority), delete=False)
    counts["header"] = _counts(wanted, children)
    say(_progress_line(header, counts["header"]))

    child_pks = pl.DataFrame(
        list(Child.objects.filter(local_authority=local_authority).values_list("child_id", "id")),
        schema={CHILD_COLUMN: pl.String, "child_id": pl.Int64},
        orient="row",
    )
    for name, table in maps.items():
        if name == "header":
            continue
        wanted = _record_frame(table, tables[name], child_pks)
        queryset = table.model._default_manager.filter(child__local_authority=local_authority)
        diff = diff_rows(
            _held(queryset, wanted.schema), wanted, key=["child_id", *table.key_fields]
        )
        _apply(table.model, diff)
        counts[name] = _counts(wanted, diff)
        say(_progress_line(table, counts[name]))

    delete_rows(Child, children.removed_ids)
    return counts


def _with_authority(diff: Diff, local_authority: LocalAuthority) -> Diff:
    added = diff.added.with_columns(local_authority_id=pl.lit(local_authority.pk))
    return Diff(added=added, changed=diff.changed, removed_ids=diff.removed_ids)


def _progress_line(table: TableMap, counts: TableCounts) -> str:
    return (
        f"{table.spec.label}: {counts.read} rows read, {counts.added} added, "
        f"{counts.changed} changed, {counts.removed} removed"
    )

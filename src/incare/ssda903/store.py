"""A multi-year 903 store: one sub-folder per collection year, stacked into one history.

``DIR/2024`` holds the 2024 collection (1 April 2023 to 31 March 2024). Files in ``DIR``
(such as ``incare-store.json``) and hidden folders are ignored; any other folder whose name
is not a collection year of the specification is a problem.

Real submissions overlap: an episode open at 31 March is sent again next year, closed or
amended, and a later submission may replace episodes an earlier one sent. Stacking keeps
**the latest submission** and yields one clean history per child:

1. Every table: rows are keyed by ``Table.key``; for each key the row from the latest
   collection year wins (within one year, the last row in the file). ``per_year`` tables
   (OC2, OC3) describe their year, so they are keyed by (key, collection year) instead.
2. Episodes: a child's submission for year Y is authoritative from T = the earlier of the
   first DECOM it reports for the child and the start of year Y. An episode from an
   earlier submission starting on or after T that Y does not repeat was replaced: dropped.
3. Episodes: sorted by child and DECOM, an episode that is open (or ends after) when the
   child's next episode begins is closed on that date, REC X1, unless the next episode
   starts a new period of care (RNE S): then its REC is kept, or left blank.
4. Episodes: a child's last episode, open at the end of year X although the store has the
   X + 1 submission and it lacks the child, contradicts that submission. It is left open
   (no date to close it on) and noted.

Each resolution is described in ``Store.resolutions``, sorted by child and date. A row
repeated unchanged, or only with blanks filled in (an episode closed next year), is the
normal case and is not noted; codes are compared by meaning, so SEX 1 in 2024 and M in
2025 are not a change. Frames keep each row's codes as its own year wrote them.
``collection_year`` (Int16) on every row names the submission it was taken from.

Speed: everything is a sort plus running totals and shifts over the sorted rows, never a
loop per child; a ten-year store of a large authority stacks in a fraction of a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from incare.ssda903.errors import Problem, ReturnError
from incare.ssda903.reader import collect_return
from incare.ssda903.spec import COLLECTION_YEAR, DATE_FORMAT, Spec, Table, load_spec

_LAST = "__last"
_NEWER = "__newer"


@dataclass(frozen=True)
class Store:
    """Stacked frames (spec columns + ``collection_year``), the years read, and a note for
    each overlap resolved."""

    tables: dict[str, pl.DataFrame]
    years: tuple[int, ...]
    resolutions: tuple[str, ...]

    def __eq__(self, other: object) -> bool:
        # Frames compare element-wise with ==; a store is equal only if every frame is.
        if not isinstance(other, Store):
            return NotImplemented
        return (
            self.years == other.years
            and self.resolutions == other.resolutions
            and self.tables.keys() == other.tables.keys()
            and all(f.equals(other.tables[n]) for n, f in self.tables.items())
        )


def read_store(folder: Path, *, years: Iterable[int] | None = None) -> Store:
    """Read every (or the chosen) collection year under ``folder`` and stack them.

    Raises one :class:`ReturnError` listing the problems of all years together.
    """
    folder = Path(folder)
    spec = load_spec()
    problems: list[Problem] = []
    if not folder.is_dir():
        expected = "a folder with one sub-folder per collection year"
        raise ReturnError([Problem.whole(str(folder), "is not a folder", expected=expected)])
    chosen = _year_folders(folder, years=years, spec=spec, problems=problems)
    returns = {}
    for year, path in chosen.items():
        result = collect_return(path, year=year)
        problems += result.fatal + result.values
        returns[year] = result.tables
    if not chosen and not problems:
        expected = "sub-folders named by collection year, e.g. 2024"
        problems.append(
            Problem.whole(folder.name, "has no collection-year folders", expected=expected)
        )
    if problems:
        raise ReturnError(problems)
    tables, resolutions = stack_returns(returns)
    return Store(tables=tables, years=tuple(sorted(returns)), resolutions=resolutions)


def _year_folders(
    folder: Path, *, years: Iterable[int] | None, spec: Spec, problems: list[Problem]
) -> dict[int, Path]:
    expected = f"sub-folders named by collection year, {spec.first_year} to {spec.last_year}"
    if years is not None:
        chosen = {}
        for year in sorted(set(years)):
            spec.check_year(year)  # asking for a year the spec lacks is a programming error
            if (folder / str(year)).is_dir():
                chosen[year] = folder / str(year)
            else:
                issue = f"no folder for the {year} collection"
                problems.append(Problem.whole(str(year), issue, expected=expected))
        return chosen
    found = {}
    for entry in sorted(folder.iterdir()):
        if not entry.is_dir() or entry.name.startswith((".", "__")):
            continue
        if not (entry.name.isdigit() and len(entry.name) == 4):
            issue = "folder name is not a collection year"
            problems.append(Problem.whole(entry.name, issue, expected=expected))
        elif int(entry.name) not in spec.years:
            issue = "is outside the years of the 903 specification"
            problems.append(Problem.whole(entry.name, issue, expected=expected))
        else:
            found[int(entry.name)] = entry
    return found


def stack_returns(
    returns: Mapping[int, Mapping[str, pl.DataFrame]],
) -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    """Stack returns by collection year into one history (see the module docstring).

    Every specification table is in the result, empty if no year collects it, so code
    reading a store never has to ask whether a table exists.
    """
    spec = load_spec()
    notes = _Notes()
    tables = {}
    for name, table in spec.tables.items():
        stacked = _stack(table, returns)
        key = (*table.key, COLLECTION_YEAR) if table.per_year else table.key
        ordered = _latest_last(stacked, table=table, key=key, notes=notes)
        if name == "episodes":
            kept = _resolve_episodes(ordered, years=set(returns), notes=notes)
        else:
            kept = ordered.filter(pl.col(_LAST))
        # Rows stay sorted by key (for episodes CHILD, DECOM) from here on: no re-sort.
        tables[name] = kept.select(*table.column_names, COLLECTION_YEAR)
    return tables, notes.texts()


class _Notes:
    """Resolution notes, built as frames (a store can need tens of thousands, too many to
    format row by row in Python) and listed by child, then date, at the end."""

    def __init__(self) -> None:
        self._parts: list[pl.DataFrame] = []

    def add(self, rows: pl.DataFrame, *, when: pl.Expr, text: pl.Expr) -> None:
        if rows.height:
            # rechunk: Polars 2.1 panics formatting text over columns chunked differently.
            self._parts.append(
                rows.rechunk().select("CHILD", when.cast(pl.Date).alias("when"), text.alias("text"))
            )

    def texts(self) -> tuple[str, ...]:
        if not self._parts:
            return ()
        notes = pl.concat(self._parts).sort("CHILD", "when", "text", nulls_last=False)
        return tuple(notes.get_column("text").to_list())


def _stack(table: Table, returns: Mapping[int, Mapping[str, pl.DataFrame]]) -> pl.DataFrame:
    parts = [
        frames[table.name]
        .select(table.column_names)
        .with_columns(pl.lit(year, dtype=pl.Int16).alias(COLLECTION_YEAR))
        for year, frames in sorted(returns.items())
        if table.name in frames
    ]
    if not parts:
        return pl.DataFrame(schema={**table.schema(), COLLECTION_YEAR: pl.Int16()})
    return pl.concat(parts, how="vertical")


def _latest_last(
    stacked: pl.DataFrame, *, table: Table, key: tuple[str, ...], notes: _Notes
) -> pl.DataFrame:
    """Every row sorted by key, ``_LAST`` marking the one to keep for each key.

    ``stacked`` is in year order then file order, so after a stable sort by key the row to
    keep (latest year, last in its file) ends each run of equal keys. Notes real changes.
    """
    ordered = stacked.sort(list(key), maintain_order=True)
    run_ends = pl.any_horizontal(pl.col(k).ne_missing(pl.col(k).shift(-1)) for k in key)
    last = run_ends | (pl.int_range(pl.len()) == pl.len() - 1)
    ordered = ordered.with_columns(last.alias(_LAST))
    if not ordered.get_column(_LAST).all():
        _note_superseded(ordered, table=table, key=key, notes=notes)
    return ordered


def _note_superseded(
    ordered: pl.DataFrame, *, table: Table, key: tuple[str, ...], notes: _Notes
) -> None:
    """Note rows sent twice in one file, and values a later submission changed.

    Each superseded row is compared with the next version of it, which is the next row
    (rows are sorted by key, then year and file order), so every amendment is told once,
    against the submission that made it.
    """
    superseded = ~pl.col(_LAST)
    older = ordered.filter(superseded)
    newer = ordered.filter(superseded.shift(1, fill_value=False)).select(
        pl.all().name.suffix(_NEWER)
    )
    pairs = pl.concat([older, newer], how="horizontal")
    year, by = pl.col(COLLECTION_YEAR), pl.col(COLLECTION_YEAR + _NEWER)
    child, what, when = pl.col("CHILD"), _what(table), _when(table)
    notes.add(
        pairs.filter(year == by).unique(list(key)),
        when=when,
        text=pl.format(
            "child {}: {} appears more than once in the {} submission; kept the last one in "
            "the file",
            child,
            what,
            year,
        ),
    )
    differs = {c: _differs(table, c) for c in table.column_names if c not in key}
    changed = pl.concat_str(
        [pl.when(d).then(pl.lit(c)) for c, d in differs.items()], separator=", ", ignore_nulls=True
    )
    notes.add(
        pairs.filter((year != by) & pl.any_horizontal(differs.values())),
        when=when,
        text=pl.format(
            "child {}: {} in {} amended by the {} submission ({})", child, what, year, by, changed
        ),
    )


def _differs(table: Table, column: str) -> pl.Expr:
    """The value was given and its next version says something else.

    A blank filled in later (an open episode closed) is normal, so not a difference. Codes
    are compared by meaning, so SEX 1 (to 2024) and M (from 2025) are the same value.
    """
    value, then = pl.col(column), pl.col(column + _NEWER)
    if len(table.column(column).code_lists) > 1:
        labels = load_spec().all_codes(table.name, column)
        value, then = value.replace(labels), then.replace(labels)
    return value.is_not_null() & value.ne_missing(then)


def _what(table: Table) -> pl.Expr:
    """How a note names a row: "episode from 01/02/2023", "Reviews row (REVIEW 01/02/2023)"."""
    if table.name == "episodes":
        return pl.format("episode from {}", _text("DECOM", table))
    rest = [k for k in table.key if k != "CHILD"]
    if not rest:
        return pl.lit(f"{table.label} row")
    spelled = ", ".join(f"{k} {{}}" for k in rest)
    return pl.format(f"{table.label} row ({spelled})", *(_text(k, table) for k in rest))


def _when(table: Table) -> pl.Expr:
    """The date a note is listed by: the first date in the table's key, if any."""
    dates = [k for k in table.key if table.column(k).type == "date"]
    return pl.col(dates[0]) if dates else pl.lit(None, dtype=pl.Date)


def _text(column: str, table: Table) -> pl.Expr:
    return _date(column) if table.column(column).type == "date" else pl.col(column).cast(pl.String)


def _date(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime(DATE_FORMAT)


def _resolve_episodes(ordered: pl.DataFrame, *, years: set[int], notes: _Notes) -> pl.DataFrame:
    """Keep the latest version of each episode, drop replaced ones, close overlaps.

    ``ordered`` holds every submitted episode row sorted by CHILD, DECOM (see
    :func:`_latest_last`), which lets each rule be a running total or a shift, not a join.
    """
    year, decom = pl.col(COLLECTION_YEAR), pl.col("DECOM")
    # A submission speaks for a child from the first episode it reports for them. Walking a
    # child's rows by start date, the latest submission seen so far is the one speaking for
    # that date: a kept row from an earlier year than that was replaced, not repeated.
    episodes = (
        ordered.with_columns(_running_max_per_child(COLLECTION_YEAR).alias("__by"))
        .filter(pl.col(_LAST))
        .drop(_LAST)
    )
    episodes = _replaced_from_year_start(episodes, ordered)
    replaced = pl.col("__by") > year
    notes.add(
        episodes.filter(replaced),
        when=decom,
        text=pl.format(
            "child {}: episode from {} in {} replaced by the {} submission",
            "CHILD",
            _date("DECOM"),
            year,
            "__by",
        ),
    )
    episodes = episodes.filter(~replaced).drop("__by")

    same_child = pl.col("CHILD").shift(-1) == pl.col("CHILD")
    episodes = episodes.with_columns(
        pl.when(same_child).then(pl.col(c).shift(-1)).alias(f"__next_{c}")
        for c in ("DECOM", "RNE", COLLECTION_YEAR)
    )
    nxt = pl.col("__next_DECOM")
    overlap = nxt.is_not_null() & (pl.col("DEC").is_null() | (pl.col("DEC") > nxt))
    new_period = pl.col("__next_RNE") == "S"
    notes.add(episodes.filter(overlap), when=decom, text=_closed_text())
    episodes = episodes.with_columns(
        pl.when(overlap).then(nxt).otherwise(pl.col("DEC")).alias("DEC"),
        pl.when(overlap & ~new_period).then(pl.lit("X1")).otherwise(pl.col("REC")).alias("REC"),
    )
    # The child's last episode, from year X, is open though the store has year X + 1. The
    # child cannot be in that submission: any episode there would come after this one (or
    # replace it), so this one would not be the last. No date to close it on: noted only.
    following = year + 1
    notes.add(
        episodes.filter(pl.col("DEC").is_null() & nxt.is_null() & following.is_in(sorted(years))),
        when=decom,
        text=pl.format(
            "child {}: episode from {} is open at the end of the {} submission, but the {} "
            "submission does not include the child; left open",
            "CHILD",
            _date("DECOM"),
            year,
            following,
        ),
    )
    return episodes


def _closed_text() -> pl.Expr:
    was = (
        pl.when(pl.col("DEC").is_null())
        .then(pl.lit("open"))
        .otherwise(pl.format("ending {}", _date("DEC")))
    )
    new_period = "as the next episode starts a new period of care"
    rec = (
        pl.when(pl.col("__next_RNE") != "S")
        .then(pl.lit("REC set to X1"))
        .when(pl.col("REC").is_not_null())
        .then(pl.format(f"REC {{}} kept {new_period}", "REC"))
        .otherwise(pl.lit(f"REC left blank {new_period}"))
    )
    return pl.format(
        "child {}: episode from {} in {} ({}) closed on {} when the next episode (from the {} "
        "submission) begins; {}",
        "CHILD",
        _date("DECOM"),
        COLLECTION_YEAR,
        was,
        _date("__next_DECOM"),
        "__next_collection_year",
        rec,
    )


def _running_max_per_child(column: str) -> pl.Expr:
    """Per child, the running maximum of an integer ``column`` (rows sorted by CHILD).

    ``cum_max().over("CHILD")`` is a window over string groups and many times slower.
    Instead each child's values are lifted by the child's ordinal times a span wider than
    any value, so one running maximum over the whole column never reaches across children.
    """
    child = pl.col("CHILD")
    lift = child.ne_missing(child.shift()).cum_sum().cast(pl.Int64) * 1_000_000
    return ((pl.col(column).cast(pl.Int64) + lift).cum_max() - lift).cast(pl.Int16)


def _replaced_from_year_start(episodes: pl.DataFrame, ordered: pl.DataFrame) -> pl.DataFrame:
    """A submission also speaks for its whole year: an episode an earlier file dates in it
    (after that file's own year end, so a mistake) is replaced if the later one has the child.
    """
    year = pl.col(COLLECTION_YEAR)
    late = episodes.filter((pl.col("__by") <= year) & (pl.col("DECOM") > pl.date(year, 3, 31)))
    if not late.height:
        return episodes
    present = (
        ordered.filter(pl.col("CHILD").is_in(late.get_column("CHILD").unique().implode()))
        .select("CHILD", year.alias("__later"))
        .unique()
    )
    speaks = (pl.col("__later") > year) & (pl.date(pl.col("__later") - 1, 4, 1) <= pl.col("DECOM"))
    hits = (
        late.join(present, on="CHILD")
        .filter(speaks)
        .group_by("CHILD", "DECOM")
        .agg(pl.col("__later").min())
    )
    return episodes.join(hits, on=["CHILD", "DECOM"], how="left", maintain_order="left").select(
        pl.exclude("__later", "__by"), pl.coalesce("__later", "__by").alias("__by")
    )


STORE_METADATA = "incare-store.json"
"""Written beside the year folders by `incare synth` (and by hand, if wanted)."""


def read_store_metadata(folder: Path) -> dict[str, Any]:
    """The store's ``incare-store.json`` (``la_code``, ``la_name``, ...), or {} if absent."""
    path = folder / STORE_METADATA
    if not path.is_file():
        return {}
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReturnError(
            [Problem(STORE_METADATA, None, None, None, "a JSON object", str(exc))]
        ) from exc
    if not isinstance(metadata, dict):
        raise ReturnError([Problem(STORE_METADATA, None, None, None, "a JSON object")])
    return metadata

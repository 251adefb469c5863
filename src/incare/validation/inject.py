"""Deliberate errors in a copy of a synthetic store, for the parity harness (docs/validation.md).

    .venv/bin/python -m incare.validation.inject STORE OUT [--year 2025] [--seed 1]

Copies the ``year`` and ``year - 1`` folders of ``STORE`` (and its incare-store.json and
postcode reference) to ``OUT`` and, with a seeded random choice of rows spread over the
children, writes errors of every kind the 903 rules look for:

- an invalid code in every coded column, a blank in every required column;
- invalid dates (31 February, ISO dates, text) in every date column;
- dates out of order: episodes ending before they start, missing episodes ending before
  they begin, reviews before birth, adoption matching before the decision, a placement for
  adoption ceasing before it began, social worker episodes ending before they start;
- ages out of range: born after the year ended, over 25, a mother aged 9;
- overlapping and duplicated episodes, reviews and missing episodes;
- children with records but no Header row, and Header rows with no episode;
- last year's return contradicting this year's: date of birth, sex, an episode's start;
- dates of birth disagreeing between tables; UASC, OC2, OC3 and AD1 contradictions
  (UASC ceased before birth, OC3 for a young child, AD1 for a child never placed for
  adoption, SDQ scores out of range);
- numbers out of range (SDQ score 41, three adopters).

Everything written is text, so the files are exactly as a case system might get them wrong.
``OUT/injected.json`` lists each change (kind, table, row, child, column, value).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from incare.ssda903.spec import Table, load_spec
from incare.validation.files import store_years

PER_COLUMN = 2
"""How many rows each kind of error touches per column (spread over different children)."""

BAD_DATES = ("31/02/2024", "2024-05-01", "soon")


@dataclass
class _Return:
    """One year's tables as text frames, keyed by spec table name, and their file names."""

    year: int
    frames: dict[str, pl.DataFrame]
    files: dict[str, str]


@dataclass
class Injector:
    """Seeded error injection; ``log`` records every change made."""

    seed: int
    malformed: bool = True
    """Whether to write malformed cells (dates that are not dates, blanks in required
    columns); without them more of the sector tool's rules run to the end."""
    log: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)  # noqa: S311 (test data, not secrets)

    def rows(
        self, frame: pl.DataFrame, n: int = PER_COLUMN, *, where: pl.Expr | None = None
    ) -> list[int]:
        """``n`` row positions of ``frame`` (matching ``where``), each of a different child."""
        indexed = frame.with_row_index("__i")
        if where is not None:
            indexed = indexed.filter(where.fill_null(False))
        if indexed.is_empty():
            return []
        firsts = indexed.unique(subset=["CHILD"], keep="first", maintain_order=True)
        chosen = self.random.sample(firsts.get_column("__i").to_list(), min(n, firsts.height))
        return sorted(chosen)

    def set(
        self, ret: _Return, table: str, row: int, column: str, value: str | None, kind: str
    ) -> None:
        frame = ret.frames[table]
        ret.frames[table] = frame.with_columns(
            pl.when(pl.int_range(pl.len()) == row)
            .then(pl.lit(value, pl.String))
            .otherwise(pl.col(column))
            .alias(column)
        )
        self.log.append(
            {
                "kind": kind,
                "year": ret.year,
                "table": _label(table),
                "row": row,
                "child": frame.item(row, "CHILD"),
                "column": column,
                "value": value,
            }
        )

    def append(self, ret: _Return, table: str, row: dict[str, str | None], kind: str) -> None:
        frame = ret.frames[table]
        new = pl.DataFrame({c: [row.get(c)] for c in frame.columns}, schema=frame.schema)
        ret.frames[table] = pl.concat([frame, new])
        self.log.append(
            {
                "kind": kind,
                "year": ret.year,
                "table": _label(table),
                "row": frame.height,
                "child": row.get("CHILD"),
                "column": None,
                "value": None,
            }
        )

    def drop(self, ret: _Return, table: str, row: int, kind: str) -> None:
        frame = ret.frames[table]
        self.log.append(
            {
                "kind": kind,
                "year": ret.year,
                "table": _label(table),
                "row": row,
                "child": frame.item(row, "CHILD"),
                "column": None,
                "value": None,
            }
        )
        ret.frames[table] = frame.filter(pl.int_range(pl.len()) != row)


def _label(table: str) -> str:
    """The sector's label of a spec table (``Header``, ``PlacedAdoption``…), as reports name it."""
    return load_spec().tables[table].label


def inject_store(
    store: Path, out: Path, *, year: int | None = None, seed: int = 1, malformed: bool = True
) -> list[dict[str, Any]]:
    """Write ``store``'s ``year`` (default its latest) and the year before, with errors, to
    ``out``; return the log of changes. ``malformed=False`` leaves out invalid dates and
    blank required cells (every date stays a real date, only wrong)."""
    years = store_years(store)
    if not years:
        raise ValueError(f"{store} has no collection-year folders")
    year = years[-1] if year is None else year
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for extra in store.iterdir():
        if extra.is_file():
            shutil.copy2(extra, out / extra.name)
    injector = Injector(seed, malformed=malformed)
    this = _read(store / str(year), year)
    last = _read(store / str(year - 1), year - 1) if year - 1 in years else None
    for step in _STEPS:
        step(injector, this, last)
    _write(this, out / str(year))
    if last is not None:
        _write(last, out / str(year - 1))
    (out / "injected.json").write_text(json.dumps(injector.log, indent=1))
    return injector.log


def _read(folder: Path, year: int) -> _Return:
    tables = {frozenset(t.column_names): t for t in load_spec().tables_for(year).values()}
    frames: dict[str, pl.DataFrame] = {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        frame = pl.read_csv(path, infer_schema=False)
        table = tables.get(frozenset(frame.columns))
        if table is None:
            raise ValueError(f"{path} is not a 903 table this injector knows")
        frames[table.name], files[table.name] = frame, path.name
    return _Return(year, frames, files)


def _write(ret: _Return, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in ret.frames.items():
        frame.write_csv(folder / ret.files[name])


def _tables(ret: _Return) -> list[tuple[str, Table]]:
    spec = load_spec()
    return [(name, spec.tables[name]) for name in ret.frames]


Step = Callable[[Injector, _Return, "_Return | None"], None]


def _codes(inj: Injector, this: _Return, last: _Return | None) -> None:
    for name, table in _tables(this):
        for column in table.columns:
            if column.code_list_name(this.year) is None:
                continue
            for row in inj.rows(this.frames[name], 1):
                inj.set(this, name, row, column.name, "ZZ9", "invalid code")


def _blanks(inj: Injector, this: _Return, last: _Return | None) -> None:
    if not inj.malformed:
        return
    for name, table in _tables(this):
        for column in table.columns:
            if column.required and column.name != "CHILD":
                filled = pl.col(column.name).is_not_null()
                for row in inj.rows(this.frames[name], 1, where=filled):
                    inj.set(this, name, row, column.name, None, "blank required field")


def _bad_dates(inj: Injector, this: _Return, last: _Return | None) -> None:
    if not inj.malformed:
        return
    for name, table in _tables(this):
        for column in table.columns:
            if column.type != "date":
                continue
            filled = pl.col(column.name).is_not_null()
            for row in inj.rows(this.frames[name], 1, where=filled):
                inj.set(this, name, row, column.name, inj.random.choice(BAD_DATES), "invalid date")


def _swap(inj: Injector, ret: _Return, table: str, first: str, second: str, kind: str) -> None:
    """``first`` and ``second`` exchanged on rows holding both: the end before the start."""
    if table not in ret.frames:
        return
    frame = ret.frames[table]
    both = (
        pl.col(first).is_not_null()
        & pl.col(second).is_not_null()
        & (pl.col(first) != pl.col(second))
    )
    for row in inj.rows(frame, PER_COLUMN, where=both):
        a, b = frame.item(row, first), frame.item(row, second)
        inj.set(ret, table, row, first, b, kind)
        inj.set(ret, table, row, second, a, kind)


def _order(inj: Injector, this: _Return, last: _Return | None) -> None:
    _swap(inj, this, "episodes", "DECOM", "DEC", "episode ends before it starts")
    _swap(inj, this, "missing", "MIS_START", "MIS_END", "missing episode ends before it starts")
    _swap(inj, this, "sw_episodes", "SW_DECOM", "SW_DEC", "social worker episode ends first")
    _swap(inj, this, "ad1", "DATE_INT", "DATE_MATCH", "matched before the decision")
    _swap(inj, this, "placed_for_adoption", "DATE_PLACED", "DATE_PLACED_CEASED", "ceased first")
    if "reviews" in this.frames:
        for row in inj.rows(this.frames["reviews"]):
            inj.set(this, "reviews", row, "REVIEW", "01/01/1999", "review before birth")


def _ages(inj: Injector, this: _Return, last: _Return | None) -> None:
    header = this.frames["header"]
    after_end = f"15/06/{this.year}"
    for row, value in zip(
        inj.rows(header, 3), (after_end, "01/01/1990", "29/02/2008"), strict=False
    ):
        inj.set(this, "header", row, "DOB", value, "date of birth out of range")
    mothers = pl.col("SEX").is_in(["2", "F"])
    for row in inj.rows(header, 1, where=mothers):
        dob = header.item(row, "DOB") or "01/01/2008"
        young = f"{dob[:6]}{int(dob[6:]) + 9}" if len(dob) == 10 and dob[6:].isdigit() else dob
        inj.set(this, "header", row, "MOTHER", "1", "a mother aged 9")
        inj.set(this, "header", row, "MC_DOB", young, "a mother aged 9")
    if "oc2" in this.frames:
        for row, value in zip(inj.rows(this.frames["oc2"]), ("41", "-1"), strict=False):
            inj.set(this, "oc2", row, "SDQ_SCORE", value, "SDQ score out of range")
    if "ad1" in this.frames:
        for row in inj.rows(this.frames["ad1"], 1):
            inj.set(this, "ad1", row, "NB_ADOPTR", "3", "three adopters")


def _overlaps(inj: Injector, this: _Return, last: _Return | None) -> None:
    for table in ("episodes", "reviews", "missing"):
        if table not in this.frames:
            continue
        frame = this.frames[table]
        for row in inj.rows(frame, 1):
            inj.append(
                this,
                table,
                dict(zip(frame.columns, frame.row(row), strict=True)),
                f"duplicate {table} row",
            )
    episodes = this.frames["episodes"]
    many = pl.col("CHILD").is_duplicated() & pl.col("DEC").is_not_null()
    for row in inj.rows(episodes, PER_COLUMN, where=many):
        copy = dict(zip(episodes.columns, episodes.row(row), strict=True))
        # Starts a day into the episode it copies and runs open: the two overlap.
        start = copy["DECOM"]
        if isinstance(start, str) and len(start) == 10:
            copy["DECOM"] = f"{int(start[:2]) % 28 + 1:02d}{start[2:]}"
        copy["DEC"], copy["REC"] = None, None
        inj.append(this, "episodes", copy, "overlapping episode")


def _membership(inj: Injector, this: _Return, last: _Return | None) -> None:
    header = this.frames["header"]
    episodes = this.frames["episodes"]
    with_episodes = pl.col("CHILD").is_in(episodes.get_column("CHILD").unique().implode())
    for row in inj.rows(header, 1, where=with_episodes)[:1]:
        inj.drop(this, "header", row, "child with episodes but no Header row")
    for table in ("oc3", "missing", "reviews"):
        if table in this.frames:
            frame = this.frames[table]
            stranger = {c: frame.item(0, c) for c in frame.columns} if frame.height else {}
            stranger["CHILD"] = f"ZZ{table.upper()}"
            inj.append(this, table, stranger, f"child only in {table}")
    base = dict(zip(header.columns, header.row(0), strict=True))
    base["CHILD"] = "ZZHEADERONLY"
    inj.append(this, "header", base, "child in Header only")


def _previous_year(inj: Injector, this: _Return, last: _Return | None) -> None:
    if last is None:
        return
    header = last.frames["header"]
    this_children = this.frames["header"].get_column("CHILD").implode()
    both = pl.col("CHILD").is_in(this_children)
    rows = inj.rows(header, 3, where=both)
    if rows:
        inj.set(last, "header", rows[0], "DOB", "01/01/2001", "last year's date of birth differs")
    if len(rows) > 1:
        sex = header.item(rows[1], "SEX")
        other = {"1": "2", "2": "1", "M": "F", "F": "M"}.get(sex or "", "1")
        inj.set(last, "header", rows[1], "SEX", other, "last year's sex differs")
    if len(rows) > 2:
        inj.set(last, "header", rows[2], "MOTHER", "1", "last year a mother")
        inj.set(last, "header", rows[2], "MC_DOB", "01/01/2020", "last year a mother")
    episodes = last.frames["episodes"]
    open_ = pl.col("DEC").is_null() & pl.col("CHILD").is_in(this_children)
    for row in inj.rows(episodes, PER_COLUMN, where=open_):
        inj.set(last, "episodes", row, "DECOM", "02/04/2010", "last year's open episode differs")


def _contradictions(inj: Injector, this: _Return, last: _Return | None) -> None:
    header = this.frames["header"]
    dobs = dict(zip(header.get_column("CHILD"), header.get_column("DOB"), strict=True))
    for table in ("reviews", "missing", "oc2", "oc3"):
        if table in this.frames:
            for row in inj.rows(this.frames[table], 1):
                inj.set(this, table, row, "DOB", "02/02/2002", f"{table} date of birth differs")
    if "uasc" in this.frames:
        uasc = this.frames["uasc"]
        for row in inj.rows(uasc, 1):
            inj.set(this, "uasc", row, "DUC", "01/01/2000", "UASC ceased before birth")
        for row in inj.rows(uasc, 1):
            sex = uasc.item(row, "SEX")
            inj.set(this, "uasc", row, "SEX", "F" if sex in ("M", "1") else "M", "UASC sex differs")
    young = header.filter(
        pl.col("DOB").str.slice(6, 4).cast(pl.Int32, strict=False) > this.year - 10
    )
    if "oc3" in this.frames and young.height:
        child = young.item(0, "CHILD")
        inj.append(
            this,
            "oc3",
            {
                "CHILD": child,
                "DOB": dobs.get(child),
                "IN_TOUCH": "YES",
                "ACTIV": "F2",
                "ACCOM": "S",
            },
            "OC3 for a young child",
        )
    if "ad1" in this.frames and young.height > 1:
        child = young.item(1, "CHILD")
        inj.append(
            this,
            "ad1",
            {"CHILD": child, "DOB": dobs.get(child), "DATE_INT": f"01/05/{this.year - 1}"},
            "AD1 for a child never placed for adoption",
        )
    if "oc2" in this.frames and young.height > 2:
        child = young.item(2, "CHILD")
        inj.append(
            this,
            "oc2",
            {"CHILD": child, "DOB": dobs.get(child), "CONVICTED": "1"},
            "OC2 for a child not in care 12 months",
        )


_STEPS: tuple[Step, ...] = (
    _previous_year,
    _contradictions,
    _order,
    _ages,
    _overlaps,
    _membership,
    _codes,
    _blanks,
    _bad_dates,
)
"""Whole-row changes first, single cells after, so each later step sees earlier rows."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--year", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--well-formed", action="store_true", help="no invalid dates or blank required cells"
    )
    args = parser.parse_args()
    log = inject_store(
        args.store, args.out, year=args.year, seed=args.seed, malformed=not args.well_formed
    )
    print(f"wrote {args.out}: {len(log)} changes (listed in {args.out / 'injected.json'})")


if __name__ == "__main__":
    main()

"""Helpers the rule modules share: what several DfE 903 rules mean by the same words.

Blank-safe comparisons and code checks, a child's first or latest row, episodes in sequence,
periods of care, "looked after continuously for 12 months", placement locations, who is or
was UASC, and reasons (``differs=``) several rules give. Each docstring says which rule text
or sector tool behaviour it follows. Everything is over text columns and lazy frames, as the
rules are; the leading underscore keeps the module out of the rule registry's import glob.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import end, start, to_date

TEMPORARY = ["T0", "T1", "T2", "T3", "T4"]
"""Temporary placement codes (903 guidance: T0–T4), the subset rules 380–383 concern."""
RESPITE = ["V3", "V4"]
"""Short-breaks legal statuses (V3 single, V4 series), which the DfE exempts from most checks."""
ADOPTION = ["A3", "A4", "A5", "A6"]
"""Placed for adoption (903 guidance: PLACE A3–A6)."""
FOSTERING = ["U1", "U2", "U3", "U4", "U5", "U6"]
"""Placed with foster carers (903 guidance: PLACE U1–U6)."""
NO_URN = "XXXXXXX"
"""The URN recorded for placements through a regional adoption agency (no Ofsted URN)."""
ADOPTED = ["E11", "E12"]
"""Ceased: adopted (903 guidance: REC E11, E12)."""
OC2_ITEMS = [
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
]
"""The OC2 items (903 spec: offending, health and substance misuse of children looked after
continuously for 12 months)."""
OC2_HEALTH = ["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"]
"""The OC2 health items every child looked after continuously for 12 months has."""
LEAVER_ITEMS = ["IN_TOUCH", "ACTIV", "ACCOM"]
"""The OC3 care leaver information (in touch, activity, accommodation)."""
AD1_ITEMS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
"""The AD1 adoption details (dates of decision and match, foster carer, adopters)."""
UNREGISTERED_2025 = ["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"]
"""Placements that need no Ofsted registration (so no URN), as the 2024/25 rules 218 and
222 list them."""
UNREGISTERED_2026 = [
    "P1",
    "P3",
    "R1",
    "R2",
    "R5",
    "T0",
    "T1",
    "T2",
    "T3",
    "T4",
    "Z11",
    "Z12",
    "Z13",
    "Z14",
]
"""The same from 2025/26, when "other placement" Z1 was split into Z11–Z14."""
OPEN_EPISODES_DIFFER = (
    "In a full run of the sector tool, rule 365 fills every blank DEC with the collection end "
    "in the Episodes table all later rules share (copy_datastore is a shallow copy), so rules "
    "that run after it in its registry (whose order follows the directory listing) see no open "
    "episodes; run alone, its rule flags what we flag. We read the return as it is."
)
"""Why rules reading open episodes (blank DEC) may differ from the sector tool's full run."""
DISTANCE_ROUNDING_DIFFERS = (
    "The sector tool subtracts the distances as binary floats, so a difference of "
    "exactly 0.2 miles (e.g. 10.2 and 10.0) comes out just under 0.2 and is missed; distances "
    "are given to 0.1 mile, so we round the difference to 0.1 mile before comparing."
)
"""Why rules 453 and 503G (distance changed since last year's episode) differ."""


# Blank-safe comparisons: a blank cell is never equal to anything (as pandas compares).


def same(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a == b``, false when either is blank (as the sector tool's pandas comparison)."""
    return (a == b).fill_null(False)


def differ(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a != b``, true when either is blank (as the sector tool's pandas comparison)."""
    return (a != b).fill_null(True)


def one_of(column: str, *values: str) -> pl.Expr:
    """The column holds one of ``values`` (never true for a blank): the rules' "X is Y"."""
    return pl.col(column).is_in(list(values)).fill_null(False)


def none_of(column: str, *values: str) -> pl.Expr:
    """The column holds none of ``values`` (true for a blank, as the sector tool)."""
    return ~one_of(column, *values)


def short_break() -> pl.Expr:
    """The episode is a short break (legal status LS V3 or V4), which most rules about
    "looked after" children leave out; false for a blank LS."""
    return one_of("LS", *RESPITE)


def urn_given() -> pl.Expr:
    """The episode names an Ofsted URN: filled in and not the regional adoption agency
    placeholder ``XXXXXXX`` (:data:`NO_URN`)."""
    return pl.col("URN").is_not_null() & pl.col("URN").ne_missing(pl.lit(NO_URN))


def upper(column: str) -> pl.Expr:
    """The column upper-cased: files are normalised on reading, but a few rules of the sector
    tool upper-case themselves and its tests rely on it."""
    return pl.col(column).str.to_uppercase()


# "Not a valid date / code": the DfE's "is not valid" errors leave blanks to other rules.


def bad_date(column: str) -> pl.Expr:
    """Filled in, but not a valid dd/mm/yyyy date (a blank is not this error)."""
    return pl.col(column).is_not_null() & to_date(column).is_null()


def bad_code(column: str, valid: Iterable[str]) -> pl.Expr:
    """Filled in with something not in ``valid`` (a blank is not this error)."""
    return pl.col(column).is_not_null() & ~pl.col(column).is_in(list(valid))


def any_filled(columns: Iterable[str]) -> pl.Expr:
    """At least one of ``columns`` is filled in ("details recorded")."""
    return pl.any_horizontal(*(pl.col(c).is_not_null() for c in columns))


def all_filled(columns: Iterable[str]) -> pl.Expr:
    """Every one of ``columns`` is filled in ("all items completed")."""
    return pl.all_horizontal(*(pl.col(c).is_not_null() for c in columns))


def lenient_date(column: str) -> pl.Expr:
    """A date written dd/mm/yyyy or yyyy-mm-dd, as the sector tool reads dates in the rules
    where it parses them leniently (``pd.to_datetime(..., dayfirst=True)``)."""
    value = pl.col(column)
    iso = pl.when(value.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}$")).then(
        value.str.to_date("%Y-%m-%d", strict=False)
    )
    return pl.coalesce(to_date(column), iso)


def partial_date(column: str) -> pl.Expr:
    """A date where unknown parts may be ZZ (day, month) or ZZZZ (year), as the 903 guidance
    allows for DATE_PERM: an unknown day is the month's last day and an unknown month the
    year's end (the latest date it could be, to avoid false alarms); an unknown year is 2000."""
    parts = pl.col(column).str.split("/")
    day, month, year = (
        parts.list.get(0, null_on_oob=True),
        parts.list.get(1, null_on_oob=True),
        (parts.list.get(2, null_on_oob=True)),
    )
    known = pl.format(
        "{}/{}/{}",
        pl.when(day == "ZZ").then(pl.lit("01")).otherwise(day),
        pl.when(month == "ZZ").then(pl.lit("01")).otherwise(month),
        pl.when(year == "ZZZZ").then(pl.lit("2000")).otherwise(year),
    )
    base = pl.when(parts.list.len() == 3).then(to_date(known))
    return (
        pl.when(month == "ZZ")
        .then(base.dt.offset_by("1y").dt.offset_by("-1d"))
        .when(day == "ZZ")
        .then(base.dt.offset_by("1mo").dt.offset_by("-1d"))
        .otherwise(base)
    )


def same_date(a: str, b: str) -> pl.Expr:
    """Two date cells say the same: the same date (1/6/2024 is 01/06/2024) or, where either
    is not a date, the same text; false when either is blank."""
    return (to_date(a) == to_date(b)).fill_null(pl.col(a) == pl.col(b)).fill_null(False)


def end_or_open(d: ReturnData) -> pl.Expr:
    """DEC as a date: the collection end when blank (the episode is open), null when given but
    not a date (as the sector tool, which fills blanks before parsing)."""
    return pl.when(pl.col("DEC").is_null()).then(end(d)).otherwise(to_date("DEC"))


# Rows to flag.


def rows_of(frame: pl.LazyFrame, flagged: pl.LazyFrame, *, key: str = ROW) -> pl.LazyFrame:
    """Rows of ``frame`` whose ROW is among ``flagged``'s ``key`` column."""
    hit = flagged.select(pl.col(key).alias(ROW)).unique()
    return frame.join(hit, on=ROW, how="semi")


def rows_from(frame: pl.LazyFrame, row: str) -> pl.LazyFrame:
    """The rows of a joined frame to flag: its ``row`` column as ROW, with CHILD."""
    return frame.filter(pl.col(row).is_not_null()).select(pl.col(row).alias(ROW), "CHILD")


def children_of(frame: pl.LazyFrame) -> pl.LazyFrame:
    """CHILD of each child with a row in ``frame`` (once each; blank CHILD left out)."""
    return frame.select("CHILD").drop_nulls().unique()


# A child's rows in order: "the first/latest episode", "the previous episode".


def first_per_child(frame: pl.LazyFrame, by: pl.Expr, *, latest: bool = False) -> pl.LazyFrame:
    """Each child's row with the earliest (or latest) non-null ``by`` (as ``__by``), the first
    in the file on ties (pandas' ``idxmin``/``idxmax``, which the DfE's "first/latest
    episode" reads as); rows with a blank CHILD are nobody's."""
    keyed = frame.with_columns(by.alias("__by")).filter(
        pl.col("__by").is_not_null() & pl.col("CHILD").is_not_null()
    )
    return keyed.sort(["__by", ROW], descending=[latest, False]).unique(
        subset=["CHILD"], keep="first", maintain_order=True
    )


def first_beside_last(d: ReturnData) -> pl.LazyFrame:
    """Each child's first episode this year (by start date) beside their last episode of last
    year's return, whose columns are suffixed ``_last``; children in both returns only."""
    first = first_per_child(d["Episodes"], to_date("DECOM")).drop("__by")
    last = first_per_child(d["Episodes_last"], to_date("DECOM"), latest=True).drop("__by")
    return first.join(last, on="CHILD", how="inner", suffix="_last")


def in_sequence(
    frame: pl.LazyFrame, *, by: list[pl.Expr], columns: list[str], shifts: tuple[int, ...] = (1,)
) -> pl.LazyFrame:
    """``frame``'s rows with a CHILD, ordered per child by ``by`` (blank dates last, then file
    order), each with ``columns`` of the row ``n`` before it as ``<column>_<n>`` for every ``n``
    in ``shifts`` (negative: after); null where the child has no such row."""
    keys = [e.alias(f"__by{i}") for i, e in enumerate(by)]
    order = [f"__by{i}" for i in range(len(by))]
    ordered = (
        frame.filter(pl.col("CHILD").is_not_null())
        .with_columns(keys)
        .sort(["CHILD", *order, ROW], nulls_last=True)
    )
    return ordered.with_columns(
        shift_within(c, n).alias(f"{c}_{n}") for n in shifts for c in columns
    )


def after_previous(frame: pl.LazyFrame, *, order: list[str]) -> pl.LazyFrame:
    """``frame`` sorted per child by ``order`` (nulls last, then row), with each row's
    previous row's columns as ``<name>_PREV``; a child's first row is left out. (Every column
    at once, where :func:`in_sequence` shifts the few a rule names.)"""
    cols = [c for c in frame.collect_schema().names() if c not in ("CHILD",)]
    ordered = frame.filter(pl.col("CHILD").is_not_null()).sort(
        ["CHILD", *order, ROW], nulls_last=True
    )
    return ordered.with_columns(shift_within(c, 1).alias(f"{c}_PREV") for c in cols).filter(
        pl.col(f"{ROW}_PREV").is_not_null()
    )


def shift_within(column: str, n: int, *, by: str = "CHILD") -> pl.Expr:
    """``column`` of the row ``n`` before (negative: after) in the same ``by`` group, null
    where there is none: ``pl.col(column).shift(n).over(by)`` for a frame sorted by ``by``
    (each group's rows together). On a sorted frame the row ``n`` away is in the same group
    exactly when its ``by`` is the same, so one shift of the whole column does; Polars'
    per-group ``shift().over()`` took about 5 ms a column on 10,000 episodes, which over the
    rules that read previous episodes was a third of the whole run (bench/README.md)."""
    return pl.when(pl.col(by).shift(n).eq_missing(pl.col(by))).then(pl.col(column).shift(n))


def starts_before_previous_ended(
    d: ReturnData, table: str, *, start: str, end: str
) -> pl.LazyFrame:
    """Rows of ``table``'s periods (``start`` to ``end``) that start while the child's previous
    period is still open or before it ended, periods ordered by end date (the start where
    there is none) then start. Rules 574 (missing) and 705 (DoLO): "cannot start when the
    previous … is still open" and "should also not overlap"."""
    dated = d[table].select(
        "CHILD",
        ROW,
        to_date(start).alias("S"),
        to_date(end).alias("E"),
        pl.coalesce(to_date(end), to_date(start)).alias("FILL"),
    )
    pairs = after_previous(dated, order=["FILL", "S"])
    clash = pl.col("E_PREV").is_null() | (pl.col("S") < pl.col("E_PREV")).fill_null(False)
    return rows_of(d[table], pairs.filter(clash))


# Periods of care and "looked after continuously".


def periods_of_care(episodes: pl.LazyFrame) -> pl.LazyFrame:
    """CHILD, poc_DECOM, poc_DEC: one row per period of care. Episodes (with a start date)
    follow on in one period unless one starts after the previous ended; the period's end is
    its last episode's DEC (null while it is open)."""
    eps = (
        episodes.select("CHILD", ROW, to_date("DECOM").alias("DECOM"), to_date("DEC").alias("DEC"))
        .filter(pl.col("DECOM").is_not_null() & pl.col("CHILD").is_not_null())
        .sort("CHILD", "DECOM", ROW)
    )
    new = (pl.col("CHILD") != pl.col("CHILD").shift(1)).fill_null(True) | (
        pl.col("DECOM") > pl.col("DEC").shift(1)
    ).fill_null(False)
    return (
        eps.with_columns(new.cast(pl.UInt32).cum_sum().alias("__poc"))
        .group_by("__poc")
        .agg(
            pl.col("CHILD").first(),
            pl.col("DECOM").first().alias("poc_DECOM"),
            pl.col("DEC").last().alias("poc_DEC"),
        )
        .drop("__poc")
    )


def outside_every_period(dated: pl.LazyFrame, pocs: pl.LazyFrame, outside: pl.Expr) -> pl.LazyFrame:
    """ROWs of ``dated`` (a child's dated periods: missing, DoLO) that are ``outside`` every
    period of care of the child (those of a child with no periods of care are not)."""
    return (
        dated.join(pocs, on="CHILD")
        .group_by(ROW)
        .agg(outside.fill_null(False).all().alias("__out"))
        .filter(pl.col("__out"))
    )


def outside_care(d: ReturnData, table: str, *, start: str, end: str) -> pl.LazyFrame:
    """ROWs of ``table``'s periods (dates ``start`` to ``end``; a blank end: still open) that
    lie outside every period of care of the child: still open after care ended, or starting
    before care began, or ending before it began or after it ended. Rules 577 (missing) and
    707 (DoLO): "Child ceased to be looked after but there is a … without an end date"."""
    dated = (
        d[table]
        .select("CHILD", ROW, to_date(start).alias("S"), to_date(end).alias("E"))
        .filter(pl.col("S").is_not_null())
    )
    s, e = pl.col("S"), pl.col("E")
    poc_start, poc_end = pl.col("poc_DECOM"), pl.col("poc_DEC")
    outside = (
        (e.is_null() & poc_end.is_not_null())
        | (e.is_null() & (s < poc_start)).fill_null(False)
        | (e > poc_end).fill_null(False)
        | (e < poc_start).fill_null(False)
    )
    return outside_every_period(dated, periods_of_care(d["Episodes"]), outside)


def continuously_looked_after(d: ReturnData) -> pl.LazyFrame:
    """CHILD and CLA (true or false) for each child with episodes: looked after continuously
    for 12 months at 31 March, by the DfE 903 validation guidance's test from the episodes
    alone: some episode falls in the year, and none starts a new period of care (RNE S) after
    1 April, ends care (REC not X1) before 31 March, or is a short break (LS V3/V4) in the
    year. Rules 191 and 516–524 (OC2) read it."""
    decom, dec = to_date("DECOM"), to_date("DEC")
    first, last = start(d), end(d)
    during = ((decom <= last) & ((dec >= first) | dec.is_null())).fill_null(False)
    enters = (same(pl.col("RNE"), pl.lit("S")) & (decom > first) & (decom <= last)).fill_null(False)
    leaves = (differ(pl.col("REC"), pl.lit("X1")) & (dec >= first) & (dec < last)).fill_null(False)
    short_break = one_of("LS", *RESPITE) & during
    # Each episode's flags first, then plain any() per child: Polars evaluates a compound
    # expression inside agg() group by group, several times slower (bench/README.md).
    return (
        d["Episodes"]
        .filter(pl.col("CHILD").is_not_null())
        .select("CHILD", during.alias("__in"), (enters | leaves | short_break).alias("__out"))
        .group_by("CHILD")
        .agg((pl.col("__in").any() & ~pl.col("__out").any()).alias("CLA"))
    )


def with_cla(frame: pl.LazyFrame, d: ReturnData) -> pl.LazyFrame:
    """``frame`` with a CLA column (:func:`continuously_looked_after`; false for children
    with no episodes)."""
    return frame.join(continuously_looked_after(d), on="CHILD", how="left").with_columns(
        pl.col("CLA").fill_null(False)
    )


def looked_after_all_year(frame: pl.LazyFrame, d: ReturnData) -> pl.LazyFrame:
    """The rows of ``frame`` whose child was looked after continuously for 12 months
    (:func:`continuously_looked_after`)."""
    cla = continuously_looked_after(d).filter(pl.col("CLA")).select("CHILD")
    return frame.join(cla, on="CHILD", how="semi")


# The child: date of birth, UASC status.


def dob(d: ReturnData, *, table: str = "Header") -> pl.LazyFrame:
    """CHILD and DOB (a date, null when invalid) of each child in ``table``."""
    return (
        d[table].select("CHILD", to_date("DOB").alias("DOB")).filter(pl.col("CHILD").is_not_null())
    )


def with_dob(frame: pl.LazyFrame, d: ReturnData) -> pl.LazyFrame:
    """``frame`` with the child's DOB from the Header (null when the child has none); a child
    with two Header rows gives two rows, which the engine reports once."""
    return frame.join(dob(d), on="CHILD", how="left")


def former_uasc(d: ReturnData) -> pl.LazyFrame:
    """CHILD of every child who is or was UASC by this or last year's return: flagged in either
    Header, or with details in either UASC table (the sector tool's test, which the notes of
    rules 164, 392a, 392b and 406 on children "formerly UASC" refer to)."""
    frames = [
        d[label].filter(pl.col("UASC") == "1").select("CHILD")
        for label in ("Header", "Header_last")
    ] + [
        d[label].filter(any_filled(["SEX", "DOB", "DUC"])).select("CHILD")
        for label in ("UASC", "UASC_last")
    ]
    return pl.concat(frames, how="vertical").drop_nulls().unique()


def uasc_known(d: ReturnData) -> pl.LazyFrame:
    """One row, ``__known``: whether the return says who is UASC at all (a UASC table, or a
    Header with its UASC flag), without which the sector tool does not run the distance rules
    164 and 392a (they would flag every former UASC child)."""
    flagged = pl.concat(
        [d[label].select(pl.col("UASC").is_not_null().any()) for label in ("Header", "Header_last")]
    )
    tables = d.has("UASC") or d.has("UASC_last")
    return flagged.select((pl.col("UASC").any() | pl.lit(tables)).alias("__known"))


# Placement location (from the postcode reference).


def distance(column: str = "PL_DISTANCE") -> pl.Expr:
    """A placement distance as a number (derived from the postcodes; text when replayed),
    null when blank or not a number."""
    return pl.col(column).cast(pl.Float64, strict=False)


def distance_changed() -> pl.Expr:
    """PL_DISTANCE differs from PL_DISTANCE_last by 0.2 mile or more (the difference rounded
    to the 0.1 mile distances are given to), or is given where last year's was not (rules
    453 and 503G; see :data:`DISTANCE_ROUNDING_DIFFERS`)."""
    now, before = distance(), distance("PL_DISTANCE_last")
    apart = ((now - before).abs().round(1) >= 0.2).fill_null(False)
    return apart | (before.is_null() & now.is_not_null())


def located(d: ReturnData, table: str = "Episodes") -> pl.LazyFrame:
    """Episodes with the placement-location columns the postcode reference adds (PL_LA,
    PL_LOCATION, PL_DISTANCE); blank where they could not be derived (a reference was given
    but no authority code, so they were never added)."""
    episodes = d[table]
    present = episodes.collect_schema().names()
    missing = [c for c in ("PL_LA", "PL_LOCATION", "PL_DISTANCE") if c not in present]
    return episodes.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)

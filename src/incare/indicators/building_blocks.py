"""The common building blocks of the DfE indicators (indicator reference §0), done once.

Every function takes stacked store frames and returns a frame; none loops over children in
Python. Columns from the 903 keep their names (``CHILD``, ``DECOM``); columns we derive are
lower case. Dates are "at the period end" where DfE says "at 31 March" (see ``periods``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.periods import Period
from incare.ssda903.spec import COLLECTION_YEAR

SHORT_BREAKS = ("V3", "V4")
"""LS codes for an agreed series of short breaks: left out of every DfE looked-after figure."""

NEW_CARER = ("S", "P", "B")
"""RNE codes that start life with a new carer; L, T and U keep the same carer."""

TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
"""PLACE codes for temporary placements (hospital, holiday, a week or less elsewhere)."""

ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
"""PLACE codes for a child placed for adoption."""

_PLACE = pl.struct("PLACE", "URN", "PL_POST")
"""Where a child lived, as far as the 903 says: placement type, Ofsted URN and postcode."""


class MissingTableError(KeyError):
    """An indicator needs a 903 table that the frames passed to it do not include."""


def require_table(tables: Mapping[str, pl.DataFrame], name: str) -> pl.DataFrame:
    try:
        return tables[name]
    except KeyError:
        raise MissingTableError(f"this indicator needs the 903 {name} table") from None


def care_episodes(episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes in which a child is looked after: all but short breaks (LS V3/V4), in order."""
    return episodes.filter(~pl.col("LS").is_in(SHORT_BREAKS).fill_null(False)).sort(
        "CHILD", "DECOM"
    )


def short_breaks_only(episodes: pl.DataFrame) -> pl.DataFrame:
    """Children (``CHILD``) whose every episode is a short break: DfE leaves them out entirely."""
    only = pl.col("LS").is_in(SHORT_BREAKS).fill_null(False).all()
    return episodes.group_by("CHILD").agg(only.alias("only")).filter("only").select("CHILD")


def _new_child() -> pl.Expr:
    """True on each child's first row of a frame sorted by child."""
    return pl.col("CHILD").ne_missing(pl.col("CHILD").shift())


def _count_per_child(running: pl.Expr, counted: pl.Expr) -> pl.Expr:
    """``running`` (a cumulative count of ``counted`` over a sorted frame) restarted per child.

    Sorted frames let us number things with plain shifts and fills instead of a window per
    child, which is several times faster on a large store.
    """
    before_child = pl.when(_new_child()).then(running - counted.cast(pl.UInt32))
    return running - before_child.forward_fill()


def periods_of_care(episodes: pl.DataFrame) -> pl.DataFrame:
    """Care episodes with the period of care each belongs to.

    A period of care runs from an RNE S episode up to the first episode whose REC is not X1
    (X1: the next episode starts the same day). A gap between episodes also ends one, which
    only happens in data that skipped an S. Adds ``period_of_care`` (1, 2, ... per child),
    ``period_of_care_start`` and ``period_of_care_end`` (blank while still open).
    """
    previous_dec = pl.col("DEC").shift()
    starts_period = (
        _new_child()
        | pl.col("RNE").eq("S").fill_null(False)
        | pl.col("REC").shift().ne_missing("X1")
        | previous_dec.is_null()
        | (previous_dec != pl.col("DECOM"))
    )
    running = pl.col("_starts").cast(pl.UInt32).cum_sum()
    return (
        care_episodes(episodes)
        .with_columns(_starts=starts_period)
        .with_columns(_period=running)
        .with_columns(
            period_of_care=_count_per_child(pl.col("_period"), pl.col("_starts")),
            period_of_care_start=pl.when("_starts").then("DECOM").forward_fill(),
            period_of_care_end=pl.col("DEC").last().over("_period"),
        )
        .drop("_starts", "_period")
    )


def _open_on(day: date) -> pl.Expr:
    return (pl.col("DECOM") <= day) & (pl.col("DEC").is_null() | (pl.col("DEC") > day))


def open_episodes(episodes: pl.DataFrame, *, on: date) -> pl.DataFrame:
    """The care episode of each child looked after on ``on``, one row per child.

    Looked after on a day: an episode with DECOM on or before it and DEC blank or after it,
    not a short break. A child whose episode ends that day is not looked after on it, so two
    episodes meeting that day give one row (the one that starts). Includes the
    ``periods_of_care`` columns.
    """
    return (
        periods_of_care(episodes)
        .filter(_open_on(on))
        .unique("CHILD", keep="last", maintain_order=True)
    )


def looked_after_on(episodes: pl.DataFrame, *, on: date) -> pl.DataFrame:
    """Children (``CHILD``) looked after on ``on`` (see :func:`open_episodes`)."""
    return care_episodes(episodes).filter(_open_on(on)).select("CHILD").unique(maintain_order=True)


def looked_after_during(episodes: pl.DataFrame, *, period: Period) -> pl.DataFrame:
    """Children (``CHILD``) looked after at any time in the period, short breaks aside.

    A care episode that began on or before the last day and had not ended before the first
    (DEC blank or on or after it): a child who left care on the first day was looked after
    that day, as the ceased count says.
    """
    during = (pl.col("DECOM") <= period.end) & (
        pl.col("DEC").is_null() | (pl.col("DEC") >= period.start)
    )
    return care_episodes(episodes).filter(during).select("CHILD").unique(maintain_order=True)


def continuously_looked_after(episodes: pl.DataFrame, *, period: Period) -> pl.DataFrame:
    """Children (``CHILD``) looked after for the whole period: the OC2 cohort.

    Looked after on the first day and on the last, with no period of care starting (RNE S)
    or ending (REC other than X1) *after* the first day and no short-break episode during the
    period. "After" follows the DfE validation rules' definition of continuously looked after
    (SSDA903 2021-22 validation rules, quoted by the sector validator's utils): a child who
    came into care on 1 April itself and stayed to 31 March has been looked after 12 months.
    """
    care = care_episodes(episodes)
    in_period = (pl.col("DECOM") <= period.end) & (
        pl.col("DEC").is_null() | (pl.col("DEC") >= period.start)
    )
    after_first_day = pl.col("DECOM") > period.start
    interrupted = pl.concat(
        [
            care.filter(pl.col("RNE").eq("S") & after_first_day & (pl.col("DECOM") <= period.end)),
            care.filter(
                (pl.col("DEC") > period.start)
                & (pl.col("DEC") <= period.end)
                & pl.col("REC").ne_missing("X1")
            ),
            episodes.filter(pl.col("LS").is_in(SHORT_BREAKS) & in_period),
        ],
        how="diagonal_relaxed",
    ).select("CHILD")
    return (
        looked_after_on(episodes, on=period.start)
        .join(looked_after_on(episodes, on=period.end), on="CHILD", how="semi")
        .join(interrupted, on="CHILD", how="anti")
    )


def ceased_in_period(episodes: pl.DataFrame, *, period: Period) -> pl.DataFrame:
    """The episode each child last left care with during the period, one row per child.

    Leaving care: a care episode whose DEC is in the period and whose REC is not X1. A
    child who left care more than once is counted on the last occasion (LAIT 392).
    """
    ended = pl.col("DEC").is_between(period.start, period.end) & pl.col("REC").ne_missing("X1")
    return (
        care_episodes(episodes)
        .filter(ended)
        .sort("CHILD", "DEC")
        .unique("CHILD", keep="last", maintain_order=True)
    )


def age_on(dob: pl.Expr, day: date | pl.Expr) -> pl.Expr:
    """Age in whole years on ``day`` (someone born on 29 February ages on 1 March)."""
    on = day if isinstance(day, pl.Expr) else pl.lit(day)
    before_birthday = (on.dt.month() < dob.dt.month()) | (
        (on.dt.month() == dob.dt.month()) & (on.dt.day() < dob.dt.day())
    )
    return on.dt.year() - dob.dt.year() - before_birthday.cast(pl.Int32)


def birthday(dob: pl.Expr, age: int | pl.Expr) -> pl.Expr:
    """The date someone born on ``dob`` reaches ``age``; agrees with :func:`age_on`."""
    moved = dob.dt.offset_by(f"{age}y" if isinstance(age, int) else pl.format("{}y", age))
    leapling = (dob.dt.month() == 2) & (dob.dt.day() == 29) & (moved.dt.day() == 28)
    return pl.when(leapling).then(moved.dt.offset_by("1d")).otherwise(moved)


def dates_of_birth(header: pl.DataFrame) -> pl.DataFrame:
    """``CHILD`` and ``DOB`` from the header, the latest collection's where years differ."""
    if COLLECTION_YEAR in header.columns:
        header = header.sort(COLLECTION_YEAR)
    return header.unique("CHILD", keep="last", maintain_order=True).select("CHILD", "DOB")


def outcome_rows(table: pl.DataFrame, *, period: Period) -> pl.DataFrame:
    """The rows of a per-year table (OC2) for the collection year the period ends in."""
    year = table.filter(pl.col(COLLECTION_YEAR) == period.collection_year_of_end)
    return year.unique("CHILD", keep="last", maintain_order=True)


def carer_spells(episodes: pl.DataFrame) -> pl.DataFrame:
    """Care episodes grouped into carer spells: time living with the same carer(s).

    A spell starts with an episode whose RNE is S, P or B (or that starts a period of
    care) and carries on through episodes with RNE L, T or U: a legal status change, or a
    move with the same carers (such as adoption by the child's foster carers, A3/A5). Its
    start is found by walking back through L, T and U episodes. One row per spell, in
    order: ``CHILD``, ``spell`` (1, 2, ... per child), ``period_of_care``, ``start``,
    ``end`` (blank while open), ``temporary`` (every episode a T0-T4 placement), and
    ``first_place`` / ``last_place``: where the spell began and ended (a struct of PLACE,
    URN and PL_POST).
    """
    first_of_period = _new_child() | pl.col("period_of_care").ne(pl.col("period_of_care").shift())
    new_spell = pl.col("RNE").is_in(NEW_CARER).fill_null(False) | first_of_period
    return (
        periods_of_care(episodes)
        .with_columns(_new=new_spell)
        .with_columns(_spell=pl.col("_new").cast(pl.UInt32).cum_sum())
        .with_columns(spell=_count_per_child(pl.col("_spell"), pl.col("_new")))
        .group_by("_spell", maintain_order=True)
        .agg(
            pl.col("CHILD", "spell", "period_of_care").first(),
            start=pl.col("DECOM").first(),
            end=pl.col("DEC").last(),
            temporary=pl.col("PLACE").is_in(TEMPORARY_PLACEMENTS).fill_null(False).all(),
            first_place=_PLACE.first(),
            last_place=_PLACE.last(),
        )
        .drop("_spell")
    )


def placements(episodes: pl.DataFrame) -> pl.DataFrame:
    """Carer spells numbered into placements, as the stability measures count them.

    A spell that began and ended on the same day is not a placement (DfE counts only
    placements of 24 hours or more). A spell straight after such spells that goes back to
    the placement the child had before them (same PLACE, URN and postcode) continues that
    placement. Temporary placements (T0-T4) count like any other (issue 3's decision).
    Adds ``skipped`` (not a placement) and ``placement`` (1, 2, ... per child; blank for a
    skipped spell).
    """
    skipped = pl.col("end").eq(pl.col("start")).fill_null(False)
    new_period = _new_child() | pl.col("period_of_care").ne(pl.col("period_of_care").shift())
    # The row of the last spell kept before this one (filled forward past skipped spells).
    kept_row = pl.when(~pl.col("skipped")).then(pl.int_range(pl.len())).shift().forward_fill()
    returns = (
        pl.col("skipped").shift().fill_null(False)
        & pl.col("_period").gather(kept_row).eq(pl.col("_period"))
        & pl.col("first_place").eq_missing(pl.col("last_place").gather(kept_row))
    )
    new_placement = ~pl.col("skipped") & ~returns
    return (
        carer_spells(episodes)
        .with_columns(skipped=skipped, _period=new_period.cum_sum())
        .with_columns(_new=new_placement)
        .with_columns(
            placement=pl.when(~pl.col("skipped")).then(
                _count_per_child(pl.col("_new").cast(pl.UInt32).cum_sum(), pl.col("_new"))
            )
        )
        .drop("_period", "_new")
    )


def placements_in_period(episodes: pl.DataFrame, *, period: Period) -> pl.DataFrame:
    """``CHILD`` and ``placements``: how many placements each child had during the period.

    Counts the placement a child was already in at the start of the period (open on its
    first day, as for "looked after on") and every placement begun during it (see
    :func:`placements` for what is not a placement). Without same-day spells this is the
    reference's rule: 1 if the first episode in the period continues a
    placement, plus episodes in the period with RNE S, P or B. Children with none are absent.
    """
    during = (pl.col("start") <= period.end) & (
        pl.col("end").is_null() | (pl.col("end") > period.start)
    )
    return (
        placements(episodes)
        .filter(pl.col("placement").is_not_null() & during)
        .group_by("CHILD")
        .agg(placements=pl.col("placement").n_unique())
    )


def placement_on(episodes: pl.DataFrame, *, on: date) -> pl.DataFrame:
    """When the placement of each child looked after on ``on`` began, and the one before it.

    One row per child: ``CHILD``, ``placement_start`` (walking back through same-carer
    changes and returns from same-day placements) and ``previous_placement_start`` (blank
    if this is the first placement of the period of care).
    """
    kept = placements(episodes).filter(pl.col("placement").is_not_null())
    starts = kept.group_by("CHILD", "placement").agg(
        pl.col("period_of_care").first(), placement_start=pl.col("start").min()
    )
    current = (
        kept.filter(pl.col("start") <= on)
        .group_by("CHILD")
        .agg(pl.col("placement").max())
        .join(starts, on=["CHILD", "placement"])
    )
    before = starts.select(
        "CHILD",
        "period_of_care",
        placement=pl.col("placement") + 1,
        previous_placement_start="placement_start",
    )
    open_now = open_episodes(episodes, on=on).select("CHILD", "period_of_care")
    return (
        current.join(open_now, on=["CHILD", "period_of_care"], how="semi")
        .join(before, on=["CHILD", "period_of_care", "placement"], how="left")
        .select("CHILD", "placement_start", "previous_placement_start")
    )

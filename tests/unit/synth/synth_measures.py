"""Quick measurements of the calibrated indicators, following indicators.md exactly.

Used until (and alongside) the real indicator functions in ``incare.indicators``: they read
the same stacked frames, so the calibration test can switch over by changing one import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from incare.ssda903.spec import COLLECTION_YEAR

SHORT_BREAKS = ("V3", "V4")
EET = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")


def stack(per_year: Mapping[int, Mapping[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """Stacked frames: each year's rows tagged; episodes keyed (CHILD, DECOM), latest wins."""
    names = {n for frames in per_year.values() for n in frames}
    out = {}
    for name in names:
        parts = [
            f[name].with_columns(pl.lit(y, dtype=pl.Int16).alias(COLLECTION_YEAR))
            for y, f in sorted(per_year.items())
            if name in f
        ]
        out[name] = pl.concat(parts)
    out["episodes"] = (
        out["episodes"]
        .sort(COLLECTION_YEAR)
        .unique(["CHILD", "DECOM"], keep="last")
        .sort("CHILD", "DECOM")
    )
    return out


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def cla_31_march(episodes: pl.DataFrame, year: int) -> set[str]:
    _, last = _bounds(year)
    open_ = episodes.filter(
        (pl.col("DECOM") <= last)
        & (pl.col("DEC").is_null() | (pl.col("DEC") > last))
        & ~pl.col("LS").is_in(SHORT_BREAKS)
    )
    return set(open_.get_column("CHILD").to_list())


def placement_moves_3plus(episodes: pl.DataFrame, year: int, *, count_t: bool = True) -> float:
    first, last = _bounds(year)
    cohort = cla_31_march(episodes, year)
    eps = episodes.filter(pl.col("CHILD").is_in(cohort) & ~pl.col("LS").is_in(SHORT_BREAKS))
    if not count_t:
        eps = eps.filter(~pl.col("PLACE").str.starts_with("T"))
    open_at_start = (
        eps.filter((pl.col("DECOM") < first) & (pl.col("DEC").is_null() | (pl.col("DEC") >= first)))
        .select("CHILD")
        .unique()
        .with_columns(pl.lit(1).alias("n"))
    )
    new = (
        eps.filter(pl.col("DECOM").is_between(first, last) & pl.col("RNE").is_in(["S", "P", "B"]))
        .group_by("CHILD")
        .agg(pl.len().alias("n"))
    )
    counts = pl.concat(
        [open_at_start, new.with_columns(pl.col("n").cast(pl.Int32))], how="vertical_relaxed"
    )
    per_child = counts.group_by("CHILD").agg(pl.col("n").sum())
    return 100 * per_child.filter(pl.col("n") >= 3).height / len(cohort)


def long_term_stability(episodes: pl.DataFrame, header: pl.DataFrame, year: int) -> float:
    _, last = _bounds(year)
    dobs = dict(header.select("CHILD", "DOB").unique("CHILD").iter_rows())
    cohort = cla_31_march(episodes, year)
    by_child: dict[str, list[tuple]] = {}
    for row in (
        episodes.filter(pl.col("CHILD").is_in(cohort) & (pl.col("DECOM") <= last))
        .sort("CHILD", "DECOM")
        .select("CHILD", "DECOM", "RNE")
        .iter_rows()
    ):
        by_child.setdefault(row[0], []).append(row)
    in_cohort = stable = 0
    for child, eps in by_child.items():
        dob = dobs[child]
        age = last.year - dob.year - ((last.month, last.day) < (dob.month, dob.day))
        period_start = next((d for _, d, rne in reversed(eps) if rne == "S"), eps[0][1])
        if age >= 16 or period_start > dt.date(year - 3, 9, 30):
            continue
        in_cohort += 1
        spell = eps[-1][1]
        for _, d, rne in reversed(eps):
            spell = d
            if rne not in ("L", "T", "U"):
                break
        stable += spell <= dt.date(year - 2, 3, 31)
    return 100 * stable / in_cohort


def oc2_health_assessment(oc2: pl.DataFrame, year: int) -> float:
    rows = oc2.filter(pl.col(COLLECTION_YEAR) == year)
    return 100 * rows.filter(pl.col("HEALTH_ASSESSMENT") == 1).height / rows.height


def _leavers_19_21(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    rows = oc3.filter(pl.col(COLLECTION_YEAR) == year)
    # The birthday that falls in the collection year (1 April to 31 March).
    age = (
        pl.when(pl.col("DOB").dt.month() >= 4)
        .then(pl.lit(year - 1) - pl.col("DOB").dt.year())
        .otherwise(pl.lit(year) - pl.col("DOB").dt.year())
    )
    return rows.filter(age.is_between(19, 21) & ~pl.col("IN_TOUCH").is_in(["DIED", "RHOM"]))


def care_leavers_19_21_eet(oc3: pl.DataFrame, year: int) -> float:
    rows = _leavers_19_21(oc3, year)
    return 100 * rows.filter(pl.col("ACTIV").is_in(EET)).height / rows.height


def care_leavers_19_21_suitable_accommodation(oc3: pl.DataFrame, year: int) -> float:
    rows = _leavers_19_21(oc3, year)
    return 100 * rows.filter(pl.col("ACCOM").str.slice(1, 1) == "1").height / rows.height

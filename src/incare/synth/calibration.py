"""Published figures the synthetic authority is calibrated to.

``data/la_rates.csv`` is a small extract of the DfE LAIT series (public aggregate data,
Open Government Licence): one row per area and collection year with only the measures the
generator uses. :func:`extract_rates` rebuilds it from a newer LAIT file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

ENGLAND = "England"

# LAIT measure -> column of the packaged extract. Figures keep their published precision.
MEASURES: dict[str, str] = {
    "LACnum": "cla",
    "LACnum_Start": "starts",
    "Unacc_Asylmn_Seek_Childn": "uasc",
    "No_of LAC Adopted": "adopted",
    "Children_missing": "missing_pct",
    "LACStable_2016on": "moves3_pct",
    "LAC_LongStable%": "long_stable_pct",
    "LACHealth%": "health_pct",
    "CareLeaverEET": "leaver_eet_pct",
    "CareLeaverAcc": "leaver_accom_pct",
    "Children_Away": "away_pct",
    "LACDental%": "dental_pct",
    "LACVaccinations%": "immunisations_pct",
    "LACSubstance": "substance_pct",
    "LAC_Convictions": "convicted_pct",
    "Emotional_LAC": "sdq_mean",
    "%_of LAC Adopted": "adopted_pct",
    "LAC_ceased_SGO%": "sgo_pct",
    "LAC_RetHome_CarePlan_%": "home_planned_pct",
    "LAC_RetHome_Not_CarePlan_%": "home_unplanned_pct",
    "StayingPut": "staying_put_pct",
    "Stability_SocialWorker": "sw_changes_3plus_pct",
    "LACDistance": "distance_pct",
}
COLUMNS = tuple(MEASURES.values())
DECIMALS = {"sdq_mean": 1}
"""Columns published with decimals (the average SDQ score): kept to that many places."""


class UnknownAuthorityError(ValueError):
    """``--like`` named an area that is not an English local authority in the LAIT data."""


@dataclass(frozen=True)
class YearRates:
    """What one collection year should look like (counts are the area's own, unscaled)."""

    year: int
    cla: float
    starts: float
    uasc: float
    adopted: float
    missing_pct: float
    moves3_pct: float
    long_stable_pct: float
    health_pct: float
    leaver_eet_pct: float
    leaver_accom_pct: float
    away_pct: float
    dental_pct: float
    immunisations_pct: float
    substance_pct: float
    convicted_pct: float
    sdq_mean: float
    adopted_pct: float
    sgo_pct: float
    home_planned_pct: float
    home_unplanned_pct: float
    staying_put_pct: float
    sw_changes_3plus_pct: float
    distance_pct: float  # placed 20+ miles from home and outside the authority (§A4 (b))


@dataclass(frozen=True)
class Authority:
    name: str
    la_code: str | None  # None for England (the average authority)
    rates: dict[int, YearRates]

    def year(self, year: int) -> YearRates:
        """That year's figures, else the nearest published year's (later wins a tie)."""
        if year in self.rates:
            return self.rates[year]
        nearest = min(self.rates, key=lambda y: (abs(y - year), -y))
        return self.rates[nearest]

    @property
    def latest_cla(self) -> int:
        return round(self.rates[max(self.rates)].cla)


def extract_rates(lait_csv: Path) -> pl.DataFrame:
    """The packaged extract, rebuilt from LAIT's long file (suppressed values become null)."""
    raw = pl.read_csv(lait_csv, infer_schema=False)
    long = (
        raw.filter(pl.col("measure").is_in(list(MEASURES)))
        .filter(pl.col("la_number").is_not_null())
        .filter(pl.col("area").eq(ENGLAND) | pl.col("region").is_not_null())
        .with_columns(
            pl.col("year").str.slice(0, 4).cast(pl.Int32, strict=False),
            pl.col("value").cast(pl.Float64, strict=False),
            pl.col("la_number").cast(pl.Float64, strict=False).cast(pl.Int32).alias("la_code"),
            pl.col("measure").replace_strict(MEASURES),
        )
        .filter(pl.col("year") >= 2016)
    )
    wide = long.pivot(
        on="measure", index=["area", "la_code", "year"], values="value", aggregate_function="first"
    )
    # Published percentages and counts are whole numbers; integers keep the file small.
    counts = [
        pl.col(c).round(DECIMALS[c]) if c in DECIMALS else pl.col(c).round().cast(pl.Int64)
        for c in COLUMNS
    ]
    return wide.select("area", "la_code", "year", *counts).sort("area", "year")


@cache
def _table() -> pl.DataFrame:
    text = resources.files("incare.synth").joinpath("data/la_rates.csv").read_bytes()
    return pl.read_csv(text, schema_overrides=dict.fromkeys(COLUMNS, pl.Float64))


def authority_names() -> list[str]:
    return sorted(n for n in _table().get_column("area").unique().to_list() if n != ENGLAND)


def load_authority(name: str | None) -> Authority:
    """England (``None``) or the named LA; its missing figures are filled from England's."""
    table = _table()
    england = _rows(table, ENGLAND)
    if name is None:
        return Authority(ENGLAND, None, _fill(england, england))
    wanted = {n.casefold(): n for n in authority_names()}
    if name.casefold() not in wanted:
        close = difflib.get_close_matches(name, authority_names(), n=5, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UnknownAuthorityError(f"{name!r} is not a local authority in the LAIT data.{hint}")
    real = wanted[name.casefold()]
    rows = _rows(table, real)
    code = rows.get_column("la_code").drop_nulls()
    return Authority(real, f"{int(code[0]):03d}" if code.len() else None, _fill(rows, england))


def _rows(table: pl.DataFrame, area: str) -> pl.DataFrame:
    return table.filter(pl.col("area") == area).sort("year")


def _fill(rows: pl.DataFrame, england: pl.DataFrame) -> dict[int, YearRates]:
    """Per year: the area's figure, else its nearest year's, else England's for that year."""
    out: dict[int, YearRates] = {}
    eng = {r["year"]: r for r in england.iter_rows(named=True)}
    own = {r["year"]: r for r in rows.iter_rows(named=True)}
    for year in sorted(own):
        values: dict[str, float] = {}
        for col in COLUMNS:
            known = {y: r[col] for y, r in own.items() if r[col] is not None}
            if known:
                near = min(known, key=lambda y: (abs(y - year), -y))
                values[col] = float(known[near])
            else:
                values[col] = float(_nearest(eng, year, col))
        out[year] = YearRates(year=year, **values)
    return out


def _nearest(rows: dict[int, dict[str, object]], year: int, col: str) -> float:
    known = {y: r[col] for y, r in rows.items() if r[col] is not None}
    near = min(known, key=lambda y: (abs(y - year), -y))
    return float(known[near])  # type: ignore[arg-type]

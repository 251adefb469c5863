"""Indicators are vectorised: a large authority's ten-year store computes in seconds."""

from __future__ import annotations

import time
from datetime import date

import polars as pl
import pytest

from incare.indicators import INDICATORS, Period
from incare.ssda903.spec import COLLECTION_YEAR

from .builders import tables

CHILDREN = 60_000  # about 20,000 in care at any time over ten years


def _pick(codes: list[str], seed: int) -> pl.Expr:
    index = (pl.col("CHILD").hash(seed) + pl.col("n").hash(seed)) % len(codes)
    return pl.lit(pl.Series(codes)).gather(index)


def _synthetic_store() -> dict[str, pl.DataFrame]:
    """Arbitrary but well-formed histories: one period of care per child, 1-8 episodes."""
    first = pl.lit(date(2014, 4, 1))
    kids = pl.DataFrame({"i": range(CHILDREN)}).select(
        CHILD=pl.format("C{}", "i"),
        start=first + pl.duration(days=pl.col("i").hash(1) % 3650),
        episodes=1 + pl.col("i").hash(2) % 8,
        dob_days=pl.col("i").hash(3) % 6000,
    )
    eps = (
        kids.with_columns(n=pl.int_ranges(0, "episodes"))
        .explode("n")
        .with_columns(length=pl.duration(days=1 + (pl.col("CHILD").hash(4) + pl.col("n")) % 300))
        .with_columns(
            DECOM=pl.col("start") + pl.col("length").cum_sum().over("CHILD") - pl.col("length")
        )
        .with_columns(
            DEC=pl.col("DECOM").shift(-1).over("CHILD"),
            RNE=pl.when(pl.col("n") == 0)
            .then(pl.lit("S"))
            .otherwise(_pick(["P", "T", "L", "B", "U"], 5)),
            LS=_pick(["C2"] * 6 + ["V2", "E1", "V3"], 6),
            PLACE=_pick(["U4", "U6", "U1", "K2", "T4", "A5", "P1", "H5"], 7),
        )
        .with_columns(REC=pl.when(pl.col("DEC").is_not_null()).then(pl.lit("X1")))
    )
    empty = tables()["episodes"]
    episodes = pl.concat(
        [empty, eps.with_columns(CIN=pl.lit("N1"), **{COLLECTION_YEAR: pl.lit(2024, pl.Int16)})],
        how="diagonal_relaxed",
    ).select(empty.columns)
    header = kids.select(
        "CHILD",
        SEX=pl.lit("1"),
        DOB=pl.col("start") - pl.duration(days="dob_days"),
        ETHNIC=pl.lit("WBRI"),
    )
    oc2 = header.select("CHILD", "DOB").with_columns(
        HEALTH_ASSESSMENT=pl.lit(1, pl.Int8), **{COLLECTION_YEAR: pl.lit(2024, pl.Int16)}
    )
    oc3 = header.select(
        "CHILD",
        "DOB",
        IN_TOUCH=pl.lit("YES"),
        ACTIV=pl.lit("F2"),
        ACCOM=pl.lit("D1"),
        **{COLLECTION_YEAR: pl.lit(2024, pl.Int16)},
    )
    return tables(episodes=episodes, header=header, oc2=oc2, oc3=oc3)


@pytest.mark.slow
def test_every_indicator_computes_a_large_authority_in_seconds() -> None:
    store = _synthetic_store()
    period = Period.collection_year(2024)
    started = time.perf_counter()
    results = {id_: ind.compute(store, period=period) for id_, ind in INDICATORS.items()}
    elapsed = time.perf_counter() - started
    assert results["cla_31_march"].numerator > 10_000
    assert elapsed < 10, f"all indicators took {elapsed:.1f}s"

"""An indicator's cohort broken down by the children's characteristics (pure Polars).

``incare.indicators.breakdowns`` breaks down the children in care at a date. An indicator's
cohort is often not that (care leavers, children who left care in the year), so here each
child of the cohort is described as they were at the period end, with the same groups
(``GROUPS``, ``AGE_BANDS``, indicators.md §A3): age in whole years at the period end; sex and
ethnicity from the latest header; legal status and placement from the child's latest episode
starting on or before the period end; UASC when an unaccompanied asylum-seeking child record
was open at the period end. A blank or unknown code is "Not recorded".
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.breakdowns import AGE_BANDS, GROUPS, NOT_RECORDED, SOURCE_COLUMN
from incare.indicators.building_blocks import age_on, dates_of_birth
from incare.indicators.periods import Period
from incare.ssda903.spec import COLLECTION_YEAR

TITLES = {
    "age_band": "Age at the period end",
    "sex": "Sex",
    "ethnicity_group": "Ethnicity",
    "legal_status": "Legal status",
    "placement_type": "Placement type",
    "uasc": "Unaccompanied asylum-seeking children",
}
"""The breakdowns issue 7 asks for, in the order the page shows them."""
TOTAL = "Total"


def _latest(frame: pl.DataFrame) -> pl.DataFrame:
    if COLLECTION_YEAR in frame.columns:
        frame = frame.sort(COLLECTION_YEAR)
    return frame.unique("CHILD", keep="last", maintain_order=True)


def _empty(*columns: str) -> pl.DataFrame:
    return pl.DataFrame(schema=dict.fromkeys(columns, pl.String()))


def characteristics(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """``CHILD`` and one label column per breakdown in ``TITLES``, for every child held."""
    header = tables.get("header")
    if header is None:
        return _empty("CHILD", *TITLES)
    people = (
        _latest(header)
        .select(pl.col("CHILD").cast(pl.String), "SEX", "ETHNIC")
        .join(
            dates_of_birth(header).with_columns(pl.col("CHILD").cast(pl.String)),
            on="CHILD",
            how="left",
        )
    )
    episodes = tables.get("episodes")
    if episodes is not None:
        latest = (
            episodes.filter(pl.col("DECOM") <= period.end)
            .sort("DECOM")
            .unique("CHILD", keep="last", maintain_order=True)
            .select(pl.col("CHILD").cast(pl.String), "LS", "PLACE")
        )
        people = people.join(latest, on="CHILD", how="left")
    else:
        people = people.with_columns(LS=pl.lit(None, pl.String), PLACE=pl.lit(None, pl.String))
    uasc = tables.get("uasc")
    open_uasc: list[str] = []
    if uasc is not None and "DUC" in uasc.columns:
        still = _latest(uasc).filter(pl.col("DUC").is_null() | (pl.col("DUC") > period.end))
        open_uasc = still.get_column("CHILD").cast(pl.String).to_list()
    age = age_on(pl.col("DOB"), period.end)
    reached = pl.sum_horizontal(*[age >= youngest for youngest in AGE_BANDS.values()])
    bands = dict(enumerate(AGE_BANDS, start=1))
    labels = {
        by: pl.col(SOURCE_COLUMN[by]).replace_strict(GROUPS[by], default=None)
        for by in ("sex", "ethnicity_group", "legal_status", "placement_type")
    }
    return people.select(
        "CHILD",
        age_band=pl.when(pl.col("DOB").is_not_null()).then(
            reached.replace_strict(bands, default=None)
        ),
        **labels,
        uasc=pl.when(pl.col("CHILD").is_in(open_uasc))
        .then(pl.lit(GROUPS["uasc"]["UASC"]))
        .otherwise(pl.lit(GROUPS["uasc"][""])),
    ).with_columns(pl.col(*TITLES).fill_null(NOT_RECORDED))


def _order(by: str) -> list[str]:
    if by == "age_band":
        return list(AGE_BANDS)
    return list(dict.fromkeys(GROUPS[by].values()))


def breakdown(cohort: pl.DataFrame, traits: pl.DataFrame, *, by: str) -> pl.DataFrame:
    """The cohort (``CHILD``, ``in_numerator``) by ``by``: one row per group in published order
    (every group, even when empty; "Not recorded" only when someone is in it), then a
    ``Total`` row. Columns ``group``, ``children`` (in the cohort), ``counted`` (in the
    numerator) and ``percent`` (of the group's cohort counted, unrounded; null when empty)."""
    joined = cohort.select(pl.col("CHILD").cast(pl.String), "in_numerator").join(
        traits.select("CHILD", by), on="CHILD", how="left"
    )
    grouped = (
        joined.with_columns(pl.col(by).fill_null(NOT_RECORDED))
        .group_by(pl.col(by).alias("group"))
        .agg(
            children=pl.len().cast(pl.Int64),
            counted=pl.col("in_numerator").fill_null(False).sum().cast(pl.Int64),
        )
    )
    order = pl.DataFrame({"group": [*_order(by), NOT_RECORDED]}, schema={"group": pl.String})
    rows = (
        order.join(grouped, on="group", how="left", maintain_order="left")
        .with_columns(pl.col("children", "counted").fill_null(0))
        .filter((pl.col("group") != NOT_RECORDED) | (pl.col("children") > 0))
    )
    total = pl.DataFrame(
        {
            "group": [TOTAL],
            "children": [rows["children"].sum()],
            "counted": [rows["counted"].sum()],
        },
        schema=rows.schema,
    )
    return pl.concat([rows, total]).with_columns(
        percent=pl.when(pl.col("children") > 0).then(100 * pl.col("counted") / pl.col("children"))
    )

"""Children in care at the period end by characteristic (indicators.md §A3).

``breakdown(tables, period=..., by="legal_status")`` gives one row per group (``group``,
``count``, ``percent`` of the children in care at the period end, unrounded), every group in
its published order even when empty. The groups are data (``GROUPS``, ``AGE_BANDS``), not code.
A code no group names, or a blank, is shown as "Not recorded". Choices:

- Chinese (CHNE) is in "Other ethnic group", as §A3 lists it and as DfE's children looked
  after tables group it (they have not moved to the 2021 census groups, which put Chinese
  under Asian).
- Sex accepts both code sets found in 903 files: 1/2 and M/F/U.
- Category of need is the CIN of the first episode of the child's current period of care.
- Legal status and placement are those of the episode open on the last day of the period.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    age_on,
    dates_of_birth,
    open_episodes,
    periods_of_care,
    require_table,
)
from incare.indicators.periods import Period
from incare.ssda903.spec import COLLECTION_YEAR


class UnknownBreakdownError(ValueError):
    """A breakdown that is not one of ``BREAKDOWNS``."""


NOT_RECORDED = "Not recorded"

AGE_BANDS: dict[str, int] = {
    "Under 1": 0,
    "1 to 4": 1,
    "5 to 9": 5,
    "10 to 15": 10,
    "16 and over": 16,
}
"""Band label -> youngest age in it (whole years at the period end), DfE's standard bands."""


def _codes(groups: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {code: label for label, codes in groups.items() for code in codes}


GROUPS: dict[str, dict[str, str]] = {
    "sex": _codes({"Male": ("1", "M"), "Female": ("2", "F"), "Unknown": ("U",)}),
    "ethnicity_group": _codes(
        {
            "White": ("WBRI", "WIRI", "WIRT", "WOTH", "WROM"),
            "Mixed or multiple ethnic groups": ("MWBC", "MWBA", "MWAS", "MOTH"),
            "Asian or Asian British": ("AIND", "APKN", "ABAN", "AOTH"),
            "Black, African, Caribbean or Black British": ("BCRB", "BAFR", "BOTH"),
            "Other ethnic group": ("CHNE", "OOTH"),
            "Not known (refused or not yet obtained)": ("REFU", "NOBT"),
        }
    ),
    "legal_status": _codes(
        {
            "Care order": ("C1", "C2"),
            "Placement order": ("E1", "D1"),
            "Voluntary agreement (section 20)": ("V2",),
            "Youth justice legal status": ("J1", "J2", "J3"),
            "Emergency or police protection": ("L1", "L2", "L3"),
        }
    ),
    "placement_type": _codes(
        {
            "Foster placements": ("U1", "U2", "U3", "U4", "U5", "U6"),
            "Placed for adoption": ("A3", "A4", "A5", "A6"),
            "Placed with parents or others with parental responsibility": ("P1",),
            "Independent and semi-independent living, and supported accommodation": (
                "P2",
                "H5",
                "K3",
            ),
            "Secure units and children's homes": ("K1", "K2"),
            "Other residential settings": ("R1", "R2", "R3", "R5", "S1"),
            # Z1 became Z11-Z14 from the 2025/26 collection.
            "Other placements": (
                *("T0", "T1", "T2", "T3", "T4", "P3"),
                *("Z1", "Z11", "Z12", "Z13", "Z14"),
            ),
        }
    ),
    "provider": _codes(
        {
            "Parents or other person with parental responsibility": ("PR0",),
            "Own provision (by the council)": ("PR1",),
            "Other council provision": ("PR2",),
            "Other public provision": ("PR3",),
            "Private provision": ("PR4",),
            "Voluntary or third sector provision": ("PR5",),
        }
    ),
    "category_of_need": _codes(
        {
            "Abuse or neglect": ("N1",),
            "Child's disability": ("N2",),
            "Parent's illness or disability": ("N3",),
            "Family in acute stress": ("N4",),
            "Family dysfunction": ("N5",),
            "Socially unacceptable behaviour": ("N6",),
            "Low income": ("N7",),
            "Absent parenting": ("N8",),
        }
    ),
    "uasc": {"UASC": "Unaccompanied asylum-seeking children", "": "Other children"},
}
"""For each breakdown, code -> group label; labels in the order they are published."""

SOURCE_COLUMN = {
    "sex": "SEX",
    "ethnicity_group": "ETHNIC",
    "legal_status": "LS",
    "placement_type": "PLACE",
    "provider": "PLACE_PROVIDER",
    "category_of_need": "CIN",
    "uasc": "uasc",
}

BREAKDOWNS = ("age_band", *GROUPS)


def _latest_header(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    header = require_table(tables, "header")
    if COLLECTION_YEAR in header.columns:
        header = header.sort(COLLECTION_YEAR)
    return header.unique("CHILD", keep="last", maintain_order=True).select("CHILD", "SEX", "ETHNIC")


def _cin_at_start(episodes: pl.DataFrame) -> pl.DataFrame:
    return (
        periods_of_care(episodes)
        .unique(["CHILD", "period_of_care"], keep="first", maintain_order=True)
        .select("CHILD", "period_of_care", "CIN")
    )


def _uasc_on(tables: Mapping[str, pl.DataFrame], period: Period) -> pl.DataFrame:
    uasc = require_table(tables, "uasc")
    if COLLECTION_YEAR in uasc.columns:
        uasc = uasc.sort(COLLECTION_YEAR)
    latest = uasc.unique("CHILD", keep="last", maintain_order=True)
    still = latest.filter(pl.col("DUC").is_null() | (pl.col("DUC") > period.end))
    return still.select("CHILD", uasc=pl.lit("UASC"))


def children_at_period_end(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """The children in care at the period end with every characteristic we break down by."""
    episodes = require_table(tables, "episodes")
    open_now = open_episodes(episodes, on=period.end).select(
        "CHILD", "period_of_care", "LS", "PLACE", "PLACE_PROVIDER"
    )
    return (
        open_now.join(_cin_at_start(episodes), on=["CHILD", "period_of_care"], how="left")
        .join(dates_of_birth(require_table(tables, "header")), on="CHILD", how="left")
        .join(_latest_header(tables), on="CHILD", how="left")
        .join(_uasc_on(tables, period), on="CHILD", how="left")
        .with_columns(age=age_on(pl.col("DOB"), period.end), uasc=pl.col("uasc").fill_null(""))
    )


def _age_band(age: pl.Expr) -> pl.Expr:
    # How many bands' youngest ages the child has reached picks the band (blank age: none).
    reached = pl.sum_horizontal(*[age >= youngest for youngest in AGE_BANDS.values()])
    labels = dict(enumerate(AGE_BANDS, start=1))
    return pl.when(age.is_not_null()).then(reached.replace_strict(labels, default=None))


def _labels(by: str) -> list[str]:
    if by == "age_band":
        return list(AGE_BANDS)
    return list(dict.fromkeys(GROUPS[by].values()))


def breakdown(tables: Mapping[str, pl.DataFrame], *, period: Period, by: str) -> pl.DataFrame:
    """Children in care at ``period.end`` by ``by`` (one of ``BREAKDOWNS``).

    Columns ``group``, ``count``, ``percent`` (0-100 of all children in care then, unrounded;
    blank when nobody is). "Not recorded" appears only when someone is in it.
    """
    if by not in BREAKDOWNS:
        raise UnknownBreakdownError(f"no breakdown {by!r}: choose one of {', '.join(BREAKDOWNS)}")
    children = children_at_period_end(tables, period=period)
    if by == "age_band":
        group = _age_band(pl.col("age"))
    else:
        group = pl.col(SOURCE_COLUMN[by]).replace_strict(GROUPS[by], default=None)
    counts = (
        children.select(group=group.fill_null(NOT_RECORDED))
        .group_by("group")
        .agg(count=pl.len().cast(pl.Int64))
    )
    order = pl.DataFrame({"group": [*_labels(by), NOT_RECORDED]}, schema={"group": pl.String})
    total = children.height
    return (
        order.join(counts, on="group", how="left", maintain_order="left")
        .with_columns(pl.col("count").fill_null(0))
        .filter((pl.col("group") != NOT_RECORDED) | (pl.col("count") > 0))
        .with_columns(
            percent=(100 * pl.col("count") / total) if total else pl.lit(None, pl.Float64)
        )
    )

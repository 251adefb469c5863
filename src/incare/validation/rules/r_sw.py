"""Social worker episode rules (SW01a–SW19, the SWEpisodes table, from the 2023/24 return)."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import codes, end, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    after_previous,
    bad_date,
    lenient_date,
    partial_date,
    rows_of,
    short_break,
)

_2025 = frozenset({2025})
_FROM_2026 = years(2026)
_SW_FROM = date(2023, 4, 1)
"""Social worker episodes began to be collected (with SW_ID and SW_REASON) from 1 April 2023."""


def _sw(d: ReturnData) -> pl.LazyFrame:
    return d["SWEpisodes"]


def _dated(d: ReturnData) -> pl.LazyFrame:
    """SWEpisodes with DECOM and DEC as dates."""
    return _sw(d).with_columns(to_date("SW_DECOM").alias("DECOM"), to_date("SW_DEC").alias("DEC"))


def _within_days(day: pl.Expr, of: pl.Expr, days: int) -> pl.Expr:
    return (day >= of.dt.offset_by(f"-{days}d")) & (day <= of.dt.offset_by(f"{days}d"))


@rule(
    code="SW01aSTG1",
    message="For each social worker episode, information should be complete",
    fields=["SW_DECOM", "SW_ID"],
    tables=["SWEpisodes"],
    years=_2025,
)
def _sw01a(d: ReturnData) -> Flags:
    decom = to_date("SW_DECOM")
    incomplete = decom.is_null() | ((decom < pl.lit(_SW_FROM)) & pl.col("SW_ID").is_null())
    return {"SWEpisodes": _sw(d).filter(incomplete)}


@rule(
    code="SW01bSTG1",
    message="For each social worker episode, information should be complete",
    fields=["SW_DECOM", "SW_ID", "SW_REASON"],
    tables=["SWEpisodes"],
    years=_2025,
)
def _sw01b(d: ReturnData) -> Flags:
    decom = to_date("SW_DECOM")
    blank = pl.col("SW_ID").is_null() | pl.col("SW_REASON").is_null()
    incomplete = decom.is_null() | ((decom >= pl.lit(_SW_FROM)) & blank)
    return {"SWEpisodes": _sw(d).filter(incomplete)}


def _bad_sw_id(*, min_length: int) -> pl.Expr:
    sw_id = pl.col("SW_ID")
    prefix_ok = sw_id.str.slice(0, 2).is_in(["SW", "XX"])
    return ~(prefix_ok & (sw_id.str.len_chars() >= min_length)).fill_null(False)


@rule(
    code="SW02STG1",
    message="Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
    fields=["SW_ID"],
    tables=["SWEpisodes"],
    years=_2025,
)
def _sw02_2025(d: ReturnData) -> Flags:
    return {"SWEpisodes": _sw(d).filter(_bad_sw_id(min_length=0))}


@rule(
    code="SW02STG1",
    message="Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
    fields=["SW_ID"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw02(d: ReturnData) -> Flags:
    # From 2025/26 the ID must also go on after its prefix (at least 4 characters).
    return {"SWEpisodes": _sw(d).filter(_bad_sw_id(min_length=4))}


@rule(
    code="SW04STG1",
    message="Date social worker episode began is not a valid date..",
    fields=["SW_DECOM"],
    tables=["SWEpisodes"],
    years=_2025,
)
def _sw04_2025(d: ReturnData) -> Flags:
    # Until 2024/25 unknown parts of the date could be written ZZ (as DATE_PERM).
    invalid = pl.col("SW_DECOM").is_not_null() & partial_date("SW_DECOM").is_null()
    return {"SWEpisodes": _sw(d).filter(invalid)}


@rule(
    code="SW04STG1",
    message="Date social worker episode began is not a valid date..",
    fields=["SW_DECOM"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw04(d: ReturnData) -> Flags:
    invalid = bad_date("SW_DECOM")
    return {"SWEpisodes": _sw(d).filter(invalid)}


@rule(
    code="SW05STG1",
    message="Date social worker episode began is not a valid date.",
    fields=["SW_DEC"],
    tables=["SWEpisodes"],
    years=_2025,
)
def _sw05_2025(d: ReturnData) -> Flags:
    invalid = pl.col("SW_DEC").is_not_null() & partial_date("SW_DEC").is_null()
    return {"SWEpisodes": _sw(d).filter(invalid)}


@rule(
    code="SW05STG1",
    message="Date social worker episode began is not a valid date.",
    fields=["SW_DEC"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw05(d: ReturnData) -> Flags:
    invalid = bad_date("SW_DEC")
    return {"SWEpisodes": _sw(d).filter(invalid)}


@rule(
    code="SW06STG2",
    message="Social worker episode data should be within the social worker data reporting year.",
    fields=["SW_DECOM"],
    tables=["SWEpisodes"],
)
def _sw06(d: ReturnData) -> Flags:
    return {"SWEpisodes": _sw(d).filter((to_date("SW_DECOM") > end(d)).fill_null(False))}


@rule(
    code="SW07STG2",
    message="Social worker episode end date should be on or after the start of the social worker "
    "reporting period, and should be on or before the collection end date.",
    fields=["SW_DEC"],
    tables=["SWEpisodes"],
    differs="The sector tool puts the reporting period's start 365.2425 days before the "
    "collection start, so when that year has a 29 February an end date on the first day of "
    "the period is flagged; we take the same date a year before the collection start.",
)
def _sw07(d: ReturnData) -> Flags:
    # The social worker reporting period starts a year before the collection year.
    period_start = start(d).dt.offset_by("-1y")
    ended = to_date("SW_DEC")
    outside = ((ended < period_start) | (ended > end(d))).fill_null(False)
    return {"SWEpisodes": _sw(d).filter(outside)}


@rule(
    code="SW08STG2",
    message="A new social worker episode has started, but the previous episode has not ended.",
    fields=["SW_DEC"],
    tables=["SWEpisodes"],
    differs="Of episodes starting on the same day the sector tool takes an arbitrary one as the "
    "latest (an unstable sort); we take the open one (then the later row).",
)
def _sw08(d: ReturnData) -> Flags:
    dated = _dated(d)
    latest = (
        dated.filter(pl.col("CHILD").is_not_null())
        .sort(["DECOM", "DEC", "ROW"], nulls_last=True)
        .group_by("CHILD")
        .agg(pl.col("ROW").last())
    )
    earlier_open = dated.join(latest, on="ROW", how="anti").filter(
        pl.col("DEC").is_null() & pl.col("CHILD").is_not_null() & pl.col("DECOM").is_not_null()
    )
    return {"SWEpisodes": rows_of(_sw(d), earlier_open)}


@rule(
    code="SW09STG2",
    message="Social worker episode appears to have lasted for less than 24 hours.",
    fields=["SW_DECOM", "SW_DEC"],
    tables=["SWEpisodes"],
    years=_2025,
)
def _sw09_2025(d: ReturnData) -> Flags:
    same_day = (to_date("SW_DEC") == to_date("SW_DECOM")).fill_null(
        pl.col("SW_DEC") == pl.col("SW_DECOM")
    )
    return {"SWEpisodes": _sw(d).filter(same_day.fill_null(False))}


@rule(
    code="SW09STG2",
    message="Social worker episode appears to have lasted for less than 24 hours.",
    fields=["SW_DECOM", "SW_DEC"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw09(d: ReturnData) -> Flags:
    # From 2025/26 the sector tool (following the DfE's revised check) flags episodes
    # lasting under three days, or ending before they began.
    days = (lenient_date("SW_DEC") - lenient_date("SW_DECOM")).dt.total_days()
    return {"SWEpisodes": _sw(d).filter((days < 3).fill_null(False))}


def _with_previous(d: ReturnData) -> pl.LazyFrame:
    """Each SW episode beside the child's previous one (by start, then end date)."""
    dated = _dated(d).select("CHILD", "ROW", "SW_REASON", "DECOM", "DEC")
    return after_previous(dated, order=["DECOM", "DEC"])


def _not_continuous() -> pl.Expr:
    """The episode did not start within 7 days either side of the previous one's end."""
    return ~_within_days(pl.col("DECOM"), pl.col("DEC_PREV"), 7).fill_null(False)


@rule(
    code="SW10STG2",
    message="A new social worker episode has started before the end date of the previous social "
    "worker episode.",
    fields=["SW_DECOM"],
    tables=["SWEpisodes"],
)
def _sw10(d: ReturnData) -> Flags:
    not_first_contact = pl.col("SW_REASON").ne_missing("FCONTA")
    pairs = _with_previous(d).filter(not_first_contact & _not_continuous())
    return {"SWEpisodes": rows_of(_sw(d), pairs)}


@rule(
    code="SW10aSTG2",
    message="A new social worker episode has started and it is not within +/- 7 days of a "
    "previous episode.",
    fields=["SW_DECOM"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw10a(d: ReturnData) -> Flags:
    not_first_contact = pl.col("SW_REASON").ne_missing("FCONTA")
    pairs = _with_previous(d).filter(not_first_contact & _not_continuous())
    return {"SWEpisodes": rows_of(_sw(d), pairs)}


@rule(
    code="SW10bSTG2",
    message="A new social worker episode has started with a reason of first contact before the "
    "previous episode has ended.",
    fields=["SW_DECOM", "SW_REASON"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw10b(d: ReturnData) -> Flags:
    early = (pl.col("SW_REASON") == "FCONTA") & (pl.col("DECOM") <= pl.col("DEC_PREV"))
    pairs = _with_previous(d).filter(early.fill_null(False))
    return {"SWEpisodes": rows_of(_sw(d), pairs)}


@rule(
    code="SW11bSTG2",
    message="Social worker episode has ended before 31 March and no subsequent social worker "
    "episode has been provided.",
    fields=["SW_DEC"],
    tables=["SWEpisodes"],
    differs="The sector tool also flags an episode ending in the last days of the year when an "
    "earlier episode exists, even though a later episode follows it; we flag only an episode "
    "with no later one (started after it, or on or after its end), and, as the sector tool, a "
    "following episode with no start date.",
)
def _sw11b(d: ReturnData) -> Flags:
    # "Before 31 March": in the five days up to the collection end (the sector tool's reading
    # of the DfE check); an episode ending earlier may close the child's time in care.
    dated = _dated(d).filter(pl.col("CHILD").is_not_null())
    near_end = (pl.col("DEC") >= end(d).dt.offset_by("-5d")) & (pl.col("DEC") <= end(d))
    ended = dated.filter(near_end.fill_null(False)).select("CHILD", "ROW", "DECOM", "DEC")
    others = dated.select("CHILD", pl.col("ROW").alias("ROW_NEXT"), pl.col("DECOM").alias("NEXT"))
    later = (
        pl.col("NEXT").is_null()
        | (pl.col("NEXT") > pl.col("DECOM")).fill_null(False)
        | (pl.col("NEXT") >= pl.col("DEC"))
    )
    followed = (
        ended.join(others, on="CHILD")
        .filter((pl.col("ROW_NEXT") != pl.col("ROW")) & later)
        .select("ROW")
    )
    last_ended = ended.join(followed, on="ROW", how="anti")
    prev_near_end = (pl.col("DEC_PREV") >= end(d).dt.offset_by("-5d")) & (
        pl.col("DEC_PREV") <= end(d)
    )
    undated_next = after_previous(dated.select("CHILD", "ROW", "DECOM", "DEC"), order=["DECOM"])
    undated_next = undated_next.filter(pl.col("DECOM").is_null() & prev_near_end.fill_null(False))
    return {
        "SWEpisodes": rows_of(
            _sw(d), pl.concat([last_ended.select("ROW"), undated_next.select("ROW")])
        )
    }


@rule(
    code="SW12STG2",
    message="If a child is looked after on 31 March then all social worker episodes for the full "
    "previous year should be reported, even those whilst they were not looked after",
    fields=["SW_DECOM"],
    tables=["Episodes"],
    needs=["SWEpisodes"],
    differs="The sector tool checks every child with an episode in the last two years; the DfE "
    "rule is about children looked after on 31 March, so we check only those (a child with an "
    "episode open at the collection end).",
)
def _sw12(d: ReturnData) -> Flags:
    eps = d["Episodes"]
    decom, dec = to_date("DECOM"), to_date("DEC")
    looked_after = eps.filter((decom <= end(d)) & (dec.is_null() | (dec > end(d)))).select("CHILD")
    recent = (dec >= start(d).dt.offset_by("-1y")) & (dec <= end(d)) | dec.is_null()
    checked = eps.filter(
        recent.fill_null(False)
        & ~short_break()
        & ((pl.col("RNE") == "S") | pl.col("REC").ne_missing("X1")).fill_null(False)
    ).join(looked_after.unique(), on="CHILD", how="semi")
    # An episode still open runs to the collection end (as the sector tool, in a full run,
    # sees it: its rule 365 fills blank DECs with the collection end first).
    pairs = checked.select(
        "CHILD",
        "ROW",
        "RNE",
        "REC",
        decom.alias("DECOM_D"),
        pl.coalesce(dec, end(d)).alias("DEC_D"),
    ).join(_dated(d).select("CHILD", pl.col("DECOM").alias("SW")), on="CHILD", how="left")
    by_end = ((pl.col("SW") <= pl.col("DEC_D")) & pl.col("REC").ne_missing("X1")).fill_null(False)
    from_start = ((pl.col("SW") >= pl.col("DECOM_D")) & (pl.col("RNE") == "S")).fill_null(False)
    return {"Episodes": rows_of(eps, pairs.filter(~by_end & ~from_start))}


@rule(
    code="SW13STG1",
    message="The reason for social worker change is not valid.",
    fields=["SW_REASON"],
    tables=["SWEpisodes"],
    differs="The sector tool fails on an SW_DECOM that is not a date; we treat it as unknown.",
)
def _sw13(d: ReturnData) -> Flags:
    reason = pl.col("SW_REASON")
    invalid = reason.is_not_null() & ~reason.is_in(codes("sw_episodes", "SW_REASON", d))
    missing = reason.is_null() & (to_date("SW_DECOM") >= pl.lit(_SW_FROM)).fill_null(False)
    return {"SWEpisodes": _sw(d).filter(invalid | missing)}


@rule(
    code="SW17STG2",
    message="There is no social worker episode open at 31 March",
    fields=["SW_DEC", "SW_DECOM"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
    differs="Of episodes starting on the same day the sector tool takes an arbitrary one as the "
    "most recent (an unstable sort); we take an open one if there is one.",
)
def _sw17(d: ReturnData) -> Flags:
    latest = (
        _sw(d)
        .with_columns(
            lenient_date("SW_DECOM").alias("DECOM"),
            pl.col("SW_DEC").is_not_null().alias("__ended"),
        )
        .sort(["DECOM", "__ended", "ROW"], descending=[True, False, False], nulls_last=True)
        .unique(subset=["CHILD"], keep="first", maintain_order=True)
        .filter(pl.col("SW_DEC").is_not_null())
    )
    return {"SWEpisodes": rows_of(_sw(d), latest)}


@rule(
    code="SW18STG2",
    message="The end date of the social worker episode is before the start date",
    fields=["SW_DEC", "SW_DECOM"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw18(d: ReturnData) -> Flags:
    # As the sector tool: ending on the day it began is flagged too.
    backwards = (lenient_date("SW_DEC") <= lenient_date("SW_DECOM")).fill_null(False)
    return {"SWEpisodes": _sw(d).filter(backwards)}


@rule(
    code="SW19STG2",
    message="There are 2 social worker episodes for the child starting on the same date.",
    fields=["SW_DEC", "SW_DECOM"],
    tables=["SWEpisodes"],
    years=_FROM_2026,
)
def _sw19(d: ReturnData) -> Flags:
    # The second and later rows of a child with the same start (the first is not flagged).
    repeat = pl.int_range(pl.len()).over(["CHILD", "SW_DECOM"]) > 0
    return {"SWEpisodes": _sw(d).sort("ROW").filter(repeat)}

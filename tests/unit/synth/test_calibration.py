"""--like: the generated store measures, by the real indicators, within 2pp of the published
figures of the final year (and the quick measures of synth_measures agree)."""

from __future__ import annotations

from pathlib import Path

import pytest

from incare.geography import load_postcodes
from incare.indicators import INDICATORS, Period, care_leavers, health, population, stability
from incare.indicators.context import IndicatorContext
from incare.ssda903.store import read_store
from incare.synth import generate_store
from incare.synth.calibration import load_authority
from incare.synth.postcodes import POSTCODES_FILE
from incare.synth.store import StoreSummary

YEAR = 2024


@pytest.mark.parametrize("like", ["Warrington", "Manchester"])
def test_final_year_is_within_2pp_of_the_published_rates(like: str, tmp_path: Path) -> None:
    summary = generate_store(
        tmp_path, children=None, years=range(2019, YEAR + 1), seed=5, like=like
    )
    published = load_authority(like).year(YEAR)
    tables = read_store(tmp_path).tables
    period = Period.collection_year(YEAR)
    assert population.cla_31_march(tables, period=period).value == round(published.cla)
    assert summary.looked_after[YEAR] == round(published.cla)
    measured = {
        "moves3_pct": stability.placement_moves_3plus(tables, period=period).value,
        "long_stable_pct": stability.long_term_stability(tables, period=period).value,
        "health_pct": health.oc2_health_assessment(tables, period=period).value,
        "leaver_eet_pct": care_leavers.care_leavers_19_21_eet(tables, period=period).value,
        "leaver_accom_pct": care_leavers.care_leavers_19_21_suitable_accommodation(
            tables, period=period
        ).value,
    }
    for name, value in measured.items():
        assert value is not None
        assert abs(value - getattr(published, name)) <= 2, (name, value, getattr(published, name))


# Indicator id -> the calibration columns whose sum it is held to (SDQ, a mean: within 0.5).
NEWLY_CALIBRATED = {
    "missing_pct": ("missing_pct",),
    "away_pct": ("away_pct",),
    "oc2_dental": ("dental_pct",),
    "oc2_immunisations": ("immunisations_pct",),
    "oc2_substance_misuse": ("substance_pct",),
    "oc2_convicted": ("convicted_pct",),
    "oc2_sdq_average": ("sdq_mean",),
    "staying_put_19_20": ("staying_put_pct",),
    "sw_changes_3plus": ("sw_changes_3plus_pct",),
    "ceased_adopted_pct": ("adopted_pct",),
    "ceased_sgo_pct": ("sgo_pct",),
    # E4A + E4B: LAIT publishes the two parts separately.
    "ceased_returned_home_pct": ("home_planned_pct", "home_unplanned_pct"),
    # indicators.md §A4 (b), LAIT LACDistance: measured with the store's own postcode
    # reference, the --like authority's code as the responsible authority.
    "placed_20_miles_outside_la": ("distance_pct",),
}


def _context(out: Path, summary: StoreSummary) -> IndicatorContext:
    """As `incare indicators` builds it for a synthetic store: its postcodes and LA code."""
    return IndicatorContext(la_code=summary.la_code, postcodes=load_postcodes(out / POSTCODES_FILE))


SW_FROM = 2024


@pytest.mark.parametrize("like", ["Warrington", "Manchester"])
def test_newly_calibrated_figures_match_each_published_year(like: str, tmp_path: Path) -> None:
    # Staying put needs the 18th birthday in the store: nobody qualifies in its first year.
    summary = generate_store(tmp_path, children=None, years=range(2022, 2026), seed=11, like=like)
    tables = read_store(tmp_path).tables
    context = _context(tmp_path, summary)
    authority = load_authority(like)
    for year in range(2023, 2026):
        published = authority.year(year)
        period = Period.collection_year(year)
        for indicator, columns in NEWLY_CALIBRATED.items():
            if indicator == "sw_changes_3plus" and year < SW_FROM:
                continue  # no social worker episodes are collected before 2024
            result = INDICATORS[indicator].run(tables, period=period, context=context)
            value, target = result.value, sum(getattr(published, c) for c in columns)
            # A quota is exact to the nearest child: a small cohort may need more than 2.
            tolerance = (
                0.5 if indicator == "oc2_sdq_average" else max(2, 50 / (result.denominator or 1))
            )
            assert value is not None, (year, indicator)
            assert abs(value - target) <= tolerance, (year, indicator, value, target)


# High-adoption years the leaving quota once fell short in (too few young leavers to turn
# into adoptions: Kent 2019 measured 10.7 against 13, Blackpool 2020 16.6 against 22), and
# authorities whose placements are further away than the Warrington-area geography gave by
# itself. The window ends in the year checked: the final year had the fewest candidates.
@pytest.mark.parametrize(
    ("like", "years", "seed"), [("Kent", range(2017, 2020), 2), ("Blackpool", range(2018, 2021), 2)]
)
def test_high_adoption_years_and_distant_placements_within_2pp_of_lait(
    like: str, years: range, seed: int, tmp_path: Path
) -> None:
    summary = generate_store(tmp_path, children=None, years=years, seed=seed, like=like)
    tables = read_store(tmp_path).tables
    context = _context(tmp_path, summary)
    year = years[-1]
    published = load_authority(like).year(year)
    period = Period.collection_year(year)
    adopted = INDICATORS["ceased_adopted_pct"].run(tables, period=period)
    distant = INDICATORS["placed_20_miles_outside_la"].run(tables, period=period, context=context)
    assert adopted.value is not None
    assert distant.value is not None
    assert abs(adopted.value - published.adopted_pct) <= 2, (adopted.value, published.adopted_pct)
    assert abs(distant.value - published.distance_pct) <= 2, (distant.value, published.distance_pct)


def test_home_postcodes_are_in_the_like_authority_and_the_reference_matches(
    tmp_path: Path,
) -> None:
    """§0 "Placement location": PL_LA of a home postcode is the responsible authority; every
    HOME_POST and PL_POST of the store is in the generated reference."""
    summary = generate_store(tmp_path, children=60, years=range(2024, 2026), seed=3, like="Kent")
    reference = load_postcodes(tmp_path / POSTCODES_FILE)
    codes = dict(zip(reference["postcode"], reference["la_code"], strict=True))
    kent = "E10000016"  # Kent County Council's ONS code
    for frames in summary.tables.values():
        episodes = frames["episodes"]
        for column in ("HOME_POST", "PL_POST"):
            for post in episodes[column].drop_nulls().unique():
                assert post.replace(" ", "") in codes, post
        uasc = set(frames["uasc"]["CHILD"].to_list()) if "uasc" in frames else set()
        homes = episodes.filter(~episodes["CHILD"].is_in(list(uasc)))["HOME_POST"].drop_nulls()
        assert {codes[p.replace(" ", "")] for p in homes} == {kent}

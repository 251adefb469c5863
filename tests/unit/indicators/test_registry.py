"""The indicator registry: ids are a public contract and every indicator is described."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from incare.geography import REFERENCE_SCHEMA
from incare.indicators import INDICATORS, IndicatorResult, Period, Unit
from incare.indicators.context import IndicatorContext
from incare.indicators.result import DuplicateIndicatorError, IndicatorError, register

from .builders import tables

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"

PUBLIC_IDS = {
    # The ids issue 3 names as a public contract: scripts and other councils depend on them.
    "cla_31_march",
    "starts",
    "ceased",
    "uasc_31_march",
    "placement_moves_3plus",
    "long_term_stability",
    "oc2_cohort",
    "oc2_health_assessment",
    "oc2_dental",
    "oc2_immunisations",
    "oc2_substance_misuse",
    "oc2_sdq_completed",
    "oc2_sdq_average",
    "oc2_convicted",
    "care_leavers_17_18_in_touch",
    "care_leavers_17_18_eet",
    "care_leavers_17_18_suitable_accommodation",
    "care_leavers_19_21_in_touch",
    "care_leavers_19_21_eet",
    "care_leavers_19_21_suitable_accommodation",
    "missing_pct",
    "away_pct",
    "missing_incidents",
    "ceased_adopted_pct",
    "ceased_sgo_pct",
    "ceased_returned_home_pct",
    "sw_changes_3plus",
}

# What indicators that need more than the 903 frames are given on an empty store.
EMPTY_CONTEXT = IndicatorContext(
    la_code="E06000007",
    population_0_17={2024: 44_458},
    postcodes=pl.DataFrame(schema=REFERENCE_SCHEMA),
)


def test_indicator_ids_are_the_public_contract() -> None:
    assert set(INDICATORS) >= PUBLIC_IDS


@pytest.mark.parametrize("indicator_id", sorted(INDICATORS))
def test_every_indicator_is_described(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert indicator.id == indicator_id
    assert indicator.title
    assert indicator.definition
    assert indicator.cohort
    assert indicator.section.startswith("A")
    assert "\n" not in indicator.definition


@pytest.mark.parametrize("indicator_id", sorted(INDICATORS))
def test_every_indicator_runs_on_an_empty_store_in_its_unit(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    result = indicator.run(tables(), period=Period.collection_year(2024), context=EMPTY_CONTEXT)
    assert result.unit == indicator.unit
    assert result.numerator == 0
    # No children is a count or rate of 0; a percentage or mean of nobody has no value.
    assert result.value == (0.0 if indicator.unit in (Unit.COUNT, Unit.RATE) else None)
    # The children behind the figure come first; the fields that decided it follow.
    assert list(result.children.schema.items())[:2] == [
        ("CHILD", pl.String),
        ("in_numerator", pl.Boolean),
    ]


@pytest.mark.parametrize("indicator_id", sorted(INDICATORS))
def test_every_indicator_is_documented(indicator_id: str) -> None:
    assert f"`{indicator_id}`" in DOCS.read_text(encoding="utf-8")


def test_registering_an_id_twice_is_refused() -> None:
    first = INDICATORS["starts"]
    with pytest.raises(DuplicateIndicatorError):
        register(
            id="starts",
            title=first.title,
            definition=first.definition,
            unit=first.unit,
            polarity=first.polarity,
            cohort=first.cohort,
            section=first.section,
        )(first.compute)
    assert INDICATORS["starts"] is first


def test_a_cohort_listing_a_child_twice_is_refused() -> None:
    cohort = pl.DataFrame({"CHILD": ["C1", "C1"], "in_numerator": [True, False]})
    with pytest.raises(IndicatorError):
        IndicatorResult.percentage(cohort, period=Period.collection_year(2024))


def test_indicators_do_not_import_django() -> None:
    code = (
        "import sys, incare.indicators; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

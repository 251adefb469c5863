"""--like: the generated store measures, by the real indicators, within 2pp of the published
figures of the final year (and the quick measures of synth_measures agree)."""

from __future__ import annotations

from pathlib import Path

import pytest

from incare.indicators import Period, care_leavers, health, population, stability
from incare.ssda903.store import read_store
from incare.synth import generate_store
from incare.synth.calibration import load_authority

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

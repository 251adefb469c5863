"""`incare synth` without --years covers the ten collection years to the latest that has
ended: a collection year runs 1 April to 31 March, so on 31 March it has not yet ended."""

from __future__ import annotations

from datetime import date

from incare.ssda903.spec import load_spec
from incare.synth.years import recent_years


def test_the_latest_year_is_the_latest_collection_year_ended_by_today() -> None:
    assert recent_years(date(2026, 3, 31))[-1] == 2025
    assert recent_years(date(2026, 4, 1))[-1] == 2026
    assert recent_years(date(2027, 4, 1)) == range(2018, 2028)
    assert recent_years(date(2026, 11, 24), count=3) == range(2024, 2027)


def test_the_years_stay_within_the_903_specification() -> None:
    spec = load_spec()
    far = recent_years(date(2099, 6, 1))
    assert far[-1] == spec.last_year
    assert far[0] >= spec.first_year

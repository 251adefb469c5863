"""The packaged 0-17 populations: found by name, DfE number or ONS code."""

from __future__ import annotations

import pytest

from incare.indicators.populations import UnknownAuthorityError, population_0_17


def test_population_is_found_by_name_dfe_number_or_ons_code() -> None:
    by_name = population_0_17("Warrington")
    assert by_name[2024] == 44458
    assert population_0_17("877") == by_name
    assert population_0_17("e06000007") == by_name
    assert population_0_17("  warrington ") == by_name


def test_collection_year_2025_uses_the_mid_2024_estimate() -> None:
    # EES publishes the 2025 rates over the mid-2024 ONS estimate (§0).
    assert population_0_17("Warrington")[2025] == 44799


def test_ampersand_and_and_are_the_same_name() -> None:
    assert population_0_17("Brighton & Hove") == population_0_17("Brighton and Hove")


def test_unknown_authority_names_close_matches() -> None:
    with pytest.raises(UnknownAuthorityError, match="did you mean Warrington"):
        population_0_17("Warington")


def test_suppressed_population_is_left_out() -> None:
    # DfE shows Cumbria's 2024 and 2025 populations as "x" (it was split in 2023).
    assert 2025 not in population_0_17("Cumbria")

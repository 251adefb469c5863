"""Bad requests give a clear JsnaError, never a traceback (ground rules; issue 8 §4)."""

from __future__ import annotations

import pytest

from incare.jsna import JsnaError, build_chapter


def test_an_unknown_authority_names_close_matches() -> None:
    with pytest.raises(JsnaError, match="did you mean Warrington"):
        build_chapter(la="Warington", year=2018)


def test_a_blank_authority_says_what_to_give() -> None:
    with pytest.raises(JsnaError, match="no authority given"):
        build_chapter(la="  ", year=2018)


def test_a_region_is_not_an_authority() -> None:
    with pytest.raises(JsnaError, match="not a local authority"):
        build_chapter(la="North West", year=2018)


@pytest.mark.parametrize("year", [2010, 2015, 2031])
def test_a_year_outside_the_published_data_names_the_years_there_are(year: int) -> None:
    with pytest.raises(JsnaError, match=r"Warrington for 2016 to 2025"):
        build_chapter(la="Warrington", year=year)


def test_an_authority_before_it_existed() -> None:
    """Cumberland was created in 2023: LAIT has '-' for it before."""
    with pytest.raises(JsnaError, match="no published figures for Cumberland at 31 March 2018"):
        build_chapter(la="Cumberland", year=2018)


def test_an_unknown_local_figure_is_named() -> None:
    with pytest.raises(JsnaError, match="'no_such' is not an indicator id"):
        build_chapter(la="Warrington", year=2018, local={"no_such": {"value": 1}})

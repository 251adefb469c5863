"""Disclosure control (indicators.md §D): each rule by name, for each audience."""

from __future__ import annotations

import polars as pl
import pytest

from incare.indicators.disclosure import DisclosureError, suppress, suppress_figure


def by_sex() -> pl.DataFrame:
    """Children in care by age band and sex, with a total column and a total row."""
    return pl.DataFrame(
        {
            "age": ["Under 5", "5 to 9", "10 to 15", "All"],
            "boys": [3, 10, 20, 33],
            "girls": [7, 0, 12, 19],
            "all": [10, 10, 32, 52],
        }
    )


def councillor(frame: pl.DataFrame, **rules: object) -> pl.DataFrame:
    return suppress(frame, audience="councillor", **rules)  # type: ignore[arg-type]


def test_count_of_5_is_shown_as_c_for_councillors() -> None:
    shown = councillor(pl.DataFrame({"n": [5, 6, 1]}), count_columns=["n"])

    assert shown.get_column("n").to_list() == ["c", "6", "c"]


def test_true_zero_is_shown() -> None:
    shown = councillor(pl.DataFrame({"n": [0]}), count_columns=["n"])

    assert shown.get_column("n").to_list() == ["0"]


def test_missing_count_is_x() -> None:
    shown = councillor(pl.DataFrame({"n": [None, 7]}), count_columns=["n"])

    assert shown.get_column("n").to_list() == ["x", "7"]


def test_secondary_suppression_hides_the_next_smallest_cell_in_a_row_with_a_total() -> None:
    frame = pl.DataFrame({"boys": [3, 20], "girls": [8, 12], "all": [11, 32]})

    shown = councillor(frame, count_columns=["boys", "girls", "all"], row_total="all")

    assert shown.row(0) == ("c", "c", "11")
    assert shown.row(1) == ("20", "12", "32")


def test_secondary_suppression_hides_the_total_when_the_other_cells_are_zero() -> None:
    frame = pl.DataFrame({"boys": [3], "girls": [0], "all": [3]})

    shown = councillor(frame, count_columns=["boys", "girls", "all"], row_total="all")

    assert shown.row(0) == ("c", "0", "c")


def test_secondary_suppression_in_a_column_with_a_total_row() -> None:
    frame = pl.DataFrame({"band": ["a", "b", "c", "Total"], "n": [4, 30, 9, 43]})

    shown = councillor(frame, count_columns=["n"], total_row=pl.col("band") == "Total")

    assert shown.get_column("n").to_list() == ["c", "30", "c", "43"]


def test_no_hidden_cell_can_be_worked_out_from_row_or_column_totals() -> None:
    shown = councillor(
        by_sex(),
        count_columns=["boys", "girls", "all"],
        row_total="all",
        total_row=pl.col("age") == "All",
    )

    for row in shown.iter_rows():
        assert [cell == "c" for cell in row[1:]].count(True) != 1
    for column in ("boys", "girls", "all"):
        assert shown.get_column(column).to_list().count("c") != 1
    assert shown.row(0)[1] == "c"


def test_analyst_sees_everything() -> None:
    frame = by_sex().with_columns(pct=pl.lit(12.345))

    shown = suppress(
        frame,
        audience="analyst",
        count_columns=["boys", "girls", "all"],
        percent_columns={"pct": ("boys", "all")},
        row_total="all",
    )

    assert shown.equals(frame)


def test_percentage_with_denominator_under_10_is_suppressed() -> None:
    frame = pl.DataFrame({"pct": [75.0, 60.0], "num": [6, 6], "den": [8, 10]})

    shown = councillor(frame, percent_columns={"pct": ("num", "den")})

    assert shown.get_column("pct").to_list() == ["c", "60"]


def test_percentage_with_numerator_1_to_5_is_suppressed() -> None:
    frame = pl.DataFrame({"pct": [10.0, 0.0], "num": [5, 0], "den": [50, 50]})

    shown = councillor(frame, percent_columns={"pct": ("num", "den")})

    assert shown.get_column("pct").to_list() == ["c", "0"]


def test_percentage_of_a_secondarily_suppressed_count_is_suppressed() -> None:
    frame = pl.DataFrame({"boys": [3], "girls": [8], "all": [11], "girls_pct": [72.7]})

    shown = councillor(
        frame,
        count_columns=["boys", "girls", "all"],
        row_total="all",
        percent_columns={"girls_pct": ("girls", "all")},
    )

    assert shown.get_column("girls_pct").to_list() == ["c"]


def test_percentages_are_whole_numbers_rounded_half_up_from_unrounded_values() -> None:
    frame = pl.DataFrame({"pct": [12.5, 66.666, 99.6], "num": [10, 20, 30], "den": [80, 30, 31]})

    shown = councillor(frame, percent_columns={"pct": ("num", "den")})

    assert shown.get_column("pct").to_list() == ["13", "67", "100"]


def test_a_percentage_that_rounds_to_zero_but_is_not_zero_is_k() -> None:
    frame = pl.DataFrame({"pct": [0.4], "num": [8], "den": [2000]})

    shown = councillor(frame, percent_columns={"pct": ("num", "den")})

    assert shown.get_column("pct").to_list() == ["k"]


def test_percentage_of_an_empty_cohort_is_z() -> None:
    frame = pl.DataFrame(
        {"pct": [None], "num": [0], "den": [0]}, schema_overrides={"pct": pl.Float64}
    )

    shown = councillor(frame, percent_columns={"pct": ("num", "den")})

    assert shown.get_column("pct").to_list() == ["z"]


def test_rates_per_10000_are_whole_numbers_and_hidden_when_the_count_is_small() -> None:
    frame = pl.DataFrame({"rate": [71.46, 1.2], "n": [300, 5]})

    shown = councillor(frame, rate_columns={"rate": "n"})

    assert shown.get_column("rate").to_list() == ["71", "c"]


def test_public_output_is_strings() -> None:
    shown = suppress(by_sex(), audience="public", count_columns=["boys", "girls", "all"])

    assert all(shown.schema[c] == pl.String for c in ("boys", "girls", "all"))


def test_unknown_column_is_a_clear_error() -> None:
    with pytest.raises(DisclosureError, match="'nope'"):
        councillor(pl.DataFrame({"n": [1]}), count_columns=["nope"])


@pytest.mark.parametrize(
    ("unit", "value", "numerator", "denominator", "expected"),
    [
        ("count", 5.0, 5, None, {"value": "c", "numerator": "c", "denominator": None}),
        ("count", 0.0, 0, None, {"value": "0", "numerator": "0", "denominator": None}),
        ("count", 61.0, 61, None, {"value": "61", "numerator": "61", "denominator": None}),
        ("percent", 12.5, 4, 32, {"value": "c", "numerator": "c", "denominator": "32"}),
        ("percent", 62.5, 5, 8, {"value": "c", "numerator": "c", "denominator": "8"}),
        ("percent", 37.5, 12, 32, {"value": "38", "numerator": "12", "denominator": "32"}),
        ("percent", None, 0, 0, {"value": "z", "numerator": "0", "denominator": "0"}),
        ("rate", 55.4, 120, None, {"value": "55", "numerator": "120", "denominator": None}),
        ("mean", 13.25, None, 20, {"value": "13.3", "numerator": None, "denominator": "20"}),
        ("days", 400.5, None, 12, {"value": "401", "numerator": None, "denominator": "12"}),
        ("days", 400.5, None, 4, {"value": "c", "numerator": None, "denominator": "c"}),
    ],
)
def test_a_single_figure_for_councillors(
    unit: str, value: float | None, numerator: int | None, denominator: int | None, expected: dict
) -> None:
    shown = suppress_figure(
        unit=unit, value=value, numerator=numerator, denominator=denominator, audience="councillor"
    )

    assert shown == expected


def test_analyst_sees_a_single_figure_unchanged() -> None:
    shown = suppress_figure(
        unit="percent", value=60.0, numerator=3, denominator=5, audience="analyst"
    )

    assert shown == {"value": 60.0, "numerator": 3, "denominator": 5}


def benchmarks() -> pl.DataFrame:
    """Children in care at 31 March 2024: England, the North West and one authority."""
    return pl.DataFrame(
        {
            "level": ["National", "Regional", "Local authority"],
            "cla": [83_634, 15_066, 354],
            "uasc": [7_384, 4, 3],
        }
    )


NATIONAL_OR_REGIONAL = pl.col("level").is_in(["National", "Regional"])


def test_rule_4_national_and_regional_counts_are_rounded_to_the_nearest_10() -> None:
    # §D: "National and regional counts are rounded to the nearest 10. LA counts are
    # published unrounded." Also §A1 gotcha (iii). (EES 2024: 83,630 in care; 7,380 UASC)
    shown = councillor(benchmarks(), count_columns=["cla"], benchmark_rows=NATIONAL_OR_REGIONAL)

    assert shown.get_column("cla").to_list() == ["83630", "15070", "354"]


def test_rule_4_rounds_half_up_and_a_nonzero_count_rounding_to_0_is_k() -> None:
    frame = pl.DataFrame({"level": ["National"] * 4, "n": [15, 4, 0, 25]})

    shown = councillor(frame, count_columns=["n"], benchmark_rows=NATIONAL_OR_REGIONAL)

    assert shown.get_column("n").to_list() == ["20", "k", "0", "30"]


def test_rule_4_rounded_benchmark_counts_are_not_also_hidden_but_la_counts_are() -> None:
    # Rounding protects the national and regional rows; the authority's 3 is still c (rule 1).
    shown = councillor(
        benchmarks(), count_columns=["cla", "uasc"], benchmark_rows=NATIONAL_OR_REGIONAL
    )

    assert shown.get_column("uasc").to_list() == ["7380", "k", "c"]


def test_rule_4_benchmark_cells_are_never_chosen_for_secondary_suppression() -> None:
    frame = pl.DataFrame(
        {
            "level": ["National", "Local authority"],
            "boys": [7, 3],
            "girls": [9, 20],
            "all": [16, 23],
        }
    )

    shown = councillor(
        frame,
        count_columns=["boys", "girls", "all"],
        row_total="all",
        benchmark_rows=NATIONAL_OR_REGIONAL,
    )

    assert shown.row(0) == ("National", "10", "10", "20")
    assert shown.row(1) == ("Local authority", "c", "c", "23")


def test_rule_4_analysts_see_benchmark_counts_unrounded() -> None:
    shown = suppress(
        benchmarks(), audience="analyst", count_columns=["cla"], benchmark_rows=NATIONAL_OR_REGIONAL
    )

    assert shown.get_column("cla").to_list() == [83_634, 15_066, 354]


def test_rule_4_a_single_national_figure_is_rounded_to_the_nearest_10() -> None:
    shown = suppress_figure(
        unit="count",
        value=83_634,
        numerator=83_634,
        denominator=None,
        audience="public",
        benchmark=True,
    )

    assert shown["value"] == "83630"

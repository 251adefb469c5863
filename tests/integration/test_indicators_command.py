"""`incare indicators DIR`: the JSON contract, rolling periods, children, audiences, errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incare.indicators import INDICATORS
from incare.synth import generate_store

CONTRACT_IDS = {
    "cla_31_march", "starts", "ceased", "uasc_31_march", "placement_moves_3plus",
    "long_term_stability", "oc2_cohort", "oc2_health_assessment", "oc2_dental",
    "oc2_immunisations", "oc2_substance_misuse", "oc2_sdq_completed", "oc2_sdq_average",
    "oc2_convicted", "care_leavers_17_18_in_touch", "care_leavers_17_18_eet",
    "care_leavers_17_18_suitable_accommodation", "care_leavers_19_21_in_touch",
    "care_leavers_19_21_eet", "care_leavers_19_21_suitable_accommodation", "missing_pct",
    "away_pct", "missing_incidents", "ceased_adopted_pct", "ceased_sgo_pct",
    "ceased_returned_home_pct", "sw_changes_3plus",
}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store")
    generate_store(out, children=60, years=range(2023, 2025), seed=1, like="Warrington")
    return out


def indicators(*args: str) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def as_json(*args: str) -> dict:
    return json.loads(indicators(*args, "--format", "json"))


def test_json_has_exactly_the_promised_shape(store: Path) -> None:
    document = as_json(str(store), "--year", "2024")

    assert document["period"] == {"start": "2023-04-01", "end": "2024-03-31"}
    assert set(document) == {"period", "indicators"}
    for row in document["indicators"]:
        assert list(row)[:6] == ["id", "title", "value", "numerator", "denominator", "unit"]
        extra = {"note", "children_with_errors"}
        assert set(row) <= {"id", "title", "value", "numerator", "denominator", "unit", *extra}
        assert row["unit"] in {"count", "percent", "rate", "days", "mean"}
        if row["unit"] == "percent" and row["value"] is not None:
            assert 0 <= row["value"] <= 100
            assert row["value"] == pytest.approx(100 * row["numerator"] / row["denominator"])


def test_every_registered_contract_id_is_reported(store: Path) -> None:
    reported = {row["id"] for row in as_json(str(store))["indicators"]}

    assert reported == set(INDICATORS)
    assert CONTRACT_IDS & set(INDICATORS) <= reported


def test_the_default_year_is_the_stores_latest(store: Path) -> None:
    assert as_json(str(store))["period"]["end"] == "2024-03-31"


def test_period_end_gives_a_rolling_year(store: Path) -> None:
    document = as_json(str(store), "--period-end", "2023-09-30")

    assert document["period"] == {"start": "2022-10-01", "end": "2023-09-30"}


def test_year_and_period_end_cannot_both_be_given(store: Path) -> None:
    with pytest.raises(CommandError, match="not allowed with"):
        indicators(str(store), "--year", "2024", "--period-end", "2024-09-30")


def test_children_prints_the_children_behind_a_figure(store: Path) -> None:
    figure = as_json(str(store), "--id", "cla_31_march")["indicators"][0]

    children = json.loads(
        indicators(str(store), "--id", "cla_31_march", "--children", "--format", "json")
    )

    assert len(children) == figure["value"] > 0
    assert {"CHILD", "in_numerator"} <= set(children[0])


def test_children_needs_an_id(store: Path) -> None:
    with pytest.raises(CommandError, match="--children needs --id"):
        indicators(str(store), "--children")


def test_councillors_see_small_counts_suppressed_and_no_children(store: Path) -> None:
    analyst = {row["id"]: row for row in as_json(str(store))["indicators"]}
    councillor = {
        row["id"]: row for row in as_json(str(store), "--audience", "councillor")["indicators"]
    }

    small = [i for i, row in analyst.items() if row["numerator"] in {1, 2, 3, 4, 5}]
    assert small, "the synthetic store should have at least one small figure"
    for indicator_id in small:
        assert councillor[indicator_id]["value"] == "c"
        assert councillor[indicator_id]["numerator"] == "c"
    with pytest.raises(CommandError, match="councillor"):
        indicators(str(store), "--id", "cla_31_march", "--children", "--audience", "councillor")


def test_an_unknown_id_lists_close_ids(store: Path) -> None:
    with pytest.raises(CommandError, match="did you mean placement_moves_3plus"):
        indicators(str(store), "--id", "placement_moves")


def test_csv_and_table_formats(store: Path) -> None:
    csv_lines = indicators(str(store), "--format", "csv").splitlines()
    table = indicators(str(store))

    assert csv_lines[0].startswith("period_start,period_end,id,title,value")
    assert len(csv_lines) == len(INDICATORS) + 1
    assert "Indicators for 1 April 2023 to 31 March 2024" in table
    assert "cla_31_march" in table


def test_a_bad_store_is_the_readable_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        indicators(str(tmp_path / "nowhere"))


def test_indicators_without_a_population_say_why(store: Path) -> None:
    rates = [row for row in as_json(str(store))["indicators"] if row["unit"] == "rate"]

    for row in rates:
        assert row["value"] is not None or "population" in row.get("note", "")


def test_the_stores_own_postcode_reference_is_used(store: Path) -> None:
    rows = as_json(str(store))["indicators"]

    assert not [row for row in rows if "postcode" in row.get("note", "")]


def test_a_bad_postcode_reference_is_a_readable_error(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "postcodes.csv"
    bad.write_text("nonsense\n")

    with pytest.raises(CommandError):
        indicators(str(store), "--postcodes", str(bad))


@pytest.fixture(scope="module")
def store_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store2025")
    generate_store(out, children=60, years=range(2024, 2026), seed=2, like="Warrington")
    return out


def _in_care_child_not_yet_flagged(store: Path) -> str:
    from incare.validation.files import validate_folder

    flagged = validate_folder(store, year=2025).children_with_errors()
    children = indicators(str(store), "--year", "2025", "--id", "cla_31_march", "--children")
    ids = [line.split()[0] for line in children.splitlines()[2:] if line.strip()]
    return next(c for c in ids if c.startswith("C") and c not in flagged)


def test_each_figure_says_how_many_of_its_children_have_validation_errors(
    store_2025: Path,
) -> None:
    # Issue 4 §2: "Each indicator result reports how many of its children have validation
    # errors, so a figure carries its data quality." Blank one in-care child's UPN (DfE rule
    # 442: UPN not completed) and the count behind children in care at 31 March goes up by one.
    before = {r["id"]: r for r in as_json(str(store_2025), "--year", "2025")["indicators"]}
    child = _in_care_child_not_yet_flagged(store_2025)
    header = next((store_2025 / "2025").glob("header*.csv"))
    lines = header.read_text().splitlines()
    columns = lines[0].split(",")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[columns.index("CHILD")] == child:
            cells[columns.index("UPN")] = ""
            lines[n] = ",".join(cells)
    header.write_text("\n".join(lines) + "\n")

    after = {r["id"]: r for r in as_json(str(store_2025), "--year", "2025")["indicators"]}
    cla = "cla_31_march"
    assert after[cla]["children_with_errors"] == before[cla]["children_with_errors"] + 1
    assert after[cla]["value"] == before[cla]["value"]


def test_data_quality_is_left_out_where_no_rule_set_covers_the_year(store: Path) -> None:
    # incare implements the rule sets of 2024/25 to 2026/27; a 2023/24 figure is not rated.
    rows = as_json(str(store), "--year", "2024")["indicators"]
    assert all("children_with_errors" not in row for row in rows)


def test_a_small_number_of_children_with_errors_is_hidden_from_councillors() -> None:
    # indicators.md §D: counts of 1-5 are shown as c outside the analyst audience; the number
    # of children with errors behind a figure is such a count.
    from incare.indicators.report import Figure, disclose

    figure = Figure("starts", "Starts", "count", 40, 40, None, children_with_errors=3)
    assert disclose([figure], audience="councillor")[0].children_with_errors == "c"
    assert disclose([figure], audience="analyst")[0].children_with_errors == 3
    many = Figure("starts", "Starts", "count", 40, 40, None, children_with_errors=12)
    assert disclose([many], audience="public")[0].children_with_errors == 12

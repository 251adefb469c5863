"""The worklist: overdue and due within N days, days overdue (negative while not yet due),
team and worker (the council's caseloads first, then the 903 social worker or the care
leaver's personal adviser), and breaches per month."""

from __future__ import annotations

import polars as pl
import pytest

from incare.worklists.duedates import CASELOAD_SCHEMA, breaches_by_month, worklist

from .builders import d, header, history, tables, world


def _sw(child: str, sw_id: str, start: str) -> pl.DataFrame:
    row = {"CHILD": child, "SW_ID": sw_id, "SW_DECOM": d(start), "SW_REASON": None}
    return pl.DataFrame([row], schema=tables()["sw_episodes"].schema)


def _frames() -> dict[str, pl.DataFrame]:
    """C1 in care from Friday 1 March 2024: first visit due 8 March; first review on the
    20th working day, 2 April (Good Friday 29 March and Easter Monday 1 April are bank
    holidays); social worker SW1 from the 903."""
    return world(
        header=header(("C1", "01/06/2015")),
        episodes=history("C1", ("01/03/2024", "S", "C2", "U6")),
        sw_episodes=_sw("C1", "SW1", "01/03/2024"),
    )


def test_overdue_items_count_days_past_due_and_future_ones_are_negative() -> None:
    items = worklist(_frames(), as_at=d("10/03/2024"), due_within=30)
    days = dict(zip(items["rule"], items["days_overdue"], strict=True))
    assert days["visit_new_placement"] == 2  # due 8 March
    assert days["review_first"] == -23  # due 2 April
    assert items["days_overdue"].to_list() == sorted(items["days_overdue"], reverse=True)


def test_due_within_leaves_out_what_falls_due_later() -> None:
    items = worklist(_frames(), as_at=d("10/03/2024"), due_within=7)
    assert "review_first" not in items["rule"].to_list()
    assert "visit_new_placement" in items["rule"].to_list()


def test_a_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="0 days or more"):
        worklist(_frames(), as_at=d("10/03/2024"), due_within=-1)


def test_worker_from_the_903_social_worker_when_no_caseload_is_held() -> None:
    items = worklist(_frames(), as_at=d("10/03/2024"), due_within=0)
    assert set(items["worker"]) == {"SW1"}
    assert set(items["team"]) == {"Unallocated"}


def test_the_councils_caseload_comes_first() -> None:
    frames = _frames()
    frames["caseloads"] = pl.DataFrame(
        [{"CHILD": "C1", "team": "North", "worker": "SW9"}], schema=CASELOAD_SCHEMA
    )
    items = worklist(frames, as_at=d("10/03/2024"), due_within=0)
    assert set(zip(items["team"], items["worker"], strict=True)) == {("North", "SW9")}


def test_every_item_names_its_rule_and_source() -> None:
    items = worklist(_frames(), as_at=d("10/03/2024"), due_within=30)
    assert items["source"].null_count() == 0
    assert items.filter(pl.col("rule") == "review_first")["source"][0].endswith("reg 33(1)")


def test_breaches_counted_in_the_month_of_the_first_day_late() -> None:
    """The first visit was due 8 March and never made: one breach in March 2024 (and the
    6 weeks after nothing is a chain, so no more are counted until a visit is made)."""
    late = breaches_by_month(_frames(), as_at=d("31/03/2024"), months=2)
    visits = late.filter(pl.col("rule") == "visit_new_placement")
    assert visits.select("month", "breaches").rows() == [(d("01/03/2024"), 1)]

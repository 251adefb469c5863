"""How problems with a return are worded for the person who has to fix the file."""

from __future__ import annotations

from incare.ssda903.errors import MAX_LISTED, Problem, ReturnError


def test_problem_names_file_line_column_value_and_what_was_expected() -> None:
    problem = Problem(
        "2024/episodes.csv", 14, "DECOM", "31/02/2024", "a date written dd/mm/yyyy", "is not a date"
    )
    assert str(problem) == (
        "2024/episodes.csv, line 14, DECOM: '31/02/2024' is not a date; "
        "expected a date written dd/mm/yyyy"
    )


def test_whole_file_problem_has_no_line_or_column() -> None:
    problem = Problem("2024/x.csv", None, None, None, "a CSV file with a header row", "is empty")
    assert str(problem) == "2024/x.csv: is empty; expected a CSV file with a header row"


def test_problem_built_with_the_five_contract_fields_still_reads() -> None:
    assert str(Problem("2024/x.csv", 3, "LS", None, "a legal status")) == (
        "2024/x.csv, line 3, LS: expected a legal status"
    )


def test_very_long_values_are_shortened_in_the_message() -> None:
    text = str(Problem("f.csv", 2, "URN", "x" * 500, "text", "is odd"))
    assert len(text) < 120
    assert "…" in text


def test_return_error_lists_every_problem_up_to_the_cap_then_counts_the_rest() -> None:
    problems = [Problem("f.csv", n, "LS", "Q9", "a code", "is wrong") for n in range(2, 62)]
    error = ReturnError(problems)
    text = str(error)
    assert error.problems == problems
    assert text.startswith("the 903 return could not be read: 60 problems found")
    assert "f.csv, line 2, LS" in text
    assert f"line {MAX_LISTED + 1}, LS" in text
    assert f"line {MAX_LISTED + 2}, LS" not in text
    assert text.endswith(f"… and {60 - MAX_LISTED} more")


def test_return_error_with_one_problem_says_problem_not_problems() -> None:
    assert "1 problem found" in str(ReturnError([Problem("f.csv", None, None, None, "x")]))

"""Local measures the 903 answers: residential care, adolescents fostered, independent
fostering agencies, adoption disruptions (§A3 placement groups)."""

from __future__ import annotations

from ..builders import header, history, stack
from .common import run

HEADER = header(("C1", "01/01/2010"), ("C2", "01/01/2009"), ("C3", "01/01/2018"))


def test_residential_and_adolescents_fostered_at_the_period_end() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "C2", "K2")),
        history("C2", ("01/01/2022", "S", "C2", "U4"), ("01/03/2024", "P", "C2", "R1")),
        history("C3", ("01/01/2022", "S", "C2", "U4")),
    )
    residential = run("residential_care_placements", episodes=episodes, header=HEADER)
    assert (residential.numerator, residential.denominator) == (2, 3)
    fostered = run("adolescents_in_foster_care", episodes=episodes, header=HEADER)
    assert (fostered.numerator, fostered.denominator) == (0, 2)  # C3 is 6: not in the cohort


def test_ifa_means_foster_care_from_a_private_or_voluntary_provider() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "C2", "U4", {"PLACE_PROVIDER": "PR4"})),
        history("C2", ("01/01/2022", "S", "C2", "U4", {"PLACE_PROVIDER": "PR1"})),
        history("C3", ("01/01/2022", "S", "C2", "K2", {"PLACE_PROVIDER": "PR1"})),
    )
    result = run("placed_ifa_or_residential", episodes=episodes, header=HEADER)
    assert result.children["CHILD"].to_list() == ["C1", "C3"]


def test_an_adoption_placement_ending_without_an_order_is_a_disruption() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "E1", "A4"), ("01/06/2023", "P", "C2", "U4")),
        history("C2", ("01/01/2022", "S", "E1", "A4"), ceased=("01/06/2023", "E11")),
        history("C3", ("01/01/2022", "S", "E1", "A4"), ("01/06/2023", "L", "E1", "A4")),
    )
    result = run("adoption_disruptions", episodes=episodes)
    assert result.children["CHILD"].to_list() == ["C1"]

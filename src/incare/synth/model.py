"""The simulated care histories: plain, mutable records built up by the generator stages."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from incare.synth.dates import Day


@dataclass(slots=True)
class Episode:
    decom: Day
    dec: Day | None
    rne: str
    ls: str
    place: str
    provider: str | None
    pl_post: str | None
    urn: str | None
    rec: str | None = None
    reason: str | None = None  # REASON_PLACE_CHANGE, on the episode the change ends


@dataclass(slots=True)
class Adoption:
    """The adoption timeline of a period whose plan is adoption (dates as day numbers)."""

    decision: Day  # AD1.DATE_INT = PlacedAdoption.DATE_PLACED
    order: Day | None  # placement order (LS E1); None when the court refused (RD2)
    match: Day | None
    placed: Day | None  # moved in with the adopters (A5/A6 episode starts)
    with_foster_carer: bool
    reversed_on: Day | None = None  # decision reversed: no longer to be placed for adoption
    reversed_reason: str | None = None
    adopters: int = 2
    sex_adoptr: str = "MF"
    ls_adoptr: str = "L11"


@dataclass(slots=True)
class Period:
    """One period of care, from an RNE=S episode to the first non-X1 end."""

    child: Child
    start: Day
    end: Day | None  # None: still looked after after the last simulated day
    route: str  # how it ends: home, adopt, sgo, eighteen, early, other, transfer
    rec: str
    cin: str
    first_place: str | None = None  # decided early when the route needs it (16+, UASC)
    adoption: Adoption | None = None
    forced: list[tuple[Day, str]] = field(default_factory=list)  # carer changes the plan needs
    moves: list[Day] = field(default_factory=list)  # other carer changes (the stability plan)
    temps: list[tuple[Day, int]] = field(default_factory=list)  # temporary placements
    episodes: list[Episode] = field(default_factory=list)

    def open_on(self, d: Day) -> bool:
        return self.start <= d and (self.end is None or self.end > d)

    def overlaps(self, first: Day, last: Day) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(slots=True)
class Child:
    id: str
    sex: int  # 1 male, 2 female (written per the year's code list)
    dob: Day
    ethnic: str
    upn: str
    uasc: bool
    home_post: str
    periods: list[Period] = field(default_factory=list)
    respite: list[tuple[Day, Day]] = field(default_factory=list)  # V3/V4 stays
    respite_ls: str = "V3"
    respite_places: list[tuple[str, str]] = field(default_factory=list)  # (PLACE, PL_POST)
    prev_perm: dict[Day, dict[str, str | None]] = field(default_factory=dict)  # by period start
    mother_on: Day | None = None  # date of birth of her first child, if she is a mother
    missing: list[tuple[str, Day, Day | None]] = field(default_factory=list)
    reviews: list[tuple[Day, str]] = field(default_factory=list)
    social_workers: list[tuple[str, Day, Day | None, str]] = field(default_factory=list)

    @property
    def looked_after(self) -> bool:
        """Has periods of care proper (not only short breaks)."""
        return bool(self.periods)


def stream(seed: int, name: str) -> random.Random:
    """An independent, reproducible random stream for one stage of the simulation.

    Each stage has its own stream so that changing one stage does not reshuffle the others.
    Simulation, not security: Python's Mersenne Twister is the right tool here.
    """
    return random.Random(f"{seed}:{name}")  # noqa: S311

"""The population: entries into care year by year, balanced to the published numbers.

Each collection year gets its published number of starts (scaled to the requested size);
then the number looked after at 31 March is made exact: short of it, more children who are
still in care at 31 March come in; over it, the periods due to end soonest end a little
earlier. Long before the first output year the population only warms up, so that children
in care at the start have realistic ages and histories.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from incare.synth import routes
from incare.synth.calibration import Authority, YearRates, load_authority
from incare.synth.dates import Day, age_on, birthday, collection_year, year_end, year_start
from incare.synth.model import Child, Period, stream

WARM_UP_YEARS = 19  # a child of 17 in the first year may have come in at birth
BALANCED_BEFORE = 3  # the count at 31 March is also exact this many years before the first
FLEXIBLE = ("home", "sgo", "other", "early", "transfer")
UASC_START_FACTOR = 1.3
"""UASC are a larger share of starts than of those in care (many move on within weeks)."""


@dataclass
class Targets:
    cla: dict[int, int]  # looked after at 31 March, per collection year
    starts: dict[int, int]
    uasc_share: dict[int, float]  # of starts


def targets(authority: Authority, *, children: int, years: range) -> Targets:
    final = authority.year(years[-1]).cla
    first = years[0]
    cla, starts, uasc = {}, {}, {}
    for year in range(first - WARM_UP_YEARS, years[-1] + 1):
        rates = authority.year(max(year, first))
        cla[year] = max(1, round(children * rates.cla / final))
        starts[year] = round(cla[year] * rates.starts / rates.cla)
        uasc[year] = min(0.5, UASC_START_FACTOR * rates.uasc / rates.cla)
    return Targets(cla=cla, starts=starts, uasc_share=uasc)


ADOPTED_AFTER = 1
"""Children adopted are mostly adopted a year or two after they come into care."""
MAX_ADOPT_FACTOR = 3.0


def adopt_factors(authority: Authority, goal: Targets) -> dict[int, float]:
    """Per collection year of entry: the authority's adopted share of leavers a year later
    over England's (at least 1; lower shares are met by the leaving quota alone).

    Shares of the leavers other than UASC, who are never adopted: an authority with many
    UASC (Kent) adopts a far larger share of its other leavers than its published figure
    says."""
    england = load_authority(None)
    out = {}
    for year in goal.cla:
        later = year + ADOPTED_AFTER
        own = _adopted_share(authority.year(later))
        national = _adopted_share(england.year(later))
        out[year] = min(MAX_ADOPT_FACTOR, max(1.0, own / national)) if national else 1.0
    return out


def _adopted_share(rates: YearRates) -> float:
    """Adopted, as a share of the leavers who are not UASC (as the UASC share of starts)."""
    uasc = min(0.5, UASC_START_FACTOR * rates.uasc / rates.cla)
    return rates.adopted_pct / (1 - uasc)


class Population:
    def __init__(
        self, rng: random.Random, *, la_code: str, adopt_factor: dict[int, float] | None = None
    ) -> None:
        self.rng = rng
        self.la_code = la_code
        self.adopt_factor = adopt_factor or {}  # by collection year of entry
        self.children: list[Child] = []
        self.active: list[Period] = []
        self.reentries: dict[int, list[tuple[Child, Day]]] = {}
        self.followed: set[int] = set()  # id() of periods whose sequel has been decided

    def new_child(self, start: Day, *, uasc: bool) -> Child:
        """A child not yet registered; identities come later (:func:`people.describe`)."""
        dob = routes.entry_dob(self.rng, start, uasc=uasc)
        return Child(id="", sex=0, dob=dob, ethnic="", upn="", uasc=uasc, home_post="")

    def register(self, child: Child) -> None:
        self.children.append(child)

    def plan(self, child: Child, start: Day) -> Period:
        factor = self.adopt_factor.get(collection_year(start), 1.0)
        return routes.plan_period(self.rng, child, start, adopt_factor=factor)

    def enter(self, child: Child, start: Day) -> Period:
        period = self.plan(child, start)
        child.periods.append(period)
        self.active.append(period)
        return period

    def start_fresh(
        self, year: int, share_uasc: float, *, lasting: bool = False, oldest: int = 99
    ) -> Period | None:
        """A new child comes into care during ``year``; ``lasting``: still in at 31 March.

        ``oldest``: a child older than this on entry is not simulated (None is returned):
        early in the warm-up such children are adults before anything is written.
        """
        first, last = year_start(year), year_end(year)
        for _ in range(40):
            start = self.rng.randint(first, last)
            child = self.new_child(start, uasc=self.rng.random() < share_uasc)
            if start - child.dob > oldest * 365:
                return None
            period = self.plan(child, start)
            if not lasting or period.open_on(last):
                self.register(child)
                child.periods.append(period)
                self.active.append(period)
                return period
        raise RuntimeError("could not draw a child still in care at 31 March")

    def in_care_at(self, d: Day) -> list[Period]:
        return [p for p in self.active if p.open_on(d)]


def simulate(authority: Authority, *, children: int, years: range, seed: int) -> list[Child]:
    """Every child who was ever looked after in the simulated window, with periods of care."""
    rng = stream(seed, "population")
    la_code = authority.la_code or "999"
    goal = targets(authority, children=children, years=years)
    pop = Population(rng, la_code=la_code, adopt_factor=adopt_factors(authority, goal))
    first_sim = years[0] - WARM_UP_YEARS
    warm_rate = _warm_up_starts(goal, years=years, seed=seed)
    for year in range(first_sim, years[-1] + 1):
        balanced = year >= years[0] - BALANCED_BEFORE
        starts = goal.starts[year] if balanced else warm_rate
        # A child entering now at this age is over 21 (past every care-leaver cohort)
        # before the first output year: skip simulating them.
        oldest = 21 - (years[0] - 1 - year)
        _simulate_year(pop, year, starts=starts, goal=goal, balanced=balanced, oldest=oldest)
    horizon = year_end(years[-1])
    for child in pop.children:
        for period in child.periods:
            if period.end is not None and period.end > horizon:
                period.end = None
    return pop.children


def _simulate_year(
    pop: Population, year: int, *, starts: int, goal: Targets, balanced: bool, oldest: int
) -> None:
    first, last = year_start(year), year_end(year)
    pop.active = [p for p in pop.active if p.end is None or p.end >= first]
    share = goal.uasc_share[year]
    came_back = pop.reentries.pop(year, [])
    for child, start in came_back:
        _reenter(pop, child, start, year)
    for _ in range(max(0, starts - len(came_back))):
        pop.start_fresh(year, share, oldest=oldest)
    for period in [p for p in pop.active if p.end is not None and first <= p.end <= last]:
        _maybe_come_back(pop, period)
    if balanced:
        _balance(pop, year, goal.cla[year], share)
    # Periods cut short by the balancing may come back too (in a later year).
    for period in [p for p in pop.active if p.end is not None and first <= p.end <= last]:
        _maybe_come_back(pop, period)


def _reenter(pop: Population, child: Child, start: Day, year: int) -> None:
    period = pop.enter(child, start)
    last = year_end(year)
    if period.end is not None and period.end <= last:
        _maybe_come_back(pop, period)


def _maybe_come_back(pop: Population, period: Period) -> None:
    """About one child in five who goes home comes back into care later (a new period), in
    the collection year after next at the earliest (:func:`earliest_return`)."""
    if id(period) in pop.followed:
        return
    pop.followed.add(id(period))
    child = period.child
    if period.route != "home" or period.end is None or len(child.periods) >= 3:
        return
    if child.periods[-1] is not period or pop.rng.random() > 0.2:
        return
    start = period.end + routes.reentry_gap(pop.rng)
    earliest = earliest_return(period.end)
    if start < earliest:
        start = earliest + pop.rng.randint(0, 120)
    if age_on(child.dob, start) >= 17 or start >= birthday(child.dob, 17):
        return
    # Always in a later year than the one being simulated, so this year's count at 31 March
    # is not disturbed once made exact.
    pop.reentries.setdefault(collection_year(start), []).append((child, start))


def earliest_return(left: Day) -> Day:
    """The first day a child who left care on ``left`` comes back: 1 April of the collection
    year after next, so that a whole collection year passes without the child in any
    return (docs/synthetic-data.md, "Limits": the sector validator's rule SW12STG2 fails
    every child who comes back sooner and whose first episode ends within that year, and
    rule SW17STG2 keeps the social worker of the last period allocated over 31 March)."""
    return year_start(collection_year(left) + 2)


def _balance(pop: Population, year: int, target: int, share: float) -> None:
    last = year_end(year)
    count = len({id(p.child) for p in pop.in_care_at(last)})
    while count < target:
        pop.start_fresh(year, share, lasting=True)
        count += 1
    if count > target:
        _end_sooner(pop, year, count - target)


def _end_sooner(pop: Population, year: int, excess: int) -> None:
    """Bring forward the end of the periods due to end soonest after 31 March."""
    first, last = year_start(year), year_end(year)
    candidates = [
        p
        for p in pop.in_care_at(last)
        if p.route in FLEXIBLE
        and p.end is not None
        and p.start < last - 10
        and not p.forced
        and p.adoption is None  # a decision's reversal stays inside the period (117)
        and p.child.periods[-1] is p
    ]
    candidates.sort(key=lambda p: p.end or 0)
    for period in candidates[:excess]:
        low = max(period.start + 10, first + 1)
        if low > last - 1:
            continue
        period.end = pop.rng.randint(low, last - 1)
        if period.route == "early" and age_on(period.child.dob, period.end) < 16:
            period.route, period.rec = "home", routes.HOME_REC(pop.rng)


def _warm_up_starts(goal: Targets, *, years: range, seed: int) -> int:
    """Starts a year that keep the warm-up population near the first year's size.

    By Little's law the number in care is starts x mean time in care, so a sample of
    periods (its own random stream, so the main one is untouched) gives the rate.
    """
    rng = stream(seed, "warm-up")
    pop = Population(rng, la_code="999")
    start = year_start(years[0])
    share = goal.uasc_share[years[0]]
    total = 0
    sample = 3000
    for _ in range(sample):
        child = pop.new_child(start, uasc=rng.random() < share)
        period = routes.plan_period(rng, child, start)
        total += (period.end or start) - start
    mean_years = total / sample / 365.25
    return max(1, round(goal.cla[years[0]] / mean_years))


Progress = Callable[[str], None]

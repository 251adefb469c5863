"""When children change carers: a plan that hits the stability measures exactly.

A6 (3+ placements in the year) and A7 (same carer for 2+ years) are quotas of cohorts
fixed by the periods of care, so the plan picks, year by year, exactly
round(rate x cohort) children for each and schedules carer changes to match:

* A7, year y: a child in the cohort (under 16, in care 2.5+ years) is stable iff they had no
  change of carer in years y-1 and y. Of those with none in y-1, the quota stay put; the rest
  move in y. Children about to join next year's cohort are moved sparingly, so enough of
  them are still eligible then.
* A6, year y: the quota of children in care at 31 March get enough moves for 3 placements;
  everyone else in care at 31 March has at most 2. Temporary (T0-T4) placements go only to
  the 3+ group, so A6 is the same whether or not an implementation counts them.

Moves before the first planned year follow a simple random process.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from incare.synth.calibration import Authority
from incare.synth.dates import Day, age_on, birthday, day, year_end, year_start
from incare.synth.model import Child, Period, stream

MIN_GAP = 4  # days between two changes of one child's episodes


def plan(children: list[Child], *, authority: Authority, years: range, seed: int) -> None:
    rng = stream(seed, "stability")
    planned_from = years[0] - 1
    for child in children:
        for period in child.periods:
            _forced_independence(rng, period)
            _free_moves(rng, period, before=year_start(planned_from))
    moved: dict[int, set[int]] = defaultdict(set)  # id(child) -> years with a carer change
    for child in children:
        for period in child.periods:
            for d in [*period.moves, *(f for f, _ in period.forced)]:
                moved[id(child)].add(_year(d))
    for year in range(planned_from, years[-1] + 1):
        rates = authority.year(year)
        nxt = authority.year(year + 1)
        _plan_year(
            rng, children, year, moved, rates.moves3_pct, rates.long_stable_pct, nxt.long_stable_pct
        )
    for child in children:
        for period in child.periods:
            period.moves.sort()
            period.temps.sort()


def _year(d: Day) -> int:
    from incare.synth.dates import collection_year

    return collection_year(d)


def _forced_independence(rng: random.Random, period: Period) -> None:
    """Leaving for independent living (E5/E6) means a move to semi-independent housing."""
    if period.rec not in ("E5", "E6") or period.end is None:
        return
    dob, start = period.child.dob, period.start
    if start >= birthday(dob, 16) and rng.random() < (0.5 if period.child.uasc else 0.35):
        period.first_place = "H5"
        return
    low = max(start + 30, birthday(dob, 16) + 20)
    high = period.end - 30
    if low > high:
        period.rec = "E8"
        return
    period.forced.append((_spaced_day(rng, period, low, high) or low, "independent"))


def _window(period: Period, year: int) -> tuple[Day, Day]:
    """Days in ``year`` on which this period can take a change of carer."""
    first, last = year_start(year), year_end(year)
    low = max(period.start + 5, first + 1)
    high = min((period.end or last + 30) - 5, last - 1)
    adoption = period.adoption
    if adoption is not None and adoption.placed is not None:
        high = min(high, adoption.placed - 10)  # the adoptive placement is never disturbed
    return low, high


def _taken(period: Period) -> list[Day]:
    return [
        period.start,
        *period.moves,
        *(d for d, _ in period.forced),
        *(d + k for d, n in period.temps for k in (0, n)),
    ]


def _spaced_day(rng: random.Random, period: Period, low: Day, high: Day) -> Day | None:
    """A random day in [low, high] at least MIN_GAP from the period's other changes."""
    taken = _taken(period)
    adoption = period.adoption
    if adoption is not None:
        taken += [d for d in (adoption.order, adoption.reversed_on) if d is not None]
    for _ in range(20):
        d = rng.randint(low, high)
        if all(abs(d - t) >= MIN_GAP for t in taken) and not _is_year_edge(d):
            return d
    return None


def _is_year_edge(d: Day) -> bool:
    """31 March and 1 April: changes there are read differently by different measures."""
    from incare.synth.dates import to_date

    date = to_date(d)
    return (date.month, date.day) in ((3, 31), (4, 1))


def _free_moves(rng: random.Random, period: Period, *, before: Day) -> None:
    year = _year(period.start)
    while year_start(year) < before:
        low, high = _window(period, year)
        high = min(high, before - 1)
        if low <= high:
            first_year = year_start(year) <= period.start + 365
            n = _draw_moves(rng, 0.3 if first_year else 0.14)
            for _ in range(n):
                d = _spaced_day(rng, period, low, high)
                if d is not None:
                    period.moves.append(d)
        if period.end is not None and period.end <= year_end(year):
            break
        year += 1


def _draw_moves(rng: random.Random, p: float) -> int:
    u = rng.random()
    return 0 if u >= p else (1 if u >= p * 0.25 else 2)


class _Year:
    """One child's position in one collection year."""

    def __init__(self, child: Child, year: int) -> None:
        first, last = year_start(year), year_end(year)
        self.child = child
        self.periods = [p for p in child.periods if p.overlaps(first, last)]
        self.current = next((p for p in self.periods if p.open_on(last)), None)
        open_at_start = any(p.start < first and p.open_on(first) for p in self.periods)
        starts = sum(first <= p.start <= last for p in self.periods)
        self.base = int(open_at_start) + starts
        self.forced = sum(first <= d <= last for p in self.periods for d, _ in p.forced)


def in_stability_cohort(child: Child, year: int) -> bool:
    """A7 cohort: looked after at 31 March, under 16, in care since 2.5 years before."""
    last = year_end(year)
    current = next((p for p in child.periods if p.open_on(last)), None)
    if current is None or age_on(child.dob, last) >= 16:
        return False
    return current.start <= day(year - 3, 9, 30)


def _plan_year(
    rng: random.Random,
    children: list[Child],
    year: int,
    moved: dict[int, set[int]],
    moves3_pct: float,
    stable_pct: float,
    next_stable_pct: float,
) -> None:
    first, last = year_start(year), year_end(year)
    states = [_Year(c, year) for c in children if any(p.overlaps(first, last) for p in c.periods)]
    in_care = [s for s in states if s.current is not None]
    cohort = [s for s in in_care if in_stability_cohort(s.child, year)]
    next_cohort = {id(c) for c in children if in_stability_cohort(c, year + 1)}
    eligible = [s for s in cohort if year - 1 not in moved[id(s.child)] and s.forced == 0]
    # Stay put: prefer children who will still be in the cohort next year, so those moved
    # now are mostly ones about to leave it (turning 16, going home).
    rng.shuffle(eligible)
    eligible.sort(key=lambda s: id(s.child) not in next_cohort)
    stable = eligible[: round(stable_pct / 100 * len(cohort))]
    stable_ids = {id(s.child) for s in stable}
    must_move = {id(s.child) for s in eligible[len(stable) :]}
    want = round(moves3_pct / 100 * len(in_care))
    three_plus = [s for s in in_care if s.base + s.forced >= 3]
    chosen = {id(s.child) for s in three_plus}
    tiers: list[list[_Year]] = [[], [], [], []]
    for s in in_care:
        if id(s.child) in stable_ids or id(s.child) in chosen or not _roomy(s, year):
            continue
        later = id(s.child) in next_cohort
        tiers[(2 if later else 0) + (0 if id(s.child) in must_move else 1)].append(s)
    for tier in tiers:
        rng.shuffle(tier)
        for s in tier:
            if len(chosen) >= want:
                break
            chosen.add(id(s.child))
            _add_moves(rng, s, year, max(0, 3 - s.base - s.forced) + _draw_moves(rng, 0.4))
            if rng.random() < 0.2:
                _add_temporary(rng, s.current, year)
    # Next year's stability cohort: keep enough of it unmoved for next year's quota.
    spare = sum(1 for c in next_cohort if year not in moved[c]) - math.ceil(
        next_stable_pct / 100 * len(next_cohort) / 0.85
    )
    for s in in_care:
        key = id(s.child)
        if key in chosen or key in stable_ids:
            continue
        if key in must_move:
            _add_moves(rng, s, year, 1)
            continue
        room = 2 - s.base - s.forced
        p = 0.25 if s.current is not None and s.current.start > first - 365 else 0.1
        if room <= 0 or rng.random() >= p:
            continue
        if key in next_cohort:
            if spare <= 0:
                continue
            spare -= 1
        _add_moves(rng, s, year, 1)
    for s in states:
        if s.current is None and rng.random() < 0.2:
            _add_moves(rng, s, year, 1)
    for s in states:
        if any(first <= d <= last for p in s.periods for d in _changes(p)):
            moved[id(s.child)].add(year)


def _changes(period: Period) -> list[Day]:
    return [*period.moves, *(d for d, _ in period.forced), *(d for d, _ in period.temps)]


def _roomy(s: _Year, year: int) -> bool:
    """Enough days in care this year for two more changes of carer."""
    if s.current is None:
        return False
    low, high = _window(s.current, year)
    return high - low >= 40


def _add_moves(rng: random.Random, s: _Year, year: int, n: int) -> None:
    for _ in range(n):
        for period in ([s.current] if s.current is not None else []) + s.periods:
            low, high = _window(period, year)
            d = _spaced_day(rng, period, low, high) if low <= high else None
            if d is not None:
                period.moves.append(d)
                break


def _add_temporary(rng: random.Random, period: Period | None, year: int) -> None:
    """A few days in a temporary placement (carer's holiday, hospital), then back."""
    if period is None:
        return
    low, high = _window(period, year)
    days = rng.randint(2, 7)
    if high - days - low < 10:
        return
    d = _spaced_day(rng, period, low, high - days - MIN_GAP)
    if d is not None and all(abs(d + days - t) >= MIN_GAP for t in _taken(period)):
        period.temps.append((d, days))

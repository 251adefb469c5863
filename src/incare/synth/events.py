"""Reviews, missing episodes and social workers around each child's periods of care."""

from __future__ import annotations

import random

from incare.synth.dates import (
    Day,
    add_months,
    add_working_days,
    age_on,
    collection_year,
    to_date,
    year_end,
    year_start,
)
from incare.synth.model import Child, Episode, Period
from incare.synth.people import Chooser

_PARTICIPATION = Chooser({"PN1": 58, "PN2": 8, "PN3": 5, "PN4": 5, "PN5": 7, "PN6": 11, "PN7": 6})
_SW_WEIGHTS: dict[str, float] = {
    "LEFTRL": 30,
    "MANAGE": 18,
    "TSPROC": 20,
    "ORGRST": 8,
    "ABSENC": 6,
    "FCONTA": 5,
    "CHCHAN": 4,
    "PCCHAN": 3,
    "OTHERS": 6,
}
SW_REASONS = Chooser(_SW_WEIGHTS)


def reviews(rng: random.Random, child: Child) -> None:
    """Statutory timetable (CPPCR reg 33): 20 working days, then 3 months, then 6-monthly.

    About one review in twelve is a few weeks late, as in real returns.
    """
    for period in child.periods:
        end = period.end if period.end is not None else period.start + 20 * 365
        due = add_working_days(period.start, 20)
        held = due - rng.randint(0, 12)
        n = 0
        while True:
            if rng.random() < 0.08:
                held += rng.randint(1, 30)
            if held >= end:
                break
            code = "PN0" if age_on(child.dob, held) < 4 else _PARTICIPATION(rng)
            child.reviews.append((held, code))
            n += 1
            due = add_months(held, 3 if n == 1 else 6)
            held = due - rng.randint(0, 25)


def missing(
    rng: random.Random, children: list[Child], *, year: int, missing_pct: float, away_pct: float
) -> None:
    """Exactly round(percent) of the children in care in ``year`` go missing, and of them
    exactly round(away percent) are away from placement (some children are both).

    Teenagers are far likelier to: children are drawn with weights by age, without
    replacement (Efraimidis-Spirakis keys), so the published percentages are met exactly.
    Every incident ends by 31 March, so none is carried over into the next year's count.
    """
    first, last = year_start(year), year_end(year)
    pool = [c for c in children if any(p.overlaps(first, last) for p in c.periods)]
    for kind, percent in (("M", missing_pct), ("A", away_pct)):
        want = round(percent / 100 * len(pool))
        keyed = []
        for child in pool:
            if not _spans(child, first, last):
                continue
            age = age_on(child.dob, last)
            weight = 8.0 if age >= 13 else (2.0 if age >= 10 else (0.3 if age >= 7 else 0.001))
            keyed.append((rng.random() ** (1 / weight), child.id, child))
        keyed.sort(reverse=True)
        for _, _, child in keyed[:want]:
            _missing_episodes(rng, child, first, last, kind)


def _spans(child: Child, first: Day, last: Day) -> list[tuple[Day, Day]]:
    """Stretches of the year in care long enough for an incident (none ends after 31 March)."""
    spans = [
        (max(p.start + 1, first), min((p.end or last + 40) - 2, last))
        for p in child.periods
        if p.overlaps(first, last)
    ]
    return [(a, b) for a, b in spans if b - a > 3]


def _missing_episodes(rng: random.Random, child: Child, first: Day, last: Day, kind: str) -> None:
    """At least one incident of ``kind`` in the year, never overlapping another incident."""
    incidents = 1 + min(int(rng.expovariate(0.45)), 12)
    spans = _spans(child, first, last)
    added = 0
    for _ in range(incidents + 20):
        if added == incidents:
            break
        low, high = rng.choice(spans)
        start = rng.randint(low, high - 1)
        length = 0 if rng.random() < 0.55 else min(int(rng.expovariate(0.5)) + 1, high - start)
        clash = any(
            s <= start + length and start <= (e if e is not None else s)
            for _, s, e in child.missing
        )
        if not clash:
            child.missing.append((kind, start, start + length))
            added += 1
    child.missing.sort(key=lambda m: m[1])


def social_workers(rng: random.Random, child: Child, counter: list[int], *, horizon: Day) -> None:
    """An unbroken chain of social workers through each period of care, from its first day.

    The last worker stays allocated after care ends: the latest episode a return holds is
    never closed (SW17, SW11b). A child who comes back into care (in the collection year
    after next at the earliest: :func:`incare.synth.population.earliest_return`) keeps that
    worker into the next collection year, when the case is closed (the child is in no
    return that year), and a new chain starts on the day the new period of care does. So
    every social worker episode a return holds began on or after the start of the period
    of care it belongs to, as the sector validator's SW12STG2 asks (docs/synthetic-data.md,
    "Limits"). A change for a fixed-term contract ending (FCONTA) starts the day after the
    last worker left (SW10b). IDs start "SW" like Social Work England numbers.
    """
    periods = child.periods
    start = periods[0].start
    for n, period in enumerate(periods):
        following = periods[n + 1] if n + 1 < len(periods) else None
        closed = _case_closed(rng, period, following, horizon=horizon)
        if following is not None and closed is None:
            continue  # no year between the periods: one chain runs on through both
        ends = [p.end for p in periods[: n + 1]]
        last = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
        _chain(rng, child, counter, start=start, last=last, closed=closed, horizon=horizon)
        if following is not None:
            start = following.start


def _case_closed(
    rng: random.Random, period: Period, following: Period | None, *, horizon: Day
) -> Day | None:
    """When the social worker of ``period`` stops, if the child comes back into care later:
    a few weeks into the collection year after the one care ended in (so still allocated
    on 31 March of that one, SW17), and before the collection year the child comes back
    in; None when there is no such gap (one chain then runs on)."""
    if following is None or period.end is None:
        return None
    closed = year_start(collection_year(period.end) + 1) + rng.randint(20, 120)
    if closed >= min(year_start(collection_year(following.start)), horizon):
        return None
    return closed


def _chain(
    rng: random.Random,
    child: Child,
    counter: list[int],
    *,
    start: Day,
    last: Day | None,
    closed: Day | None,
    horizon: Day,
) -> None:
    """Workers one after another from ``start``: the last one ends on ``closed`` (the case
    is closed) or, without it, stays allocated (open) once care has ended (``last``) or at
    the ``horizon``."""
    reason = "TSPROC"
    while True:
        counter[0] += 1
        worker = f"SW{counter[0]:07d}"
        length = int(rng.expovariate(1 / 330)) + 20
        end = start + length
        if closed is not None and end >= closed - 10:
            child.social_workers.append((worker, start, closed, reason))
            return
        if closed is None and ((last is not None and end >= last - 10) or end > horizon):
            child.social_workers.append((worker, start, None, reason))
            return
        following = SW_REASONS(rng)
        gap = int(following == "FCONTA")
        if gap and (to_date(end).month, to_date(end).day) == (3, 31):
            end -= 1  # a worker is still allocated on 31 March (SW17)
        child.social_workers.append((worker, start, end, reason))
        start, reason = end + gap, following


def short_breaks(rng: random.Random, child: Child, first: Day, last: Day) -> None:
    """A series of short breaks: 1-4 nights every 3-6 weeks (at most 17 days a stay and
    75 days in 12 months: CPPCR reg 48, rules 365/367)."""
    d = first
    while d < last:
        nights = rng.randint(1, 4)
        child.respite.append((d, d + nights))
        d += nights + rng.randint(21, 42)


DOLO_PLACES = ("K2",)
"""Where a child deprived of liberty is placed: a children's home (709; 710 rules out secure
homes, parents, custody and supported accommodation)."""
DOLO_SHARE = 0.05
"""Of the periods of care with a stay in a children's home from the age of 12."""


def deprivations(
    rng: random.Random, child: Child, *, since: Day, horizon: Day
) -> list[tuple[Day, Day | None]]:
    """Deprivation-of-liberty orders: a few older children in children's homes, each order
    within one stay there (so no other placement type overlaps it, 709/710)."""
    out: list[tuple[Day, Day | None]] = []
    for period in child.periods:
        stays = [
            (first, last)
            for first, last in _stays(period.episodes, DOLO_PLACES)
            if (last is None or last >= since) and first < horizon
        ]
        if not stays or rng.random() > DOLO_SHARE:
            continue
        first, last = rng.choice(stays)
        end = last if last is not None else horizon
        start = max(first, since, child.dob + 12 * 365) + rng.randint(5, 60)
        if start >= end - 10:
            continue
        stop = start + rng.randint(30, 240)
        # It ends the day before the child moves on (or is still in force at the horizon).
        out.append((start, stop if stop < end else (last - 1 if last is not None else None)))
    return out


def _stays(episodes: list[Episode], places: tuple[str, ...]) -> list[tuple[Day, Day | None]]:
    """(first day, day the child moved on or None) of each unbroken run of episodes in
    ``places`` (a change of legal status alone does not end a stay)."""
    out: list[tuple[Day, Day | None]] = []
    run: tuple[Day, Day | None] | None = None
    for e in episodes:
        if e.place in places:
            run = (e.decom, e.dec) if run is None else (run[0], e.dec)
        elif run is not None:
            out.append(run)
            run = None
    if run is not None:
        out.append(run)
    return out


# A split's new worker starts the day the last one left: never for a fixed-term contract
# ending (FCONTA starts the day after, SW10b).
_SPLIT_REASONS = Chooser({k: w for k, w in _SW_WEIGHTS.items() if k != "FCONTA"})


def calibrate_social_workers(
    rng: random.Random, children: list[Child], counter: list[int], *, year: int, percent: float
) -> None:
    """Exactly round(percent) of the children in care at 31 March had 3+ social workers.

    Too many, and the workers who came and went wholly within the year are folded into the
    one before (who stays on until the next); too few, and a worker's time in the year is
    split between new workers. Both change only the year itself: counts for the years
    before stay as they were (years are calibrated in order).
    """
    first, last = year_start(year), year_end(year)
    cohort = [c for c in children if any(p.open_on(last) for p in c.periods)]
    many = [c for c in cohort if _workers_in(c, first, last) >= 3]
    want = round(percent / 100 * len(cohort))
    if len(many) > want:
        rng.shuffle(many)
        for child in many[: len(many) - want]:
            _fold(child, first, last)
    else:
        few = [c for c in cohort if _workers_in(c, first, last) < 3]
        rng.shuffle(few)
        few.sort(key=lambda c: -_workers_in(c, first, last))  # one split is the lighter touch
        short = want - len(many)
        for child in few:
            if short == 0:
                break
            short -= _split(rng, child, counter, first, last)


def _in_year(ep: tuple[str, Day, Day | None, str], first: Day, last: Day) -> bool:
    _, start, end, _ = ep
    return start <= last and (end is None or end >= first) and end != start


def _workers_in(child: Child, first: Day, last: Day) -> int:
    return len({ep[0] for ep in child.social_workers if _in_year(ep, first, last)})


def _fold(child: Child, first: Day, last: Day) -> None:
    chain = child.social_workers
    idx = [i for i, ep in enumerate(chain) if _in_year(ep, first, last)]
    inside = [i for i in idx if chain[i][1] >= first and chain[i][2] is not None]
    inside = [i for i in inside if chain[i][2] <= last and i != idx[0]]  # type: ignore[operator]
    if not inside or idx[0] + len(inside) != inside[-1]:
        return
    worker, start, _, reason = chain[idx[0]]
    chain[idx[0]] = (worker, start, chain[inside[-1]][2], reason)
    del chain[inside[0] : inside[-1] + 1]


def _split(rng: random.Random, child: Child, counter: list[int], first: Day, last: Day) -> int:
    """Give the child 3 workers in the year by splitting their longest stretch in it: 1 if
    done, 0 if there is no room (under 60 days)."""
    need = 3 - _workers_in(child, first, last)
    chain = child.social_workers
    spans = [
        (min(ep[2] if ep[2] is not None else last, last) - max(ep[1], first), i)
        for i, ep in enumerate(chain)
        if _in_year(ep, first, last)
    ]
    room, i = max(spans)
    if room < 30 * (need + 1):
        return 0
    worker, start, end, reason = chain[i]
    low = max(start, first)
    cuts = sorted(rng.sample(range(low + 20, low + room - 10, 10), need))
    pieces: list[tuple[str, Day, Day | None, str]] = [(worker, start, cuts[0], reason)]
    for n, cut in enumerate(cuts):
        counter[0] += 1
        until = cuts[n + 1] if n + 1 < need else end
        pieces.append((f"SW{counter[0]:07d}", cut, until, _SPLIT_REASONS(rng)))
    chain[i : i + 1] = pieces
    return 1

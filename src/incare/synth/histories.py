"""Episodes: each period of care turned into the chain of episodes a 903 return records.

A new episode starts whenever the legal status or the placement changes; RNE says what
changed (S start, L legal status, P new carer, T same carer new placement type, B both).
The chain is built from the period's plan (its route out, adoption timeline, and the carer
changes chosen by :mod:`incare.synth.stability`) plus legal-status steps drawn here.
"""

from __future__ import annotations

import random

from incare.synth import placements
from incare.synth.dates import Day, age_on, collection_year
from incare.synth.model import Child, Episode, Period, stream
from incare.synth.stability import MIN_GAP

_REC_NEEDS_FOSTER = ("E17", "E45", "E46")
_EMERGENCY_DAYS = {"L1": 3, "L2": 21}
"""The longest police protection (L1, 72 hours: rule 361) and emergency protection order
(L2, rule 362) can last, in days."""


def build(children: list[Child], *, seed: int) -> None:
    rng = stream(seed, "episodes")
    # Where temporary placements are: its own stream, so the episodes themselves are the
    # same with or without it.
    temp_rng = stream(seed, "temporary-places")
    for child in children:
        for period in child.periods:
            period.episodes = _episodes(rng, period, temp_rng=temp_rng)


def _legal_statuses(rng: random.Random, period: Period) -> list[tuple[Day, str]]:
    """(date, LS) steps: emergency orders are short (361-363), care orders follow."""
    child, start = period.child, period.start
    end = period.end if period.end is not None else start + 20 * 365
    age = age_on(child.dob, start)
    adoption = period.adoption
    if child.uasc:
        return [(start, "V2")]
    if period.rec in ("E14", "E9") and age >= 12:
        return [(start, "J1")]
    u = rng.random()
    if period.route == "adopt" or adoption is not None:
        first = "C1" if u < 0.7 else ("L2" if u < 0.85 else "V2")
    elif period.route == "home":
        first = "V2" if u < 0.55 else ("C1" if u < 0.85 else ("L1" if u < 0.95 else "L2"))
    else:
        first = "C1" if u < 0.45 else ("V2" if u < 0.9 else "L1")
    steps = [(start, first)]
    d = start
    if first in ("L1", "L2"):
        d = start + (rng.randint(1, 3) if first == "L1" else rng.randint(3, 8))
        if d >= end - 1:
            # No episode starts on care's last day or the day before (:func:`_episodes` drops
            # the change), so the order lasts until care ends: fine within its limit (L1 72
            # hours, rule 361; L2 21 days, 362), otherwise it ends a day earlier.
            if end - start <= _EMERGENCY_DAYS[first]:
                return steps
            d = end - 2
        first = "C1" if first == "L2" or rng.random() < 0.5 else "V2"
        steps.append((d, first))
    order = adoption.order if adoption is not None else None
    if first == "V2" and (adoption is not None or rng.random() < 0.12):
        d += rng.randint(40, 200)
        # never after the placement order (E1), which must last into the adoptive placement (408)
        if d < end - MIN_GAP and (order is None or d < order - MIN_GAP):
            steps.append((d, "C1"))
            first = "C1"
    if first == "C1":
        c2 = d + rng.randint(120, 330)
        if order is not None and c2 >= order - MIN_GAP:
            c2 = end + 1  # the placement order replaces the interim order directly
        if c2 < end - MIN_GAP:
            steps.append((c2, "C2"))
    if adoption is not None and adoption.order is not None:
        steps.append((adoption.order, "E1"))
        if adoption.reversed_on is not None:
            steps.append((adoption.reversed_on, "C2"))
    return [s for s in steps if s[0] < end or s[0] == start]


def _episodes(rng: random.Random, period: Period, *, temp_rng: random.Random) -> list[Episode]:
    statuses = _legal_statuses(rng, period)
    carer_changes = sorted([(d, "move") for d in period.moves] + list(period.forced))
    spells = len(carer_changes)
    adoption = period.adoption
    placed_with_carer = (
        adoption is not None and adoption.placed is not None and adoption.with_foster_carer
    )
    ls = statuses[0][1]
    place = _spell_place(rng, period, spell=0, spells=spells, kind="start", ls=ls, d=period.start)
    current = _new_episode(rng, period, period.start, "S", ls, place)
    episodes = [current]
    events: list[tuple[Day, int, str, object]] = [(d, 1, "ls", s) for d, s in statuses[1:]]
    events += [(d, 0, "carer", k) for d, k in carer_changes]
    events += [(d, 2, "temp", n) for d, n in period.temps]
    if placed_with_carer and adoption is not None and adoption.placed is not None:
        events.append((adoption.placed, 3, "adopt_with_carer", None))
    events.sort(key=lambda e: (e[0], e[1]))
    spell = 0
    independent = period.first_place in placements.INDEPENDENT
    for d, _, kind, payload in events:
        if d <= current.decom:
            d = current.decom + 1  # two changes on one day: keep episodes at least a day
        if period.end is not None and d >= period.end - 1:
            break
        if kind == "ls":
            if payload == current.ls:
                continue
            current = _close_and_copy(episodes, current, d, "L", ls=str(payload))
        elif kind == "carer":
            spell += 1
            independent = independent or payload == "independent"
            new_place = _spell_place(
                rng, period, spell=spell, spells=spells, kind=str(payload), ls=current.ls, d=d
            )
            if independent and payload == "move":
                new_place = placements.independent(rng, age=18, year=collection_year(d))
            current.reason = "CARPL" if payload != "move" else placements.REASONS(rng)
            current = _close_and_start(rng, episodes, current, period, d, new_place)
        elif kind == "temp":
            stay = int(payload)  # type: ignore[call-overload]
            home = period.child.home_post
            current = _temporary(rng, episodes, current, d, stay, temp_rng=temp_rng, home_post=home)
        else:
            current.reason = "CARPL"
            current = _close_and_copy(episodes, current, d, "T", place="A5")
    current.dec = period.end
    current.rec = period.rec if period.end is not None else None
    return episodes


def _spell_place(
    rng: random.Random, period: Period, *, spell: int, spells: int, kind: str, ls: str, d: Day
) -> str:
    child = period.child
    age = age_on(child.dob, d)
    year = collection_year(d)
    last = spell == spells
    adoption = period.adoption
    if kind == "adopt":
        return "A6"
    if kind == "independent":
        return placements.independent(rng, age=age, year=year)
    if kind == "start" and period.first_place is not None:
        return period.first_place
    if last and period.rec in _REC_NEEDS_FOSTER:
        return placements.last_foster(rng, period.rec)
    if adoption is not None and adoption.placed is not None and adoption.with_foster_carer and last:
        return placements.pre_adoption(rng)
    place = placements.choose(rng, age=age, uasc=child.uasc, year=year)
    if place in placements.INDEPENDENT and (period.rec in ("E5", "E6") or age < 16):
        place = "U6"  # leaving for independence is its own, later, move
    if period.route == "home" and last and ls in ("C1", "C2") and rng.random() < 0.35:
        place = "P1"  # placed with parents under a care order before going home
    if kind == "start" and place == "P1":
        place = "U6"
    return place


def _new_episode(
    rng: random.Random, period: Period, d: Day, rne: str, ls: str, place: str
) -> Episode:
    provider = placements.provider(rng, place)
    post, urn = placements.location(rng, place, provider, home_post=period.child.home_post)
    return Episode(d, None, rne, ls, place, provider, post, urn)


def _close_and_copy(
    episodes: list[Episode],
    current: Episode,
    d: Day,
    rne: str,
    *,
    ls: str | None = None,
    place: str | None = None,
) -> Episode:
    current.dec, current.rec = d, "X1"
    nxt = Episode(
        d,
        None,
        rne,
        ls or current.ls,
        place or current.place,
        current.provider,
        current.pl_post,
        current.urn,
    )
    episodes.append(nxt)
    return nxt


def _close_and_start(
    rng: random.Random,
    episodes: list[Episode],
    current: Episode,
    period: Period,
    d: Day,
    place: str,
) -> Episode:
    current.dec, current.rec = d, "X1"
    ls = current.ls
    if place == "P1" and ls == "V2":
        place = "U6"
    nxt = _new_episode(rng, period, d, "P", ls, place)
    if nxt.pl_post == current.pl_post and nxt.place == current.place:
        nxt.pl_post = placements.location(rng, place, nxt.provider, home_post="")[0]
        nxt.urn = placements.urn(place, nxt.pl_post)  # a different home: its own URN (242)
    episodes.append(nxt)
    return nxt


def _temporary(
    rng: random.Random,
    episodes: list[Episode],
    current: Episode,
    d: Day,
    days: int,
    *,
    temp_rng: random.Random,
    home_post: str,
) -> Episode:
    """A short stay elsewhere (T3 carer's holiday, T1 hospital, T4 other), then back; the
    stay has its own postcode (169, 179, 392b), near home."""
    if current.place in placements.FOSTER and rng.random() < 0.6:
        place = "T3"
    else:
        place = "T1" if rng.random() < 0.3 else "T4"
    current.reason = None  # no reason is given around temporary placements (226)
    current.dec, current.rec = d, "X1"
    post = placements.temporary_postcode(temp_rng, home_post=home_post)
    temp = Episode(d, d + days, "P", current.ls, place, None, post, None, "X1")
    back = Episode(
        d + days,
        None,
        "P",
        current.ls,
        current.place,
        current.provider,
        current.pl_post,
        current.urn,
    )
    episodes += [temp, back]
    return back

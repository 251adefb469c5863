"""Where children are placed: the published share placed far away, met by quota.

LAIT publishes, for each authority and year, the percentage of children looked after at
31 March placed more than 20 miles from home *and* outside the authority (``LACDistance``,
indicators.md §A4 (b)), of those whose distance is known. After the care histories are
built, each output year's children in care at 31 March are counted with the same geometry
the generated postcode reference will hold (:func:`incare.synth.postcodes.locate`), and
round(rate x known) of them are made far and outside by moving placements:

* too few: placements not yet counted in an earlier year (those that began since the last
  31 March first) move to a postcode more than 20 miles from the child's home, outside the
  authority; too many: to one within 20 miles (or inside the authority);
* only the placement's postcode changes (in every episode of it, with its URN), never its
  type, provider or dates, so nothing else the generator calibrates moves. Placements with
  parents (P1: the home postcode), temporary placements (a few days near home) and the
  authority's own provision (PR1, inside it, rule 1015) are never moved. UASC have no home
  postcode, so no distance: they are neither counted nor moved.

Before the quota, each movable placement is made far and outside with about the year's
rate (scaled up for the placements that cannot move), so the quota only trims: a
placement counted in an earlier year is moved only if the newer ones are not enough.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

from incare.synth import people, placements, postcodes
from incare.synth.calibration import Authority
from incare.synth.dates import collection_year, year_end
from incare.synth.model import Child, Episode, Period, stream

FAR_MILES = 20
METRES_PER_MILE = 1000 * 1.6093  # DfE's factor (indicators.md §0 "Placement location")
MARGIN_MILES = 0.5
"""A moved placement is at least this far from the 20-mile line, so rounding cannot flip it."""
FIXED_PLACES = ("P1",)
FIXED_PROVIDERS = ("PR1",)

Placement = tuple[int, str]
"""A placement: (id() of its period, its postcode)."""


def calibrate(
    children: list[Child], *, authority: Authority, years: range, seed: int, la_code: str
) -> None:
    """Move placements so each year's far-and-outside share is round(rate x known)."""
    rng = stream(seed, "location")
    geometry = _Geometry(la_code)
    movable = {key: period for key, period in _placements(children) if _can_move(period, key[1])}
    _prior(rng, children, movable, geometry, authority=authority, years=years)
    counted: set[Placement] = set()
    for year in years:
        cohort = _open_at(children, year_end(year))
        known = [(p, e) for p, e in cohort if e.pl_post and p.child.home_post]
        want = round(authority.year(year).distance_pct / 100 * len(known))
        is_far = [geometry.far_out(p.child.home_post, e.pl_post) for p, e in known]
        change = want - sum(is_far)
        pool = [pe for pe, f in zip(known, is_far, strict=True) if f == (change < 0)]
        keys = [(id(p), e.pl_post or "") for p, e in pool]
        choices = [k for k in keys if k in movable]
        rng.shuffle(choices)
        # Placements not yet counted at an earlier 31 March first.
        choices.sort(key=lambda k: k in counted)
        for key in choices[: abs(change)]:
            _move(rng, movable.pop(key), key[1], geometry, far=change > 0, movable=movable)
        counted.update((id(p), e.pl_post or "") for p, e in known)


def _prior(
    rng: random.Random,
    children: list[Child],
    movable: dict[Placement, Period],
    geometry: _Geometry,
    *,
    authority: Authority,
    years: range,
) -> None:
    """Each movable placement far and outside with the probability that meets the rate
    of the year it starts in (its first window year, for earlier ones)."""
    share: dict[int, float] = {}
    for year in years:
        cohort = [
            (p, e) for p, e in _open_at(children, year_end(year)) if e.pl_post and p.child.home_post
        ]
        can = sum((id(p), e.pl_post) in movable for p, e in cohort)
        fixed_far = sum(
            (id(p), e.pl_post) not in movable and geometry.far_out(p.child.home_post, e.pl_post)
            for p, e in cohort
        )
        want = authority.year(year).distance_pct / 100 * len(cohort) - fixed_far
        share[year] = min(1.0, max(0.0, want / can)) if can else 0.0
    for key in list(movable):
        period = movable[key]
        start = min(e.decom for e in period.episodes if e.pl_post == key[1])
        year = min(max(collection_year(start), years[0]), years[-1])
        far = rng.random() < share[year]
        if far != geometry.far_out(period.child.home_post, key[1]):
            _move(rng, movable.pop(key), key[1], geometry, far=far, movable=movable)


def _placements(children: Iterable[Child]) -> list[tuple[Placement, Period]]:
    out = {}
    for child in children:
        if not child.home_post:
            continue  # UASC: no home postcode, so no distance to calibrate
        for period in child.periods:
            for episode in period.episodes:
                if episode.pl_post:
                    out[(id(period), episode.pl_post)] = period
    return list(out.items())


def _can_move(period: Period, post: str) -> bool:
    episodes = [e for e in period.episodes if e.pl_post == post]
    fixed = FIXED_PLACES + placements.TEMPORARY
    return all(e.place not in fixed and e.provider not in FIXED_PROVIDERS for e in episodes)


def _open_at(children: Iterable[Child], d: int) -> list[tuple[Period, Episode]]:
    """Each child's episode open at the end of day ``d`` (looked after at 31 March)."""
    out = []
    for child in children:
        for period in child.periods:
            if not period.open_on(d):
                continue
            for episode in period.episodes:
                if episode.decom <= d and (episode.dec is None or episode.dec > d):
                    out.append((period, episode))
                    break
    return out


def _move(
    rng: random.Random,
    period: Period,
    old: str,
    geometry: _Geometry,
    *,
    far: bool,
    movable: dict[Placement, Period],
) -> None:
    """Give the placement at ``old`` a new postcode, far and outside or not."""
    home = period.child.home_post
    taken = {e.pl_post for e in period.episodes} | {home}
    outward = people.FAR_OUTWARD + people.AWAY_OUTWARD if far else people.AWAY_OUTWARD
    new = None
    for _ in range(200):
        candidate = people.postcode_in(rng, rng.choice(outward))
        if candidate not in taken and geometry.clearly(home, candidate, far=far):
            new = candidate
            break
    if new is None:
        return  # nowhere suitable (cannot happen with the packaged geography)
    for episode in period.episodes:
        if episode.pl_post == old:
            episode.pl_post = new
            # Derived afresh: a placement moving into or out of Wales loses or gains it (243).
            episode.urn = placements.urn(episode.place, new)
    movable[(id(period), new)] = period


class _Geometry:
    """Distances and authorities of generated postcodes, as the reference will give them."""

    def __init__(self, la_code: str) -> None:
        self.la_code = la_code
        self._cache: dict[str, tuple[str, int, int]] = {}

    def _where(self, postcode: str) -> tuple[str, int, int]:
        if postcode not in self._cache:
            self._cache[postcode] = postcodes.locate(postcode, la_code=self.la_code)
        return self._cache[postcode]

    def miles(self, home: str, place: str) -> float:
        _, e1, n1 = self._where(home)
        _, e2, n2 = self._where(place)
        return math.hypot(e1 - e2, n1 - n2) / METRES_PER_MILE

    def outside(self, place: str) -> bool:
        return self._where(place)[0] != self.la_code

    def far_out(self, home: str, place: str | None) -> bool:
        """What the indicator will find: more than 20 miles (to 1 dp) and outside."""
        if not place:
            return False
        return round(self.miles(home, place), 1) > FAR_MILES and self.outside(place)

    def clearly(self, home: str, place: str, *, far: bool) -> bool:
        """Far and outside (or not) with room to spare from the 20-mile line."""
        miles = self.miles(home, place)
        if far:
            return miles > FAR_MILES + MARGIN_MILES and self.outside(place)
        return miles < FAR_MILES - MARGIN_MILES or not self.outside(place)

"""Reasons for leaving care met by quota: special guardianship, and returning home.

LAIT publishes, of the children who left care in a year (each counted once, on the last
occasion), the percentage who left under a special guardianship order (E43-E48) and who
returned home as part of the care plan (E4A) or not (E4B). After the population is
simulated, and before placements are built (an SGO to former foster carers needs a foster
placement), each year's leavers are relabelled so exactly round(rate x leavers) have each:

* SGO: too many, and the excess (never one reversing an adoption) return home instead; too
  few, and children going home become SGOs, those in care 6 months or more and youngest first.
* E4A and E4B: chosen among the leavers going home (E4A, E4B, E13, E41); the others of them
  live with a parent or relative (E13) or under a residence order (E41). Too few going
  home, and leavers with another reason (E5, E6, E8, E9, E14, E16; under 18 first) go home.

Only the REC changes, not when the period ends, so the number in care is untouched.
"""

from __future__ import annotations

import random

from incare.synth.calibration import Authority
from incare.synth.dates import age_on, year_end, year_start
from incare.synth.model import Child, Period, stream
from incare.synth.people import Chooser
from incare.synth.routes import SGO_REC

SGO = ("E45", "E46", "E47", "E48", "E43", "E44")
HOME = ("E4A", "E4B", "E13", "E41")
_NOT_HOME_BY_PLAN = Chooser({"E13": 20, "E41": 10})
_COULD_GO_HOME = ("E8", "E5", "E6", "E9", "E14", "E16")
"""Other reasons a leaver may be given instead when too few go home (never staying put,
an SGO, adoption, a transfer or a death)."""


def calibrate(children: list[Child], *, authority: Authority, years: range, seed: int) -> None:
    rng = stream(seed, "leaving")
    for year in years:
        rates = authority.year(year)
        leavers = ceased(children, year)
        _sgo(rng, leavers, rates.sgo_pct)
        _home(rng, leavers, rates.home_planned_pct, rates.home_unplanned_pct)


def ceased(children: list[Child], year: int) -> list[Period]:
    """The period each child last left care with in ``year`` (short breaks are not periods)."""
    first, last = year_start(year), year_end(year)
    out = []
    for child in children:
        ended = [p for p in child.periods if p.end is not None and first <= p.end <= last]
        if ended:
            out.append(max(ended, key=lambda p: p.end or 0))
    return out


def _sgo(rng: random.Random, leavers: list[Period], pct: float) -> None:
    want = round(pct / 100 * len(leavers))
    now = [p for p in leavers if p.rec in SGO]
    if len(now) > want:
        spare = [p for p in now if p.adoption is None]
        rng.shuffle(spare)
        for period in spare[: len(now) - want]:
            period.route, period.rec = "home", "E4A"  # the E4A/E4B quotas settle the code
    elif len(now) < want:
        going_home = [p for p in leavers if p.rec in HOME and p.adoption is None]
        rng.shuffle(going_home)
        # Youngest first, and an order takes months: periods of 6 months or more first.
        going_home.sort(key=lambda p: ((p.end or 0) - p.start < 182, age_on(p.child.dob, p.start)))
        for period in going_home[: want - len(now)]:
            period.route, period.rec = "sgo", SGO_REC(rng)


def _home(rng: random.Random, leavers: list[Period], planned: float, unplanned: float) -> None:
    n = len(leavers)
    going_home = [p for p in leavers if p.rec in HOME]
    rng.shuffle(going_home)
    want_a, want_b = round(planned / 100 * n), round(unplanned / 100 * n)
    short = want_a + want_b - len(going_home)
    if short > 0:
        # Too few going home: some who would have left another way (not at 18, if possible)
        # go home instead.
        others = [p for p in leavers if p.rec in _COULD_GO_HOME and p.adoption is None]
        rng.shuffle(others)
        others.sort(key=lambda p: age_on(p.child.dob, p.end or 0) >= 18)
        for period in others[:short]:
            period.route = "home"
        going_home = others[:short] + going_home
    for i, period in enumerate(going_home):
        if i < want_a:
            period.rec = "E4A"
        elif i < want_a + want_b:
            period.rec = "E4B"
        elif period.rec in ("E4A", "E4B"):
            period.rec = _NOT_HOME_BY_PLAN(rng)

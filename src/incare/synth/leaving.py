"""Reasons for leaving care met by quota: adoption, special guardianship, returning home.

LAIT publishes, of the children who left care in a year (each counted once, on the last
occasion), the percentage who were adopted (E11, E12), who left under a special
guardianship order (E43-E48), and who returned home as part of the care plan (E4A) or not
(E4B). After the population is
simulated, and before placements are built (an SGO to former foster carers needs a foster
placement), each year's leavers are relabelled so exactly round(rate x leavers) have each:

* Adoption: too many, and the excess leave the same day under an SGO instead (no adoption
  plan at all); too few, and young children (under 10 at entry, youngest first) leaving
  another way (not died, transferred or staying put), in care 180 to 900 days, are adopted
  instead, with an adoption plan fitted inside the period (never a child who comes back into
  care later: rule 199); if there are not enough of
  them, children in care longer (under 13 when they leave) are adopted by their foster
  carers.
* SGO: too many, and the excess (never one reversing an adoption) return home instead; too
  few, and children going home become SGOs, those in care 6 months or more and youngest
  first.
* E4A and E4B: chosen among the leavers going home (E4A, E4B, E13, E41); the others of them
  live with a parent or relative (E13) or under a residence order (E41). Too few going
  home, and leavers with another reason (E5, E6, E8, E9, E14, E16; under 18 first) go home.

Only how a period ends changes (its REC, and an adoption plan added or dropped), never
when, so the number in care is untouched; the one exception is an adoption on 31 March,
moved to 30 March (:func:`_no_adoption_on_31_march`).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from incare.synth import routes
from incare.synth.calibration import Authority
from incare.synth.dates import age_on, collection_year, year_end, year_start
from incare.synth.model import Adoption, Child, Period, stream
from incare.synth.people import Chooser
from incare.synth.routes import SGO_REC

ADOPTED = ("E11", "E12")
NEVER_ADOPTED = ("E11", "E12", "E2", "E3", "E15", "E17")
"""Died, transferred, UASC leaving, staying put: never turned into an adoption."""
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
        _adoption(rng, leavers, rates.adopted_pct)
        _sgo(rng, leavers, rates.sgo_pct)
        _home(rng, leavers, rates.home_planned_pct, rates.home_unplanned_pct)
    _no_adoption_on_31_march(children)


def _no_adoption_on_31_march(children: list[Child]) -> None:
    """An adoption order dated 31 March is made on 30 March instead (the one exception to
    "never when"; the child leaves in the same year and is not in care on 31 March either
    way). The validator counts a child whose care ends on 31 March as looked after for the
    whole year (only an end before 31 March breaks it), so a child adopted on that day would
    need an OC2 row (rule 191) and could not have the AD1 row every adoption needs (rule
    187): docs/synthetic-data.md, "Limits"."""
    for child in children:
        for period in child.periods:
            end = period.end
            if period.rec in ADOPTED and end is not None and end == year_end(collection_year(end)):
                period.end = end - 1


def ceased(children: list[Child], year: int) -> list[Period]:
    """The period each child last left care with in ``year`` (short breaks are not periods)."""
    first, last = year_start(year), year_end(year)
    out = []
    for child in children:
        ended = [p for p in child.periods if p.end is not None and first <= p.end <= last]
        if ended:
            out.append(max(ended, key=lambda p: p.end or 0))
    return out


def _adoption(rng: random.Random, leavers: list[Period], pct: float) -> None:
    want = round(pct / 100 * len(leavers))
    now = [p for p in leavers if p.rec in ADOPTED]
    if len(now) > want:
        rng.shuffle(now)
        for period in now[: len(now) - want]:
            # The plan was never adoption: the same day, a special guardianship order.
            period.adoption = None
            period.forced = [f for f in period.forced if f[1] != "adopt"]
            period.route, period.rec = "sgo", SGO_REC(rng)
        return
    # Too few: young children leaving another way are adopted instead, on the same day,
    # in three tiers. First those in care 180-900 days, with an adoption plan that fits the
    # period (placed 75+ days before the order) and ends before 2.5 years in care, as
    # planned adoptions do. A high-adoption year (Kent 2019, Blackpool 2020: an eighth to a
    # fifth of leavers adopted, and in Kent most others UASC) can run out of them, so next
    # children in care longer are adopted by their foster carers (A5 via RNE T: no change
    # of carer, so the long-term stability plan is undisturbed and both readings of A7
    # agree); last, babies in care 100-180 days by early permanence (placed with their
    # fostering-for-adoption carers, who adopt them).
    candidates = [
        p
        for p in leavers
        if p.rec not in NEVER_ADOPTED
        and p.adoption is None
        and p is p.child.periods[-1]  # an adopted child never comes back under this ID (199)
        and age_on(p.child.dob, p.start) < 10
        and (p.end or 0) - p.start >= MIN_EARLY_PERMANENCE_DAYS
    ]

    def days(p: Period) -> int:
        return (p.end or 0) - p.start

    tiers: list[tuple[list[Period], Callable[[random.Random, Period], Adoption]]] = [
        ([p for p in candidates if MIN_ADOPTION_DAYS <= days(p) < LONG_STAY_DAYS], _fitted_plan),
        (
            [
                p
                for p in candidates
                if days(p) >= LONG_STAY_DAYS
                and age_on(p.child.dob, p.end or 0) < MAX_FOSTER_ADOPTION_AGE
            ],
            _foster_carer_plan,
        ),
        (
            [
                p
                for p in candidates
                if days(p) < MIN_ADOPTION_DAYS and age_on(p.child.dob, p.start) < 2
            ],
            _early_permanence_plan,
        ),
    ]
    short = want - len(now)
    for group, planner in tiers:
        rng.shuffle(group)
        group.sort(key=lambda p: (age_on(p.child.dob, p.start) // 2, p.rec in SGO))
        for period in group[:short]:
            period.adoption = planner(rng, period)
            routes.adopted(rng, period)
        short -= min(short, len(group))


LONG_STAY_DAYS = 900
"""Periods this long (about 2.5 years) are adopted by their foster carers when converted."""
MAX_FOSTER_ADOPTION_AGE = 13
"""A converted long stay is adopted only if the child is under this age when it ends."""


def _foster_carer_plan(rng: random.Random, period: Period) -> Adoption:
    """Adoption by the foster carers, late in a long period: decision, placement order,
    match and the move to A5 (same carer) each before the next, placed 75-270 days before
    the order."""
    plan = routes.adoption_plan(rng, period.start)
    end = period.end or 0
    plan.with_foster_carer = True
    plan.placed = end - rng.randint(75, 270)
    plan.match = plan.placed - rng.randint(14, 45)
    plan.order = plan.match - rng.randint(0, 90)
    plan.decision = plan.order - rng.randint(20, 110)
    return plan


MIN_ADOPTION_DAYS = 180
"""The shortest period a fitted adoption plan is given (placed at least 75 days before the
order, like every synthetic adoption)."""
MIN_EARLY_PERMANENCE_DAYS = 100
"""The shortest period an early-permanence adoption is given (placed 75+ days before)."""


def _fitted_plan(rng: random.Random, period: Period) -> Adoption:
    """The usual adoption timeline if it fits inside the period, else one squeezed into it."""
    end = period.end or 0
    for _ in range(10):
        plan = routes.adoption_plan(rng, period.start)
        if plan.placed is not None and plan.placed + 75 <= end:
            return plan
    span = end - period.start
    plan.decision = period.start + span * 3 // 10
    plan.order = plan.decision + span // 12
    plan.match = plan.order + 1
    plan.placed = plan.match + 14
    return plan


def _early_permanence_plan(rng: random.Random, period: Period) -> Adoption:
    """A baby placed early with carers approved to foster and adopt (A5 via RNE T, no
    change of carer): decision, placement order and match in the first weeks, and the
    order 75-90 days after the placement (the law needs 10 weeks' living together)."""
    plan = routes.adoption_plan(rng, period.start)
    end = period.end or 0
    plan.with_foster_carer = True
    plan.placed = end - rng.randint(75, min(90, end - period.start - 25))
    plan.match = plan.placed - rng.randint(0, 5)
    plan.order = plan.match - rng.randint(1, 5)
    plan.decision = period.start + rng.randint(5, max(5, plan.order - period.start - 10))
    return plan


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

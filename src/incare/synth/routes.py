"""How a period of care begins and ends: age at entry, the route out, and its timing.

The mix follows the national picture (EES 2024): about a fifth of starts are babies, a
third are 10-15; adoption and special guardianship are young children's routes out,
returning home is the commonest, and most teenagers who stay leave at 18.
"""

from __future__ import annotations

import math
import random

from incare.synth.dates import Day, age_on, birthday
from incare.synth.model import Adoption, Child, Period
from incare.synth.people import Chooser

ENTRY_AGE = Chooser({"0": 20.0, "1-4": 15.0, "5-9": 17.0, "10-15": 33.0, "16-17": 15.0})
_ROUTES = {
    "0": Chooser({"adopt": 30, "sgo": 22, "home": 30, "eighteen": 12, "other": 6}),
    "1-4": Chooser({"adopt": 22, "sgo": 22, "home": 36, "eighteen": 15, "other": 5}),
    "5-9": Chooser({"adopt": 2, "sgo": 14, "home": 46, "eighteen": 30, "other": 8}),
    "10-15": Chooser({"sgo": 4, "home": 47, "eighteen": 30, "early": 7, "other": 12}),
    "16-17": Chooser({"home": 33, "eighteen": 52, "early": 5, "other": 10}),
}
_ADOPT_SHARE = {
    b: _ROUTES[b].cum[_ROUTES[b].items.index("adopt")] / _ROUTES[b].total for b in ("0", "1-4")
}
"""England's share of adoption routes, by age band on entry (adopt is listed first)."""
MAX_ADOPT_SHARE = 0.8
UASC_ROUTES = Chooser({"eighteen": 78.0, "transfer": 17.0, "other": 5.0})
HOME_REC = Chooser({"E4A": 60, "E4B": 10, "E13": 20, "E41": 10})
SGO_REC = Chooser({"E45": 30, "E46": 10, "E47": 45, "E48": 15})
EIGHTEEN_REC = Chooser({"E17": 28, "E5": 38, "E6": 6, "E8": 20, "E13": 8})
UASC_EIGHTEEN_REC = Chooser({"E17": 12, "E5": 55, "E6": 10, "E8": 23})
EARLY_REC = Chooser({"E5": 30, "E13": 25, "E4A": 30, "E8": 15})
OTHER_REC = Chooser({"E8": 45, "E9": 15, "E14": 15, "E16": 10, "E41": 13, "E2": 2})
CIN = Chooser({"N1": 64, "N2": 3, "N3": 3, "N4": 7, "N5": 13, "N6": 2, "N7": 0.3, "N8": 7.7})
CIN_UASC = Chooser({"N8": 95, "N4": 5})


def band(age: int) -> str:
    if age < 1:
        return "0"
    if age < 5:
        return "1-4"
    if age < 10:
        return "5-9"
    return "10-15" if age < 16 else "16-17"


def entry_dob(rng: random.Random, start: Day, *, uasc: bool) -> Day:
    """A date of birth giving a realistic age on entry (many babies come in at birth)."""
    if uasc:
        years = 14 + rng.random() * 3.6 if rng.random() < 0.9 else 11 + rng.random() * 3
        return start - int(years * 365.25)
    group = ENTRY_AGE(rng)
    if group == "0":
        days = rng.randint(0, 14) if rng.random() < 0.45 else rng.randint(15, 360)
        return start - days
    low, high = {"1-4": (1, 5), "5-9": (5, 10), "10-15": (10, 16), "16-17": (16, 17.8)}[group]
    return start - int((low + rng.random() * (high - low)) * 365.25) - 1


def plan_period(
    rng: random.Random, child: Child, start: Day, *, adopt_factor: float = 1.0
) -> Period:
    """Choose how this period will end and when.

    ``adopt_factor`` scales the young (under 5) children's chance of an adoption route: an
    authority that adopts twice England's share of its leavers plans twice as many. The
    leaving quotas (``leaving``) then settle the exact share; without this a high-adoption
    year had too few young leavers to turn into adoptions (Kent 2019, Blackpool 2020).
    """
    age = age_on(child.dob, start)
    eighteen = birthday(child.dob, 18)
    route = UASC_ROUTES(rng) if child.uasc else _ROUTES[band(age)](rng)
    if adopt_factor > 1 and not child.uasc and band(age) in _ADOPT_SHARE and route != "adopt":
        base = _ADOPT_SHARE[band(age)]
        wanted = min(MAX_ADOPT_SHARE, base * adopt_factor)
        if rng.random() < (wanted - base) / (1 - base):
            route = "adopt"
    if route in ("early",) and age >= 17:
        route = "eighteen"
    cin = CIN_UASC(rng) if child.uasc else CIN(rng)
    period = Period(child=child, start=start, end=None, route=route, rec="", cin=cin)
    if route == "adopt":
        _plan_adoption(rng, period)
    elif route == "home":
        period.end = start + max(2, int(math.exp(rng.gauss(math.log(150), 1.2))))
        period.rec = HOME_REC(rng)
    elif route == "sgo":
        period.end = start + rng.randint(240, 1100)
        period.rec = SGO_REC(rng)
    elif route == "early":
        period.end = max(start + 30, birthday(child.dob, 16) + rng.randint(0, 600))
        period.rec = EARLY_REC(rng)
    elif route == "transfer":
        period.end = start + rng.randint(7, 60)
        period.rec = "E3"
    elif route == "other":
        period.end = start + rng.randint(30, 700)
        period.rec = "E15" if child.uasc else OTHER_REC(rng)
        if period.rec in ("E9", "E14") and age < 12:
            period.rec = "E8"
    if route == "eighteen" or (period.end is not None and period.end >= eighteen):
        _leave_at_eighteen(rng, period)
    return period


def _leave_at_eighteen(rng: random.Random, period: Period) -> None:
    period.route = "eighteen"
    period.end = birthday(period.child.dob, 18)
    period.rec = (UASC_EIGHTEEN_REC if period.child.uasc else EIGHTEEN_REC)(rng)


def _plan_adoption(rng: random.Random, period: Period) -> None:
    """Decision, placement order, match, placement and order, each after the last.

    The placement comes within about 18 months of entry and the adoption order within 9
    months of it, so a child placed for adoption is never in the long-term stability cohort
    (2.5 years in care) while placed: both readings of A7's adoption clause then agree.
    """
    period.adoption = adoption_plan(rng, period.start)
    if rng.random() < 0.08:
        _reverse_adoption(rng, period)
        return
    period.end = period.adoption.placed + rng.randint(75, 270)  # type: ignore[operator]
    adopted(rng, period)


def adoption_plan(rng: random.Random, start: Day) -> Adoption:
    """The adoption timeline of a period starting on ``start`` (see :func:`_plan_adoption`)."""
    decision = start + rng.randint(120, 330)
    order = decision + rng.randint(20, 110)
    match = order + rng.randint(0, 90)
    placed = match + rng.randint(14, 45)
    with_carer = rng.random() < 0.16
    adopters = 1 if rng.random() < 0.13 else 2
    if adopters == 1:
        sex, status = rng.choice(("F1", "F1", "F1", "M1")), "L0"
    else:
        sex = rng.choices(("MF", "MM", "FF"), weights=(84, 8, 8))[0]
        status = "L11" if sex == "MF" and rng.random() < 0.7 else rng.choice(("L2", "L12"))
        if status == "L12" and sex == "MF":
            status = "L2"
    return Adoption(
        decision=decision,
        order=order,
        match=match,
        placed=placed,
        with_foster_carer=with_carer,
        adopters=adopters,
        sex_adoptr=sex,
        ls_adoptr=status,
    )


def adopted(rng: random.Random, period: Period) -> None:
    """The period ends in an adoption order: E11/E12, and the move to the adopters."""
    adoption = period.adoption
    if adoption is None or adoption.placed is None:
        raise ValueError("no adoptive placement")
    period.route = "adopt"
    period.rec = "E11" if rng.random() < 0.35 else "E12"
    if not adoption.with_foster_carer:
        period.forced.append((adoption.placed, "adopt"))


def _reverse_adoption(rng: random.Random, period: Period) -> None:
    """The plan changes before placement: special guardianship or long-term care instead."""
    adoption = period.adoption
    if adoption is None:
        raise ValueError("no adoption plan to reverse")
    reason = rng.choice(("RD1", "RD2", "RD3", "RD3", "RD4"))
    if reason == "RD2":
        adoption.reversed_on = adoption.decision + rng.randint(20, 110)
        adoption.order = None
    else:
        adoption.reversed_on = adoption.order + rng.randint(60, 300)  # type: ignore[operator]
    adoption.reversed_reason = reason
    adoption.match = adoption.placed = None
    if rng.random() < 0.6:
        period.route, period.rec = "sgo", rng.choice(("E45", "E47", "E47"))
        period.end = adoption.reversed_on + rng.randint(120, 500)
    else:
        _leave_at_eighteen(rng, period)


def reentry_gap(rng: random.Random) -> int:
    """Days between returning home and coming back into care as drawn (median about 10
    months); :func:`incare.synth.population.earliest_return` then holds the return to the
    collection year after next at the earliest."""
    return max(45, int(math.exp(rng.gauss(math.log(300), 0.9))))

"""Who the children are: identifiers, sex, ethnicity, UPN and home postcode, all synthetic."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from incare.synth.dates import Day
from incare.synth.model import Child

# Ethnicity mix of children in care in England (EES 2024: ~71% White, 11% Mixed, 7% Black,
# 5% Asian, 5% other, 1% not known). UASC come mostly from Africa, Afghanistan and Albania.
_ETHNIC = {
    "WBRI": 66.0,
    "WIRI": 0.5,
    "WIRT": 0.5,
    "WOTH": 3.5,
    "WROM": 0.8,
    "MWBC": 3.8,
    "MWBA": 1.4,
    "MWAS": 1.6,
    "MOTH": 4.0,
    "AIND": 0.5,
    "APKN": 1.5,
    "ABAN": 0.6,
    "AOTH": 1.0,
    "BCRB": 1.0,
    "BAFR": 2.2,
    "BOTH": 1.2,
    "CHNE": 0.2,
    "OOTH": 2.5,
    "REFU": 0.2,
    "NOBT": 0.8,
}
_ETHNIC_UASC = {"BAFR": 34.0, "AOTH": 22.0, "OOTH": 24.0, "WOTH": 10.0, "BOTH": 10.0}

# Postcodes are fake: real outward codes around Warrington, random inward parts. PR1 (own
# provision) placements use the home authority's codes, others may be anywhere nearby.
HOME_OUTWARD = ("WA1", "WA2", "WA3", "WA4", "WA5", "WA13")
AWAY_OUTWARD = (
    "WA7",
    "WA8",
    "WA9",
    "WA10",
    "WA11",
    "WN1",
    "WN2",
    "WN4",
    "CW1",
    "CW9",
    "CH1",
    "CH2",
    "M5",
    "M8",
    "M14",
    "M22",
    "M33",
    "L4",
    "L9",
    "L11",
    "BL1",
    "BL3",
    "OL1",
    "SK1",
    "PR1",
)
# Further afield (all more than 20 miles from any home code, two in Wales): children's homes
# and specialist placements. FAR_SHARE of out-of-area placements go there at first; the
# share of children in care at 31 March placed more than 20 miles away outside the
# authority is then met by quota (synth.location, LAIT LACDistance).
FAR_OUTWARD = ("LA1", "BB1", "FY1", "ST4", "SY1", "LL11", "LL18", "HD1", "LS6", "B15")
FAR_SHARE = 0.5
WALES_OUTWARD = frozenset(("LL11", "LL18"))
"""The outward codes above that are in Wales (where Ofsted registers no provider)."""
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters real inward codes use (no C, I, K, M, O, V)
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE check letters: no I, O or S


class Chooser:
    """Weighted choice from a fixed table, with the cumulative weights computed once."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        self.cum = list(accumulate(weights.values()))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.total)]


ETHNIC = Chooser(_ETHNIC)
ETHNIC_UASC = Chooser(_ETHNIC_UASC)


def child_id(n: int) -> str:
    return f"C{n:07d}"


def postcode(rng: random.Random, *, home: bool) -> str:
    if home:
        outward = rng.choice(HOME_OUTWARD)
    else:
        outward = rng.choice(FAR_OUTWARD if rng.random() < FAR_SHARE else AWAY_OUTWARD)
    return postcode_in(rng, outward)


def in_wales(postcode: str) -> bool:
    return postcode.split()[0] in WALES_OUTWARD


def postcode_in(rng: random.Random, outward: str) -> str:
    """A made-up postcode in ``outward`` (a real outward code, random inward part)."""
    letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"{outward} {rng.randint(1, 9)}{letters}"


def upn(rng: random.Random, *, la_code: str) -> str:
    """A UPN in the DfE format with a correct check letter (school number 9xxx: fictitious)."""
    digits = f"{la_code}9{rng.randint(0, 999):03d}{rng.randint(5, 24):02d}{rng.randint(0, 999):03d}"
    total = sum(int(ch) * weight for ch, weight in zip(digits, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23] + digits


def _unique_upn(rng: random.Random, given: set[str], *, la_code: str) -> str:
    """A UPN no other child has: a UPN identifies one pupil (rule 444)."""
    while True:
        candidate = upn(rng, la_code=la_code)
        if candidate not in given:
            given.add(candidate)
            return candidate


def sex(rng: random.Random, *, uasc: bool) -> int:
    return 1 if rng.random() < (0.93 if uasc else 0.55) else 2


def ethnicity(rng: random.Random, *, uasc: bool) -> str:
    return (ETHNIC_UASC if uasc else ETHNIC)(rng)


def mother_on(rng: random.Random, dob: Day, *, sex: int, in_care_from: Day) -> Day | None:
    """Some girls in care are mothers (about 2% of 12+); their first child born at 14-17."""
    if sex != 2 or rng.random() > 0.04:
        return None
    born = dob + rng.randint(14 * 365 + 10, 17 * 365 + 300)
    return max(born, in_care_from - 400)


def describe(children: list[Child], rng: random.Random, *, la_code: str) -> None:
    """Give the children who appear in the output their identities, in a fixed order.

    Done after the simulation, and only for the children written out, because most
    simulated children (the warm-up years) never appear.
    """
    given: set[str] = set()
    for n, child in enumerate(children, start=1):
        child.id = child_id(n)
        child.sex = sex(rng, uasc=child.uasc)
        child.ethnic = ethnicity(rng, uasc=child.uasc)
        child.upn = "UN2" if child.uasc else _unique_upn(rng, given, la_code=la_code)
        # An unaccompanied child has no home address here: no home postcode, so no distance
        # from home is derived (rule 406; 392a/392b leave such children out).
        child.home_post = "" if child.uasc else postcode(rng, home=True)
        first_in = min([p.start for p in child.periods] + [s for s, _ in child.respite])
        child.mother_on = mother_on(rng, child.dob, sex=child.sex, in_care_from=first_in)

"""Placement types, providers, postcodes and URNs, chosen to respect the 903 rules.

Rules kept here: PR0 only with P1 (550) and P1 only with PR0 (527-531); PR3 never with
foster, adoption or children's homes (529); H5/P2/K3 only from 16 (371); P1 never under
section 20 (378); URN "XXXXXXX" where one is required (218), none where it is not (222);
temporary placements have no provider or URN (213) but a postcode, the place the child
stays (169, 179, 392a, 392b: only short breaks have none, 214); home and placement
postcodes differ except for P1 (392d); own provision (PR1) is inside the authority (1015);
Z1 has no provider (178); "XXXXXXX" only for foster and adoption placements, a synthetic Ofsted
URN for homes and supported accommodation (242); H5/P2 recorded as K3 from 2025 (218, 503D).
"""

from __future__ import annotations

import random
import zlib
from functools import cache

from incare.ssda903.spec import load_spec
from incare.synth import people
from incare.synth.people import Chooser

NO_URN = frozenset(("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"))
AGENCY_URN = frozenset(("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"))  # 242
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
INDEPENDENT = ("H5", "P2", "K3")
# No new independent living (P2) placements from the 2023 collection: a 16-year-old placed
# before then is 18 by 31 March 2024, so no P2 is open when the 2025 return records it as K3,
# a change of placement type 503D does not allow (only H5 -> K3); it also anticipates the
# October 2023 ban on placing under-18s anywhere but registered supported accommodation.
P2_UNTIL = 2023

_YOUNG = Chooser({"U6": 62, "U3": 22, "U4": 6, "U1": 3, "R3": 2, "K2": 1, "U5": 4})
_CHILD = Chooser({"U6": 55, "U3": 17, "U4": 12, "U1": 4, "K2": 8, "S1": 2, "R1": 1, "Z1": 1})
_OLDER = Chooser({"U6": 30, "U4": 10, "U3": 8, "K2": 22, "H5": 26, "P2": 2, "K1": 1, "Z1": 1})
_UASC = Chooser({"H5": 50, "U6": 40, "K2": 10})
_LAST_FOSTER = Chooser({"U4": 40, "U6": 30, "U1": 15, "U3": 15})
_SGO_RELATIVE = Chooser({"U3": 60, "U1": 40})
_SGO_OTHER = Chooser({"U6": 60, "U4": 40})
_PRE_ADOPTION = Chooser({"U5": 45, "U6": 40, "U2": 10, "U3": 5})
_FOSTER_PROVIDER = Chooser({"PR1": 62, "PR4": 34, "PR5": 4})
_HOME_PROVIDER = Chooser({"PR4": 75, "PR1": 18, "PR5": 7})
_SUPPORTED_PROVIDER = Chooser({"PR4": 60, "PR1": 28, "PR5": 12})
_ADOPTION_PROVIDER = Chooser({"PR1": 55, "PR2": 30, "PR5": 15})
REASONS = Chooser(
    {
        "CARPL": 40,
        "CREQB": 12,
        "CREQO": 10,
        "CHILD": 8,
        "LAREQ": 8,
        "STAND": 4,
        "ALLEG": 3,
        "CLOSE": 3,
        "APPRR": 2,
        "OTHER": 10,
    }
)


def choose(rng: random.Random, *, age: int, uasc: bool, year: int) -> str:
    """An ordinary placement for a child of this age."""
    if uasc:
        place = _UASC(rng) if age >= 16 else "U6"
    elif age < 5:
        place = _YOUNG(rng)
    elif age < 16:
        place = _CHILD(rng)
        if place in ("K2", "S1") and age < 8:
            place = "U6"
    else:
        place = _OLDER(rng)
    if place == "H5" and year >= 2025 and rng.random() < 0.3:
        place = "K3"  # registered supported accommodation, from the 2025 collection
    if place == "P2" and year >= P2_UNTIL:
        place = "H5"
    return place


def last_foster(rng: random.Random, rec: str) -> str:
    """The placement a period must end in: SGO to foster carers (516), staying put."""
    if rec == "E45":
        return _SGO_RELATIVE(rng)
    if rec == "E46":
        return _SGO_OTHER(rng)
    return _LAST_FOSTER(rng)


def pre_adoption(rng: random.Random) -> str:
    return _PRE_ADOPTION(rng)


def independent(rng: random.Random, *, age: int, year: int) -> str:
    if year >= 2025 and rng.random() < 0.3:
        return "K3"
    return "P2" if age >= 17 and rng.random() < 0.15 and year < P2_UNTIL else "H5"


# Codes the 2026 collection withdrew, and what a case system re-codes them to: 16-17-year-olds
# in semi-independent or independent living are now in registered supported accommodation
# (K3, which needs a URN); "other placements" Z1 became Z11-Z14, which take no provider
# (validator rule 178) and no URN.
_SUCCESSORS = {"H5": "K3", "P2": "K3", "Z1": "Z11"}
# Supported accommodation has been registered with Ofsted since October 2023: from the 2025
# collection (when K3 came in) H5/P2 placements are recorded as K3, the one change of placement
# type rule 503D allows between 2024 and 2025 (H5 -> K3), so that a 2025 return never holds an
# open H5 that 2026 would have to re-code. The accommodation's URN is recorded from the first
# year a URN is allowed for the type (222: H5 from 2024, P2 from 2025), so 503F sees it unchanged.
_SUPPORTED_FROM = 2025
_URN_FROM = {"H5": 2024, "P2": 2025}


@cache
def _valid_places(year: int) -> frozenset[str]:
    return frozenset(load_spec().codes("episodes", "PLACE", year))


def as_recorded_in(
    year: int, place: str, provider: str | None, urn: str | None
) -> tuple[str, str | None, str | None]:
    """A placement as the ``year`` return records it, re-coding withdrawn placement types."""
    if place in _URN_FROM and year >= _SUPPORTED_FROM:
        return "K3", provider, urn
    if place in _URN_FROM and year < _URN_FROM[place]:
        return place, provider, None
    if place in _valid_places(year) or place not in _SUCCESSORS:
        return place, provider, urn
    successor = _SUCCESSORS[place]
    if successor == "K3":
        return successor, provider, urn or "XXXXXXX"
    return successor, None, None


def provider(rng: random.Random, place: str) -> str | None:
    if place in TEMPORARY:
        return None
    if place == "P1":
        return "PR0"
    if place in FOSTER:
        return (
            "PR1" if place in ("U1", "U2", "U3") and rng.random() < 0.85 else _FOSTER_PROVIDER(rng)
        )
    if place in ("A5", "A6", "A3", "A4"):
        return _ADOPTION_PROVIDER(rng)
    if place == "Z1":
        return None  # "other placements" take no provider (178)
    if place in ("K1", "K2", "R1", "R3", "S1"):
        return _HOME_PROVIDER(rng)
    return _SUPPORTED_PROVIDER(rng)


def location(
    rng: random.Random, place: str, provider_code: str | None, *, home_post: str
) -> tuple[str | None, str | None]:
    """(PL_POST, URN) for a placement."""
    if place in TEMPORARY:
        return temporary_postcode(rng, home_post=home_post), None
    if place == "P1":
        return home_post, None
    post = home_post
    while post == home_post:
        post = people.postcode(rng, home=provider_code == "PR1" or rng.random() < 0.45)
    return post, urn(place, post)


def temporary_postcode(rng: random.Random, *, home_post: str) -> str:
    """Where a child stays for a few days (a respite carer, a hospital): near home, inside
    the authority, and never the home address itself (392d)."""
    post = home_post
    while post == home_post:
        post = people.postcode(rng, home=True)
    return post


def urn(place: str, pl_post: str | None) -> str | None:
    """The placement's Ofsted URN (218, 222, 242): none where not required; "XXXXXXX" only for
    foster and adoption placements (the carer has none); otherwise a fictitious URN, derived
    from the placement so that it is the same in every year's return (503F) without drawing
    from the random stream: "SC" and six digits for a children's home, seven digits from
    2000000 for supported accommodation (Ofsted's newer numbering). A placement in Wales has
    none: Ofsted registers providers in England only (243; 218 does not ask for one)."""
    if place in NO_URN or (pl_post is not None and people.in_wales(pl_post)):
        return None  # not registered with Ofsted: outside England none is (243)
    if place in AGENCY_URN:
        return "XXXXXXX"
    n = zlib.crc32(f"{place}:{pl_post}".encode()) % 1_000_000
    return f"2{n:06d}" if place in ("H5", "P2", "K3") else f"SC{n:06d}"

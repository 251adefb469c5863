"""The postcode reference written beside a synthetic store (``DIR/postcodes.csv``).

It covers every HOME_POST and PL_POST the store holds, in the simple layout
``postcode,la_code,easting,northing`` that :func:`incare.geography.load_postcodes` reads, so
the placement-location indicators (§A4, §A5) work on synthetic data. The outward codes are
real ones around Warrington (see ``people``); the reference places each at roughly its real
centre on the OS grid, and each invented inward part a little way from it, by a hash of the
postcode rather than a random draw so that the store's other contents do not change. The
home authority's outward codes carry the ``--like`` authority's ONS code (whatever it is:
the geography is borrowed), the others their real authority's.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from incare.indicators.populations import population_table
from incare.synth import people

POSTCODES_FILE = "postcodes.csv"
SPREAD_METRES = 1500
"""How far an invented postcode may lie from its outward code's centre, east and north."""

HOME = None
"""Marks the home authority's outward codes: their LA code is the --like authority's."""

# Outward code -> (ONS code of the upper-tier authority, easting, northing of a rough centre).
CENTRES: dict[str, tuple[str | None, int, int]] = {
    "WA1": (HOME, 360900, 388300),
    "WA2": (HOME, 360500, 390800),
    "WA3": (HOME, 363500, 393500),
    "WA4": (HOME, 361500, 385500),
    "WA5": (HOME, 357500, 389500),
    "WA13": (HOME, 369000, 387800),
    "WA7": ("E06000006", 353000, 381000),  # Halton
    "WA8": ("E06000006", 351500, 386000),
    "WA9": ("E08000013", 353000, 394000),  # St Helens
    "WA10": ("E08000013", 350500, 395500),
    "WA11": ("E08000013", 355500, 398500),
    "WN1": ("E08000010", 358500, 406000),  # Wigan
    "WN2": ("E08000010", 361500, 404000),
    "WN4": ("E08000010", 357500, 400000),
    "CW1": ("E06000049", 370500, 356000),  # Cheshire East
    "CW9": ("E06000050", 366000, 374000),  # Cheshire West and Chester
    "CH1": ("E06000050", 340000, 366500),
    "CH2": ("E06000050", 341500, 368500),
    "M5": ("E08000006", 381500, 397500),  # Salford
    "M8": ("E08000003", 384500, 400500),  # Manchester
    "M14": ("E08000003", 385000, 394500),
    "M22": ("E08000003", 383500, 386500),
    "M33": ("E08000009", 378000, 391500),  # Trafford
    "L4": ("E08000012", 336000, 394000),  # Liverpool
    "L9": ("E08000012", 336500, 397500),
    "L11": ("E08000012", 339000, 395500),
    "BL1": ("E08000001", 370500, 410500),  # Bolton
    "BL3": ("E08000001", 371500, 407500),
    "OL1": ("E08000004", 393000, 405500),  # Oldham
    "SK1": ("E08000007", 389500, 390000),  # Stockport
    "PR1": ("E10000017", 354000, 429500),  # Lancashire (county council: two-tier)
    "LA1": ("E10000017", 347800, 461500),
    "BB1": ("E06000008", 368500, 428500),  # Blackburn with Darwen
    "FY1": ("E06000009", 331000, 436000),  # Blackpool
    "ST4": ("E06000021", 388500, 344500),  # Stoke-on-Trent
    "SY1": ("E06000051", 349500, 313000),  # Shropshire
    "LL11": ("W06000006", 332500, 350500),  # Wrexham, Wales
    "LL18": ("W06000004", 301500, 381000),  # Denbighshire, Wales
    "HD1": ("E08000034", 414500, 416500),  # Kirklees
    "LS6": ("E08000035", 428500, 436500),  # Leeds
    "B15": ("E08000025", 406000, 285000),  # Birmingham
}


def _jitter(postcode: str, salt: str) -> int:
    return zlib.crc32(f"{salt}:{postcode}".encode()) % (2 * SPREAD_METRES + 1) - SPREAD_METRES


def locate(postcode: str, *, la_code: str) -> tuple[str, int, int]:
    """(ONS code of its authority, easting, northing) of a generated postcode, as the
    reference gives them; ``la_code`` is the home (``--like``) authority's ONS code."""
    code, east, north = CENTRES[postcode.split()[0]]
    return code or la_code, east + _jitter(postcode, "E"), north + _jitter(postcode, "N")


def reference(postcodes: Iterable[str | None], *, la_code: str) -> pl.DataFrame:
    """The reference rows for ``postcodes`` (blanks ignored), sorted by postcode."""
    rows = [(p, *locate(p, la_code=la_code)) for p in sorted({p for p in postcodes if p})]
    return pl.DataFrame(
        rows,
        schema={
            "postcode": pl.String,
            "la_code": pl.String,
            "easting": pl.Int64,
            "northing": pl.Int64,
        },
        orient="row",
    )


def write_reference(
    out: Path, tables: Mapping[int, Mapping[str, pl.DataFrame]], *, la_code: str
) -> Path:
    """Write ``out/postcodes.csv`` covering every HOME_POST and PL_POST in ``tables``."""
    seen: set[str | None] = set()
    for frames in tables.values():
        episodes = frames["episodes"]
        seen.update(episodes.get_column("HOME_POST").to_list())
        seen.update(episodes.get_column("PL_POST").to_list())
    path = out / POSTCODES_FILE
    reference(seen, la_code=la_code).write_csv(path)
    return path


def ons_code(la_code: str | None) -> str | None:
    """The ONS code (E06000007) of an authority known by its DfE number (877), if known."""
    if la_code is None:
        return None
    rows = population_table().filter(pl.col("old_la_code") == la_code)
    codes = rows.get_column("new_la_code").unique().to_list()
    return codes[0] if len(codes) == 1 else None


def outward_codes() -> set[str]:
    """Every outward code the generator uses: each needs a centre."""
    return set(people.HOME_OUTWARD) | set(people.AWAY_OUTWARD) | set(people.FAR_OUTWARD)

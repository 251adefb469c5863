"""``generate_store``: simulate a local authority and write its multi-year 903 store."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from incare.ssda903.spec import load_spec
from incare.ssda903.writer import write_return
from incare.synth import (
    events,
    histories,
    leaving,
    location,
    people,
    population,
    postcodes,
    stability,
)
from incare.synth.calibration import Authority, load_authority
from incare.synth.dates import Day, birthday, to_date, year_end, year_start
from incare.synth.model import Child, stream
from incare.synth.records import write_records
from incare.synth.tables import build_year

MIN_CHILDREN = 50
MAX_CHILDREN = 50_000
DEFAULT_CHILDREN = 400
"""``incare synth`` without --children or --like: a middling authority (the median area in
``data/la_rates.csv`` had about 460 children in care at 31 March 2025), and the size the
parity harness uses."""
GENERATOR = "incare synth 1"
METADATA_FILE = "incare-store.json"
FICTITIOUS_LA_CODE = "999"  # no English authority has it: used when no --like is given

Progress = Callable[[str], None]


class SynthError(ValueError):
    """The arguments cannot make a store (the message says why, for the command line)."""


@dataclass
class StoreSummary:
    folder: Path
    authority: str
    la_code: str | None
    children: int
    seed: int
    years: tuple[int, ...]
    looked_after: dict[int, int] = field(default_factory=dict)  # at 31 March, per year
    rows: dict[int, dict[str, int]] = field(default_factory=dict)  # per year, per table
    tables: dict[int, dict[str, pl.DataFrame]] = field(default_factory=dict, repr=False)


def generate_store(
    out: Path,
    *,
    children: int | None,
    years: Sequence[int],
    seed: int,
    like: str | None = None,
    progress: Progress | None = None,
) -> StoreSummary:
    """Write ``out/<year>/<table>.csv`` for each collection year and ``out/incare-store.json``.

    ``children`` is the number looked after at 31 March of the final year (None with
    ``like``: that authority's published number). Same arguments, same bytes.
    """
    say = progress or (lambda _msg: None)
    spec = load_spec()
    window = _check_years(years, spec.first_year, spec.last_year)
    authority = load_authority(like)
    size = children if children is not None else _published_size(authority, like, window)
    if not MIN_CHILDREN <= size <= MAX_CHILDREN:
        raise SynthError(f"children must be {MIN_CHILDREN} to {MAX_CHILDREN:,}, not {size:,}")
    say(f"simulating entries into care, {window[0] - population.WARM_UP_YEARS} to {window[-1]}")
    simulated = population.simulate(authority, children=size, years=window, seed=seed)
    kids = _in_window(simulated, window)
    kids += _short_break_children(size, window, seed=seed)
    kids.sort(key=lambda c: (_first_day(c), c.dob))
    people.describe(kids, stream(seed, "people"), la_code=authority.la_code or FICTITIOUS_LA_CODE)
    leaving.calibrate(kids, authority=authority, years=window, seed=seed)
    say(f"planning placements for {len(kids):,} children")
    stability.plan(kids, authority=authority, years=window, seed=seed)
    histories.build(kids, seed=seed)
    home_code = postcodes.ons_code(authority.la_code) or authority.la_code or FICTITIOUS_LA_CODE
    location.calibrate(kids, authority=authority, years=window, seed=seed, la_code=home_code)
    horizon = year_end(window[-1])
    sw_years = [y for y in window if "sw_episodes" in spec.tables_for(y)]
    dolo = _life_events(kids, authority, window, seed=seed, horizon=horizon, sw_years=sw_years)
    summary = StoreSummary(out, authority.name, authority.la_code, size, seed, tuple(window))
    out.mkdir(parents=True, exist_ok=True)
    for year in window:
        frames = build_year(
            kids,
            year=year,
            spec=spec,
            rates=authority.year(year),
            horizon=horizon,
            held_from=year_start(window[0]),
            seed=seed,
            dolo=dolo,
        )
        write_return(frames, out / str(year), year=year)
        summary.tables[year] = frames
        summary.rows[year] = {name: f.height for name, f in frames.items()}
        last = year_end(year)
        summary.looked_after[year] = sum(1 for c in kids if any(p.open_on(last) for p in c.periods))
        say(f"{year}: {summary.looked_after[year]:,} looked after at 31 March")
    postcodes.write_reference(out, summary.tables, la_code=home_code)
    write_records(out, summary.tables, seed=seed)  # visits, health, ...: DIR/__records__
    _write_metadata(out, summary, like=like)
    return summary


def _check_years(years: Sequence[int], first: int, last: int) -> range:
    chosen = sorted(set(years))
    if not chosen:
        raise SynthError("no collection years given")
    if chosen[0] < first or chosen[-1] > last:
        raise SynthError(f"collection years must be within {first} to {last}")
    if chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise SynthError("collection years must be consecutive")
    return range(chosen[0], chosen[-1] + 1)


def _published_size(authority: Authority, like: str | None, window: range) -> int:
    if like is None:
        raise SynthError("say how many children (--children), or --like an authority")
    return round(authority.year(window[-1]).cla)


def _first_day(child: Child) -> Day:
    return min([p.start for p in child.periods] + [s for s, _ in child.respite])


def _in_window(children: list[Child], window: range) -> list[Child]:
    """Children whose care touches the output years, or who are care leavers in them."""
    first = year_start(window[0])
    out = []
    for child in children:
        ends = [p.end for p in child.periods]
        in_care = any(e is None or e >= first for e in ends)
        left_after_16 = max(e or 0 for e in ends) >= birthday(child.dob, 16)
        if in_care or (birthday(child.dob, 21) >= first and left_after_16):
            out.append(child)
    return out


def _short_break_children(size: int, window: range, *, seed: int) -> list[Child]:
    """Disabled children on agreed series of short breaks (V3/V4): about 1% of the total."""
    rng = stream(seed, "short-breaks")
    first, last = year_start(window[0]) - 3 * 365, year_end(window[-1])
    out = []
    for _ in range(max(2, round(0.012 * size * (len(window) + 3) / 2.5))):
        start = rng.randint(first, last - 30)
        dob = start - rng.randint(5 * 365, 14 * 365)
        child = Child(id="", sex=0, dob=dob, ethnic="", upn="", uasc=False, home_post="")
        end = min(start + rng.randint(365, 4 * 365), birthday(dob, 18) - 30)
        events.short_breaks(rng, child, start, end)
        child.respite_ls = "V3" if rng.random() < 0.7 else "V4"
        places = 1 if child.respite_ls == "V3" else 2
        child.respite_places = [
            (rng.choice(("K2", "U6")), people.postcode(rng, home=True)) for _ in range(places)
        ]
        out.append(child)
    return out


def _life_events(
    kids: list[Child],
    authority: Authority,
    window: range,
    *,
    seed: int,
    horizon: Day,
    sw_years: list[int],
) -> dict[str, list[tuple[Day, Day | None]]]:
    rng = stream(seed, "events")
    counter = [0]
    dolo: dict[str, list[tuple[Day, Day | None]]] = {}
    since = year_start(2026)
    for child in kids:
        if not child.periods:
            continue
        events.reviews(rng, child)
        events.social_workers(rng, child, counter, horizon=horizon)
        if horizon >= since:
            dolo[child.id] = events.deprivations(rng, child, since=since, horizon=horizon)
        # Any previous permanence order was made before the child first came into care, so
        # it is before every episode a return holds (632).
        first_in = child.periods[0].start
        for period in child.periods:
            child.prev_perm[period.start] = _previous_permanence(rng, first_in, child.dob)
    sw_rng = stream(seed, "social-workers")
    for year in sw_years:
        events.calibrate_social_workers(
            sw_rng, kids, counter, year=year, percent=authority.year(year).sw_changes_3plus_pct
        )
    for year in window:
        rates = authority.year(year)
        events.missing(rng, kids, year=year, missing_pct=rates.missing_pct, away_pct=rates.away_pct)
    return dolo


def _previous_permanence(rng: random.Random, before: Day, dob: Day) -> dict[str, str | None]:
    code = rng.choices(("Z1", "P2", "P3", "P1"), weights=(86, 6, 5, 3))[0]
    if code == "Z1" or before - dob < 400:
        return {"PREV_PERM": "Z1", "LA_PERM": None, "DATE_PERM": None}
    when = to_date(rng.randint(dob + 200, before - 100))
    la = rng.choice(("877", "876", "873", "895", "896", "358"))
    return {"PREV_PERM": code, "LA_PERM": la, "DATE_PERM": when.strftime("%d/%m/%Y")}


def _write_metadata(out: Path, summary: StoreSummary, *, like: str | None) -> None:
    meta = {
        "generator": GENERATOR,
        "seed": summary.seed,
        "children": summary.children,
        "children_means": "looked after at 31 March of the final year",
        "years": list(summary.years),
        "la_code": summary.la_code or FICTITIOUS_LA_CODE,
        "la_name": summary.authority if like else None,
        "calibrated_to": summary.authority,
        "postcodes": postcodes.POSTCODES_FILE,
        "synthetic": True,
    }
    text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
    (out / METADATA_FILE).write_text(text, encoding="utf-8")

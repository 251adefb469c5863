"""One collection year's return: what a case system would have submitted for that year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from incare.ssda903.spec import Spec
from incare.synth import outcomes, placements
from incare.synth.calibration import YearRates
from incare.synth.dates import Day, birthday, to_date, year_end, year_start
from incare.synth.model import Child, stream

Rows = list[dict[str, Any]]


def _d(day: Day | None) -> Any:
    return None if day is None else to_date(day)


def _within(day: Day | None, last: Day) -> Day | None:
    """A date after the year's end was not known when the return was made: blank."""
    return None if day is None or day > last else day


def build_year(
    children: list[Child],
    *,
    year: int,
    spec: Spec,
    rates: YearRates,
    horizon: Day,
    held_from: Day,
    seed: int,
    dolo: dict[str, list[tuple[Day, Day | None]]],
) -> dict[str, pl.DataFrame]:
    rng = stream(seed, f"year:{year}")
    first, last = year_start(year), year_end(year)
    rows: dict[str, Rows] = {name: [] for name in spec.tables_for(year)}
    sexes = spec.codes("header", "SEX", year)
    in_year = [c for c in children if _in_year(c, first, last)]
    leavers = outcomes.care_leavers(children, year, horizon=horizon)
    dob = {c.id: c.dob for c in children}
    for child in in_year:
        _child_rows(rows, child, first, last, year=year, sexes=sexes, dolo=dolo.get(child.id, []))
    in_year_ids = {c.id for c in in_year}
    for leaver in leavers:
        if leaver.child.id not in in_year_ids:
            # No motherhood details for a care leaver not looked after in the year (628).
            rows["header"].append(_header(leaver.child, sexes, mother=None))
    cohort = outcomes.oc2_cohort(children, year)
    rows["oc2"] = outcomes.oc2_rows(rng, cohort, year, rates)
    activ = list(spec.codes("oc3", "ACTIV", year))
    rows["oc3"] = outcomes.oc3_rows(rng, leavers, year, rates, activ, held_from=held_from)
    for name in ("oc2", "oc3"):
        for row in rows[name]:
            row["DOB"] = dob[row["CHILD"]]
    return {name: _frame(spec, name, r) for name, r in rows.items()}


def _in_year(child: Child, first: Day, last: Day) -> bool:
    return any(p.overlaps(first, last) for p in child.periods) or any(
        s <= last and e >= first for s, e in child.respite
    )


def _header(child: Child, sexes: dict[str, str], *, mother: int | None) -> dict[str, Any]:
    sex = str(child.sex) if "1" in sexes else ("M" if child.sex == 1 else "F")
    return {
        "CHILD": child.id,
        "SEX": sex,
        "DOB": child.dob,
        "ETHNIC": child.ethnic,
        "UPN": child.upn,
        "MOTHER": mother,
        "MC_DOB": child.mother_on if mother == 1 else None,
    }


def _child_rows(
    rows: dict[str, Rows],
    child: Child,
    first: Day,
    last: Day,
    *,
    year: int,
    sexes: dict[str, str],
    dolo: list[tuple[Day, Day | None]],
) -> None:
    cid, dob = child.id, child.dob
    episodes = [
        e
        for p in child.periods
        for e in p.episodes
        if e.decom <= last and (e.dec is None or e.dec >= first)
    ]
    mother = None
    if episodes and child.sex == 2:
        ended = [e.dec for e in episodes if e.dec is not None and e.rec != "X1" and e.dec <= last]
        still_in = any(e.dec is None or e.dec > last for e in episodes)
        limit = last if still_in or not ended else max(ended)
        mother = int(child.mother_on is not None and child.mother_on <= limit)
    header = _header(child, sexes, mother=mother)
    if child.upn != "UN2" and birthday(dob, 4) > year_start(year - 1) + 152:  # 31 Aug, 209
        header["UPN"] = "UN1"  # not yet of school age: no UPN allocated
    rows["header"].append(header)
    for e in episodes:
        dec = _within(e.dec, last)
        place, provider, urn = placements.as_recorded_in(year, e.place, e.provider, e.urn)
        rows["episodes"].append(
            {
                "CHILD": cid,
                "DECOM": e.decom,
                "RNE": e.rne,
                "LS": e.ls,
                "CIN": _cin(child, e.decom),
                "PLACE": place,
                "PLACE_PROVIDER": provider,
                "DEC": dec,
                "REC": e.rec if dec is not None else None,
                "REASON_PLACE_CHANGE": e.reason if dec is not None else None,
                "HOME_POST": child.home_post or None,  # none for UASC (406)
                "PL_POST": e.pl_post,
                "URN": urn,
            }
        )
    for n, (came, went) in enumerate(child.respite):
        if came <= last and went >= first:
            place, post = child.respite_places[n % len(child.respite_places)]
            rows["episodes"].append(_respite_episode(child, came, _within(went, last), place, post))
    if child.uasc and episodes:
        rows["uasc"].append({"CHILD": cid, "SEX": header["SEX"], "DOB": dob, "DUC": _duc(dob)})
    for held, code in child.reviews:
        if first <= held <= last:
            rows["reviews"].append({"CHILD": cid, "DOB": dob, "REVIEW": held, "REVIEW_CODE": code})
    for kind, start, end in child.missing:
        if start <= last and (end is None or end >= first):
            rows["missing"].append(
                {
                    "CHILD": cid,
                    "DOB": dob,
                    "MISSING": kind,
                    "MIS_START": start,
                    "MIS_END": _within(end, last),
                }
            )
    if "sw_episodes" in rows and episodes:
        for worker, start, end, reason in child.social_workers:
            if start <= last and (end is None or end >= first):
                rows["sw_episodes"].append(
                    {
                        "CHILD": cid,
                        "DOB": dob,
                        "SW_ID": worker,
                        "SW_DECOM": start,
                        "SW_DEC": _within(end, last),
                        "SW_REASON": reason,
                    }
                )
    if "dolo" in rows:
        for start, end in dolo:
            if start <= last and (end is None or end >= first):
                rows["dolo"].append(
                    {"CHILD": cid, "DOB": dob, "DOLO_START": start, "DOLO_END": _within(end, last)}
                )
    _adoption_rows(rows, child, first, last)
    _previous_permanence(rows, child, first, last)


def _duc(dob: Day) -> Day:
    """UASC status ceases on the 18th birthday (304, 205B); born 29 February: 28 February,
    as a later day (the 1 March birthday in law) would be after DOB + 18 years."""
    duc = birthday(dob, 18)
    born = to_date(dob)
    return duc - 1 if (born.month, born.day) == (2, 29) and to_date(duc).month == 3 else duc


def _cin(child: Child, decom: Day) -> str:
    """Category of need at the start of the period the episode belongs to (504)."""
    for p in child.periods:
        if p.start <= decom and (p.end is None or decom <= p.end):
            return p.cin
    return child.periods[0].cin if child.periods else "N2"


def _respite_episode(
    child: Child, start: Day, end: Day | None, place: str, post: str
) -> dict[str, Any]:
    return {
        "CHILD": child.id,
        "DECOM": start,
        "RNE": "S",
        "LS": child.respite_ls,
        "CIN": "N2",
        "PLACE": place,
        "PLACE_PROVIDER": "PR1",
        "DEC": end,
        "REC": "E4A" if end else None,
        "REASON_PLACE_CHANGE": None,
        # No placement location for short breaks, V3/V4 (214), and no postcodes (398).
        "HOME_POST": None,
        "PL_POST": None,
        "URN": None,
    }


def _adoption_rows(rows: dict[str, Rows], child: Child, first: Day, last: Day) -> None:
    for p in child.periods:
        a = p.adoption
        if a is None or a.decision > last or (p.end is not None and p.end < first):
            continue
        if a.reversed_on is not None and a.reversed_on < first:
            continue
        ceased = a.reversed_on if a.reversed_on is not None and a.reversed_on <= last else None
        rows["placed_for_adoption"].append(
            {
                "CHILD": child.id,
                "DOB": child.dob,
                "DATE_PLACED": a.decision,
                "DATE_PLACED_CEASED": ceased,
                "REASON_PLACED_CEASED": a.reversed_reason if ceased else None,
            }
        )
        if p.end is not None and first <= p.end <= last and p.rec in ("E11", "E12"):
            rows["ad1"].append(
                {
                    "CHILD": child.id,
                    "DOB": child.dob,
                    "DATE_INT": a.decision,
                    "DATE_MATCH": a.match,
                    "FOSTER_CARE": int(a.with_foster_carer),
                    "NB_ADOPTR": a.adopters,
                    "SEX_ADOPTR": a.sex_adoptr,
                    "LS_ADOPTR": a.ls_adoptr,
                }
            )


def _previous_permanence(rows: dict[str, Rows], child: Child, first: Day, last: Day) -> None:
    """One row for a child with any RNE=S episode starting in the year (630), short breaks
    included: a child only ever on short breaks has no previous permanence option (Z1)."""
    for p in child.periods:
        if first <= p.start <= last:
            perm = child.prev_perm[p.start]
            rows["previous_permanence"].append({"CHILD": child.id, "DOB": child.dob, **perm})
            return
    if any(first <= came <= last for came, _ in child.respite):
        none: dict[str, Any] = {"PREV_PERM": "Z1", "LA_PERM": None, "DATE_PERM": None}
        rows["previous_permanence"].append({"CHILD": child.id, "DOB": child.dob, **none})


def _frame(spec: Spec, name: str, rows: Iterable[dict[str, Any]]) -> pl.DataFrame:
    table = spec.tables[name]
    columns: dict[str, list[Any]] = {c: [] for c in table.column_names}
    for row in rows:
        for col in table.column_names:
            columns[col].append(row.get(col))
    data = {}
    for column in table.columns:
        values = columns[column.name]
        if column.type == "date":
            values = [_d(v) for v in values]
        data[column.name] = pl.Series(column.name, values, dtype=column.dtype)
    frame = pl.DataFrame(data, schema=table.schema())
    return frame.sort([k for k in table.key if k in frame.columns], maintain_order=True)

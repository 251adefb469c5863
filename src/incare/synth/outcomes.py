"""Per-year outcome tables: OC2 (12 months in care), OC3 (care leavers), adoption tables.

The published rates are met by quota, not by chance: exactly round(rate x cohort) children
get the outcome, so even a small authority matches its figures to the nearest child.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from incare.synth.calibration import YearRates
from incare.synth.dates import Day, age_on, birthday, year_end, year_start
from incare.synth.model import Child
from incare.synth.people import Chooser

EET_CODES = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
NEET_CODES = ("G4", "G5", "G6")
_SUITABLE = Chooser(
    {
        "U1": 30,
        "D1": 20,
        "E1": 8,
        "T1": 7,
        "B1": 15,
        "K1": 6,
        "C1": 4,
        "Y1": 4,
        "V1": 1,
        "W1": 1,
        # No S1 or X1: homelessness and custody are never suitable (validator rule 133).
    }
)
_UNSUITABLE = Chooser({"U2": 25, "S2": 20, "V2": 15, "W2": 10, "B2": 10, "X2": 10, "K2": 10})
_SDQ_REASON = Chooser({"SDQ4": 40, "SDQ2": 25, "SDQ5": 25, "SDQ3": 10})


def quota(rng: random.Random, items: list[str], rate_pct: float) -> set[str]:
    """Exactly round(rate x n) of the items, chosen at random."""
    want = round(rate_pct / 100 * len(items))
    return set(rng.sample(items, min(want, len(items))))


def oc2_cohort(children: list[Child], year: int) -> list[Child]:
    """Looked after continuously for 12 months at 31 March, as the DfE validation rules
    define it (rule 191 asks an OC2 row of each): in care during the year, with no period
    starting after 1 April or ending before 31 March, and no short break. A child who came
    in on 1 April or left on 31 March itself counts."""
    first, last = year_start(year), year_end(year)
    out = []
    for child in children:
        periods = [p for p in child.periods if p.overlaps(first, last)]
        whole_year = (
            len(periods) == 1
            and periods[0].start <= first
            and (periods[0].end is None or periods[0].end >= last)
        )
        breaks = any(first <= s <= last or first <= e <= last for s, e in child.respite)
        if whole_year and not breaks:
            out.append(child)
    return out


def oc2_rows(rng: random.Random, cohort: list[Child], year: int, rates: YearRates) -> list[dict]:
    """One row per child; each published OC2 figure is met by quota on its own cohort.

    Health assessments, dental checks, immunisations and substance misuse are percentages
    of the whole cohort; convictions of those aged 10 to 17 on 31 March; the SDQ figure is
    the mean score of those aged 5 to 16 with one (scores are nudged to that mean).
    """
    first, last = year_start(year), year_end(year)
    # The quotas are of the children the indicators count, still in care at 31 March (§0);
    # one who left on 31 March itself has an OC2 row too (191), with items drawn at the rates.
    ids = [c.id for c in cohort if any(p.open_on(last) for p in c.periods)]
    age = {c.id: age_on(c.dob, last) for c in cohort}
    counted = set(ids)  # once: rebuilt per child, it made this quadratic in the cohort
    extra = [c.id for c in cohort if c.id not in counted]
    assessed = quota(rng, ids, rates.health_pct) | _drawn(rng, extra, rates.health_pct)
    teeth = quota(rng, ids, rates.dental_pct) | _drawn(rng, extra, rates.dental_pct)
    immunised = quota(rng, ids, rates.immunisations_pct) | _drawn(
        rng, extra, rates.immunisations_pct
    )
    misusing = _older_first(rng, ids, age, rates.substance_pct) | _drawn(
        rng, extra, rates.substance_pct
    )
    convicted = quota(rng, [i for i in ids if 10 <= age[i] <= 17], rates.convicted_pct) | _drawn(
        rng, [i for i in extra if 10 <= age[i] <= 17], rates.convicted_pct
    )
    rows: list[dict[str, Any]] = []
    for child in cohort:
        cid = child.id
        misuse = int(cid in misusing)
        received = int(rng.random() < 0.55) if misuse else None
        row: dict[str, Any] = {
            "CHILD": cid,
            "HEALTH_ASSESSMENT": int(cid in assessed),
            "IMMUNISATIONS": int(cid in immunised),
            "TEETH_CHECK": int(cid in teeth),
            "HEALTH_CHECK": int(rng.random() < 0.88) if age[cid] < 5 else None,
            "CONVICTED": int(cid in convicted) if age[cid] >= 10 else None,
            "SUBSTANCE_MISUSE": misuse,
            "INTERVENTION_RECEIVED": received,
            "INTERVENTION_OFFERED": (int(rng.random() < 0.6) if received == 0 else None),
        }
        row["SDQ_SCORE"], row["SDQ_REASON"] = _sdq(rng, child.dob, first, last, rates.sdq_mean)
        rows.append(row)
    counted = set(ids)
    scored = [r for r in rows if 5 <= age[r["CHILD"]] <= 16 and r["CHILD"] in counted]
    _match_mean(rng, scored, rates.sdq_mean)
    return rows


def _drawn(rng: random.Random, items: list[str], rate_pct: float) -> set[str]:
    """Each item independently, with the rate's probability (outside a quota's cohort)."""
    return {i for i in items if rng.random() < rate_pct / 100}


def _older_first(rng: random.Random, ids: list[str], age: dict[str, int], pct: float) -> set[str]:
    """Exactly round(pct x n) of ``ids``, drawn from the 11s and over before anyone younger."""
    older = [i for i in ids if age[i] >= 11]
    younger = [i for i in ids if age[i] < 11]
    rng.shuffle(older)
    rng.shuffle(younger)
    return set((older + younger)[: round(pct / 100 * len(ids))])


def _match_mean(rng: random.Random, rows: list[dict], mean: float) -> None:
    """Nudge SDQ scores a point at a time until their total is round(mean x n)."""
    scored = [r for r in rows if r["SDQ_SCORE"] is not None]
    gap = round(mean * len(scored)) - sum(r["SDQ_SCORE"] for r in scored)
    step = 1 if gap > 0 else -1
    while gap and scored:
        movable = [r for r in scored if 0 <= r["SDQ_SCORE"] + step <= 40]
        if not movable:
            return
        rng.choice(movable)["SDQ_SCORE"] += step
        gap -= step


def _sdq(
    rng: random.Random, dob: Day, first: Day, last: Day, mean: float
) -> tuple[int | None, str | None]:
    """Score or reason per rules 186/188/189/197B/157; none under 4 or 17 before 1 April.

    A 17th birthday on 1 April itself is in the year: a score or reason is due (197B).
    """
    four, seventeen = birthday(dob, 4), birthday(dob, 17)
    if four > last or seventeen < first:
        return None, None
    # SDQ1 (under 4 or over 16 for part of the year) not for a child 4 on 1 April (157).
    if first < four <= last or first <= seventeen <= last:
        return (_score(rng, mean), None) if rng.random() < 0.5 else (None, "SDQ1")
    return (_score(rng, mean), None) if rng.random() < 0.78 else (None, _SDQ_REASON(rng))


def _score(rng: random.Random, mean: float) -> int:
    return max(0, min(40, round(rng.gauss(mean, 7.0))))


@dataclass(frozen=True)
class Leaver:
    child: Child
    age: int  # the birthday (17-21) that falls in the year
    left_with: str  # REC of the last period


def care_leavers(children: list[Child], year: int, *, horizon: Day) -> list[Leaver]:
    """OC3 cohort: relevant or former relevant young people with a 17th-21st birthday this
    year, not looked after on it (1007); 13+ weeks in care after 14, some after 16 (1001)."""
    first, last = year_start(year), year_end(year)
    out = []
    for child in children:
        if not child.periods:
            continue
        final = child.periods[-1]
        if final.end is None or final.rec in ("E11", "E12", "E2", "E3", "E15"):
            continue
        for age in range(17, 22):
            bday = birthday(child.dob, age)
            if first <= bday <= last:
                break
        else:
            continue
        if final.end >= bday and age <= 18:
            continue  # still looked after on (or leaving on) that birthday: not a leaver yet
        if final.end > bday:
            continue
        after14 = _days_after(child, birthday(child.dob, 14), horizon)
        after16 = _days_after(child, birthday(child.dob, 16), horizon)
        if after14 >= 91 and after16 >= 1:
            out.append(Leaver(child, age, final.rec))
    return out


def _days_after(child: Child, since: Day, horizon: Day) -> int:
    total = 0
    for p in child.periods:
        end = p.end if p.end is not None else horizon
        total += max(0, end - max(p.start, since))
    return total


def oc3_rows(
    rng: random.Random,
    leavers: list[Leaver],
    year: int,
    rates: YearRates,
    activ: list[str],
    *,
    held_from: Day,
) -> list[dict]:
    """IN_TOUCH, ACTIV and ACCOM with the year's codes; A9 rates met exactly for 19-21
    (EET, suitable accommodation, and staying put for the 19-20s)."""
    eet_codes = [c for c in activ if c in EET_CODES]
    neet_codes = [c for c in activ if c in NEET_CODES]
    rows: list[dict[str, Any]] = []
    for older in (False, True):
        group = [lv for lv in leavers if (lv.age >= 19) == older]
        touch = {lv.child.id: _in_touch(rng, lv) for lv in group}
        counted = [lv.child.id for lv in group if touch[lv.child.id] not in ("DIED", "RHOM")]
        eet_pct = rates.leaver_eet_pct if older else 64.0
        acc_pct = rates.leaver_accom_pct if older else 91.0
        need = max(round(eet_pct / 100 * len(counted)), round(acc_pct / 100 * len(counted)))
        # Not in touch means unknown activity and accommodation: keep enough in touch.
        away = [i for i in counted if touch[i] != "YES"]
        for child_id in away[: max(0, len(away) - (len(counted) - need))]:
            touch[child_id] = "YES"
        # Staying put (A9): a quota of the 19-20s who left foster care on their 18th
        # birthday live with their former foster carers (Z1); no other of them does. Those
        # whose 18th birthday is before the first year written cannot be told apart, and
        # are left out as the indicator leaves them out.
        sp_cohort = [
            lv
            for lv in group
            if lv.age in (19, 20)
            and touch[lv.child.id] not in ("DIED", "RHOM")
            and left_foster_care_at_18(lv.child)
            and birthday(lv.child.dob, 18) >= held_from
        ]
        rng.shuffle(sp_cohort)
        sp_cohort.sort(key=lambda lv: lv.left_with != "E17")
        want_sp = round(rates.staying_put_pct / 100 * len(sp_cohort)) if older else 0
        staying = {lv.child.id for lv in sp_cohort[:want_sp]}
        for child_id in staying:
            touch[child_id] = "YES"
        in_touch = [i for i in counted if touch[i] == "YES"]
        eet = set(rng.sample(in_touch, round(eet_pct / 100 * len(counted))))
        others = [i for i in in_touch if i not in staying]
        want_acc = round(acc_pct / 100 * len(counted)) - len(staying)
        suitable = staying | set(rng.sample(others, max(0, min(want_acc, len(others)))))
        no_z1 = {lv.child.id for lv in sp_cohort} if older else set()
        for lv in group:
            cid = lv.child.id
            row = {"CHILD": cid, "IN_TOUCH": touch[cid], "ACTIV": None, "ACCOM": None}
            if touch[cid] == "YES":
                row["ACTIV"] = rng.choice(eet_codes if cid in eet else neet_codes)
                if cid in staying:
                    row["ACCOM"] = "Z1"
                else:
                    row["ACCOM"] = _accom(rng, lv, suitable=cid in suitable, z1=cid not in no_z1)
            else:
                # Not in touch, refused, not required, died or gone home (RHOM): activity
                # and accommodation are not applicable, "0" (rules 132, 133, 153, 344).
                row["ACTIV"] = row["ACCOM"] = "0"
            rows.append(row)
    return rows


def _in_touch(rng: random.Random, leaver: Leaver) -> str:
    u = rng.random()
    if u < 0.05:
        return "NO"
    if u < 0.07:
        return "REFU"
    if u < 0.09:
        return "NREQ"
    if u < 0.11 and leaver.left_with in ("E4A", "E4B", "E13"):
        return "RHOM"
    return "YES"


def left_foster_care_at_18(child: Child) -> bool:
    """Left care on the 18th birthday from a foster placement (U1-U6): staying put's cohort."""
    final = child.periods[-1]
    return (
        final.end == birthday(child.dob, 18)
        and bool(final.episodes)
        and final.episodes[-1].place in ("U1", "U2", "U3", "U4", "U5", "U6")
    )


def _accom(rng: random.Random, leaver: Leaver, *, suitable: bool, z1: bool) -> str:
    if (
        z1
        and suitable
        and leaver.left_with == "E17"
        and 18 <= leaver.age <= 20
        and rng.random() < 0.7
    ):
        return "Z1"  # staying put with former foster carers (never at 17: rule 3001)
    chooser = _SUITABLE if suitable else _UNSUITABLE
    accom = chooser(rng)
    while accom.startswith("T") and leaver.age <= 18:
        accom = chooser(rng)  # a foyer (T) is not for the under-18s on 1 April (347)
    return accom

"""The synthetic authority's records beyond the 903, consistent with its 903 store.

Written beside the year folders, in ``DIR/__records__`` (a name the store reader skips):
``ssd/ssd_*.csv``, a Standard Safeguarding Dataset extract (person, episodes, placements,
reviews, visits, health, immunisations, SDQs, substance misuse, convictions, missing episodes
with return interviews, care leavers, permanence, care plans, voice of the child), and
``local/<kind>.csv``, one CSV template per kind the SSD lacks (docs/records.md). Everything is
derived from the 903 frames the generator wrote: visits while a child is in care, health
checks where the OC2 row says they happened, care leaver records from the OC3 rows, ... Pure
Python and Polars, no Django; same seed, same bytes.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

RECORDS_FOLDER = "__records__"
SSD, LOCAL = "ssd", "local"
SHORT_BREAKS = ("V3", "V4")
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
TERMS = (("autumn", 9, 1, 140), ("spring", 1, 1, 110), ("summer", 4, 15, 130))
"""(term, month, day it starts, sessions possible in a full term)."""
PLANS = {
    "E11": "Adoption",
    "E12": "Adoption",
    "E4A": "Return to family",
    "E41": "Child arrangements order",
}
SGO = ("E45", "E46", "E47", "E48")

Rows = list[dict[str, Any]]


@dataclass
class Child:
    """What the 903 says about one child, gathered for generating their records."""

    id: str
    dob: date
    spans: list[tuple[date, date | None, list[dict[str, Any]]]] = field(default_factory=list)
    """Periods of care: (start, end or None, episodes)."""

    def age(self, on: date) -> int:
        return on.year - self.dob.year - ((on.month, on.day) < (self.dob.month, self.dob.day))

    def in_care(self, on: date) -> bool:
        return any(s <= on and (e is None or e > on) for s, e, _ in self.spans)


@dataclass
class Out:
    ssd: dict[str, Rows] = field(default_factory=lambda: defaultdict(list))
    local: dict[str, Rows] = field(default_factory=lambda: defaultdict(list))


def write_records(
    out: Path, tables: Mapping[int, Mapping[str, pl.DataFrame]], *, seed: int
) -> Path:
    """Generate and write the records of the store whose per-year frames are ``tables``."""
    frames = _stack(tables)
    horizon = date(max(tables), 3, 31)
    rng = random.Random(f"{seed}:records")  # noqa: S311 (simulation, not security)
    children = _children(frames)
    made = Out()
    _people(made, children, frames)
    for child in children.values():
        _social_care(made, child, rng, horizon)
        _education(made, child, rng, horizon)
        _health(made, child, rng, horizon)
    _from_outcomes(made, children, frames, rng, horizon)
    _leaving(made, children, frames, rng, horizon)
    folder = out / RECORDS_FOLDER
    _write(folder / SSD, made.ssd)
    _write(folder / LOCAL, made.local)
    return folder


def _stack(tables: Mapping[int, Mapping[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    stacked: dict[str, list[pl.DataFrame]] = defaultdict(list)
    for year in sorted(tables):
        for name, frame in tables[year].items():
            stacked[name].append(frame.with_columns(year=pl.lit(year)))
    keys = {
        "header": ["CHILD"],
        "episodes": ["CHILD", "DECOM"],
        "missing": ["CHILD", "MIS_START"],
        "reviews": ["CHILD", "REVIEW"],
        "ad1": ["CHILD"],
    }
    out = {}
    for name, frames in stacked.items():
        frame = pl.concat(frames, how="diagonal_relaxed")
        if name in keys:
            frame = frame.unique(keys[name], keep="last", maintain_order=True)
        out[name] = frame
    return out


def _children(frames: Mapping[str, pl.DataFrame]) -> dict[str, Child]:
    children = {
        r["CHILD"]: Child(r["CHILD"], r["DOB"]) for r in frames["header"].iter_rows(named=True)
    }
    episodes = frames["episodes"].filter(~pl.col("LS").is_in(SHORT_BREAKS)).sort("CHILD", "DECOM")
    for row in episodes.iter_rows(named=True):
        child = children.get(row["CHILD"])
        if child is None:
            continue
        joins = child.spans and child.spans[-1][1] == row["DECOM"] and row["RNE"] != "S"
        if joins:
            start, _, eps = child.spans[-1]
            child.spans[-1] = (start, row["DEC"], [*eps, row])
        else:
            child.spans.append((row["DECOM"], row["DEC"], [row]))
    return children


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _people(made: Out, children: Mapping[str, Child], frames: Mapping[str, pl.DataFrame]) -> None:
    """ssd_person, ssd_cla_episodes, ssd_cla_placement and ssd_cla_reviews, from the 903."""
    for child in children.values():
        made.ssd["ssd_person"].append({"pers_person_id": child.id, "pers_dob": _iso(child.dob)})
        for n, (_start, _end, episodes) in enumerate(child.spans, start=1):
            cla = f"{child.id}-{n}"
            for i, ep in enumerate(episodes, start=1):
                made.ssd["ssd_cla_episodes"].append(
                    {
                        "clae_cla_episode_id": f"{cla}-{i}",
                        "clae_person_id": child.id,
                        "clae_cla_id": cla,
                        "clae_cla_episode_start_date": _iso(ep["DECOM"]),
                        "clae_cla_episode_ceased_date": _iso(ep["DEC"]),
                    }
                )
                made.ssd["ssd_cla_placement"].append(
                    {
                        "clap_cla_placement_id": f"{cla}-{i}",
                        "clap_person_id": child.id,
                        "clap_cla_id": cla,
                        "clap_cla_placement_type": ep["PLACE"],
                        "clap_cla_placement_start_date": _iso(ep["DECOM"]),
                        "clap_cla_placement_end_date": _iso(ep["DEC"]),
                    }
                )
    for row in frames["reviews"].iter_rows(named=True):
        reviewed = children.get(row["CHILD"])
        if reviewed is None:
            continue
        for n, (start, end, _) in enumerate(reviewed.spans, start=1):
            if start <= row["REVIEW"] and (end is None or row["REVIEW"] <= end):
                made.ssd["ssd_cla_reviews"].append(
                    {
                        "clar_cla_review_id": f"{reviewed.id}-{row['REVIEW']:%Y%m%d}",
                        "clar_cla_id": f"{reviewed.id}-{n}",
                        "clar_cla_review_date": _iso(row["REVIEW"]),
                        "clar_cla_review_participation": row["REVIEW_CODE"] or "",
                    }
                )
                break


def _social_care(made: Out, child: Child, rng: random.Random, horizon: date) -> None:
    """Visits, care plans, advocacy offers, FGCs and Mockingbird, for each period of care."""
    for n, (start, end, episodes) in enumerate(child.spans, start=1):
        last = min(end or horizon, horizon)
        visit = start + timedelta(days=rng.randint(1, 7))
        while visit <= last:
            seen = rng.random() < 0.97
            alone = seen and child.age(visit) >= 4 and rng.random() < 0.86
            made.ssd["ssd_cla_visits"].append(
                {
                    "clav_cla_visit_id": f"{child.id}-{visit:%Y%m%d}",
                    "clav_cla_id": f"{child.id}-{n}",
                    "clav_person_id": child.id,
                    "clav_cla_visit_date": _iso(visit),
                    "clav_cla_visit_seen": _yn(seen),
                    "clav_cla_visit_seen_alone": _yn(alone),
                }
            )
            visit += timedelta(days=rng.randint(28, 46))
        rec = episodes[-1]["REC"] or ""
        plan = PLANS.get(rec) or ("Special guardianship" if rec in SGO else "Long-term fostering")
        plan_start = start + timedelta(days=0 if rng.random() < 0.9 else 150)
        if plan_start <= last:
            made.ssd["ssd_cla_care_plan"].append(
                {
                    "lacp_table_id": f"{child.id}-{n}",
                    "lacp_person_id": child.id,
                    "lacp_cla_care_plan_start_date": _iso(plan_start),
                    "lacp_cla_care_plan_end_date": _iso(end),
                    "lacp_cla_care_plan_json": plan,
                }
            )
        offer = start + timedelta(days=rng.randint(5, 60))
        if offer <= last and rng.random() < 0.8:
            service = "visitor" if rng.random() < 0.25 else "advocate"
            made.local["advocacy_offers"].append(
                {
                    "child_id": child.id,
                    "service": service,
                    "offered_on": _iso(offer),
                    "accepted": _yn(rng.random() < 0.6),
                }
            )
        if rng.random() < 0.15:
            made.local["family_group_conferences"].append(
                {"child_id": child.id, "held_on": _iso(_between(rng, start, last))}
            )
        for ep in episodes:
            if (
                ep["PLACE"] in FOSTER
                and ep["RNE"] in ("S", "P", "B")
                and rng.random() < 0.12
                and ep["DECOM"] <= horizon
            ):
                k = rng.randint(1, 45)
                made.local["mockingbird"].append(
                    {
                        "child_id": child.id,
                        "constellation": f"Constellation {k % 4 + 1}",
                        "household": f"Household {k}",
                        "joined_on": _iso(ep["DECOM"]),
                        "left_on": _iso(ep["DEC"] if ep["DEC"] and ep["DEC"] <= horizon else None),
                    }
                )


def _health(made: Out, child: Child, rng: random.Random, horizon: date) -> None:
    """GP and dentist registration soon after each period of care starts; CAMHS referrals."""
    for start, end, _ in child.spans:
        last = min(end or horizon, horizon)
        gp = start + timedelta(days=rng.randint(0, 20))
        if gp <= last:
            permanent = rng.random() < 0.92
            made.local["health_registrations"].append(
                {
                    "child_id": child.id,
                    "service": "gp",
                    "registration": "permanent" if permanent else "temporary",
                    "registered_on": _iso(gp),
                    "ended_on": _iso(end),
                }
            )
        dentist = start + timedelta(days=rng.randint(10, 90))
        if dentist <= last and rng.random() < 0.9:
            made.local["health_registrations"].append(
                {
                    "child_id": child.id,
                    "service": "dentist",
                    "registration": "permanent",
                    "registered_on": _iso(dentist),
                    "ended_on": _iso(end),
                }
            )
        if child.age(start) >= 5 and rng.random() < 0.25:
            referred = _between(rng, start, last)
            wait = rng.randint(14, 40) if rng.random() < 0.8 else rng.randint(43, 120)
            assessed = referred + timedelta(days=wait)
            made.local["camhs_referrals"].append(
                {
                    "child_id": child.id,
                    "referred_on": _iso(referred),
                    "assessed_on": _iso(assessed if assessed <= horizon else None),
                }
            )


def _terms(first: date, last: date) -> Iterable[tuple[int, str, date, int]]:
    """(academic year, term, start, sessions) of the terms starting from ``first`` to ``last``."""
    for year in range(first.year, last.year + 2):
        for name, month, dom, sessions in TERMS:
            start = date(year, month, dom)
            academic = year + 1 if month >= 9 else year
            if first <= start <= last:
                yield academic, name, start, sessions


def _education(made: Out, child: Child, rng: random.Random, horizon: date) -> None:
    """PEPs, attendance and exclusions each term a school-age child is in care; results."""
    absent_more = rng.random() < 0.15
    for start, end, _ in child.spans:
        last = min(end or horizon, horizon)
        for academic, term, term_start, sessions in _terms(start, last):
            age = child.age(date(academic - 1, 8, 31))
            if not 5 <= age <= 15:
                continue
            if rng.random() < 0.9:
                pep = term_start + timedelta(days=rng.randint(5, 60))
                if pep <= last:
                    made.local["peps"].append(
                        {"child_id": child.id, "pep_date": _iso(pep), "term": term}
                    )
            rate = rng.uniform(0.75, 0.9) if absent_more else rng.uniform(0.9, 1.0)
            made.local["school_attendance"].append(
                {
                    "child_id": child.id,
                    "academic_year": academic,
                    "term": term,
                    "sessions_possible": sessions,
                    "sessions_attended": round(sessions * rate),
                }
            )
            if rng.random() < 0.03:
                kind = "permanent" if rng.random() < 0.03 else "suspension"
                made.local["exclusions"].append(
                    {
                        "child_id": child.id,
                        "start_date": _iso(term_start + timedelta(days=rng.randint(10, 50))),
                        "kind": kind,
                        "sessions": rng.randint(1, 10),
                    }
                )
    for key_stage, age, expected in (("KS2", 10, 0.37), ("KS4", 15, 0.12)):
        academic = child.dob.year + age + (2 if (child.dob.month, child.dob.day) > (8, 31) else 1)
        sat = date(academic, 6, 1)
        if sat <= horizon and child.in_care(sat):
            reached = rng.random() < expected
            row = {
                "child_id": child.id,
                "key_stage": key_stage,
                "academic_year": academic,
                "expected_standard": _yn(reached),
                "gcses_grade_4_or_above": "",
                "gcses_any_grade": "",
            }
            if key_stage == "KS4":
                good = rng.randint(5, 8) if reached else rng.choice((0, 0, 1, 2, 3, 5))
                row["gcses_grade_4_or_above"] = good
                row["gcses_any_grade"] = max(good, rng.choice((0, 3, 5, 7, 8, 9)))
            made.local["key_stage_results"].append(row)


def _from_outcomes(
    made: Out,
    children: Mapping[str, Child],
    frames: Mapping[str, pl.DataFrame],
    rng: random.Random,
    horizon: date,
) -> None:
    """Health checks, immunisations, SDQs, substance misuse and convictions where the OC2
    rows say so; missing episodes with return interviews; permanence from AD1 and endings."""
    for row in frames["oc2"].iter_rows(named=True):
        year, child = row["year"], row["CHILD"]
        first, last = date(year - 1, 4, 1), date(year, 3, 31)
        checks = (
            ("health_assessment", "HEALTH_ASSESSMENT"),
            ("dental_check", "TEETH_CHECK"),
            ("development_check", "HEALTH_CHECK"),
        )
        for kind, column in checks:
            if row[column] == 1:
                status = "Completed"
            elif row[column] == 0 and rng.random() < 0.3:
                status = "Refused"
            else:
                continue
            made.ssd["ssd_cla_health"].append(
                {
                    "clah_health_check_id": f"{child}-{kind}-{year}",
                    "clah_person_id": child,
                    "clah_health_check_type": kind.replace("_", " ").title(),
                    "clah_health_check_date": _iso(_between(rng, first, last)),
                    "clah_health_check_status": status,
                }
            )
        if row["IMMUNISATIONS"] is not None:
            made.ssd["ssd_cla_immunisations"].append(
                {
                    "clai_person_id": child,
                    "clai_immunisations_status": _yn(row["IMMUNISATIONS"] == 1),
                    "clai_immunisations_status_date": _iso(
                        last - timedelta(days=rng.randint(0, 60))
                    ),
                }
            )
        if row["SDQ_SCORE"] is not None or row["SDQ_REASON"]:
            made.ssd["ssd_sdq_scores"].append(
                {
                    "csdq_table_id": f"{child}-{year}",
                    "csdq_person_id": child,
                    "csdq_sdq_completed_date": _iso(_between(rng, first, last)),
                    "csdq_sdq_reason": row["SDQ_REASON"] or "",
                    "csdq_sdq_score": "" if row["SDQ_SCORE"] is None else row["SDQ_SCORE"],
                }
            )
        if row["SUBSTANCE_MISUSE"] == 1:
            made.ssd["ssd_cla_substance_misuse"].append(
                {
                    "clas_substance_misuse_id": f"{child}-{year}",
                    "clas_person_id": child,
                    "clas_substance_misuse_date": _iso(_between(rng, first, last)),
                    "clas_substance_misused": rng.choice(("Cannabis", "Alcohol", "Other")),
                    "clas_intervention_received": _yn(row["INTERVENTION_RECEIVED"] == 1),
                }
            )
        if row["CONVICTED"] == 1:
            made.ssd["ssd_cla_convictions"].append(
                {
                    "clac_cla_conviction_id": f"{child}-{year}",
                    "clac_person_id": child,
                    "clac_cla_conviction_date": _iso(_between(rng, first, last)),
                    "clac_cla_conviction_offence": rng.choice(
                        ("Theft", "Criminal damage", "Assault")
                    ),
                }
            )
    for row in frames["missing"].iter_rows(named=True):
        offered = row["MIS_END"] is not None and rng.random() < 0.88
        made.ssd["ssd_missing"].append(
            {
                "miss_table_id": f"{row['CHILD']}-{row['MIS_START']:%Y%m%d}",
                "miss_person_id": row["CHILD"],
                "miss_missing_episode_start_date": _iso(row["MIS_START"]),
                "miss_missing_episode_end_date": _iso(row["MIS_END"]),
                "miss_missing_episode_type": "Missing" if row["MISSING"] == "M" else "Absent",
                "miss_missing_rhi_offered": _yn(offered),
                "miss_missing_rhi_accepted": _yn(offered and rng.random() < 0.6),
            }
        )
    _permanence(made, children, frames)


def _permanence(
    made: Out, children: Mapping[str, Child], frames: Mapping[str, pl.DataFrame]
) -> None:
    adoptions = {r["CHILD"]: r for r in frames["ad1"].iter_rows(named=True)}
    for child in children.values():
        for n, (_, end, episodes) in enumerate(child.spans, start=1):
            rec = episodes[-1]["REC"] or ""
            ad1 = adoptions.get(child.id) if rec in ("E11", "E12") else None
            if not ad1 and rec not in SGO:
                continue
            placed = next(
                (e["DECOM"] for e in episodes if e["PLACE"] in ("A3", "A4", "A5", "A6")), None
            )
            made.ssd["ssd_permanence"].append(
                {
                    "perm_table_id": f"{child.id}-{n}",
                    "perm_person_id": child.id,
                    "perm_cla_id": f"{child.id}-{n}",
                    "perm_adm_decision_date": _iso(ad1["DATE_INT"] if ad1 else None),
                    "perm_placement_order_date": "",
                    "perm_matched_date": _iso(ad1["DATE_MATCH"] if ad1 else None),
                    "perm_placed_for_adoption_date": _iso(placed),
                    "perm_decision_reversed_date": "",
                    "perm_decision_reversed_reason": "",
                    "perm_permanence_order_date": _iso(end),
                    "perm_permanence_order_type": "Adoption order"
                    if ad1
                    else "Special guardianship order",
                }
            )


def _leaving(
    made: Out,
    children: Mapping[str, Child],
    frames: Mapping[str, pl.DataFrame],
    rng: random.Random,
    horizon: date,
) -> None:
    """Care leaver records from the latest OC3 rows; eligible young people still in care;
    independence plans, health passports, FGCs before leaving, Staying Put; voice of the child."""
    latest = frames["oc3"].sort("year").unique("CHILD", keep="last", maintain_order=True)
    for row in latest.filter(pl.col("year") >= horizon.year - 1).iter_rows(named=True):
        child = children.get(row["CHILD"])
        if child is None or row["IN_TOUCH"] == "DIED":
            continue
        in_touch = row["IN_TOUCH"] == "YES"
        accom = row["ACCOM"] or ""
        made.ssd["ssd_care_leavers"].append(
            {
                "clea_table_id": child.id,
                "clea_person_id": child.id,
                "clea_care_leaver_eligibility": "Relevant"
                if child.age(horizon) < 18
                else "Former relevant",
                "clea_care_leaver_in_touch": row["IN_TOUCH"] or "",
                "clea_care_leaver_latest_contact": _iso(
                    horizon - timedelta(days=rng.randint(0, 70)) if in_touch else None
                ),
                "clea_care_leaver_accommodation": accom,
                "clea_care_leaver_accom_suitable": ""
                if len(accom) < 2 or accom[1] == "0"
                else _yn(accom[1] == "1"),
                "clea_care_leaver_activity": row["ACTIV"] or "",
                "clea_pathway_plan_review_date": _iso(
                    horizon - timedelta(days=rng.randint(0, 215))
                ),
                "clea_care_leaver_personal_advisor": f"PA {rng.randint(1, 12)}"
                if rng.random() < 0.96
                else "",
                "clea_care_leaver_allocated_team": "Leaving care team",
            }
        )
    recorded = {r["clea_person_id"] for r in made.ssd["ssd_care_leavers"]}
    for child in children.values():
        if child.in_care(horizon) and 16 <= child.age(horizon) <= 17 and child.id not in recorded:
            made.ssd["ssd_care_leavers"].append(
                {
                    "clea_table_id": child.id,
                    "clea_person_id": child.id,
                    "clea_care_leaver_eligibility": "Eligible",
                    "clea_care_leaver_in_touch": "YES",
                    "clea_care_leaver_latest_contact": _iso(horizon),
                    "clea_care_leaver_accommodation": "",
                    "clea_care_leaver_accom_suitable": "",
                    "clea_care_leaver_activity": "",
                    "clea_pathway_plan_review_date": _iso(
                        horizon - timedelta(days=rng.randint(0, 200))
                    ),
                    "clea_care_leaver_personal_advisor": f"PA {rng.randint(1, 12)}"
                    if rng.random() < 0.9
                    else "",
                    "clea_care_leaver_allocated_team": "Leaving care team",
                }
            )
        _sixteen_plus(made, child, rng, horizon)


def _sixteen_plus(made: Out, child: Child, rng: random.Random, horizon: date) -> None:
    sixteen = date(child.dob.year + 16, child.dob.month, min(child.dob.day, 28))
    for start, end, episodes in child.spans:
        last = min(end or horizon, horizon)
        if last >= sixteen and rng.random() < 0.8:
            started = max(start, sixteen) + timedelta(days=rng.randint(0, 90))
            if started <= last:
                made.local["independence_plans"].append(
                    {"child_id": child.id, "started_on": _iso(started), "reviewed_on": ""}
                )
        if end is None or end > horizon or child.age(end) < 16:
            continue
        if rng.random() < 0.75:
            made.local["health_passports"].append(
                {"child_id": child.id, "given_on": _iso(end - timedelta(days=rng.randint(0, 45)))}
            )
        if rng.random() < 0.45:
            made.local["family_group_conferences"].append(
                {"child_id": child.id, "held_on": _iso(end - timedelta(days=rng.randint(50, 150)))}
            )
        if episodes[-1]["REC"] == "E17":
            stop = end + timedelta(days=rng.randint(200, 1000))
            made.local["staying_put"].append(
                {
                    "child_id": child.id,
                    "started_on": _iso(end),
                    "ended_on": _iso(stop if stop <= horizon else None),
                }
            )
    if child.in_care(horizon) and 4 <= child.age(horizon) <= 17 and rng.random() < 0.5:
        made.ssd["ssd_voice_of_child"].append(
            {
                "voch_table_id": child.id,
                "voch_person_id": child.id,
                **{c: _yn(rng.random() < 0.8) for c in VOICE},
            }
        )


VOICE = (
    "voch_explained_worries",
    "voch_story_help_understand",
    "voch_agree_worker",
    "voch_plan_safe",
    "voch_tablet_help_explain",
)


KEYS = {"family_group_conferences": ("child_id", "held_on")}
"""Kinds two generators can both fill: the first row per natural key is kept."""


def _unique(name: str, rows: Rows) -> Rows:
    if name not in KEYS:
        return rows
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in KEYS[name]), row)
    return list(seen.values())


def _write(folder: Path, tables: Mapping[str, Rows]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, all_rows in sorted(tables.items()):
        rows = _unique(name, all_rows)
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(rows)

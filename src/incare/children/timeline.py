"""A child's care as a timeline, and what is due for them now: the child page's content.

Read from the 903 tables and the records beyond them for one child, once access has been
checked and audited (``queries.get_child_in_caseload``). Codes are shown with the 903
specification's own labels, so the page says what the return says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import polars as pl
from django.db import models

from incare.accounts.roles import Role
from incare.children.models import (
    AdoptionRecord,
    Child,
    DeprivationOfLiberty,
    Episode,
    MissingEpisode,
    OC2Record,
    OC3Record,
    PlacedForAdoption,
    Review,
    SocialWorkerEpisode,
)
from incare.ssda903.spec import load_spec

CATEGORIES: dict[str, str] = {
    "care": "Care, placements and legal status",
    "reviews": "Reviews",
    "visits": "Visits",
    "health": "Health",
    "education": "Education",
    "missing": "Missing from care",
    "leaving_care": "Leaving care",
    "other": "Other records",
}
"""Timeline categories, in the order the page's filter lists them."""

ROLE_CATEGORIES: dict[Role, frozenset[str]] = {
    Role.HEALTH: frozenset({"care", "reviews", "health", "missing", "leaving_care"}),
    Role.VIRTUAL_SCHOOL: frozenset({"care", "reviews", "education", "missing", "leaving_care"}),
}
"""Least privilege for the roles that serve every child in care for one purpose: the
children in care nurse and the virtual school see where the child lives and under what
order (to arrange assessments and school places), their reviews, missing episodes and
leaving care, and their own part of the record; not the social worker's visits, the other
service's records or convictions. Other roles that see children see every category."""

# Records beyond the 903 by kind: their category on the timeline (by module otherwise).
_RECORD_CATEGORY = {
    "statutory_visits": "visits",
    "missing_episodes": "missing",
    "convictions": "other",
}
_MODULE_CATEGORY = {"health": "health", "education": "education", "leaving_care": "leaving_care"}

RNE_TITLES = {
    "S": "Started to be looked after",
    "L": "Legal status changed",
    "P": "Placement and carer changed",
    "T": "Placement changed (same carer)",
    "B": "Legal status, placement and carer changed",
    "U": "Legal status and placement changed (same carer)",
}
OC2_FLAGS = {
    "health_check": "Health check up to date",
    "immunisations": "Immunisations up to date",
    "teeth_check": "Teeth checked",
    "health_assessment": "Health assessment up to date",
    "substance_misuse": "Substance misuse problem identified",
}


@dataclass(frozen=True)
class Entry:
    """One thing that happened to the child, on one day."""

    on: date
    category: str
    title: str
    details: list[str] = field(default_factory=list)
    source: str = "903"

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]


@cache
def _labels(table: str, column: str) -> dict[str, str]:
    return load_spec().all_codes(table, column)


def coded(table: str, column: str, code: str) -> str:
    """``code`` with its 903 label: "C2: Full care order" (the code alone if unknown)."""
    label = _labels(table, column).get(code)
    return f"{code}: {label}" if label else code


def _flag(value: int | None) -> str:
    return {1: "yes", 0: "no"}.get(value if value is not None else -1, "not recorded")


def _episodes(child: Child) -> Iterable[Entry]:
    for e in Episode.objects.filter(child=child).order_by("decom"):
        details = [
            f"Legal status {coded('episodes', 'LS', e.ls)}",
            f"Placement {coded('episodes', 'PLACE', e.place)}",
            f"Category of need {coded('episodes', 'CIN', e.cin)}",
        ]
        if e.reason_place_change:
            change = coded("episodes", "REASON_PLACE_CHANGE", e.reason_place_change)
            details.append(f"Reason for placement change {change}")
        if e.pl_post:
            details.append(f"Placement postcode district {e.pl_post.split()[0]}")
        yield Entry(e.decom, "care", RNE_TITLES.get(e.rne, f"New episode ({e.rne})"), details)
        if e.dec is not None and e.rec and e.rec != "X1":
            yield Entry(
                e.dec,
                "leaving_care",
                "Stopped being looked after",
                [coded("episodes", "REC", e.rec)],
            )


def _reviews(child: Child) -> Iterable[Entry]:
    for r in Review.objects.filter(child=child).order_by("review"):
        participation = coded("reviews", "REVIEW_CODE", r.review_code)
        yield Entry(r.review, "reviews", "Looked-after review", [f"Participation {participation}"])


def _missing(child: Child) -> Iterable[Entry]:
    for m in MissingEpisode.objects.filter(child=child).order_by("mis_start"):
        title = "Missing" if m.missing == "M" else "Away from placement without authorisation"
        ended = f"Returned {m.mis_end:%-d %B %Y}" if m.mis_end else "No return recorded"
        yield Entry(m.mis_start, "missing", title, [ended])


def _social_workers(child: Child) -> Iterable[Entry]:
    for s in SocialWorkerEpisode.objects.filter(child=child).order_by("sw_decom"):
        yield Entry(s.sw_decom, "care", "Social worker allocated", [f"Social worker {s.sw_id}"])


def _outcomes(child: Child) -> Iterable[Entry]:
    for o in OC2Record.objects.filter(child=child).order_by("collection_year"):
        details = [f"{label}: {_flag(getattr(o, name))}" for name, label in OC2_FLAGS.items()]
        if o.sdq_score is not None:
            details.append(f"SDQ score {o.sdq_score}")
        year_end = date(o.collection_year, 3, 31)
        yield Entry(year_end, "health", "Outcomes after 12 months in care (903 OC2)", details)
        # Apart from the health outcomes: the roles that see only health do not see this.
        convicted = f"Convicted during the year: {_flag(o.convicted)}"
        yield Entry(year_end, "other", "Offending in the year (903 OC2)", [convicted])
    for c in OC3Record.objects.filter(child=child).order_by("collection_year"):
        details = [f"In touch {coded('oc3', 'IN_TOUCH', c.in_touch)}"]
        if c.activ:
            details.append(f"Activity {coded('oc3', 'ACTIV', c.activ)}")
        if c.accom:
            details.append(f"Accommodation {coded('oc3', 'ACCOM', c.accom)}")
        year_end = date(c.collection_year, 3, 31)
        yield Entry(
            year_end, "leaving_care", "Care leaver around their birthday (903 OC3)", details
        )


def _permanence(child: Child) -> Iterable[Entry]:
    for p in PlacedForAdoption.objects.filter(child=child).order_by("date_placed"):
        yield Entry(p.date_placed, "care", "Decision that the child should be placed for adoption")
        if p.date_placed_ceased:
            reason = coded("placed_for_adoption", "REASON_PLACED_CEASED", p.reason_placed_ceased)
            yield Entry(p.date_placed_ceased, "care", "Adoption decision ceased", [reason])
    for a in AdoptionRecord.objects.filter(child=child):
        if a.date_match:
            yield Entry(a.date_match, "care", "Matched with adopters")
    for d in DeprivationOfLiberty.objects.filter(child=child).order_by("dolo_start"):
        ended = f"Ended {d.dolo_end:%-d %B %Y}" if d.dolo_end else "Not ended"
        yield Entry(d.dolo_start, "care", "Deprivation of liberty order", [ended])


def categories_for(user: Any) -> tuple[str, ...]:
    """The timeline categories (and so the kinds of record) ``user``'s role may see."""
    try:
        allowed = ROLE_CATEGORIES.get(Role(getattr(user, "role", "")))
    except ValueError:  # no role: the view's own check refuses such a user
        allowed = frozenset()
    return tuple(c for c in CATEGORIES if allowed is None or c in allowed)


def record_category(model: type[Any]) -> str:
    """The timeline category of a kind of record beyond the 903."""
    if model.table in _RECORD_CATEGORY:
        return _RECORD_CATEGORY[model.table]
    return _MODULE_CATEGORY.get(model.__module__.rsplit(".", 1)[-1], "other")


def _shown(record: Any, f: models.Field[Any, Any]) -> str:
    if f.choices:
        return str(getattr(record, f"get_{f.name}_display")())
    value = getattr(record, f.name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


def _records(child: Child) -> Iterable[Entry]:
    """Every record beyond the 903, on its first date (a record without one is left out)."""
    from incare.records.forms import sentence
    from incare.records.kinds import value_fields
    from incare.records.models import RECORD_MODELS

    for model in RECORD_MODELS:
        fields = value_fields(model)
        dates = [f for f in fields if isinstance(f, models.DateField)]
        if not dates:
            continue
        for record in model._default_manager.filter(child=child):
            on = getattr(record, dates[0].name)
            if on is None:
                continue
            details = [
                f"{sentence(f.verbose_name)}: {shown}"
                for f in fields
                if f is not dates[0] and (shown := _shown(record, f))
            ]
            title = sentence(model._meta.verbose_name)
            yield Entry(on, record_category(model), title, details, source="records")


def child_timeline(child: Child) -> list[Entry]:
    """Everything dated about the child, newest first (same day: 903 before records)."""
    entries = [
        *_episodes(child),
        *_reviews(child),
        *_missing(child),
        *_social_workers(child),
        *_outcomes(child),
        *_permanence(child),
        *_records(child),
    ]
    return sorted(entries, key=lambda e: (e.on, e.source != "903"), reverse=True)


@dataclass(frozen=True)
class Now:
    """The child's situation on a day: in care or not, legal status, placement, worker."""

    in_care: bool
    episode: Episode | None
    social_worker: str


def child_now(child: Child, *, on: date) -> Now:
    latest = Episode.objects.filter(child=child, decom__lte=on).order_by("-decom").first()
    in_care = latest is not None and (latest.dec is None or latest.dec > on)
    worker = (
        SocialWorkerEpisode.objects.filter(child=child, sw_decom__lte=on)
        .order_by("-sw_decom")
        .values_list("sw_id", flat=True)
        .first()
    )
    return Now(in_care=in_care, episode=latest, social_worker=worker or "")


DUE_HORIZON_DAYS = 366
"""Everything outstanding falls due within a year (the longest cycle is the annual review
health assessment), so this shows every obligation still to do."""


def child_due_dates(
    child: Child, *, as_at: date, rules: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """What is due for the child on ``as_at`` (overdue first), from the worklists' rules
    (docs/worklists.md); ``rules`` narrows them as the user's role does (blank: all)."""
    from incare.core.snapshot import snapshot
    from incare.worklists.duedates import CASELOADS, obligations, worklist
    from incare.worklists.frames import caseloads

    # The authority's due dates on the day are worked out once (per change of its data)
    # and shared by every child page; this child's are a filter of them.
    shared = snapshot(child.local_authority)
    every = shared.memo(
        ("obligations", as_at, as_at),
        lambda: obligations(shared.tables, as_at=as_at, since=as_at),
    )
    found = every.filter(pl.col("CHILD") == child.child_id)
    tables = {
        **shared.tables,
        CASELOADS: caseloads(child.local_authority, child=child),
    }
    items = worklist(tables, as_at=as_at, due_within=DUE_HORIZON_DAYS, due=found)
    if rules:
        items = items.filter(pl.col("rule").is_in(rules))
    return items.to_dicts()

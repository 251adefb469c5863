"""The frames of the records beyond the 903, as the local indicators read them.

One frame per record kind (``incare.records``: ``statutory_visits``, ``care_leavers``, ...),
with ``CHILD`` (the 903 child id) and the record's fields by their model names. Blank text
is null, as in the 903 frames. A kind the caller did not pass counts as no records, so every
local indicator runs on a 903 store alone (and says nobody met it).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

_D, _B, _S, _I = pl.Date(), pl.Boolean(), pl.String(), pl.Int64()

_COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "statutory_visits": {"visit_date": _D, "seen": _B, "seen_alone": _B},
    "health_checks": {"check_type": _S, "check_date": _D, "status": _S},
    "immunisations": {"status_date": _D, "up_to_date": _B},
    "sdq_scores": {"completed_date": _D, "score": _I, "reason": _S},
    "substance_misuse": {"identified_on": _D, "substance": _S, "intervention_received": _B},
    "convictions": {"offence_date": _D, "offence": _S},
    "missing_episodes": {
        "start_date": _D,
        "end_date": _D,
        "kind": _S,
        "rhi_offered": _B,
        "rhi_accepted": _B,
    },
    "care_leavers": {
        "eligibility": _S,
        "in_touch": _S,
        "latest_contact": _D,
        "accommodation": _S,
        "accommodation_suitable": _B,
        "activity": _S,
        "pathway_plan_review_date": _D,
        "personal_adviser": _S,
        "allocated_team": _S,
    },
    "permanence": {
        "record_id": _S,
        "adm_decision_date": _D,
        "placement_order_date": _D,
        "matched_date": _D,
        "placed_for_adoption_date": _D,
        "decision_reversed_date": _D,
        "decision_reversed_reason": _S,
        "permanence_order_date": _D,
        "permanence_order_type": _S,
    },
    "care_plans": {"start_date": _D, "end_date": _D, "permanence_plan": _S},
    "voice_of_child": {
        "record_id": _S,
        "explained_worries": _B,
        "story_help_understand": _B,
        "agree_worker": _B,
        "plan_safe": _B,
        "tablet_help_explain": _B,
    },
    "health_registrations": {
        "service": _S,
        "registration": _S,
        "registered_on": _D,
        "ended_on": _D,
    },
    "camhs_referrals": {"referred_on": _D, "assessed_on": _D},
    "peps": {"pep_date": _D, "term": _S},
    "school_attendance": {
        "academic_year": _I,
        "term": _S,
        "sessions_possible": _I,
        "sessions_attended": _I,
    },
    "exclusions": {"start_date": _D, "kind": _S, "sessions": _I},
    "key_stage_results": {
        "key_stage": _S,
        "academic_year": _I,
        "expected_standard": _B,
        "gcses_grade_4_or_above": _I,
        "gcses_any_grade": _I,
    },
    "independence_plans": {"started_on": _D, "reviewed_on": _D},
    "health_passports": {"given_on": _D},
    "family_group_conferences": {"held_on": _D},
    "staying_put": {"started_on": _D, "ended_on": _D},
    "mockingbird": {
        "constellation": _S,
        "household": _S,
        "joined_on": _D,
        "left_on": _D,
    },
    "advocacy_offers": {"service": _S, "offered_on": _D, "accepted": _B},
}

RECORD_SCHEMAS: dict[str, pl.Schema] = {
    name: pl.Schema({"CHILD": _S, **columns}) for name, columns in _COLUMNS.items()
}
"""Record kind -> its frame's columns and types."""


def records(tables: Mapping[str, pl.DataFrame], name: str) -> pl.DataFrame:
    """The ``name`` records, or an empty frame of their schema when none were passed."""
    frame = tables.get(name)
    return frame if frame is not None else pl.DataFrame(schema=RECORD_SCHEMAS[name])


def empty_records() -> dict[str, pl.DataFrame]:
    """Every record kind with no rows: for tests and for a store without records."""
    return {name: pl.DataFrame(schema=schema) for name, schema in RECORD_SCHEMAS.items()}

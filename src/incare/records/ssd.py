"""The Standard Safeguarding Dataset tables incare imports, and how their columns map.

The SSD (data-to-insight/ssd-data-model; ../shared/reference/ssd_tables.md) is extracted
from a council's case system as one table per file: ``DIR/ssd_person.csv`` and so on, with
the SSD's column names. Tables whose rows we keep map onto a record model; the person,
episode, placement and review tables are read to match records to the authority's 903
children and cross-checked against them, but not kept: the 903 return is the record of
episodes, placements and reviews.
"""

from __future__ import annotations

from dataclasses import dataclass

from incare.records.models import (
    CareLeaver,
    CarePlan,
    Conviction,
    HealthCheck,
    Immunisation,
    MissingEpisodeRecord,
    Permanence,
    SdqScore,
    StatutoryVisit,
    SubstanceMisuse,
    VoiceOfChild,
)
from incare.records.reading import plan_text
from incare.records.rows import FileMap

PERSON = "ssd_person"


@dataclass(frozen=True)
class LinkTable:
    """A table read only to match and cross-check: its person column, and its own id."""

    name: str
    person: str
    required: tuple[str, ...]


PERSON_TABLE = LinkTable(PERSON, "pers_person_id", ("pers_person_id", "pers_dob"))
LINK_TABLES = (
    LinkTable("ssd_cla_episodes", "clae_person_id", ("clae_person_id", "clae_cla_id")),
    LinkTable("ssd_cla_placement", "clap_person_id", ("clap_person_id",)),
)
REVIEWS = "ssd_cla_reviews"
"""Reviews name the period of care (``clar_cla_id``), matched through the episodes."""

_YN_SUITABLE = {"suitable": True, "unsuitable": False}

RECORD_TABLES: dict[str, FileMap] = {
    "ssd_cla_visits": FileMap(
        StatutoryVisit,
        "clav_person_id",
        {
            "clav_cla_visit_date": "visit_date",
            "clav_cla_visit_seen": "seen",
            "clav_cla_visit_seen_alone": "seen_alone",
        },
    ),
    "ssd_cla_health": FileMap(
        HealthCheck,
        "clah_person_id",
        {
            "clah_health_check_type": "check_type",
            "clah_health_check_date": "check_date",
            "clah_health_check_status": "status",
        },
        synonyms={
            "check_type": {
                "dental": "dental_check",
                "health_surveillance_checks": "development_check",
                "health_surveillance_check": "development_check",
                "development_assessment": "development_check",
                "review_health_assessment": "health_assessment",
                "initial_health_assessment": "health_assessment",
            },
            "status": {"complete": "completed", "declined": "refused"},
        },
    ),
    "ssd_cla_immunisations": FileMap(
        Immunisation,
        "clai_person_id",
        {
            "clai_immunisations_status_date": "status_date",
            "clai_immunisations_status": "up_to_date",
        },
    ),
    "ssd_sdq_scores": FileMap(
        SdqScore,
        "csdq_person_id",
        {
            "csdq_sdq_completed_date": "completed_date",
            "csdq_sdq_score": "score",
            "csdq_sdq_reason": "reason",
        },
    ),
    "ssd_cla_substance_misuse": FileMap(
        SubstanceMisuse,
        "clas_person_id",
        {
            "clas_substance_misuse_date": "identified_on",
            "clas_substance_misused": "substance",
            "clas_intervention_received": "intervention_received",
        },
    ),
    "ssd_cla_convictions": FileMap(
        Conviction,
        "clac_person_id",
        {"clac_cla_conviction_date": "offence_date", "clac_cla_conviction_offence": "offence"},
    ),
    "ssd_missing": FileMap(
        MissingEpisodeRecord,
        "miss_person_id",
        {
            "miss_missing_episode_start_date": "start_date",
            "miss_missing_episode_end_date": "end_date",
            "miss_missing_episode_type": "kind",
            "miss_missing_rhi_offered": "rhi_offered",
            "miss_missing_rhi_accepted": "rhi_accepted",
        },
        synonyms={"kind": {"absent": "A", "away": "A"}},
    ),
    "ssd_care_leavers": FileMap(
        CareLeaver,
        "clea_person_id",
        {
            "clea_care_leaver_eligibility": "eligibility",
            "clea_care_leaver_in_touch": "in_touch",
            "clea_care_leaver_latest_contact": "latest_contact",
            "clea_care_leaver_accommodation": "accommodation",
            "clea_care_leaver_accom_suitable": "accommodation_suitable",
            "clea_care_leaver_activity": "activity",
            "clea_pathway_plan_review_date": "pathway_plan_review_date",
            "clea_care_leaver_personal_advisor": "personal_adviser",
            "clea_care_leaver_allocated_team": "allocated_team",
        },
        synonyms={"accommodation_suitable": _YN_SUITABLE},
        transforms={"in_touch": str.upper, "accommodation": str.upper, "activity": str.upper},
    ),
    "ssd_permanence": FileMap(
        Permanence,
        "perm_person_id",
        {
            "perm_table_id": "record_id",
            "perm_adm_decision_date": "adm_decision_date",
            "perm_placement_order_date": "placement_order_date",
            "perm_matched_date": "matched_date",
            "perm_placed_for_adoption_date": "placed_for_adoption_date",
            "perm_decision_reversed_date": "decision_reversed_date",
            "perm_decision_reversed_reason": "decision_reversed_reason",
            "perm_permanence_order_date": "permanence_order_date",
            "perm_permanence_order_type": "permanence_order_type",
        },
    ),
    "ssd_cla_care_plan": FileMap(
        CarePlan,
        "lacp_person_id",
        {
            "lacp_cla_care_plan_start_date": "start_date",
            "lacp_cla_care_plan_end_date": "end_date",
            "lacp_cla_care_plan_json": "permanence_plan",
        },
        transforms={"permanence_plan": plan_text},
    ),
    "ssd_voice_of_child": FileMap(
        VoiceOfChild,
        "voch_person_id",
        {
            "voch_table_id": "record_id",
            "voch_explained_worries": "explained_worries",
            "voch_story_help_understand": "story_help_understand",
            "voch_agree_worker": "agree_worker",
            "voch_plan_safe": "plan_safe",
            "voch_tablet_help_explain": "tablet_help_explain",
        },
    ),
}
"""SSD table -> the record model its rows become."""

WHOLE_CASELOAD = frozenset({PERSON, "ssd_missing", "ssd_sdq_scores", "ssd_voice_of_child"})
"""Tables that cover every child the council works with, not only children in care: their
rows about people who are not in the authority's 903 data are skipped (and counted). In
every other table such a row is an error."""


def file_of(table: str) -> str:
    return f"{table}.csv"

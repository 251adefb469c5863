"""Local indicators: what the seed strategies measure beyond the 903, from the records of
``incare.records`` (visits, health, education, leaving care). Same engine, registry and
contract as the DfE indicators; ids are those of ``strategies/data/local_measures.yaml``.

Pure Polars, no Django: the records reach here as frames (``incare.records.frames``), one
per record kind (see ``tables.RECORD_SCHEMAS``). See docs/records.md.
"""

from incare.indicators.local import education, health, leaving_care, placements, social_care
from incare.indicators.local.tables import RECORD_SCHEMAS, empty_records, records

LOCAL_IDS = (
    "seen_alone_at_visits",
    "return_interview_after_missing",
    "independent_visitor_or_advocate_offered",
    "permanence_plan_at_second_review",
    "mockingbird_constellations",
    "mockingbird_constellations_active",
    "dentist_registered",
    "gp_registered_permanently",
    "camhs_assessed_within_6_weeks",
    "substance_misuse_treated",
    "health_passport_on_leaving",
    "pep_up_to_date",
    "school_attendance",
    "persistent_absence",
    "school_exclusions",
    "ks2_expected_rwm",
    "ks4_english_maths",
    "gcse_one_a_star_to_g",
    "gcse_five_a_star_to_c",
    "missed_25_days_school",
    "pathway_plan_up_to_date",
    "personal_adviser_allocated",
    "care_leavers_temporary_accommodation",
    "independence_plan_post_16_foster",
    "staying_put_arrangements",
    "care_leavers_university",
    "fgc_before_leaving_care",
    "adoption_disruptions",
    "residential_care_placements",
    "adolescents_in_foster_care",
    "placed_ifa_or_residential",
)
"""The local measure ids (strategies/data/local_measures.yaml) registered here."""

__all__ = [
    "LOCAL_IDS",
    "RECORD_SCHEMAS",
    "education",
    "empty_records",
    "health",
    "leaving_care",
    "placements",
    "records",
    "social_care",
]

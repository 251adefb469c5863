"""The records beyond the 903, grouped by concern; `RECORD_MODELS` lists every kind."""

from incare.records.models.base import ChildRecord
from incare.records.models.education import (
    Exclusion,
    KeyStageResult,
    PersonalEducationPlan,
    SchoolAttendance,
    Term,
)
from incare.records.models.health import (
    CamhsReferral,
    HealthCheck,
    HealthPassport,
    HealthRegistration,
    Immunisation,
    SdqScore,
    SubstanceMisuse,
)
from incare.records.models.leaving_care import CareLeaver, IndependencePlan, StayingPut
from incare.records.models.social_care import (
    AdvocacyOffer,
    CarePlan,
    Conviction,
    FamilyGroupConference,
    MissingEpisodeRecord,
    MockingbirdMembership,
    Permanence,
    StatutoryVisit,
    VoiceOfChild,
)

RECORD_MODELS: tuple[type[ChildRecord], ...] = (
    StatutoryVisit,
    HealthCheck,
    Immunisation,
    SdqScore,
    SubstanceMisuse,
    Conviction,
    MissingEpisodeRecord,
    CareLeaver,
    Permanence,
    CarePlan,
    VoiceOfChild,
    HealthRegistration,
    CamhsReferral,
    PersonalEducationPlan,
    SchoolAttendance,
    Exclusion,
    KeyStageResult,
    IndependencePlan,
    HealthPassport,
    FamilyGroupConference,
    StayingPut,
    MockingbirdMembership,
    AdvocacyOffer,
)
"""Every record kind: the SSD's first, then those recorded locally."""

BY_TABLE: dict[str, type[ChildRecord]] = {m.table: m for m in RECORD_MODELS}

__all__ = [
    "BY_TABLE",
    "RECORD_MODELS",
    "AdvocacyOffer",
    "CamhsReferral",
    "CareLeaver",
    "CarePlan",
    "ChildRecord",
    "Conviction",
    "Exclusion",
    "FamilyGroupConference",
    "HealthCheck",
    "HealthPassport",
    "HealthRegistration",
    "Immunisation",
    "IndependencePlan",
    "KeyStageResult",
    "MissingEpisodeRecord",
    "MockingbirdMembership",
    "Permanence",
    "PersonalEducationPlan",
    "SchoolAttendance",
    "SdqScore",
    "StatutoryVisit",
    "StayingPut",
    "SubstanceMisuse",
    "Term",
    "VoiceOfChild",
]

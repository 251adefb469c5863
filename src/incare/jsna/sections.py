"""What the chapter shows: its sections and their LAIT measures, as data (docs/jsna.md).

Each section lists the published measures it compares (authority, region, England and the
statistical neighbours' mean for the chapter's year), which of them are charted over time,
and which get a sentence of narrative. The measures are DfE LAIT codes; the subjects are
the noun phrases the narrative uses ("{la}" becomes the authority's name).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a measure's figure is read: it decides its format and the wording thresholds."""

    COUNT = "count"
    RATE = "rate"
    """Per 10,000 children aged 0-17."""
    PERCENT = "percent"
    SCORE = "score"
    """A mean score to one decimal place (the SDQ)."""


@dataclass(frozen=True)
class Measure:
    code: str
    """The LAIT measure code (``LAC``)."""
    label: str
    """Short row label for tables and charts."""
    kind: Kind
    subject: str = ""
    """Noun phrase for the narrative, with ``{la}``; empty: no sentence for this measure."""


@dataclass(frozen=True)
class Section:
    key: str
    """Stable id (the workbook's sheet and the HTML anchor use it)."""
    title: str
    measures: tuple[Measure, ...]
    trend: tuple[str, ...] = ()
    """Codes charted over time (authority, region, England, neighbours)."""
    compare_chart: tuple[str, ...] = ()
    """Codes charted side by side for the chapter's year (a grouped bar chart)."""
    note: str = ""
    """Said under the section's heading (what LAIT covers, from which year)."""


def _m(code: str, label: str, kind: Kind, subject: str = "") -> Measure:
    return Measure(code, label, kind, subject)


C, R, P, S = Kind.COUNT, Kind.RATE, Kind.PERCENT, Kind.SCORE

SECTIONS: tuple[Section, ...] = (
    Section(
        "numbers",
        "Numbers and rates",
        (
            _m("LACnum", "Children in care on 31 March", C),
            _m("LAC", "Children in care per 10,000 aged 0-17", R, "{la}'s rate"),
            _m("LACnum_Start", "Children starting care in the year", C),
            _m("LAC_Start_Rate", "Children starting care per 10,000", R, "{la}'s rate of entry"),
            _m("LACceased", "Children leaving care in the year", C),
            _m("LAC_Cease_Rate", "Children leaving care per 10,000", R),
            _m("Unacc_Asylmn_Seek_Childn", "Unaccompanied asylum-seeking children", C),
        ),
        trend=("LACnum", "LAC"),
    ),
    Section(
        "age",
        "Age mix",
        (),
        note=(
            "The published files this chapter reads (DfE LAIT) give no age breakdown by "
            "authority; the age mix is shown from the authority's own data when it is loaded."
        ),
    ),
    Section(
        "placements",
        "Placement types",
        (
            _m("LAC_Foster_Placements", "In foster care (%)", P, "{la}'s share in foster care"),
            _m("LAC_Parents_OR_Others", "Placed with parents (%)", P),
            _m("LAC_SecHome_And_ChildHome", "In secure or children's homes (%)", P),
            _m("LAC_Other_Res_Settings", "In other residential settings (%)", P),
            _m("LAC_Ind_SInd_Liv_Arr", "In independent or semi-independent living (%)", P),
            _m("LAC_Other_Place_Inc_Unreg", "In other placements (%)", P),
            _m(
                "LACDistance",
                "Placed over 20 miles from home, outside the area (%)",
                P,
                "{la}'s share placed over 20 miles from home and outside its area",
            ),
        ),
        compare_chart=(
            "LAC_Foster_Placements",
            "LAC_Parents_OR_Others",
            "LAC_SecHome_And_ChildHome",
            "LAC_Other_Res_Settings",
            "LAC_Ind_SInd_Liv_Arr",
            "LAC_Other_Place_Inc_Unreg",
        ),
        note="LAIT publishes placement types by authority from 2020.",
    ),
    Section(
        "stability",
        "Stability",
        (
            _m(
                "LACStable_2016on",
                "Three or more placements in the year (%)",
                P,
                "{la}'s share of children with three or more placements in the year",
            ),
            _m(
                "LAC_LongStable%",
                "In care 2.5 years or more, same placement 2 years (%)",
                P,
                "{la}'s long-term stability",
            ),
            _m("Stability_School", "With a mid-year school move (%)", P),
        ),
        trend=("LACStable_2016on",),
    ),
    Section(
        "permanence",
        "Permanence and adoption",
        (
            _m("No_of LAC Adopted", "Children adopted in the year", C),
            _m(
                "%_of LAC Adopted",
                "Leaving care who were adopted (%)",
                P,
                "{la}'s share of children leaving care who were adopted",
            ),
            _m("LAC_ceased_SGO", "Leaving care under a special guardianship order", C),
            _m(
                "LAC_ceased_SGO%",
                "Leaving care under a special guardianship order (%)",
                P,
                "{la}'s share leaving care under a special guardianship order",
            ),
            _m("LAC_ceased_CAO%", "Leaving care under a child arrangements order (%)", P),
            _m("LAC_RetHome_CarePlan_%", "Returned home as part of the care plan (%)", P),
        ),
        trend=("%_of LAC Adopted",),
    ),
    Section(
        "health",
        "Health (OC2: in care for 12 months)",
        (
            _m(
                "LACHealth%",
                "Annual health assessment (%)",
                P,
                "{la}'s share with an up-to-date health assessment",
            ),
            _m("LACDental%", "Teeth checked by a dentist (%)", P, "{la}'s share of dental checks"),
            _m("LACVaccinations%", "Immunisations up to date (%)", P),
            _m(
                "Emotional_LAC",
                "Average SDQ score (lower is better)",
                S,
                "{la}'s average strengths and difficulties score",
            ),
            _m("LACSubstance", "Identified with a substance misuse problem (%)", P),
            _m("LAC_Convictions", "Aged 10-17 convicted or cautioned (%)", P),
        ),
        compare_chart=("LACHealth%", "LACDental%", "LACVaccinations%"),
        note="LAIT publishes health checks by authority from 2018.",
    ),
    Section(
        "care_leavers",
        "Care leavers aged 19 to 21",
        (
            _m("NoCareLeavers", "Care leavers aged 19 to 21", C),
            _m(
                "CareLeaverAcc",
                "In suitable accommodation (%)",
                P,
                "{la}'s share of care leavers in suitable accommodation",
            ),
            _m(
                "CareLeaverEET",
                "In education, employment or training (%)",
                P,
                "{la}'s share of care leavers in education, employment or training",
            ),
            _m("CareLeaversNEET", "Not in education, employment or training (%)", P),
            _m("LAC_19_HE", "In higher education (%)", P),
            _m("CareLeavers_LA_NotInTouch", "Council not in touch (%)", P),
            _m("StayingPut", "Staying with former foster carers (%)", P),
        ),
        compare_chart=("CareLeaverAcc", "CareLeaverEET", "CareLeaversNEET", "LAC_19_HE"),
    ),
    Section(
        "missing",
        "Missing and away from placement",
        (
            _m(
                "Children_missing",
                "Went missing in the year (%)",
                P,
                "{la}'s share of children in care who went missing",
            ),
            _m("Children_Away", "Away from placement without authorisation (%)", P),
        ),
        trend=("Children_missing",),
    ),
)

HEADLINE_COUNT = "LACnum"
HEADLINE_RATE = "LAC"

MEASURES: dict[str, Measure] = {m.code: m for s in SECTIONS for m in s.measures}

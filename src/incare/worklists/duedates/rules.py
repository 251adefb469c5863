"""The statutory timescales a worklist item can come from, each with its source.

Rule ids are a public contract: the CSV export, the command's JSON and the digest use them.
``status`` says whether the timescale is law (a regulation) or statutory guidance (which a
council must follow unless there is an exceptional reason not to) or our own choice where
neither sets one. See docs/worklists.md and indicators reference §B.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    LAW = "law"
    GUIDANCE = "statutory guidance"
    PRACTICE = "recognised practice"


@dataclass(frozen=True)
class Rule:
    id: str
    due: str
    """What is due, in a worker's words ("Looked-after review")."""
    timescale: str
    source: str
    status: Status


CPPCR = "Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959)"
CLR = "Care Leavers (England) Regulations 2010 (SI 2010/2571)"

_RULES = (
    Rule(
        "review_first",
        "First looked-after review",
        "within 20 working days of becoming looked after",
        f"{CPPCR} reg 33(1)",
        Status.LAW,
    ),
    Rule(
        "review_second",
        "Second looked-after review",
        "not more than 3 months after the first",
        f"{CPPCR} reg 33(2)",
        Status.LAW,
    ),
    Rule(
        "review_later",
        "Looked-after review",
        "not more than 6 months after the previous one",
        f"{CPPCR} reg 33(2)",
        Status.LAW,
    ),
    Rule(
        "visit_new_placement",
        "Social worker visit (new placement)",
        "within 1 week of the start of any placement",
        f"{CPPCR} reg 28(2)(a)",
        Status.LAW,
    ),
    Rule(
        "visit_first_year",
        "Social worker visit",
        "at intervals of not more than 6 weeks in the first year of the placement",
        f"{CPPCR} reg 28(2)(b)",
        Status.LAW,
    ),
    Rule(
        "visit_long_term",
        "Social worker visit (long-term placement)",
        "at intervals of not more than 3 months after the first year of a placement "
        "intended to last until 18",
        f"{CPPCR} reg 28(2)(c)(i)",
        Status.LAW,
    ),
    Rule(
        "visit_after_first_year",
        "Social worker visit",
        "at intervals of not more than 6 weeks after the first year of a placement not "
        "intended to last until 18",
        f"{CPPCR} reg 28(2)(c)(ii)",
        Status.LAW,
    ),
    Rule(
        "visit_placed_with_parent",
        "Social worker visit (placed with parent)",
        "weekly until the first review, then at intervals of not more than 6 weeks",
        f"{CPPCR} reg 28(3) (placement with a parent under reg 19)",
        Status.LAW,
    ),
    Rule(
        "visit_interim_order_or_connected_person",
        "Social worker visit (interim order at home, or connected person)",
        "weekly until the first review, then at intervals of not more than 4 weeks",
        f"{CPPCR} reg 28(4) (reg 24 temporary approval; interim care order, living with parent)",
        Status.LAW,
    ),
    Rule(
        "visit_care_order_at_home",
        "Social worker visit (care order, living with parent)",
        "within 1 week of the care order, then at intervals of not more than 6 weeks",
        f"{CPPCR} reg 28(5)",
        Status.LAW,
    ),
    Rule(
        "initial_health_assessment",
        "Initial health assessment",
        "within 20 working days of becoming looked after (before the first review)",
        f"{CPPCR} reg 7; Promoting the health and well-being of looked-after children "
        "(DfE and DHSC statutory guidance, March 2015)",
        Status.GUIDANCE,
    ),
    Rule(
        "review_health_assessment",
        "Review health assessment",
        "at least every 6 months before the 5th birthday, every 12 months from 5",
        f"{CPPCR} reg 7 and Schedule 1; Promoting the health and well-being of looked-after "
        "children (2015)",
        Status.LAW,
    ),
    Rule(
        "dental_check",
        "Dental check",
        "at least every 12 months",
        "Promoting the health and well-being of looked-after children (2015): regular "
        "dental checks; NICE CG19 (longest recall interval under 18: 12 months); DfE OC2 "
        "measure 'teeth checked by a dentist' in the year",
        Status.PRACTICE,
    ),
    Rule(
        "pep_initial",
        "Personal education plan (new to care)",
        "within 20 working days of becoming looked after (in time for the first review)",
        "Promoting the education of looked-after children and previously looked-after "
        "children (DfE statutory guidance, February 2018); part of the care plan, "
        f"{CPPCR} Schedule 1",
        Status.GUIDANCE,
    ),
    Rule(
        "pep_termly",
        "Personal education plan review",
        "every school term (by the end of the term)",
        "Promoting the education of looked-after children and previously looked-after "
        "children (DfE statutory guidance, February 2018)",
        Status.GUIDANCE,
    ),
    Rule(
        "pathway_plan_review",
        "Pathway plan review",
        "at least every 6 months (a first plan 3 months after the 16th birthday)",
        f"{CLR} reg 7 (relevant and former relevant); {CPPCR} regs 42-44 (eligible children)",
        Status.LAW,
    ),
    Rule(
        "care_leaver_contact",
        "Personal adviser contact with care leaver",
        "at intervals of not more than 2 months",
        f"{CLR} and Children Act 1989 Guidance Volume 3, Planning transition to adulthood "
        "for care leavers (visits at least every two months); Children Act 1989 s23C(2) "
        "(keep in touch)",
        Status.GUIDANCE,
    ),
    Rule(
        "care_leaver_birthday_information",
        "Care leaver information around birthday (903 OC3)",
        "contact from 3 months before to 1 month after the 17th to 21st birthday",
        "DfE SSDA903 guide (OC3: information relates to the young person's situation around "
        "their birthday)",
        Status.PRACTICE,
    ),
    Rule(
        "return_home_interview",
        "Return home interview",
        "offered within 72 hours of return from a missing episode",
        "Children who run away or go missing from home or care (DfE statutory guidance, "
        "January 2014, under s7 Local Authority Social Services Act 1970)",
        Status.GUIDANCE,
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
"""Rule id -> the rule."""

"""Statutory due dates per child, as pure, typed Polars functions (no Django).

Each rule module turns the 903 frames and the records beyond the 903 into *obligations*
(``chain.OBLIGATION_SCHEMA``): what was due by when, and when it was done. The worklist is
the obligations still to do; the timeliness indicators and the breach trends are the ones
that fell due. See docs/worklists.md for every rule and its source.
"""

from incare.worklists.duedates.chain import OBLIGATION_SCHEMA
from incare.worklists.duedates.rules import RULES, Rule, Status
from incare.worklists.duedates.worklist import (
    CASELOAD_SCHEMA,
    CASELOADS,
    ITEM_SCHEMA,
    UNALLOCATED,
    allocations,
    breached,
    breaches_by_month,
    obligations,
    worklist,
)

__all__ = [
    "CASELOADS",
    "CASELOAD_SCHEMA",
    "ITEM_SCHEMA",
    "OBLIGATION_SCHEMA",
    "RULES",
    "UNALLOCATED",
    "Rule",
    "Status",
    "allocations",
    "breached",
    "breaches_by_month",
    "obligations",
    "worklist",
]

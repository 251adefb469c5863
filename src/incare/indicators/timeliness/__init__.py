"""Timeliness indicators: how many statutory timescales were kept, from the same due dates as
the worklists (``incare.worklists.duedates``), so a breach on a worker's list is a miss in the
figure. Same engine, registry and contract as the other indicators; pure Polars, no Django.
See docs/indicators.md ("Timeliness") and docs/worklists.md.
"""

from incare.indicators.timeliness import measures

TIMELINESS_IDS = (
    "reviews_due_held_on_time",
    "visits_due_made_on_time",
    "health_assessments_due_in_time",
    "peps_due_held_on_time",
    "pathway_plans_reviewed_in_time",
)

__all__ = ["TIMELINESS_IDS", "measures"]

"""Leaving care: care leaver records (from the SSD); independence plans, Staying Put
(recorded locally)."""

from __future__ import annotations

from django.db import models

from incare.records.models.base import ChildRecord, day, flag, text, unique


class CareLeaver(ChildRecord):
    """The care leaver's latest situation: one row per young person; SSD ``ssd_care_leavers``.

    Codes for in touch, accommodation and activity are the 903's (OC3), as the SSD's
    extracts use them.
    """

    table, source, key = "care_leavers", "ssd", ()

    class Eligibility(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible (16 or 17, looked after)"
        RELEVANT = "relevant", "Relevant (16 or 17, left care)"
        FORMER_RELEVANT = "former_relevant", "Former relevant (18 or over)"
        QUALIFYING = "qualifying", "Qualifying"

    eligibility = models.CharField("eligibility", max_length=16, choices=Eligibility.choices)
    in_touch = models.CharField("in touch (903 IN_TOUCH code)", max_length=4, blank=True)
    latest_contact = day("date of latest contact", required=False)
    accommodation = models.CharField("accommodation (903 ACCOM code)", max_length=2, blank=True)
    accommodation_suitable = flag("accommodation suitable")
    activity = models.CharField("activity (903 ACTIV code)", max_length=2, blank=True)
    pathway_plan_review_date = day("date of latest pathway plan review", required=False)
    personal_adviser = text("allocated personal adviser")
    allocated_team = text("allocated team")

    class Meta:
        verbose_name = "care leaver"
        constraints = [models.UniqueConstraint(fields=["child"], name="care_leaver_natural_key")]


class IndependencePlan(ChildRecord):
    """An independence support plan (alongside the pathway plan) for a young person 16+."""

    table, source, key = "independence_plans", "local", ("started_on",)

    started_on = day("date plan started")
    reviewed_on = day("date of latest review", required=False)

    class Meta:
        verbose_name = "independence support plan"
        constraints = [unique("independence_plan", "started_on")]


class StayingPut(ChildRecord):
    """A Staying Put arrangement: living on with former foster carers after 18."""

    table, source, key = "staying_put", "local", ("started_on",)

    started_on = day("date arrangement started")
    ended_on = day("date arrangement ended", required=False)

    class Meta:
        verbose_name = "Staying Put arrangement"
        constraints = [unique("staying_put", "started_on")]

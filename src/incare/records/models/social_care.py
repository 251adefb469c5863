"""Social care records: visits, missing episodes, plans, permanence, offending, the child's voice
and the support offered to a child in care (independent visitors and advocates, FGCs,
Mockingbird)."""

from __future__ import annotations

from django.db import models

from incare.records.models.base import ChildRecord, day, flag, text, unique


class StatutoryVisit(ChildRecord):
    """A social worker's statutory visit (CPPCR 2010 reg 28); SSD ``ssd_cla_visits``."""

    table, source, key = "statutory_visits", "ssd", ("visit_date",)

    visit_date = day("date of visit")
    seen = flag("child seen")
    seen_alone = flag("child seen alone")

    class Meta:
        verbose_name = "statutory visit"
        constraints = [unique("statutory_visit", "visit_date")]


class MissingEpisodeRecord(ChildRecord):
    """A missing or away episode with its return home interview; SSD ``ssd_missing``."""

    table, source, key = "missing_episodes", "ssd", ("start_date",)

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        AWAY = "A", "Away from placement without authorisation"

    start_date = day("date missing episode started")
    end_date = day("date missing episode ended", required=False)
    kind = models.CharField("episode type", max_length=1, choices=Kind.choices, blank=True)
    rhi_offered = flag("return home interview offered")
    rhi_accepted = flag("return home interview accepted")

    class Meta:
        verbose_name = "missing episode (with return interview)"
        constraints = [unique("missing_episode_record", "start_date")]


class CarePlan(ChildRecord):
    """The child's care plan and its permanence plan; SSD ``ssd_cla_care_plan``."""

    table, source, key = "care_plans", "ssd", ("start_date",)

    start_date = day("care plan start date")
    end_date = day("care plan end date", required=False)
    permanence_plan = text("chosen permanence plan")

    class Meta:
        verbose_name = "care plan"
        constraints = [unique("care_plan", "start_date")]


class Permanence(ChildRecord):
    """Adoption and other permanence decisions and orders; SSD ``ssd_permanence``."""

    table, source, key = "permanence", "ssd", ("record_id",)

    record_id = models.CharField("SSD permanence record id", max_length=48)
    adm_decision_date = day("date of agency decision (ADM)", required=False)
    placement_order_date = day("date of placement order", required=False)
    matched_date = day("date matched to prospective adopters", required=False)
    placed_for_adoption_date = day("date placed for adoption", required=False)
    decision_reversed_date = day("date decision to place for adoption reversed", required=False)
    decision_reversed_reason = text("reason no longer placed for adoption")
    permanence_order_date = day("date of permanence order", required=False)
    permanence_order_type = text("type of permanence order")

    class Meta:
        verbose_name = "permanence record"
        constraints = [unique("permanence", "record_id")]


class Conviction(ChildRecord):
    """An offence of a child in care; SSD ``ssd_cla_convictions``."""

    table, source, key = "convictions", "ssd", ("offence_date", "offence")

    offence_date = day("date of offence")
    offence = text("offence")

    class Meta:
        verbose_name = "conviction"
        constraints = [unique("conviction", "offence_date", "offence")]


class VoiceOfChild(ChildRecord):
    """The child's answers about their plan; SSD ``ssd_voice_of_child``."""

    table, source, key = "voice_of_child", "ssd", ("record_id",)

    record_id = models.CharField("SSD voice of the child record id", max_length=48)
    explained_worries = flag("someone explained why people are worried, in a way I understand")
    story_help_understand = flag("my story helps me understand what happened in my family")
    agree_worker = flag("I agree with what my worker says needs to happen to keep me safe")
    plan_safe = flag("the plan tells everyone what they need to do to keep me safe")
    tablet_help_explain = flag("writing or drawing on the tablet helped me explain")

    class Meta:
        verbose_name = "voice of the child"
        verbose_name_plural = "voice of the child"
        constraints = [unique("voice_of_child", "record_id")]


class AdvocacyOffer(ChildRecord):
    """An independent visitor (Children Act 1989 s23ZB) or advocate offered to the child."""

    table, source, key = "advocacy_offers", "local", ("service", "offered_on")

    class Service(models.TextChoices):
        VISITOR = "visitor", "Independent visitor"
        ADVOCATE = "advocate", "Independent advocate"

    service = models.CharField("service offered", max_length=8, choices=Service.choices)
    offered_on = day("date offered")
    accepted = flag("offer accepted")

    class Meta:
        verbose_name = "independent visitor or advocate offer"
        constraints = [unique("advocacy_offer", "service", "offered_on")]


class FamilyGroupConference(ChildRecord):
    """A family group conference held for the child or young person."""

    table, source, key = "family_group_conferences", "local", ("held_on",)

    held_on = day("date held")

    class Meta:
        verbose_name = "family group conference"
        constraints = [unique("family_group_conference", "held_on")]


class MockingbirdMembership(ChildRecord):
    """The child's fostering household belongs to a Mockingbird constellation."""

    table, source, key = "mockingbird", "local", ("joined_on",)

    constellation = models.CharField("constellation", max_length=120)
    household = models.CharField("fostering household", max_length=120)
    joined_on = day("date joined")
    left_on = day("date left", required=False)

    class Meta:
        verbose_name = "Mockingbird membership"
        constraints = [unique("mockingbird_membership", "joined_on")]
